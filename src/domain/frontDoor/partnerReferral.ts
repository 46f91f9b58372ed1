/**
 * The multi-agency referral form a partner (a school, a GP, the police…) fills in online. Partners cannot
 * search the person index, so the child is described as typed; the use case matches or adds the child.
 * Pure: `today` (the date in England) is passed in.
 */
import { ageOn, formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { NAME_MAX, validateAddress, type AddressDetails, type PersonDetails } from '../people/personDetails.ts'
import { CONSENT, CONTACT_OUTCOME, PARENTS_AWARE, type Consent, type ContactOutcome, type ParentsAware, type ReferralSource } from './codes.ts'
import { CONCERN_MAX } from './contact.ts'

/** The kind of organisation referring, and the CIN census referral source it is counted under. */
export const PARTNER_AGENCY_TYPE = {
  school: { label: 'School', sourceCode: '2A' },
  gp: { label: 'GP practice', sourceCode: '3A' },
  health_visitor: { label: 'Health visiting service', sourceCode: '3B' },
  police: { label: 'Police', sourceCode: '6' },
  other: { label: 'Another organisation', sourceCode: '8' },
} as const satisfies Record<string, { label: string; sourceCode: ReferralSource }>
export type PartnerAgencyType = keyof typeof PARTNER_AGENCY_TYPE

/** What a partner is told about the decision: plain words, no internal codes or reasons. */
export const PARTNER_OUTCOME_WORDS: Record<ContactOutcome, string> = {
  nfa: 'no further action by children’s social care',
  information_advice: 'information and advice given',
  early_help: 'passed to early help',
  referral: 'accepted for children’s social care',
  strategy_discussion: 'accepted for children’s social care (child protection enquiries)',
}

/** Room is left under the contact's own limit for the child's details as given, kept with the concern. */
export const PARTNER_CONCERN_MAX = CONCERN_MAX - 2_000
export const IMMEDIATE_SAFETY_MAX = 5_000

/** Raw input from the form: strings as typed; the date of birth already joined to ISO (or 'invalid'). */
export type PartnerReferralInput = {
  childGivenNames?: string | undefined
  childFamilyName?: string | undefined
  childDateOfBirth?: string | undefined
  childAddressLine1?: string | undefined
  childAddressLine2?: string | undefined
  childAddressTown?: string | undefined
  childAddressPostcode?: string | undefined
  childSchool?: string | undefined
  concern?: string | undefined
  immediateSafety?: string | undefined
  parentsAware?: string | undefined
  consent?: string | undefined
  noConsentReason?: string | undefined
  referrerName?: string | undefined
  referrerRole?: string | undefined
  referrerAgency?: string | undefined
  agencyType?: string | undefined
  referrerPhone?: string | undefined
  referrerEmail?: string | undefined
}

/** The child as the partner described them. */
export type ChildAsGiven = {
  givenNames: string
  familyName: string
  dateOfBirth: IsoDate
  address: AddressDetails | null
  school: string | null
}

export type PartnerReferral = {
  child: ChildAsGiven
  concern: string
  immediateSafety: string
  parentsAware: ParentsAware
  consent: Consent
  noConsentReason: string | null
  referrerName: string
  referrerRole: string
  referrerAgency: string
  agencyType: PartnerAgencyType
  sourceCode: ReferralSource
  referrerPhone: string
  referrerEmail: string | null
}

// As on the person record: letters in any alphabet, spaces, hyphens, apostrophes, full stops.
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[\d ()-]{7,25}$/

const has = <T extends object>(list: T, v: string | null): v is Extract<keyof T, string> => v !== null && Object.prototype.hasOwnProperty.call(list, v)
/** Trims; runs of spaces within a line become one (names are compared case-insensitively as typed). */
const oneLine = (s: string | undefined): string | null => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim()
  return t === '' ? null : t
}
/** Trims only: a concern keeps its paragraphs. */
const text = (s: string | undefined): string | null => {
  const t = (s ?? '').replace(/\r\n/g, '\n').trim()
  return t === '' ? null : t
}

