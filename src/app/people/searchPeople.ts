import { searchPeople as searchPeopleSql, type PersonSearch, type PersonSummary } from '../../db/repositories/people.ts'
import { isValidNhsNumber, isValidPostcode, normaliseNhsNumber, normalisePostcode } from '../../domain/people/identifiers.ts'
import { isValidIsoDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from './access.ts'

export type SearchInput = { name?: string | undefined; dateOfBirth?: string | undefined; nhsNumber?: string | undefined; postcode?: string | undefined }

/** Checks the criteria: at least one, each well formed. Names of 2+ characters so a search means something. */
export function validateSearch(input: SearchInput): PersonSearch {
  const errors: FieldError[] = []
  const name = input.name?.trim() ?? ''
  const dob = input.dateOfBirth?.trim() ?? ''
  const nhs = input.nhsNumber?.trim() ?? ''
  const postcode = input.postcode?.trim() ?? ''
  if (!name && !dob && !nhs && !postcode) errors.push({ field: 'name', message: 'Enter a name, date of birth, NHS number or postcode to search' })
  if (name && name.length < 2) errors.push({ field: 'name', message: 'Enter at least 2 letters of the name' })
  if (name.length > 100) errors.push({ field: 'name', message: 'Name must be 100 characters or fewer' })
  if (dob && !isValidIsoDate(dob)) errors.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' })
  if (nhs && !isValidNhsNumber(nhs)) errors.push({ field: 'nhsNumber', message: 'Enter a valid NHS number, 10 digits like 999 000 0018' })
  if (postcode && !isValidPostcode(postcode)) errors.push({ field: 'postcode', message: 'Enter a real UK postcode, like AB1 2CD' })
  if (errors.length) throw new ValidationError(errors)
  return {
    name: name || undefined,
    dateOfBirth: dob || undefined,
    nhsNumber: nhs ? normaliseNhsNumber(nhs) : undefined,
    postcode: postcode ? normalisePostcode(postcode) : undefined,
  }
}

/** Searches the person index within the actor's access. Searches are not record views, so not audited as views. */
export async function searchPeople(ctx: AppContext, meta: RequestMeta, input: SearchInput): Promise<PersonSummary[]> {
  requireCapability(meta.actor, 'person:view')
  const criteria = validateSearch(input)
  return ctx.database.db.transaction((tx) => searchPeopleSql(tx, meta.actor, criteria))
}
