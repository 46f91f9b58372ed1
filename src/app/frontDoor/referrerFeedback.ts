import { appendAudit } from '../../db/repositories/audit.ts'
import { getContact, insertFeedback } from '../../db/repositories/frontDoor.ts'
import { FEEDBACK_METHOD } from '../../domain/frontDoor/codes.ts'
import { isValidIsoDate, londonDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

export type FeedbackInput = { givenOn?: string | undefined; method?: string | undefined; summary?: string | undefined }

/** Feedback to the referrer: when, how, and what they were told (Working Together: referrers are told the outcome). */
export async function recordReferrerFeedback(ctx: AppContext, meta: RequestMeta, contactId: string, input: FeedbackInput): Promise<void> {
  requireCapability(meta.actor, 'contact:screen')
  const errors: FieldError[] = []
  const givenOn = (input.givenOn ?? '').trim() || today(ctx)
  if (!isValidIsoDate(givenOn)) errors.push({ field: 'givenOn', message: 'The date must be a real date' })
  else if (givenOn > today(ctx)) errors.push({ field: 'givenOn', message: 'The date cannot be in the future' })
  const method = input.method ?? ''
  if (!Object.prototype.hasOwnProperty.call(FEEDBACK_METHOD, method)) errors.push({ field: 'method', message: 'Select how the referrer was told' })
  const summary = (input.summary ?? '').trim()
  if (!summary) errors.push({ field: 'summary', message: 'Enter what the referrer was told' })
  else if (summary.length > 5000) errors.push({ field: 'summary', message: 'What they were told must be 5,000 characters or fewer' })
  if (errors.length) throw new ValidationError(errors)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const c = await getContact(tx, contactId)
    if (!c) throw new NotFoundError('contact')
    if (givenOn < londonDate(c.receivedAt)) throw new ValidationError([{ field: 'givenOn', message: 'Feedback cannot be given before the contact was received' }])
    await insertFeedback(tx, { contactId, givenOn, method, summary, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'contact.referrer-feedback', entityType: 'contact', entityId: contactId, after: { givenOn, method, summary }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
