import { appendAudit } from '../../db/repositories/audit.ts'
import { getTransfer, incomingTransfers, outgoingTransfers, recentlyAccepted, type TransferRow } from '../../db/repositories/transfers.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { managesTeam, mayDecide, waitingTime, type WaitingTime } from '../../domain/transfers/transfer.ts'
import { ForbiddenError, NotFoundError, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability } from '../people/access.ts'

export type TransferView = TransferRow & {
  /** Since proposal (while proposed). */
  awaitingDecision: WaitingTime | null
  /** Between teams: from acceptance until allocation in the receiving team, or so far. */
  betweenTeams: WaitingTime | null
}

function withWaits(t: TransferRow, now: Date, calendar: WorkingDayCalendar): TransferView {
  const today = londonDate(now)
  return {
    ...t,
    awaitingDecision: t.status === 'proposed' ? waitingTime(londonDate(t.proposedAt), null, today, calendar) : null,
    betweenTeams: t.status === 'accepted' && t.waitingSince ? waitingTime(londonDate(t.waitingSince), t.allocatedAt ? londonDate(t.allocatedAt) : null, today, calendar) : null,
  }
}

/**
 * One transfer: for the managers of the sending or receiving team (and the proposer). The receiving
 * manager may not yet see the child's whole record: this page is what they decide on.
 */
export async function viewTransfer(ctx: AppContext, meta: RequestMeta, transferId: string): Promise<{ transfer: TransferView; canDecide: boolean; canWithdraw: boolean }> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const t = await getTransfer(tx, transferId)
    if (!t) throw new NotFoundError('transfer')
    const receiving = mayDecide(meta.actor, t)
    const sending = managesTeam(meta.actor, t.fromTeam)
    if (!receiving && !sending && t.proposedBy !== meta.actor.userId) throw new ForbiddenError('scope')
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: t.personId, personId: t.personId, after: { via: 'transfer', transferId }, ip: meta.ip, requestId: meta.requestId, at: now })
    const calendar = await loadCalendar(tx)
    return { transfer: withWaits(t, now, calendar), canDecide: receiving && t.status === 'proposed', canWithdraw: t.proposedBy === meta.actor.userId && t.status === 'proposed' }
  })
}

export const RECENT_DAYS = 90

/** The manager's transfers: incoming waiting for them, outgoing from their teams, and recently accepted. */
export async function transfersOverview(ctx: AppContext, meta: RequestMeta): Promise<{ incoming: TransferView[]; outgoing: TransferView[]; accepted: TransferView[] }> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000)
  return ctx.database.db.transaction(async (tx) => {
    const calendar = await loadCalendar(tx)
    const w = (t: TransferRow) => withWaits(t, now, calendar)
    return {
      incoming: (await incomingTransfers(tx, meta.actor)).map(w),
      outgoing: (await outgoingTransfers(tx, meta.actor, since)).map(w),
      accepted: (await recentlyAccepted(tx, meta.actor, since)).map(w),
    }
  })
}
