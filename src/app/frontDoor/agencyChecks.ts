import { appendAudit } from '../../db/repositories/audit.ts'
import { getContact, insertAgencyCheck, returnAgencyCheck } from '../../db/repositories/frontDoor.ts'
import { AGENCY } from '../../domain/frontDoor/codes.ts'
import { NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

/** MASH agency checks: requested of an agency (who, when), and returned with what they said. */
export async function requestAgencyCheck(ctx: AppContext, meta: RequestMeta, contactId: string, agency: string | undefined): Promise<void> {
  requireCapability(meta.actor, 'contact:screen')
  if (!agency || !Object.prototype.hasOwnProperty.call(AGENCY, agency)) throw new ValidationError([{ field: 'agency', message: 'Select the agency to check with' }])
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    if (!(await getContact(tx, contactId))) throw new NotFoundError('contact')
    const { id } = await insertAgencyCheck(tx, contactId, agency, meta.actor.userId, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'contact.agency-check.request', entityType: 'agency_check', entityId: id, after: { contactId, agency }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}

export async function recordAgencyCheckReturn(ctx: AppContext, meta: RequestMeta, contactId: string, checkId: string, summary: string | undefined): Promise<void> {
  requireCapability(meta.actor, 'contact:screen')
  const text = (summary ?? '').trim()
  if (!text) throw new ValidationError([{ field: 'summary', message: 'Enter what the agency said' }])
  if (text.length > 10_000) throw new ValidationError([{ field: 'summary', message: 'What the agency said must be 10,000 characters or fewer' }])
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    if (!(await returnAgencyCheck(tx, checkId, contactId, text, meta.actor.userId, now))) {
      throw new ValidationError([{ field: 'summary', message: 'This check has already been returned, or is not on this contact' }])
    }
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'contact.agency-check.return', entityType: 'agency_check', entityId: checkId, after: { contactId, summary: text }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
