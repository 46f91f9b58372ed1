import { appendAudit } from '../../db/repositories/audit.ts'
import { getPerson, getPersonByRef, insertRelationship, openRelationshipExists } from '../../db/repositories/people.ts'
import { RELATIONSHIP, isCode } from '../../domain/people/codes.ts'
import { isValidIsoDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from './access.ts'

export type AddRelationshipInput = {
  otherPersonRef?: string | undefined
  relationshipType?: string | undefined
  /** 'other-is' = the other person is <type> of this person; 'this-is' = this person is <type> of the other. */
  direction?: string | undefined
  parentalResponsibility?: boolean | undefined
  livesWith?: boolean | undefined
  startDate?: string | undefined
}

/** Links two people in the index. One row, shown from both sides. Both records must be visible to the user. */
export async function addRelationship(ctx: AppContext, meta: RequestMeta, personId: string, input: AddRelationshipInput): Promise<void> {
  requireCapability(meta.actor, 'person:amend')
  const now = ctx.now()
  const errors: FieldError[] = []
  const ref = (input.otherPersonRef ?? '').trim().toUpperCase()
  if (!/^P\d{6}$/.test(ref)) errors.push({ field: 'otherPersonRef', message: 'Enter the other person’s reference, like P001234' })
  const type = input.relationshipType ?? ''
  if (!isCode(RELATIONSHIP, type)) errors.push({ field: 'relationshipType', message: 'Select the relationship' })
  if (input.direction !== 'other-is' && input.direction !== 'this-is') errors.push({ field: 'direction', message: 'Select which way round the relationship is' })
  const start = input.startDate?.trim() || null
  if (start && (!isValidIsoDate(start) || start > today(ctx))) errors.push({ field: 'startDate', message: 'Start date must be a real date, today or in the past' })
  if (errors.length) throw new ValidationError(errors)

  await ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const other = await getPersonByRef(tx, ref)
    if (!other) throw new ValidationError([{ field: 'otherPersonRef', message: `No person has the reference ${ref}` }])
    if (other.id === personId) throw new ValidationError([{ field: 'otherPersonRef', message: 'A person cannot have a relationship with themselves' }])
    await requirePersonAccess(tx, meta.actor, other.id)
    if (!(await getPerson(tx, personId))) throw new NotFoundError('person')
    if (await openRelationshipExists(tx, personId, other.id)) {
      throw new ValidationError([{ field: 'otherPersonRef', message: 'These two people already have a current relationship recorded' }])
    }
    const row =
      input.direction === 'other-is'
        ? { personId: other.id, relatedPersonId: personId }
        : { personId, relatedPersonId: other.id }
    const r = { ...row, relationshipType: type, parentalResponsibility: input.parentalResponsibility === true, livesWith: input.livesWith === true, startDate: start }
    const { id } = await insertRelationship(tx, r, now)
    for (const subject of [personId, other.id]) {
      await appendAudit(tx, {
        userId: meta.actor.userId,
        username: meta.actor.username,
        action: 'person.relationship.add',
        entityType: 'person_relationship',
        entityId: id,
        personId: subject,
        after: r,
        ip: meta.ip,
        requestId: meta.requestId,
        at: now,
      })
    }
  }).catch((e: unknown) => {
    if (isUniqueViolation(e, 'person_relationship_one_current_per_pair')) {
      throw new ValidationError([{ field: 'otherPersonRef', message: 'These two people already have a current relationship recorded' }])
    }
    throw e
  })
}
