import { appendAudit } from '../../db/repositories/audit.ts'
import { findLikelyMatches, insertPerson, moveToAddress, nextPersonRef, nhsNumberHolder, type PersonSummary } from '../../db/repositories/people.ts'
import { validateAddress, validatePersonDetails, type AddressInput, type PersonDetailsInput } from '../../domain/people/personDetails.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from './access.ts'

export type CreatePersonInput = PersonDetailsInput & {
  address?: AddressInput | undefined
  /** The user has seen the likely matches and confirms this is a different person. */
  confirmedNotDuplicate?: boolean | undefined
}

export type CreatePersonOutcome =
  | { kind: 'created'; id: string; personRef: string }
  | { kind: 'possible-duplicates'; matches: PersonSummary[]; hiddenCount: number }

/**
 * Records a new person. When the person probably exists already (same NHS number, or a similar name with
 * the same date of birth) the user is shown the matches and must confirm before a second record is made:
 * duplicate records split a child's history, which is how risk is missed.
 */
export async function createPerson(ctx: AppContext, meta: RequestMeta, input: CreatePersonInput): Promise<CreatePersonOutcome> {
  requireCapability(meta.actor, 'person:create')
  const now = ctx.now()
  const day = today(ctx)
  const details = validatePersonDetails(input, day)
  const errors: FieldError[] = details.ok ? [] : [...details.errors]
  const hasAddress = !!input.address && Object.values(input.address).some((v) => typeof v === 'string' && v.trim() !== '')
  const addr = hasAddress && input.address ? validateAddress(input.address, day, 'address') : null
  if (addr && !addr.ok) errors.push(...addr.errors)
  if (!details.ok || errors.length) throw new ValidationError(errors)
  const d = details.value

  return ctx.database.db.transaction(async (tx): Promise<CreatePersonOutcome> => {
    if (d.nhsNumber) {
      const holder = await nhsNumberHolder(tx, d.nhsNumber)
      if (holder) {
        throw new ValidationError([{ field: 'nhsNumber', message: `This NHS number is already recorded for person ${holder.personRef}: search for them instead` }])
      }
    }
    if (!input.confirmedNotDuplicate) {
      const likely = await findLikelyMatches(tx, meta.actor, d)
      if (likely.visible.length > 0 || likely.hiddenCount > 0) return { kind: 'possible-duplicates', matches: likely.visible, hiddenCount: likely.hiddenCount }
    }
    const personRef = await nextPersonRef(tx)
    const { id } = await insertPerson(tx, d, personRef, meta.actor.userId, now)
    if (addr?.ok) await moveToAddress(tx, id, addr.value, now)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'person.create',
      entityType: 'person',
      entityId: id,
      personId: id,
      after: { ...d, personRef, address: addr?.ok ? addr.value : null },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { kind: 'created', id, personRef }
  }).catch((e: unknown) => {
    // Someone else recorded the same NHS number between our check and our insert.
    if (isUniqueViolation(e, 'person_nhs_number_key')) throw new ValidationError([{ field: 'nhsNumber', message: 'This NHS number was recorded for another person a moment ago: search for them instead' }])
    throw e
  })
}
