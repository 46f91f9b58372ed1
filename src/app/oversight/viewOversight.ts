/**
 * The child's management oversight: every management decision newest first (whoever recorded it, at any
 * step), its directions and their status, and the supervision discussions about the child — never the
 * supervision's reflective notes. A view of the record, so audited.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { decisionsForPerson, supervisionDiscussionsFor, type DecisionRow, type DirectionRow, type SupervisionDiscussionRow } from '../../db/repositories/oversightQueries.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { directionStatus, type DirectionStatus } from '../../domain/oversight/managementDecision.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'

export type OversightView = {
  person: PersonRecord
  decisions: (Omit<DecisionRow, 'directions'> & { directions: (DirectionRow & { status: DirectionStatus })[] })[]
  supervision: SupervisionDiscussionRow[]
  openDirections: number
  overdueDirections: number
}

export async function viewOversight(ctx: AppContext, meta: RequestMeta, personId: string): Promise<OversightView> {
  requireCapability(meta.actor, 'person:view')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const decisions = (await decisionsForPerson(tx, personId)).map((d) => ({ ...d, directions: d.directions.map((t) => ({ ...t, status: directionStatus(t, today) })) }))
    const supervision = await supervisionDiscussionsFor(tx, personId)
    const all = decisions.flatMap((d) => d.directions)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'oversight' }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { person, decisions, supervision, openDirections: all.filter((t) => t.status !== 'completed').length, overdueDirections: all.filter((t) => t.status === 'overdue').length }
  })
}
