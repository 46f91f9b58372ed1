/**
 * The JSON API's request and response shapes, as zod schemas. They do two jobs:
 * - requests are checked against them before any use case runs, so a body of the wrong shape (a number
 *   where text belongs, an unknown field, a 50,000-character string) is a 400 naming the field, never a 500;
 * - the OpenAPI document (./openapi.ts) is generated from them, so the document cannot drift from the code.
 * Shape only: what the values mean (a real date, a valid NHS number) is checked by the domain validators
 * inside the use cases, which answer with field errors of their own.
 *
 * Uses zod's v4 API (shipped inside the zod 3.25 package as 'zod/v4') for its JSON Schema output.
 */
import { z } from 'zod/v4'
import { ValidationError } from '../app/context.ts'
import { DISABILITY, ETHNICITY, RELATIONSHIP, SEX } from '../domain/people/codes.ts'
import type { FieldError } from '../domain/shared/result.ts'

/** The longest string any field accepts. Domain rules are tighter for most fields (names: 100). */
export const TEXT_MAX = 20_000
/** person.version is a PostgreSQL integer: larger numbers would fail in the database, not here. */
const VERSION_MAX = 2_147_483_647

// ------------------------------------------------------------------------------------------ building blocks

/** Text: a JSON string of at most `max` characters with no NUL (PostgreSQL cannot store one). */
const text = (max = TEXT_MAX) => z.string().max(max).regex(/^[^\u0000]*$/, { error: 'Must not contain a NUL character' })

/** A calendar date as typed; the domain checks it is a real one (and in range) and names the field if not. */
const isoDate = () => text().meta({ format: 'date' })
const dateMeta = (description: string) => ({ description: `${description} As YYYY-MM-DD.`, examples: ['2019-04-23'] })

const codes = <T extends string>(list: Record<T, unknown>): [T, ...T[]] => Object.keys(list) as [T, ...T[]]

const codeDescription = (list: Record<string, string | { label: string }>): string =>
  Object.entries(list)
    .map(([code, v]) => `\`${code}\` ${typeof v === 'string' ? v : v.label}`)
    .join('; ')

const version = z
  .number()
  .int()
  .min(0)
  .max(VERSION_MAX)
  .meta({ description: 'The record’s `version` as last read (from GET /people/{id}). If the record has changed since, nothing is saved and the answer is 409.' })

// ------------------------------------------------------------------------------------------ person details

const details = {
  givenNames: text().meta({ description: 'Given names (first and middle names). 1–100 characters: letters, spaces, hyphens, apostrophes, full stops.', examples: ['Leo James'] }),
  familyName: text().meta({ description: 'Family name. 1–100 characters: letters, spaces, hyphens, apostrophes, full stops.', examples: ['Smith'] }),
  isUnborn: z.boolean().meta({ description: 'true for an unborn child: give expectedDateOfBirth, not dateOfBirth.' }),
  dateOfBirth: isoDate().nullable().meta(dateMeta('Date of birth: needed unless isUnborn; today or in the past.')),
  expectedDateOfBirth: isoDate().nullable().meta(dateMeta('Expected date of birth: needed when isUnborn; within the last month or the next 10 months.')),
  sex: z.enum(codes(SEX)).meta({ description: `Sex as recorded: ${codeDescription(SEX)}.` }),
  genderIdentity: text().nullable().meta({ description: 'Gender identity, in the person’s own words. At most 100 characters.' }),
  ethnicityCode: z.enum(codes(ETHNICITY)).nullable().meta({ description: `Ethnicity (CIN census code): ${codeDescription(ETHNICITY)}.` }),
  religion: text().nullable().meta({ description: 'At most 100 characters.' }),
  firstLanguage: text().nullable().meta({ description: 'At most 100 characters.' }),
  interpreterNeeded: z.boolean(),
  nhsNumber: text().nullable().meta({ description: '10 digits with a valid check digit; spaces and hyphens are allowed and removed. Must not belong to another person.', examples: ['943 476 5919'] }),
  upn: text().nullable().meta({ description: 'Unique pupil number: 13 characters with a valid check letter.', examples: ['A123456789012'] }),
  disabilities: z
    .array(z.enum(codes(DISABILITY)))
    .max(50)
    .meta({ description: `Disability codes (CIN census): ${codeDescription(DISABILITY)}. Duplicates are ignored.` }),
}

const newAddress = z
  .strictObject({
    line1: text().meta({ description: 'At most 200 characters.' }),
    line2: text().nullish().meta({ description: 'At most 200 characters.' }),
    town: text().meta({ description: 'Town or city; at most 100 characters.' }),
    postcode: text().meta({ description: 'A UK postcode in the right format.', examples: ['LS1 4AP'] }),
    startDate: isoDate().nullish().meta(dateMeta('The date they moved in: today or in the past. Today when left out.')),
  })
  .meta({ description: 'An address. Errors about it name the field as address.line1, address.postcode and so on.' })

