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
import { AGENCY, CONSENT, CONTACT_CHANNEL, CONTACT_OUTCOME, FEEDBACK_METHOD, PARENTS_AWARE, RAG, REFERRAL_SOURCE, THRESHOLD_LEVEL } from '../domain/frontDoor/codes.ts'
import { DISABILITY, ETHNICITY, RELATIONSHIP, SEX, UPN_UNKNOWN } from '../domain/people/codes.ts'
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
  upnUnknownReason: z
    .enum(codes(UPN_UNKNOWN))
    .nullable()
    .optional()
    .meta({ description: `Why there is no UPN (CIN census UPNunknown): ${codeDescription(UPN_UNKNOWN)}. Ignored when a UPN is given. Left out when amending: what is recorded stays.` }),
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
    upnUnknownReason: details.upnUnknownReason,
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

// ------------------------------------------------------------------------------------------ front door

/** Upper or lower case hex, written out rather than with the `i` flag so the JSON Schema pattern says the same. */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** An id sent in a body: a UUID, as the API gives them out. */
const idIn = (description: string) => z.string().regex(UUID, { error: 'Must be an id (a UUID)' }).meta({ format: 'uuid', description })

/** The CIN census referral sources, described in their natural order (1A, 1B, … 9, 10). */
const SOURCE_DESCRIPTION = codes(REFERRAL_SOURCE)
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  .map((c) => `\`${c}\` ${REFERRAL_SOURCE[c]}`)
  .join('; ')

const contactVersion = z
  .number()
  .int()
  .min(0)
  .max(VERSION_MAX)
  .meta({ description: 'The contact’s `version` as last read (from GET /contacts/{id}). If the contact has changed since, nothing is saved and the answer is 409.' })

/** POST /contacts. Shape only: the use case checks the date and time, the referrer, consent and the children. */
export const recordContactBody = z
  .strictObject({
    receivedDate: isoDate().meta({
      description: 'The date the contact was received, in England, as YYYY-MM-DD: not more than a year ago. A date and time in the future is refused naming this field.',
    }),
    receivedTime: text().meta({ description: 'The time it was received, England time, 24-hour HH:MM.', examples: ['14:30'] }),
    channel: z
      .enum(codes(CONTACT_CHANNEL))
      .meta({ description: `How it was received: ${codeDescription(CONTACT_CHANNEL)}. An \`edt\` contact is out of hours; any other is out of hours when received outside 09:00–17:00 on a working day.` }),
    sourceCode: z.enum(codes(REFERRAL_SOURCE)).meta({ description: `Who it came from (CIN census referral source): ${SOURCE_DESCRIPTION}.` }),
    referrerName: text().nullish().meta({ description: 'The referrer’s name: needed unless sourceCode is 9 (anonymous) or 10 (unknown). At most 200 characters.' }),
    referrerAgency: text().nullish().meta({ description: 'Their agency or organisation. At most 200 characters.' }),
    referrerRole: text().nullish().meta({ description: 'Their role. At most 200 characters.' }),
    referrerPhone: text().nullish().meta({ description: 'At most 40 characters.' }),
    referrerEmail: text().nullish().meta({ description: 'An email address in the usual form (name@example.org). At most 200 characters.' }),
    concern: text().meta({ description: 'The concern, in the referrer’s words, kept as given. At most 20,000 characters.' }),
    parentsAware: z.enum(codes(PARENTS_AWARE)).meta({ description: `Whether the parents know about the contact: ${codeDescription(PARENTS_AWARE)}.` }),
    consent: z.enum(codes(CONSENT)).meta({ description: `Whether the parents consent: ${codeDescription(CONSENT)}.` }),
    noConsentReason: text().nullish().meta({ description: 'Why the contact proceeds without the parents’ consent: needed unless consent is `given`, and not kept when it is.' }),
    immediateSafety: text().nullish().meta({ description: 'Anything about the children’s immediate safety. At most 5,000 characters.' }),
    childIds: z
      .array(idIn('A child’s id in the person index (from GET /people or POST /people).'))
      .max(100)
      .meta({ description: 'The children the contact is about: 1 to 20 different children, each in the person index and under 18. Repeats are ignored.' }),
    adultIds: z
      .array(idIn('An adult’s id in the person index.'))
      .max(100)
      .optional()
      .meta({ description: 'Adults in the household or involved (parents, carers, others): up to 20, each in the person index.' }),
  })
  .meta({ description: 'A contact received at the front door. Fields left out or null are not recorded.' })

