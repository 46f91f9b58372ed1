/**
 * Caseloads against limits (REFERENCE §5 "Caseload per SW"): each current worker of a team, the children
 * they hold as allocated worker, by status, against their limit. Co-worked children are shown apart
 * ('Co-working' in byStatus) and do not count towards the limit.
 */
import type { Executor } from '../../db/database.ts'
import { limitRules, openAllocationsOf, teamWorkers, teamWorkersWithChildren } from '../../db/repositories/caseloads.ts'
import { teamById } from '../../db/repositories/allocation.ts'
import { caseloadLimit, childStatus } from '../../domain/allocation/allocation.ts'
import { ForbiddenError, NotFoundError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

export type WorkerCaseload = {
  workerId: string
  name: string
  jobRole: string
  qualified: boolean
  newlyQualified: boolean
  fte: number
  limit: number
  children: number
  byStatus: Record<string, number>
  overLimit: boolean
  atOrOverLimit: boolean
}

export const CO_WORKING = 'Co-working'

/** Caseloads of a team's current workers, read with any executor (used inside other use cases' transactions too). */
export async function caseloadsOfTeam(db: Executor, teamId: string, on: string): Promise<WorkerCaseload[]> {
  const [workers, rules] = await Promise.all([teamWorkers(db, teamId, on), limitRules(db)])
  const allocations = await openAllocationsOf(
    db,
    workers.map((w) => w.id),
  )
  return workers.map((w) => {
    const byStatus: Record<string, number> = {}
    let children = 0
    for (const a of allocations) {
      if (a.workerId !== w.id) continue
      const key = a.allocationRole === 'co_worker' ? CO_WORKING : childStatus(a)
      byStatus[key] = (byStatus[key] ?? 0) + 1
      if (a.allocationRole === 'allocated_worker') children++
    }
    const limit = caseloadLimit(w, rules)
    return {
      workerId: w.id,
      name: w.name,
      jobRole: w.jobRole,
      qualified: w.qualified,
      newlyQualified: w.newlyQualified,
      fte: w.fte,
      limit,
      children,
      byStatus,
      overLimit: children > limit,
      atOrOverLimit: children >= limit,
    }
  })
}

/**
 * Each current worker of these teams with their children and limit, as caseloadsOfTeam counts them, in
 * one read (the dashboard's caseloads over limit, without each child's status).
 */
export async function caseloadLimitsOf(db: Executor, teamIds: readonly string[], on: string): Promise<{ workerId: string; children: number; limit: number; overLimit: boolean }[]> {
  const [workers, rules] = await Promise.all([teamWorkersWithChildren(db, teamIds, on), limitRules(db)])
  return workers.map((w) => {
    const limit = caseloadLimit(w, rules)
    return { workerId: w.id, children: w.children, limit, overLimit: w.children > limit }
  })
}

export async function teamCaseloads(ctx: AppContext, meta: RequestMeta, teamId: string): Promise<WorkerCaseload[]> {
  requireCapability(meta.actor, 'caseload:view')
  return ctx.database.db.transaction(async (tx) => {
    const team = await teamById(tx, teamId)
    if (!team) throw new NotFoundError('team')
    const scope = await teamsInScope(tx, meta.actor)
    if (!scope.teams.some((t) => t.id === teamId)) throw new ForbiddenError('scope')
    return caseloadsOfTeam(tx, teamId, today(ctx))
  })
}

export type TeamCaseloads = { teamId: string; teamName: string; serviceName: string; workers: WorkerCaseload[] }

/** Every team in the viewer's scope (a service manager's service; the council for analysts). */
export async function serviceCaseloads(ctx: AppContext, meta: RequestMeta): Promise<TeamCaseloads[]> {
  requireCapability(meta.actor, 'caseload:view')
  return ctx.database.db.transaction(async (tx) => {
    const scope = await teamsInScope(tx, meta.actor)
    const out: TeamCaseloads[] = []
    for (const t of scope.teams) out.push({ teamId: t.id, teamName: t.name, serviceName: t.serviceName, workers: await caseloadsOfTeam(tx, t.id, today(ctx)) })
    return out
  })
}

/** The teams a viewer may see caseloads for, and the one to show first. */
export async function caseloadTeams(ctx: AppContext, meta: RequestMeta): Promise<{ teams: { id: string; name: string; serviceName: string }[]; defaultTeamId: string | null }> {
  requireCapability(meta.actor, 'caseload:view')
  const scope = await teamsInScope(ctx.database.db, meta.actor)
  const own = scope.teams.find((t) => t.id === meta.actor.teamId)
  return { teams: scope.teams, defaultTeamId: own?.id ?? scope.teams[0]?.id ?? null }
}