/** POST /people. Only names and sex are always needed; the domain asks for a date of birth or expected date. */
export const createPersonBody = z
  .strictObject({
    givenNames: details.givenNames,
    familyName: details.familyName,
    sex: details.sex,
    isUnborn: details.isUnborn.optional(),
    dateOfBirth: details.dateOfBirth.optional(),
    expectedDateOfBirth: details.expectedDateOfBirth.optional(),
    genderIdentity: details.genderIdentity.optional(),
    ethnicityCode: details.ethnicityCode.optional(),
    religion: details.religion.optional(),
    firstLanguage: details.firstLanguage.optional(),
    interpreterNeeded: details.interpreterNeeded.optional(),
    nhsNumber: details.nhsNumber.optional(),
    upn: details.upn.optional(),
    disabilities: details.disabilities.optional(),
    address: newAddress.nullish().meta({ description: 'The current address, if known. Errors about it name the field as address.line1, address.postcode and so on.' }),
    confirmedNotDuplicate: z
      .boolean()
      .optional()
      .meta({ description: 'Send true after a 409 possible_duplicates answer, once you have checked that this is a different person from every match.' }),
  })
  .meta({ description: 'A new person. Fields left out or null are not recorded.' })

/**
 * PATCH /people/{id}: a full replacement of the details, as the web form sends. Every field must be present
 * (null clears an optional one), so a client that sends only what it means to change is told so instead of
 * silently blanking the rest.
 */
export const updatePersonBody = z
  .strictObject({ version, ...details })
  .meta({ description: 'All of the person’s details, replacing what is recorded. Every field must be present: use null (or [] for disabilities) to clear one.' })

/** POST /people/{id}/addresses: a move. The current address is ended, not overwritten. */
export const changeAddressBody = z
  .strictObject({
    version,
    line1: newAddress.shape.line1,
    line2: newAddress.shape.line2,
    town: newAddress.shape.town,
    postcode: newAddress.shape.postcode,
    startDate: newAddress.shape.startDate,
  })
  .meta({ description: 'The person’s new address. The current one ends the day before startDate and stays in the history.' })

/** POST /people/{id}/relationships. */
export const addRelationshipBody = z
  .strictObject({
    otherPersonRef: text().meta({ description: 'The other person’s reference. They must already be recorded, and you must be able to see their record.', examples: ['P001234'] }),
    relationshipType: z.enum(codes(RELATIONSHIP)).meta({ description: `The relationship: ${codeDescription(RELATIONSHIP)}.` }),
    direction: z.enum(['other-is', 'this-is']).meta({
      description: '`other-is`: the other person is <relationshipType> of this person (e.g. the other person is this child’s parent). `this-is`: this person is <relationshipType> of the other.',
    }),
    parentalResponsibility: z.boolean().optional().meta({ description: 'Whether the parent or carer in this relationship has parental responsibility. false when left out.' }),
    livesWith: z.boolean().optional().meta({ description: 'Whether they live together. false when left out.' }),
    startDate: isoDate().nullish().meta(dateMeta('When the relationship started, if known: today or in the past.')),
  })
  .meta({ description: 'A relationship between this person and another recorded person. One record, shown from both sides.' })

/** GET /people query. Criteria combine with AND. */
export const searchQuery = z.strictObject({
  q: text().optional().meta({
    description:
      'Search box: a valid NHS number (10 digits, spaces allowed) searches by NHS number; else a valid UK postcode searches by postcode (current or past addresses); else by name. Digits alone that are not a valid NHS number are refused (400, field q) rather than searched as a name. Cannot be combined with the parameter it stands for.',
    examples: ['943 476 5919', 'LS1 4AP', 'Leo Smith'],
  }),
  name: text().optional().meta({ description: 'Any name the person has had (current, alias, previous); typo-tolerant. At least 2 characters, at most 100.', examples: ['Smyth'] }),
  dateOfBirth: isoDate().optional().meta(dateMeta('Date of birth, or expected date of birth of an unborn child.')),
  nhsNumber: text().optional().meta({ description: 'A valid NHS number.', examples: ['943 476 5919'] }),
  postcode: text().optional().meta({ description: 'A UK postcode, current or past address.', examples: ['LS1 4AP'] }),
})

export type CreatePersonBody = z.output<typeof createPersonBody>
export type UpdatePersonBody = z.output<typeof updatePersonBody>
export type ChangeAddressBody = z.output<typeof changeAddressBody>
export type AddRelationshipBody = z.output<typeof addRelationshipBody>
export type SearchQuery = z.output<typeof searchQuery>