/** PUT /contacts/{id}/screening: the whole screening, replacing what is recorded. */
export const screenContactBody = z
  .strictObject({
    version: contactVersion,
    thresholdLevel: z.enum(codes(THRESHOLD_LEVEL)).meta({ description: `The threshold level (continuum of need): ${codeDescription(THRESHOLD_LEVEL)}.` }),
    rag: z.enum(codes(RAG)).meta({ description: `The priority: ${codeDescription(RAG)}.` }),
    screeningNotes: text().nullable().meta({ description: 'Screening notes, replacing any recorded: null for none. At most 10,000 characters.' }),
  })
  .meta({ description: 'The screening of a contact, replacing any earlier screening. Every field must be present.' })

/** POST /contacts/{id}/decisions: one child's decision. */
export const decideContactBody = z
  .strictObject({
    personId: idIn('The child the decision is about: one of the children on this contact (children[].personId in GET /contacts/{id}).'),
    outcome: z
      .enum(codes(CONTACT_OUTCOME))
      .meta({ description: `The decision: ${codeDescription(CONTACT_OUTCOME)}. \`referral\` and \`strategy_discussion\` open a referral, or join the child’s open case if they have one.` }),
    reasons: text().meta({ description: 'The reasons for the decision. At most 10,000 characters.' }),
  })
  .meta({ description: 'A qualified team or service manager’s decision on one child of a contact.' })

/** POST /contacts/{id}/agency-checks. */
export const agencyCheckBody = z
  .strictObject({ agency: z.enum(codes(AGENCY)).meta({ description: `The agency asked: ${codeDescription(AGENCY)}.` }) })
  .meta({ description: 'A MASH check requested of an agency.' })

/** POST /contacts/{id}/agency-checks/{checkId}/return. */
export const agencyCheckReturnBody = z
  .strictObject({ summary: text().meta({ description: 'What the agency said. At most 10,000 characters.' }) })
  .meta({ description: 'What an agency said in answer to a check.' })

/** POST /contacts/{id}/feedback. */
export const feedbackBody = z
  .strictObject({
    givenOn: isoDate().nullish().meta(dateMeta('When the referrer was told: not in the future, nor before the contact was received. Today when left out.')),
    method: z.enum(codes(FEEDBACK_METHOD)).meta({ description: `How they were told: ${codeDescription(FEEDBACK_METHOD)}.` }),
    summary: text().meta({ description: 'What the referrer was told. At most 5,000 characters.' }),
  })
  .meta({ description: 'Feedback to the referrer on the outcome of their contact.' })

/** GET /contacts query. */
export const contactQueueQuery = z.strictObject({
  show: z
    .enum(['all', 'police', 'edt'])
    .optional()
    .meta({ description: '`all` (the default): every undecided contact; `police`: those received as police notifications; `edt`: those received out of hours.' }),
  sort: z
    .enum(['oldest', 'priority'])
    .optional()
    .meta({ description: '`oldest` (the default): oldest first; `priority`: red, amber, green, then not yet screened, oldest first within each.' }),
})

export type RecordContactBody = z.output<typeof recordContactBody>
export type ContactQueueQuery = z.output<typeof contactQueueQuery>

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
  upnUnknownReason: z.string().nullable().meta({ description: `Why there is no UPN (CIN census UPNunknown): ${codeDescription(UPN_UNKNOWN)}` }),
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
  via: z
    .string()
    .nullable()
    .meta({ description: '`page` (the web page) or `api` (GET /people/{id}); `contact` when the person was shown on a contact that was opened, `chronology` when their chronology was opened (on the web or through the API)' }),
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

// front door

const timelinessJson = z
  .object({
    state: z
      .enum(['decided', 'overdue', 'due-today', 'not-due'])
      .meta({ description: 'Against the decision deadline (one working day): `decided`, or for an undecided contact `overdue`, `due-today` or `not-due`' }),
    workingDaysWaiting: z.number().int().meta({ description: 'Working days from receipt to the decision, or to today while undecided' }),
  })
  .meta({ description: 'Where the contact stands against its decision deadline' })

export const queueContactJson = z.object({
  id: uuid(),
  contactRef: z.string().meta({ examples: ['C000123'] }),
  receivedAt: dateTimeOut(),
  channel: z.string(),
  sourceCode: z.string(),
  rag: z.string().nullable().meta({ description: 'red, amber or green; null until screened' }),
  thresholdLevel: z.string().nullable().meta({ description: '1–4; null until screened' }),
  decisionDueDate: dateOut(),
  outOfHours: z.boolean(),
  childNames: z.string().meta({ description: 'The children’s names, comma-separated: unborn children first, then eldest first' }),
  childCount: z.number().int(),
  undecidedCount: z.number().int().meta({ description: 'Children on the contact still to be decided' }),
  timeliness: timelinessJson,
})