export function validatePartnerReferral(input: PartnerReferralInput, today: IsoDate): Result<PartnerReferral> {
  const errors: FieldError[] = []
  const name = (field: keyof PartnerReferralInput, label: string): string | null => {
    const v = oneLine(input[field])
    if (v === null) errors.push({ field, message: `Enter the child’s ${label}` })
    else if (v.length > NAME_MAX) errors.push({ field, message: `The child’s ${label} must be ${NAME_MAX} characters or fewer` })
    else if (!NAME_PATTERN.test(v)) errors.push({ field, message: `The child’s ${label} must only include letters, spaces, hyphens, apostrophes and full stops` })
    else return v
    return null
  }
  const short = (field: keyof PartnerReferralInput, label: string, required: string | null, max = 200): string | null => {
    const v = oneLine(input[field])
    if (v === null) {
      if (required) errors.push({ field, message: required })
    } else if (v.length > max) errors.push({ field, message: `${label} must be ${max} characters or fewer` })
    return v
  }

  // ------------------------------------------------------------ the child
  const givenNames = name('childGivenNames', 'given names')
  const familyName = name('childFamilyName', 'family name')
  let dateOfBirth: IsoDate | null = null
  const dob = oneLine(input.childDateOfBirth)
  if (dob === null) errors.push({ field: 'childDateOfBirth', message: 'Enter the child’s date of birth' })
  else if (!isValidIsoDate(dob)) errors.push({ field: 'childDateOfBirth', message: 'The child’s date of birth must be a real date' })
  else if (dob > today) errors.push({ field: 'childDateOfBirth', message: 'The child’s date of birth must be today or in the past' })
  else if (ageOn(dob, today) >= 18) errors.push({ field: 'childDateOfBirth', message: 'This form is for children under 18: for an adult, contact adult social care' })
  else dateOfBirth = dob

  const addressGiven = [input.childAddressLine1, input.childAddressLine2, input.childAddressTown, input.childAddressPostcode].some((v) => oneLine(v) !== null)
  let address: AddressDetails | null = null
  if (addressGiven) {
    const a = validateAddress({ line1: input.childAddressLine1, line2: input.childAddressLine2, town: input.childAddressTown, postcode: input.childAddressPostcode }, today, 'childAddress')
    if (a.ok) address = a.value
    else errors.push(...a.errors.map((e) => ({ ...e, message: e.message.replace(/^Enter the (first line of the address|town or city|postcode)$/, 'Enter the $1, or leave the whole address blank if you do not know it') })))
  }
  const school = short('childSchool', 'School or setting', null)

  // ------------------------------------------------------------ the concern
  const concern = text(input.concern)
  if (concern === null) errors.push({ field: 'concern', message: 'Describe your concern about the child' })
  else if (concern.length > PARTNER_CONCERN_MAX) errors.push({ field: 'concern', message: `Your concern must be ${PARTNER_CONCERN_MAX.toLocaleString('en-GB')} characters or fewer` })
  const immediateSafety = text(input.immediateSafety)
  if (immediateSafety === null) errors.push({ field: 'immediateSafety', message: 'Say whether the child is safe now and what has been done to keep them safe' })
  else if (immediateSafety.length > IMMEDIATE_SAFETY_MAX) errors.push({ field: 'immediateSafety', message: `What you say about the child’s safety must be ${IMMEDIATE_SAFETY_MAX.toLocaleString('en-GB')} characters or fewer` })
  const parentsAware = oneLine(input.parentsAware)
  if (!has(PARENTS_AWARE, parentsAware)) errors.push({ field: 'parentsAware', message: 'Select whether the parents or carers know you are making this referral' })
  const consent = oneLine(input.consent)
  if (!has(CONSENT, consent)) errors.push({ field: 'consent', message: 'Select whether the parents or carers consent to the referral' })
  const reason = text(input.noConsentReason)
  // Information-sharing guidance: sharing without consent needs a recorded reason.
  if (has(CONSENT, consent) && consent !== 'given') {
    if (reason === null) errors.push({ field: 'noConsentReason', message: 'Say why you are making the referral without the parents’ or carers’ consent' })
    else if (reason.length > IMMEDIATE_SAFETY_MAX) errors.push({ field: 'noConsentReason', message: `The reason must be ${IMMEDIATE_SAFETY_MAX.toLocaleString('en-GB')} characters or fewer` })
  }

  // ------------------------------------------------------------ the referrer
  const referrerName = short('referrerName', 'Your name', 'Enter your name')
  const referrerRole = short('referrerRole', 'Your role', 'Enter your role, like designated safeguarding lead')
  const referrerAgency = short('referrerAgency', 'Your organisation', 'Enter the name of your organisation')
  const agencyType = oneLine(input.agencyType)
  if (!has(PARTNER_AGENCY_TYPE, agencyType)) errors.push({ field: 'agencyType', message: 'Select the type of organisation you work for' })
  const referrerPhone = short('referrerPhone', 'Your phone number', 'Enter a phone number the front door can call you on', 40)
  if (referrerPhone !== null && referrerPhone.length <= 40 && !PHONE.test(referrerPhone)) errors.push({ field: 'referrerPhone', message: 'Enter a phone number, like 01632 960 001 or 07700 900 982' })
  const referrerEmail = short('referrerEmail', 'Your email address', null)
  if (referrerEmail !== null && referrerEmail.length <= 200 && !EMAIL.test(referrerEmail)) errors.push({ field: 'referrerEmail', message: 'Enter an email address in the right format, like name@example.org' })

  if (
    errors.length ||
    givenNames === null ||
    familyName === null ||
    dateOfBirth === null ||
    concern === null ||
    immediateSafety === null ||
    !has(PARENTS_AWARE, parentsAware) ||
    !has(CONSENT, consent) ||
    !has(PARTNER_AGENCY_TYPE, agencyType) ||
    referrerName === null ||
    referrerRole === null ||
    referrerAgency === null ||
    referrerPhone === null
  )
    return fail(errors)
  return ok({
    child: { givenNames, familyName, dateOfBirth, address, school },
    concern,
    immediateSafety,
    parentsAware,
    consent,
    noConsentReason: consent === 'given' ? null : reason,
    referrerName,
    referrerRole,
    referrerAgency,
    agencyType,
    sourceCode: PARTNER_AGENCY_TYPE[agencyType].sourceCode,
    referrerPhone,
    referrerEmail,
  })
}

