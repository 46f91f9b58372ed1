/**
 * Whose supervision is due or overdue in a team: the manager's view. Team managers see their own team;
 * service managers any team of their service.
 */
import { getTeam, workersWithLastSupervision, type SupervisionTeam } from '../../db/repositories/supervision.ts'
import type { Executor } from '../../db/database.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import { compareDue, supervisesTeam, supervisionDue } from '../../domain/supervision/supervision.ts'
import { ForbiddenError, NotFoundError, today, type AppContext, type RequestMeta } from '../context.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type SupervisionDue = { workerId: string; name: string; newlyQualified: boolean; frequencyDays: number; lastHeldOn: string | null; dueOn: string; overdue: boolean; daysOverdue: number }

/** The team, if the actor may oversee its supervision; otherwise ForbiddenError (NotFoundError for no such team). */
export async function requireSupervisedTeam(db: Executor, actor: Actor, teamId: string): Promise<SupervisionTeam> {
  if (!can(actor, 'worklist:team') && !can(actor, 'supervision:record')) throw new ForbiddenError('role')
  const team = UUID.test(teamId) ? await getTeam(db, teamId) : undefined
  if (!team) {
    if (actor.role === 'team_manager' || actor.role === 'service_manager') throw new NotFoundError('team')
    throw new ForbiddenError('role')
  }
  if (!supervisesTeam(actor, team)) throw new ForbiddenError('scope')
  return team
}

export async function supervisionDueFor(db: Executor, teamId: string, on: string): Promise<SupervisionDue[]> {
  return supervisionDueForTeams(db, [teamId], on)
}

/** The same for several teams at once (one read: the dashboard's supervision in timescale). */
export async function supervisionDueForTeams(db: Executor, teamIds: readonly string[], on: string): Promise<SupervisionDue[]> {
  const workers = await workersWithLastSupervision(db, teamIds, on)
  return workers
    .map((w) => {
      const due = supervisionDue({ newlyQualified: w.newlyQualified, overrideDays: w.frequencyOverride, startedOn: w.startedOn, lastHeldOn: w.lastHeldOn }, on)
      return { workerId: w.id, name: w.name, newlyQualified: w.newlyQualified, frequencyDays: due.frequencyDays, lastHeldOn: w.lastHeldOn, dueOn: due.dueOn, overdue: due.overdue, daysOverdue: due.daysOverdue }
    })
    .sort(compareDue)
}

/** Each current worker in a team with when their supervision was last held and when it is next due; overdue first. */
export async function teamSupervisionDue(ctx: AppContext, meta: RequestMeta, teamId: string): Promise<SupervisionDue[]> {
  if (!can(meta.actor, 'worklist:team') && !can(meta.actor, 'supervision:record')) throw new ForbiddenError('role')
  const on = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    await requireSupervisedTeam(tx, meta.actor, teamId)
    return supervisionDueFor(tx, teamId, on)
  })
}