// ------------------------------------------------------------------------------------------ responses

const uuid = () => z.string().meta({ format: 'uuid' })
const dateOut = (description?: string) => z.string().meta({ format: 'date', ...(description ? { description } : {}) })
const dateTimeOut = () => z.string().meta({ format: 'date-time' })

export const personSummaryJson = z.object({
  id: uuid(),
  personRef: z.string().meta({ examples: ['P001234'] }),
  givenNames: z.string(),
  familyName: z.string(),
  dateOfBirth: dateOut().nullable(),
  isUnborn: z.boolean(),
  expectedDateOfBirth: dateOut().nullable(),
  sex: z.string().meta({ description: 'M, F or U' }),
  nhsNumber: z.string().nullable().meta({ description: '10 digits, no spaces' }),
  postcode: z.string().nullable().meta({ description: 'Postcode of the current address' }),
  matchedName: z.string().nullable().meta({ description: 'For a name search: the name that matched (it may be a previous name or alias)' }),
  matchedNameType: z.string().nullable().meta({ description: 'current, alias or previous' }),
  score: z.number().meta({ description: 'How well the name matched, 0–1; 1 when no name was searched' }),
})

const nameJson = z.object({
  id: uuid(),
  nameType: z.string().meta({ description: 'current, alias or previous' }),
  givenNames: z.string(),
  familyName: z.string(),
  validFrom: dateOut().nullable(),
  validTo: dateOut().nullable(),
})

const addressJson = z.object({
  id: uuid(),
  line1: z.string(),
  line2: z.string().nullable(),
  town: z.string(),
  postcode: z.string(),
  startDate: dateOut(),
  endDate: dateOut().nullable().meta({ description: 'null for the current address' }),
})

const relationshipJson = z.object({
  id: uuid(),
  otherPersonId: uuid(),
  otherPersonRef: z.string(),
  otherName: z.string(),
  otherDateOfBirth: dateOut().nullable(),
  relationshipType: z.string(),
  otherIsSubject: z.boolean().meta({ description: 'true: the other person is <relationshipType> of this person; false: this person is <relationshipType> of the other' }),
  parentalResponsibility: z.boolean(),
  livesWith: z.boolean(),
  startDate: dateOut().nullable(),
  endDate: dateOut().nullable(),
  otherVisible: z.boolean().meta({ description: 'Whether you may open the other person’s record' }),
})

const professionalJson = z.object({
  id: uuid(),
  name: z.string(),
  role: z.string(),
  organisation: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  startDate: dateOut().nullable(),
  endDate: dateOut().nullable(),
})

const allocationJson = z.object({
  workerName: z.string(),
  teamName: z.string(),
  allocationRole: z.string(),
  startDate: dateOut(),
})

export const personJson = z.object({
  id: uuid(),
  personRef: z.string(),
  givenNames: z.string(),
  familyName: z.string(),
  isUnborn: z.boolean(),
  dateOfBirth: dateOut().nullable(),
  expectedDateOfBirth: dateOut().nullable(),
  dateOfDeath: dateOut().nullable(),
  sex: z.string(),
  genderIdentity: z.string().nullable(),
  ethnicityCode: z.string().nullable(),
  religion: z.string().nullable(),
  firstLanguage: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  nhsNumber: z.string().nullable(),
  upn: z.string().nullable(),
  disabilities: z.array(z.string()),
  restricted: z.boolean(),
  version: z.number().int().meta({ description: 'Send this back when amending the record or recording a move' }),
  createdAt: dateTimeOut(),
  updatedAt: dateTimeOut(),
  names: z.array(nameJson),
  addresses: z.array(addressJson).meta({ description: 'Current address first, then previous ones, newest first' }),
  relationships: z.array(relationshipJson),
  professionals: z.array(professionalJson),
  allocations: z.array(allocationJson).meta({ description: 'Open allocations' }),
})

