import { appendAudit } from '../../db/repositories/audit.ts'
import { countUnacknowledgedHandover, handoverState, markHandoverAcknowledged, unacknowledgedHandover, type HandoverRow } from '../../db/repositories/edtHandover.ts'
import { decisionTimeliness, type DecisionTimeliness } from '../../domain/frontDoor/contact.ts'
import { formatDate, londonDate, londonTime } from '../../domain/shared/dates.ts'
import { ConflictError, NotFoundError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadCalendar } from './calendar.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const HANDOVER_PAGE_SIZE = 500

export type HandoverDecisionState = 'decided' | 'partly-decided' | 'screened' | 'not-screened'

export type HandoverItem = HandoverRow & { decisionState: HandoverDecisionState; timeliness: DecisionTimeliness }

export type EdtHandover = { total: number; items: HandoverItem[] }

function decisionState(r: HandoverRow): HandoverDecisionState {
  if (r.decidedAt) return 'decided'
  if (r.decidedCount > 0) return 'partly-decided'
  return r.screenedAt ? 'screened' : 'not-screened'
}

/**
 * The out-of-hours handover: every contact recorded out of hours that the daytime front door has not
 * yet acknowledged, oldest first, with where its decision stands. Items stay until acknowledged.
 */
export async function edtHandoverList(ctx: AppContext, meta: RequestMeta): Promise<EdtHandover> {
  requireCapability(meta.actor, 'edt-handover:acknowledge')
  const day = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const calendar = await loadCalendar(tx)
    const total = await countUnacknowledgedHandover(tx)
    const items = (await unacknowledgedHandover(tx, meta.actor.userId, HANDOVER_PAGE_SIZE)).map((r) => ({
      ...r,
      decisionState: decisionState(r),
      timeliness: decisionTimeliness(r.receivedAt, r.decisionDueDate, r.decidedAt, day, calendar),
    }))
    return { total, items }
  })
}

/**
 * The daytime front door acknowledges one handover item. Only the first acknowledgement counts: a second
 * (two people pressing at once, or a stale page) is told who acknowledged it and when, and nothing changes.
 */
export async function acknowledgeHandover(ctx: AppContext, meta: RequestMeta, contactId: string): Promise<{ contactRef: string }> {
  requireCapability(meta.actor, 'edt-handover:acknowledge')
  if (!UUID.test(contactId)) throw new NotFoundError('out-of-hours contact')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const done = await markHandoverAcknowledged(tx, contactId, meta.actor.userId, now)
    const state = await handoverState(tx, contactId)
    if (!state || !state.outOfHours) throw new NotFoundError('out-of-hours contact')
    if (!done) {
      const when = state.acknowledgedAt ? ` on ${formatDate(londonDate(state.acknowledgedAt))} at ${londonTime(state.acknowledgedAt)}` : ''
      throw new ConflictError(`${state.contactRef} had already been acknowledged by ${state.acknowledgedByName ?? 'someone else'}${when}: nothing was changed`, 'handover')
    }
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'contact.edt-handover.acknowledge',
      entityType: 'contact',
      entityId: contactId,
      before: { handoverAcknowledgedAt: null },
      after: { contactRef: state.contactRef, handoverAcknowledgedAt: now.toISOString(), handoverAcknowledgedBy: meta.actor.userId },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { contactRef: state.contactRef }
  })
}
