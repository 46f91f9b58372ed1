import { appendAudit } from '../../db/repositories/audit.ts'
import { bumpPersonVersion, getPerson, moveToAddress } from '../../db/repositories/people.ts'
import { validateAddress, type AddressInput } from '../../domain/people/personDetails.ts'
import { ConflictError, NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from './access.ts'
import { CONCURRENT_EDIT_MESSAGE } from './amendPerson.ts'

/** Records a move to a new address. The previous address is ended, not overwritten, so the history stays. */
export async function changeAddress(ctx: AppContext, meta: RequestMeta, personId: string, expectedVersion: number, input: AddressInput): Promise<void> {
  requireCapability(meta.actor, 'person:amend')
  const now = ctx.now()
  const a = validateAddress(input, today(ctx))
  if (!a.ok) throw new ValidationError(a.errors)
  await ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const p = await getPerson(tx, personId)
    if (!p) throw new NotFoundError('person')
    if (!(await bumpPersonVersion(tx, personId, expectedVersion, meta.actor.userId, now))) throw new ConflictError(CONCURRENT_EDIT_MESSAGE)
    const { ended, id } = await moveToAddress(tx, personId, a.value, now)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'person.address.change',
      entityType: 'address',
      entityId: id,
      personId,
      before: ended ? { address: ended } : null,
      after: { address: a.value },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
}
