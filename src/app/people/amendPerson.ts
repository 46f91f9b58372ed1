import { appendAudit } from '../../db/repositories/audit.ts'
import { getPerson, nhsNumberHolder, replaceCurrentName, updatePersonDetails } from '../../db/repositories/people.ts'
import { validatePersonDetails, type PersonDetails, type PersonDetailsInput } from '../../domain/people/personDetails.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { ConflictError, NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from './access.ts'

export const CONCURRENT_EDIT_MESSAGE =
  'Someone else changed this record after you opened it. Your changes have not been saved: check the record as it is now and make them again.'

const DETAIL_FIELDS: (keyof PersonDetails)[] = [
  'givenNames', 'familyName', 'isUnborn', 'dateOfBirth', 'expectedDateOfBirth', 'sex', 'genderIdentity', 'ethnicityCode',
  'religion', 'firstLanguage', 'interpreterNeeded', 'nhsNumber', 'upn', 'upnUnknownReason', 'disabilities',
]

/**
 * Amends a person's details. The form carries the version it was opened at; if the record has changed
 * since, nothing is written and the user is told (no silent overwrite). Before and after go to the audit
 * log, which is the record's history; a change of name keeps the old name as a previous name.
 */
export async function amendPerson(ctx: AppContext, meta: RequestMeta, personId: string, expectedVersion: number, input: PersonDetailsInput): Promise<{ changed: string[] }> {
  requireCapability(meta.actor, 'person:amend')
  const now = ctx.now()
  const day = today(ctx)
  const details = validatePersonDetails(input, day)
  if (!details.ok) throw new ValidationError(details.errors)
  let d = details.value
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const before = await getPerson(tx, personId)
    if (!before) throw new NotFoundError('person')
    // A client that does not know the field (API) keeps what is recorded, unless it now gives a UPN.
    if (input.upnUnknownReason === undefined && !d.upn) d = { ...d, upnUnknownReason: before.upnUnknownReason }
    if (before.version !== expectedVersion) throw new ConflictError(CONCURRENT_EDIT_MESSAGE)
    if (d.nhsNumber) {
      const holder = await nhsNumberHolder(tx, d.nhsNumber, personId)
      if (holder) throw new ValidationError([{ field: 'nhsNumber', message: `This NHS number is already recorded for person ${holder.personRef}` }])
    }
    const changed = DETAIL_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(d[f] ?? null))
    if (changed.length === 0) return { changed }
    const updated = await updatePersonDetails(tx, personId, expectedVersion, d, meta.actor.userId, now)
    if (!updated) throw new ConflictError(CONCURRENT_EDIT_MESSAGE)
    if (before.givenNames !== d.givenNames || before.familyName !== d.familyName) {
      await replaceCurrentName(tx, personId, d.givenNames, d.familyName, day, now)
    }
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((f) => [f, o[f] ?? null]))
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'person.amend',
      entityType: 'person',
      entityId: personId,
      personId,
      before: pick(before),
      after: pick(d),
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { changed }
  }).catch((e: unknown) => {
    if (isUniqueViolation(e, 'person_nhs_number_key')) throw new ValidationError([{ field: 'nhsNumber', message: 'This NHS number was recorded for another person a moment ago' }])
    throw e
  })
}
