import { appendAudit } from '../../db/repositories/audit.ts'
import { childHistory, getAgencyChecks, getContact, getContactAdults, getContactChildren, getFeedback, type AgencyCheckRow, type ContactAdultRow, type ChildHistory, type ContactChildRow, type ContactRow, type FeedbackRow } from '../../db/repositories/frontDoor.ts'
import { decisionTimeliness, type DecisionTimeliness } from '../../domain/frontDoor/contact.ts'
import { NotFoundError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadCalendar } from './calendar.ts'

export type ContactView = {
  contact: ContactRow
  children: (ContactChildRow & { history: ChildHistory })[]
  adults: ContactAdultRow[]
  checks: AgencyCheckRow[]
  feedback: FeedbackRow[]
  timeliness: DecisionTimeliness
}

/**
 * Opens a contact with what Harbour already knows about each child (open case, previous contacts and
 * referrals, allocated worker). Front-door work is council-wide, so access is by role. Each child's
 * appearance is a view of their record and is audited.
 */
export async function viewContact(ctx: AppContext, meta: RequestMeta, contactId: string): Promise<ContactView> {
  requireCapability(meta.actor, 'contact:view')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const contact = await getContact(tx, contactId)
    if (!contact) throw new NotFoundError('contact')
    const list = await getContactChildren(tx, contactId)
    const children = []
    for (const c of list) children.push({ ...c, history: await childHistory(tx, c.personId, contactId) })
    const adults = await getContactAdults(tx, contactId)
    const checks = await getAgencyChecks(tx, contactId)
    const feedback = await getFeedback(tx, contactId)
    const calendar = await loadCalendar(tx)
    const timeliness = decisionTimeliness(contact.receivedAt, contact.decisionDueDate, contact.decidedAt, today(ctx), calendar)
    for (const c of list) {
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'contact', entityId: contactId, personId: c.personId, after: { via: 'contact' }, ip: meta.ip, requestId: meta.requestId, at: now })
    }
    return { contact, children, adults, checks, feedback, timeliness }
  })
}
