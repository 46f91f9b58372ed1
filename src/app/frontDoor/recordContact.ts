import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology, insertContact, nextContactRef } from '../../db/repositories/frontDoor.ts'
import { getPerson } from '../../db/repositories/people.ts'
import { REFERRAL_SOURCE } from '../../domain/frontDoor/codes.ts'
import { contactDecisionDue, isOutOfHours, validateContact, type ContactInput } from '../../domain/frontDoor/contact.ts'
import { ageOn, londonDate } from '../../domain/shared/dates.ts'
import type { Executor } from '../../db/database.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadCalendar } from './calendar.ts'

export type RecordContactOutcome = { id: string; contactRef: string; decisionDueDate: string; outOfHours: boolean }

/**
 * Records a contact about one or more children. Its decision deadline (1 working day) is fixed now,
 * every child's chronology gets an entry, and contacts received out of hours are flagged for the
 * next morning's handover. `submittedByPartner` is set when a partner sent it through the portal.
 */
export async function recordContact(ctx: AppContext, meta: RequestMeta, input: ContactInput, opts: { capability?: 'contact:record' | 'partner:refer' } = {}): Promise<RecordContactOutcome> {
  return ctx.database.db.transaction((tx) => recordContactIn(tx, ctx.now(), meta, input, opts))
}

/** The same, inside a transaction the caller holds (e.g. triaging a police notification into a contact). */
export async function recordContactIn(tx: Executor, now: Date, meta: RequestMeta, input: ContactInput, opts: { capability?: 'contact:record' | 'partner:refer' } = {}): Promise<RecordContactOutcome> {
  requireCapability(meta.actor, opts.capability ?? 'contact:record')
  const v = validateContact(input, now)
  if (!v.ok) throw new ValidationError(v.errors)
  const c = v.value
  {
    const day = londonDate(c.receivedAt)
    for (const id of c.childIds) {
      const p = await getPerson(tx, id)
      if (!p) throw new ValidationError([{ field: 'childIds', message: 'One of the children is not in the person index' }])
      if (!p.isUnborn && p.dateOfBirth && ageOn(p.dateOfBirth, day) >= 18) {
        throw new ValidationError([{ field: 'childIds', message: `${p.givenNames} ${p.familyName} is an adult: a contact is about children (add adults to the household instead)` }])
      }
    }
    for (const id of c.adultIds) {
      if (!(await getPerson(tx, id))) throw new ValidationError([{ field: 'adultIds', message: 'One of the adults is not in the person index' }])
    }
    const calendar = await loadCalendar(tx)
    const decisionDueDate = contactDecisionDue(c.receivedAt, calendar)
    const outOfHours = isOutOfHours(c.receivedAt, c.channel, calendar)
    const contactRef = await nextContactRef(tx)
    const partner = opts.capability === 'partner:refer' ? meta.actor.userId : null
    const { id } = await insertContact(tx, { ...c, contactRef, decisionDueDate, outOfHours, createdBy: meta.actor.userId, submittedByPartner: partner }, now)
    for (const personId of c.childIds) {
      await addChronology(
        tx,
        { personId, occurredAt: c.receivedAt, kind: 'contact', summary: `Contact ${contactRef} received from ${REFERRAL_SOURCE[c.sourceCode]}${c.referrerAgency ? ` (${c.referrerAgency})` : ''}${outOfHours ? ', out of hours' : ''}`, sourceType: 'contact', sourceId: id, recordedBy: meta.actor.userId },
        now,
      )
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'contact.record', entityType: 'contact', entityId: id, personId, after: { ...c, contactRef, decisionDueDate, outOfHours }, ip: meta.ip, requestId: meta.requestId, at: now })
    }
    return { id, contactRef, decisionDueDate, outOfHours }
  }
}