export const queueResponse = z.object({
  data: z.object({
    summary: z.object({
      total: z.number().int().meta({ description: 'Undecided contacts shown by this filter (all of them, though at most 200 are listed)' }),
      overdue: z.number().int().meta({ description: 'Of those, how many are past their decision deadline' }),
      oldestReceivedAt: dateTimeOut().nullable().meta({ description: 'When the longest-waiting one was received; null when there are none' }),
    }),
    contacts: z.array(queueContactJson).meta({ description: 'At most 200, in the order asked for' }),
  }),
})

const referralJson = z.object({
  id: uuid(),
  referralRef: z.string().meta({ examples: ['R000045'] }),
  isReReferral: z.boolean().meta({ description: 'Within 12 months of the child’s previous referral (CIN census)' }),
})

const contactChildJson = z.object({
  personId: uuid(),
  personRef: z.string(),
  name: z.string(),
  dateOfBirth: dateOut().nullable(),
  isUnborn: z.boolean(),
  decision: z
    .object({
      outcome: z.string(),
      reasons: z.string(),
      decidedAt: dateTimeOut(),
      decidedByName: z.string().nullable(),
      referral: referralJson.nullable().meta({ description: 'The referral the decision opened or joined; null for other outcomes' }),
    })
    .nullable()
    .meta({ description: 'null until this child is decided' }),
  history: z
    .object({
      openReferral: z.object({ id: uuid(), referralRef: z.string(), referralDate: dateOut() }).nullable().meta({ description: 'The child’s open case, if any' }),
      referrals: z
        .array(z.object({ referralRef: z.string(), referralDate: dateOut(), closedOn: dateOut().nullable(), isReReferral: z.boolean() }))
        .meta({ description: 'Referrals, newest first (at most 20)' }),
      previousContacts: z
        .array(z.object({ contactId: uuid(), contactRef: z.string(), receivedAt: dateTimeOut(), outcome: z.string().nullable() }))
        .meta({ description: 'Other contacts about the child, newest first (at most 20)' }),
      allocatedWorkers: z.array(z.object({ workerName: z.string(), teamName: z.string() })).meta({ description: 'Open allocations' }),
    })
    .meta({ description: 'What Harbour already knows about the child' }),
})

const agencyCheckJson = z.object({
  id: uuid().meta({ description: 'Send as {checkId} to record the return' }),
  agency: z.string(),
  requestedAt: dateTimeOut(),
  requestedByName: z.string().nullable(),
  returnedAt: dateTimeOut().nullable().meta({ description: 'null until the agency has answered' }),
  returnedByName: z.string().nullable(),
  summary: z.string().nullable().meta({ description: 'What the agency said' }),
})

const feedbackJson = z.object({
  givenOn: dateOut(),
  method: z.string(),
  summary: z.string(),
  recordedByName: z.string().nullable(),
})

export const contactJson = z.object({
  id: uuid(),
  contactRef: z.string().meta({ examples: ['C000123'] }),
  receivedAt: dateTimeOut(),
  channel: z.string(),
  sourceCode: z.string(),
  referrerName: z.string().nullable(),
  referrerAgency: z.string().nullable(),
  referrerRole: z.string().nullable(),
  referrerPhone: z.string().nullable(),
  referrerEmail: z.string().nullable(),
  concern: z.string(),
  parentsAware: z.string(),
  consent: z.string(),
  noConsentReason: z.string().nullable(),
  immediateSafety: z.string().nullable(),
  thresholdLevel: z.string().nullable().meta({ description: 'null until screened' }),
  rag: z.string().nullable().meta({ description: 'null until screened' }),
  screeningNotes: z.string().nullable(),
  screenedAt: dateTimeOut().nullable(),
  screenedByName: z.string().nullable(),
  decisionDueDate: dateOut().meta({ description: 'One working day after receipt' }),
  decidedAt: dateTimeOut().nullable().meta({ description: 'When the last child was decided; null until every child is' }),
  outOfHours: z.boolean(),
  handoverAcknowledgedAt: dateTimeOut().nullable().meta({ description: 'For an out-of-hours contact: when the daytime front door acknowledged it' }),
  submittedByPartner: z.boolean().meta({ description: 'Whether a partner sent it through the partner portal' }),
  createdByName: z.string().nullable(),
  createdAt: dateTimeOut(),
  version: z.number().int().meta({ description: 'Send this back when screening' }),
  timeliness: timelinessJson,
  children: z.array(contactChildJson).meta({ description: 'Eldest first (unborn children first)' }),
  checks: z.array(agencyCheckJson).meta({ description: 'Agency checks, in the order requested' }),
  feedback: z.array(feedbackJson).meta({ description: 'Feedback to the referrer, oldest first' }),
})

