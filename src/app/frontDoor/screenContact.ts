import { appendAudit } from '../../db/repositories/audit.ts'
import { getContact, getContactChildren, updateScreening } from '../../db/repositories/frontDoor.ts'
import { validateScreening, type ScreeningInput } from '../../domain/frontDoor/contact.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

/** Screening: the threshold level and RAG priority, with notes. Amendable; every change is audited. */
export async function screenContact(ctx: AppContext, meta: RequestMeta, contactId: string, expectedVersion: number, input: ScreeningInput): Promise<void> {
  requireCapability(meta.actor, 'contact:screen')
  const v = validateScreening(input)
  if (!v.ok) throw new ValidationError(v.errors)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const before = await getContact(tx, contactId)
    if (!before) throw new NotFoundError('contact')
    if (!(await updateScreening(tx, contactId, expectedVersion, v.value, meta.actor.userId, now))) {
      throw new ConflictError('Someone else changed this contact after you opened it. Check the screening as it is now.')
    }
    for (const c of await getContactChildren(tx, contactId)) {
      await appendAudit(tx, {
        userId: meta.actor.userId, username: meta.actor.username, action: 'contact.screen', entityType: 'contact', entityId: contactId, personId: c.personId,
        before: { thresholdLevel: before.thresholdLevel, rag: before.rag, screeningNotes: before.screeningNotes }, after: v.value, ip: meta.ip, requestId: meta.requestId, at: now,
      })
    }
  })
}
