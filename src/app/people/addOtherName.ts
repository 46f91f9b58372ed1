import { appendAudit } from '../../db/repositories/audit.ts'
import { getPerson, insertOtherName } from '../../db/repositories/people.ts'
import { NAME_MAX } from '../../domain/people/personDetails.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from './access.ts'

const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u

/** Another name a person is known by (an alias) or was known by (a previous name): searched like any other. */
export async function addOtherName(ctx: AppContext, meta: RequestMeta, personId: string, input: { nameType?: string | undefined; givenNames?: string | undefined; familyName?: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'person:amend')
  const errors: FieldError[] = []
  const nameType = input.nameType === 'alias' || input.nameType === 'previous' ? input.nameType : null
  if (!nameType) errors.push({ field: 'nameType', message: 'Select whether this is an alias or a previous name' })
  const check = (field: string, label: string, v: string | undefined): string => {
    const t = (v ?? '').replace(/\s+/g, ' ').trim()
    if (!t) errors.push({ field, message: `Enter the ${label}` })
    else if (t.length > NAME_MAX) errors.push({ field, message: `The ${label} must be ${NAME_MAX} characters or fewer` })
    else if (!NAME_PATTERN.test(t)) errors.push({ field, message: `The ${label} must only include letters, spaces, hyphens, apostrophes and full stops` })
    return t
  }
  const givenNames = check('givenNames', 'given names', input.givenNames)
  const familyName = check('familyName', 'family name', input.familyName)
  if (errors.length || !nameType) throw new ValidationError(errors)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    if (!(await getPerson(tx, personId))) throw new NotFoundError('person')
    await insertOtherName(tx, personId, nameType, givenNames, familyName, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.name.add', entityType: 'person_name', entityId: personId, personId, after: { nameType, givenNames, familyName }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
