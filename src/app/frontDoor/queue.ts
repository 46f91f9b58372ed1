import { awaitingFeedback, undecidedContacts, undecidedSummary, type QueueFilter, type QueueRow, type QueueSummary } from '../../db/repositories/frontDoor.ts'
import { decisionTimeliness, type DecisionTimeliness } from '../../domain/frontDoor/contact.ts'
import { today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadCalendar } from './calendar.ts'

/** A page a manager can scan; the totals above the table always cover the whole queue. */
export const QUEUE_PAGE_SIZE = 50

export type FrontDoorQueue = {
  summary: QueueSummary
  page: number
  pages: number
  rows: (QueueRow & { timeliness: DecisionTimeliness })[]
  awaitingFeedback: Awaited<ReturnType<typeof awaitingFeedback>>
}

/** Every undecided contact, with its age and deadline, the oldest wait and the number overdue. */
export async function frontDoorQueue(ctx: AppContext, meta: RequestMeta, filter: QueueFilter, page = 1): Promise<FrontDoorQueue> {
  requireCapability(meta.actor, 'contact:view')
  const day = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const calendar = await loadCalendar(tx)
    const summary = await undecidedSummary(tx, day, filter)
    const pages = Math.max(1, Math.ceil(summary.total / QUEUE_PAGE_SIZE))
    const current = Math.min(Math.max(1, Math.floor(page)), pages)
    const rows = (await undecidedContacts(tx, meta.actor.userId, filter, QUEUE_PAGE_SIZE, (current - 1) * QUEUE_PAGE_SIZE)).map((r) => ({ ...r, timeliness: decisionTimeliness(r.receivedAt, r.decisionDueDate, null, day, calendar) }))
    return { summary, page: current, pages, rows, awaitingFeedback: await awaitingFeedback(tx, 50) }
  })
}