export const recordViewJson = z.object({
  id: z.number().int(),
  at: dateTimeOut(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  role: z.string().nullable(),
  via: z.string().nullable().meta({ description: '`page` (the web page) or `api`' }),
})

export const searchResponse = z.object({ data: z.array(personSummaryJson).meta({ description: 'At most 50, best matches first' }) })
export const personResponse = z.object({ data: personJson })
export const createdResponse = z.object({ data: z.object({ id: uuid(), personRef: z.string() }) })
export const amendedResponse = z.object({
  data: z.object({
    changed: z.array(z.string()).meta({ description: 'The fields whose values changed; empty when nothing did (the version is then unchanged)' }),
    version: z.number().int().meta({ description: 'The record’s version now' }),
  }),
})
export const movedResponse = z.object({ data: z.object({ version: z.number().int().meta({ description: 'The record’s version now' }) }) })
export const relationshipAddedResponse = z.object({ data: z.null() })
export const recordAccessResponse = z.object({ data: z.array(recordViewJson).meta({ description: 'Newest first, at most 500' }) })

// errors, as src/web/errors.ts and src/web/session.ts send them for /api/ URLs
const fieldError = z.object({ field: z.string(), message: z.string() })
export const validationErrorJson = z.object({
  code: z.literal('validation'),
  message: z.string(),
  errors: z.array(fieldError).meta({ description: 'One per field. Nested fields are named with dots (address.postcode), list items with brackets (disabilities[2])' }),
})
export const badRequestJson = z.object({ code: z.literal('bad_request'), message: z.string(), field: z.string().meta({ description: 'body' }) })
export const unauthenticatedJson = z.object({ code: z.literal('unauthenticated'), message: z.string() })
export const forbiddenJson = z.object({
  code: z.literal('forbidden'),
  message: z.string(),
  reason: z.enum(['role', 'restricted', 'scope']).meta({ description: 'role: your role may not do this; restricted: a restricted record you are not named on; scope: outside the records you may see' }),
})
export const csrfJson = z.object({ code: z.literal('csrf'), message: z.string(), field: z.literal('x-csrf-token') })
export const notFoundJson = z.object({ code: z.literal('not_found'), message: z.string() })
export const conflictJson = z.object({ code: z.literal('conflict'), message: z.string(), field: z.string().meta({ description: 'version' }) })
export const possibleDuplicatesJson = z.object({
  code: z.literal('possible_duplicates'),
  message: z.string(),
  matches: z.array(personSummaryJson).meta({ description: 'The possible matches you may see' }),
  hiddenCount: z.number().int().meta({ description: 'How many other possible matches exist that you may not see' }),
})
export const payloadTooLargeJson = z.object({ code: z.literal('payload_too_large'), message: z.string(), field: z.literal('body') })
export const unsupportedMediaTypeJson = z.object({ code: z.literal('unsupported_media_type'), message: z.string(), field: z.string() })
export const unavailableJson = z.object({ code: z.literal('unavailable'), message: z.string() })
export const internalJson = z.object({ code: z.literal('internal'), message: z.string() })

// ------------------------------------------------------------------------------------------ parsing

type Issue = z.core.$ZodIssue

/** 'address.postcode', 'disabilities[2]'; the root itself is `root` ('body' or 'query'). */
export function fieldName(path: readonly PropertyKey[], root: string): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`
  return out || root
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text (a JSON string)',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  array: 'a list (a JSON array)',
  object: 'a JSON object',
  null: 'null',
}

function describe(issue: Issue, input: unknown, root: string): string {
  const value = valueAt(input, issue.path)
  switch (issue.code) {
    case 'invalid_type':
      if (issue.path.length === 0) return root === 'body' ? 'Send a JSON object as the body' : 'The query is not in the expected form'
      if (value === undefined) return 'This field is required'
      if (Array.isArray(value) && issue.expected !== 'array') return 'Give this once'
      return `Must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`
    case 'too_big':
      if (issue.origin === 'string') return `Must be ${Number(issue.maximum).toLocaleString('en-GB')} characters or fewer`
      if (issue.origin === 'array') return `Must have ${Number(issue.maximum).toLocaleString('en-GB')} items or fewer`
      return `Must be ${Number(issue.maximum).toLocaleString('en-GB')} or less`
    case 'too_small':
      if (issue.origin === 'string') return `Must be at least ${Number(issue.minimum)} characters`
      if (issue.origin === 'array') return `Must have at least ${Number(issue.minimum)} items`
      return `Must be ${Number(issue.minimum)} or more`
    case 'invalid_value':
      return `Must be one of: ${issue.values.map((v) => String(v)).join(', ')}`
    default:
      return issue.message
  }
}

/** Turns zod issues into field errors: one per field, the first problem found. */
export function fieldErrors(issues: readonly Issue[], input: unknown, root: string): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  const add = (field: string, message: string) => {
    if (seen.has(field)) return
    seen.add(field)
    out.push({ field, message })
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(fieldName([...issue.path, key], root), 'This field is not part of this request: check its name')
    } else {
      add(fieldName(issue.path, root), describe(issue, input, root))
    }
  }
  return out.length ? out : [{ field: root, message: 'The request was not in the expected form' }]
}

/** Parses `value` or throws a ValidationError (400) naming each field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: 'body' | 'query' = 'body'): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ValidationError(fieldErrors(result.error.issues, value, root))
}
