/**
 * Children waiting for a worker (REFERENCE §5 "Unallocated cases", a recurring 2009–11 Ofsted concern):
 * open referral, no open allocated worker. By team, with how long each has waited and the manager's
 * latest oversight note and next review date.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { insertOversightNote, unallocatedChildren, waitingRowOf } from '../../db/repositories/allocation.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { checkOversightNote, childStatus, daysBetween, unallocatedIsUrgent, type ChildStatus } from '../../domain/allocation/allocation.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'
import { requireAllocationAccess, requireTeamInScope } from './scope.ts'

export type UnallocatedChild = {
  personId: string
  name: string
  personRef: string
  referralRef: string
  status: ChildStatus
  urgent: boolean
  waitingSince: string
  daysWaiting: number
  lastNote: string | null
  lastNoteAt: Date | null
  lastNoteByName: string | null
  nextReviewOn: string | null
  reviewOverdue: boolean
}

export type UnallocatedGroup = { teamId: string | null; teamName: string; children: UnallocatedChild[] }

export type UnallocatedList = {
  teams: { id: string; name: string; serviceName: string }[]
  selectedTeamId: string | null
  urgent: UnallocatedChild[]
  groups: UnallocatedGroup[]
  total: number
}

export async function listUnallocated(ctx: AppContext, meta: RequestMeta, teamFilter?: string): Promise<UnallocatedList> {
  requireCapability(meta.actor, 'allocation:manage')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    const scope = await teamsInScope(tx, meta.actor)
    if (teamFilter) requireTeamInScope(scope, teamFilter)
    const teamIds = teamFilter ? [teamFilter] : scope.councilWide ? null : scope.teams.map((t) => t.id)
    const includeNoTeam = !teamFilter && (scope.councilWide || meta.actor.role === 'service_manager')
    const found = await unallocatedChildren(tx, { teamIds, includeNoTeam, viewerUserId: meta.actor.userId })
    const groups = new Map<string, UnallocatedGroup>()
    const urgent: UnallocatedChild[] = []
    for (const r of found) {
      const waitingSince = r.queueWaitingSince ? londonDate(r.queueWaitingSince) : (r.lastAllocationEnded ?? londonDate(r.referralCreatedAt))
      // Looked-after children arrive in a later issue: that flag is false until then.
      const facts = { openReferral: r.openReferral, openAssessment: r.openAssessment, latestOutcomeCinPlan: r.latestOutcomeCinPlan, childProtectionPlan: r.childProtectionPlan, openCinPlan: r.openCinPlan, openSection47: r.openSection47, lookedAfter: false }
      const child: UnallocatedChild = {
        personId: r.personId,
        name: r.name,
        personRef: r.personRef,
        referralRef: r.referralRef,
        status: childStatus(facts),
        urgent: unallocatedIsUrgent(facts),
        waitingSince,
        daysWaiting: daysBetween(waitingSince, today),
        lastNote: r.lastNote,
        lastNoteAt: r.lastNoteAt,
        lastNoteByName: r.lastNoteByName,
        nextReviewOn: r.nextReviewOn,
        reviewOverdue: r.nextReviewOn !== null && r.nextReviewOn < today,
      }
      if (child.urgent) urgent.push(child)
      const key = r.teamId ?? ''
      const g = groups.get(key) ?? { teamId: r.teamId, teamName: r.teamName ?? 'No team yet', children: [] }
      g.children.push(child)
      groups.set(key, g)
    }
    for (const g of groups.values()) g.children.sort((a, b) => b.daysWaiting - a.daysWaiting || a.name.localeCompare(b.name))
    return { teams: scope.teams, selectedTeamId: teamFilter ?? null, urgent, groups: [...groups.values()], total: found.length }
  })
}

/** A manager's oversight of a child waiting: what is happening meanwhile, and when they will look again. */
export async function addOversightNote(ctx: AppContext, meta: RequestMeta, personId: string, input: { note: string | undefined; nextReviewOn: string | undefined }): Promise<{ id: string }> {
  requireCapability(meta.actor, 'allocation:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const scope = await requireAllocationAccess(tx, meta.actor, personId)
    const checked = checkOversightNote(input, londonDate(now))
    if (!checked.ok) throw new ValidationError(checked.errors)
    const waiting = await waitingRowOf(tx, personId)
    const teamId = waiting?.teamId ?? scope.team?.id ?? null
    const { id } = await insertOversightNote(tx, { personId, teamId, ...checked.value, recordedAt: now, recordedBy: meta.actor.userId })
    await addChronology(
      tx,
      { personId, occurredAt: now, kind: 'management-oversight', summary: `Oversight while waiting for a worker: ${checked.value.note} (next review ${checked.value.nextReviewOn})`, sourceType: 'unallocated_oversight', sourceId: id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'allocation.oversight-note', entityType: 'unallocated_oversight', entityId: id, personId, after: { ...checked.value, teamId }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id }
  })
}

export async function oversightNoteForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ person: { id: string; name: string; personRef: string }; today: string }> {
  requireCapability(meta.actor, 'allocation:manage')
  return ctx.database.db.transaction(async (tx) => {
    const scope = await requireAllocationAccess(tx, meta.actor, personId)
    return { person: { id: scope.child.id, name: scope.child.name, personRef: scope.child.personRef }, today: londonDate(ctx.now()) }
  })
}