export const contactResponse = z.object({ data: contactJson })
export const contactRecordedResponse = z.object({
  data: z.object({
    id: uuid(),
    contactRef: z.string(),
    decisionDueDate: dateOut().meta({ description: 'One working day after receipt' }),
    outOfHours: z.boolean().meta({ description: 'Received out of hours: it goes on the next morning’s handover' }),
  }),
})
export const screenedResponse = z.object({ data: z.object({ version: z.number().int().meta({ description: 'The contact’s version now' }) }) })
export const decisionResponse = z.object({
  data: z.object({
    referral: referralJson
      .extend({ joinedOpenCase: z.boolean().meta({ description: 'true: the child already had an open case and the contact was added to it; no new referral was opened' }) })
      .nullable()
      .meta({ description: 'For `referral` and `strategy_discussion`: the referral opened or joined; null for other outcomes' }),
    contactDecided: z.boolean().meta({ description: 'true when this was the last child to be decided, so the contact leaves the queue' }),
  }),
})
export const recordedResponse = z.object({ data: z.null() })

export const chronologyEntryJson = z.object({
  occurredAt: dateTimeOut(),
  kind: z.string().meta({ description: 'What happened: `contact`, `contact-decision`, `referral`, `police-notification`, `police-notification-triage`, …' }),
  summary: z.string(),
  sourceType: z.string().nullable().meta({ description: 'What the entry comes from: `contact`, `referral`, `police_notification`, …' }),
  sourceId: uuid().nullable().meta({ description: 'Its id (for a contact: GET /contacts/{id})' }),
  recordedByName: z.string().nullable(),
})
export const chronologyResponse = z.object({ data: z.array(chronologyEntryJson).meta({ description: 'Newest first, at most 500' }) })

export const assessmentJson = z.object({
  id: uuid(),
  assessmentRef: z.string().meta({ description: 'e.g. A000123' }),
  referralRef: z.string(),
  kind: z.enum(['initial', 'core', 'single']),
  framework: z.enum(['fa2000', 'wt2010', 'wt2023']).meta({ description: 'The framework in force on the referral date' }),
  status: z.enum(['in_progress', 'submitted', 'returned', 'authorised']),
  startDate: dateOut(),
  dueDate: dateOut('Fixed when the assessment starts (working days, England and Wales bank holidays and council closure days)'),
  workingDaysLeft: z.number().int().nullable().meta({ description: 'For an open assessment: working days to the due date, negative when overdue' }),
  rag: z.enum(['red', 'amber', 'green']).nullable().meta({ description: 'For an open assessment: red overdue, amber within 5 working days, green otherwise' }),
  workerName: z.string().nullable(),
  teamName: z.string().nullable(),
  outcome: z.string().nullable(),
  completedOn: dateOut('The authorisation date').nullable(),
  inTimescale: z.boolean().nullable().meta({ description: 'For an authorised assessment: completed on or before the due date' }),
})
export const assessmentsResponse = z.object({ data: z.array(assessmentJson).meta({ description: 'The child’s assessments, newest first' }) })

const dataQualityIssueJson = z.object({
  rule: z.string().meta({ description: 'The CIN census 2025-26 validation rule, e.g. 8610; a code ending in Q is a query', examples: ['8610'] }),
  severity: z.enum(['error', 'query']).meta({ description: 'An error stops the return; a query needs an explanation' }),
  field: z.string().meta({ description: 'The CIN census element the failure is about', examples: ['PrimaryNeedCode'] }),
  message: z.string().meta({ description: 'What is wrong, in plain English' }),
  referralRef: z.string().nullable().meta({ description: 'The referral (CIN episode) it is about, when it is about one' }),
  firstSeenOn: dateOut('When this failure was first seen on the child'),
})
export const dataQualityResponse = z.object({
  checkedOn: dateOut('The date the rules were run: this collection year’s census as it stands on that date'),
  data: z.array(dataQualityIssueJson).meta({ description: 'Every CIN census rule the child’s record would fail now; empty when none' }),
})

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
export const conflictJson = z.object({
  code: z.literal('conflict'),
  message: z.string(),
  field: z.string().meta({ description: '`version` when someone else changed the record first; `outcome` when the child on a contact had already been decided' }),
})
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