/** A new child in the person index from a partner's description: sex not known until the front door asks. */
export function personDetailsFromReferral(child: ChildAsGiven): PersonDetails {
  return {
    givenNames: child.givenNames,
    familyName: child.familyName,
    isUnborn: false,
    dateOfBirth: child.dateOfBirth,
    expectedDateOfBirth: null,
    sex: 'U',
    genderIdentity: null,
    ethnicityCode: null,
    religion: null,
    firstLanguage: null,
    interpreterNeeded: false,
    nhsNumber: null,
    upn: null,
    upnUnknownReason: null,
    disabilities: [],
  }
}

/**
 * The concern as the front door reads it: the partner's words, then the child's details exactly as the
 * partner gave them (the index record may hold another address; the school is not on the index).
 */
export function concernWithChildAsGiven(r: Pick<PartnerReferral, 'concern' | 'child'>): string {
  const c = r.child
  const parts = [`${c.givenNames} ${c.familyName}, born ${formatDate(c.dateOfBirth)}`]
  if (c.address) parts.push(`address: ${[c.address.line1, c.address.line2, c.address.town, c.address.postcode].filter(Boolean).join(', ')}`)
  if (c.school) parts.push(`school or setting: ${c.school}`)
  return `${r.concern}\n\nThe child as described by the referrer (online referral): ${parts.join('; ')}.`
}

/** Where a partner's referral stands, in plain words for the partner. */
export function partnerReferralStatus(decidedAt: Date | null, outcomes: (string | null)[]): string {
  if (!decidedAt) return 'Received'
  const words = [...new Set(outcomes.filter((o): o is ContactOutcome => o !== null && has(CONTACT_OUTCOME, o)).map((o) => PARTNER_OUTCOME_WORDS[o]))]
  if (words.length === 0) return 'Decided'
  const text = words.join('; ')
  return `Decided: ${text.charAt(0).toUpperCase()}${text.slice(1)}`
}
