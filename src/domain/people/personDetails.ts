import { DISABILITY, ETHNICITY, SEX, UPN_UNKNOWN, isCode, type DisabilityCode, type EthnicityCode, type SexCode, type UpnUnknownCode } from './codes.ts'
import { isValidNhsNumber, isValidPostcode, isValidUpn, normaliseNhsNumber, normalisePostcode, normaliseUpn } from './identifiers.ts'
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'

/** What a person's record holds, as validated and normalised for storage. */
export type PersonDetails = {
  givenNames: string
  familyName: string
  isUnborn: boolean
  dateOfBirth: IsoDate | null
  expectedDateOfBirth: IsoDate | null
  sex: SexCode
  genderIdentity: string | null
  ethnicityCode: EthnicityCode | null
  religion: string | null
  firstLanguage: string | null
  interpreterNeeded: boolean
  nhsNumber: string | null
  upn: string | null
  /** CIN census UPNunknown: only when there is no UPN (recording a UPN clears it). */
  upnUnknownReason: UpnUnknownCode | null
  disabilities: DisabilityCode[]
}

/** Raw input, from a form or the API: strings as typed. Dates already combined to ISO or left as typed. */
export type PersonDetailsInput = {
  givenNames?: string | undefined
  familyName?: string | undefined
  isUnborn?: boolean | undefined
  dateOfBirth?: string | undefined
  expectedDateOfBirth?: string | undefined
  sex?: string | undefined
  genderIdentity?: string | undefined
  ethnicityCode?: string | undefined
  religion?: string | undefined
  firstLanguage?: string | undefined
  interpreterNeeded?: boolean | undefined
  nhsNumber?: string | undefined
  upn?: string | undefined
  /** Left out (undefined): the API keeps what is recorded; the web form always sends it. */
  upnUnknownReason?: string | null | undefined
  disabilities?: string[] | undefined
}

export const NAME_MAX = 100
export const SHORT_TEXT_MAX = 100

// Letters in any alphabet, with the marks names use: spaces, hyphens, apostrophes, full stops.
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u

const blankToNull = (s: string | undefined): string | null => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim()
  return t === '' ? null : t
}

function checkName(field: string, label: string, value: string | undefined, errors: FieldError[]): string {
  const v = blankToNull(value)
  if (v === null) errors.push({ field, message: `Enter ${label}` })
  else if (v.length > NAME_MAX) errors.push({ field, message: `${capitalise(label)} must be ${NAME_MAX} characters or fewer` })
  else if (!NAME_PATTERN.test(v))
    errors.push({ field, message: `${capitalise(label)} must only include letters, spaces, hyphens, apostrophes and full stops` })
  return v ?? ''
}

function checkShortText(field: string, label: string, value: string | undefined, errors: FieldError[]): string | null {
  const v = blankToNull(value)
  if (v !== null && v.length > SHORT_TEXT_MAX) errors.push({ field, message: `${label} must be ${SHORT_TEXT_MAX} characters or fewer` })
  return v
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/**
 * Validates a person's details. `today` is the date in England now, passed in: a date of birth cannot be
 * in the future; an expected date of birth (unborn child) must be in the next ten months or the last month.
 */
export function validatePersonDetails(input: PersonDetailsInput, today: IsoDate): Result<PersonDetails> {
  const errors: FieldError[] = []
  const givenNames = checkName('givenNames', 'given names', input.givenNames, errors)
  const familyName = checkName('familyName', 'family name', input.familyName, errors)
  const isUnborn = input.isUnborn === true

  let dateOfBirth: IsoDate | null = null
  let expectedDateOfBirth: IsoDate | null = null
  if (isUnborn) {
    const edd = blankToNull(input.expectedDateOfBirth)
    if (edd === null) errors.push({ field: 'expectedDateOfBirth', message: 'Enter the expected date of birth' })
    else if (!isValidIsoDate(edd)) errors.push({ field: 'expectedDateOfBirth', message: 'Expected date of birth must be a real date' })
    else if (edd > addMonths(today, 10)) errors.push({ field: 'expectedDateOfBirth', message: 'Expected date of birth must be within the next 10 months' })
    else if (edd < addMonths(today, -1))
      errors.push({ field: 'expectedDateOfBirth', message: 'Expected date of birth is more than a month ago: record the child as born' })
    else expectedDateOfBirth = edd
  } else {
    const dob = blankToNull(input.dateOfBirth)
    if (dob === null) errors.push({ field: 'dateOfBirth', message: 'Enter the date of birth' })
    else if (!isValidIsoDate(dob)) errors.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' })
    else if (dob > today) errors.push({ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' })
    else dateOfBirth = dob
  }

  const sexRaw = blankToNull(input.sex)
  let sex: SexCode = 'U'
  if (sexRaw === null) errors.push({ field: 'sex', message: 'Select the sex recorded for this person' })
  else if (!isCode(SEX, sexRaw)) errors.push({ field: 'sex', message: 'Select male, female or not known' })
  else sex = sexRaw

  const ethnicityRaw = blankToNull(input.ethnicityCode)
  let ethnicityCode: EthnicityCode | null = null
  if (ethnicityRaw !== null) {
    if (isCode(ETHNICITY, ethnicityRaw)) ethnicityCode = ethnicityRaw
    else errors.push({ field: 'ethnicityCode', message: 'Select an ethnicity from the list' })
  }

  const nhsRaw = blankToNull(input.nhsNumber)
  let nhsNumber: string | null = null
  if (nhsRaw !== null) {
    if (isValidNhsNumber(nhsRaw)) nhsNumber = normaliseNhsNumber(nhsRaw)
    else errors.push({ field: 'nhsNumber', message: 'Enter a valid NHS number, 10 digits like 999 000 0018 (the last digit is a check digit)' })
  }

  const upnRaw = blankToNull(input.upn)
  let upn: string | null = null
  if (upnRaw !== null) {
    if (isValidUpn(upnRaw)) upn = normaliseUpn(upnRaw)
    else errors.push({ field: 'upn', message: 'Enter a valid unique pupil number: a check letter and 12 characters, like A123456789012' })
  }

  const reasonRaw = blankToNull(input.upnUnknownReason ?? undefined)
  let upnUnknownReason: UpnUnknownCode | null = null
  if (reasonRaw !== null) {
    if (isCode(UPN_UNKNOWN, reasonRaw)) upnUnknownReason = upnRaw === null ? reasonRaw : null
    else errors.push({ field: 'upnUnknownReason', message: 'Select why there is no UPN from the list' })
  }

  const disabilities: DisabilityCode[] = []
  for (const code of input.disabilities ?? []) {
    if (isCode(DISABILITY, code)) {
      if (!disabilities.includes(code)) disabilities.push(code)
    } else errors.push({ field: 'disabilities', message: 'Select disabilities from the list' })
  }
  // CIN census 8790: 'No disability' stands alone.
  if (disabilities.includes('NONE') && disabilities.length > 1) errors.push({ field: 'disabilities', message: 'Select ‘No disability’ on its own, or the disabilities the person has' })

  const genderIdentity = checkShortText('genderIdentity', 'Gender identity', input.genderIdentity, errors)
  const religion = checkShortText('religion', 'Religion', input.religion, errors)
  const firstLanguage = checkShortText('firstLanguage', 'First language', input.firstLanguage, errors)

  if (errors.length > 0) return fail(dedupe(errors))
  return ok({
    givenNames,
    familyName,
    isUnborn,
    dateOfBirth,
    expectedDateOfBirth,
    sex,
    genderIdentity,
    ethnicityCode,
    religion,
    firstLanguage,
    interpreterNeeded: input.interpreterNeeded === true,
    nhsNumber,
    upn,
    upnUnknownReason,
    disabilities,
  })
}

export type AddressDetails = { line1: string; line2: string | null; town: string; postcode: string; startDate: IsoDate }
export type AddressInput = { line1?: string | undefined; line2?: string | undefined; town?: string | undefined; postcode?: string | undefined; startDate?: string | undefined }

/** An address: a UK postcode in the right format and a start date that is not in the future. */
export function validateAddress(input: AddressInput, today: IsoDate, prefix = ''): Result<AddressDetails> {
  const errors: FieldError[] = []
  const f = (name: string) => (prefix ? `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}` : name)
  const line1 = blankToNull(input.line1)
  if (line1 === null) errors.push({ field: f('line1'), message: 'Enter the first line of the address' })
  else if (line1.length > 200) errors.push({ field: f('line1'), message: 'Address line 1 must be 200 characters or fewer' })
  const line2 = blankToNull(input.line2)
  if (line2 !== null && line2.length > 200) errors.push({ field: f('line2'), message: 'Address line 2 must be 200 characters or fewer' })
  const town = blankToNull(input.town)
  if (town === null) errors.push({ field: f('town'), message: 'Enter the town or city' })
  else if (town.length > 100) errors.push({ field: f('town'), message: 'Town or city must be 100 characters or fewer' })
  const postcodeRaw = blankToNull(input.postcode)
  let postcode = ''
  if (postcodeRaw === null) errors.push({ field: f('postcode'), message: 'Enter the postcode' })
  else if (postcodeRaw.length > 10 || !isValidPostcode(postcodeRaw)) errors.push({ field: f('postcode'), message: 'Enter a real UK postcode, like AB1 2CD' })
  else postcode = normalisePostcode(postcodeRaw)
  const startRaw = blankToNull(input.startDate)
  let startDate = today
  if (startRaw !== null) {
    if (!isValidIsoDate(startRaw)) errors.push({ field: f('startDate'), message: 'The date they moved in must be a real date' })
    else if (startRaw > today) errors.push({ field: f('startDate'), message: 'The date they moved in must be today or in the past' })
    else startDate = startRaw
  }
  if (errors.length > 0) return fail(errors)
  return ok({ line1: line1 ?? '', line2, town: town ?? '', postcode, startDate })
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const k = `${e.field}:${e.message}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** Adds calendar months, landing on the month's last day when it has no such day (e.g. 31 Jan + 1 → 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}
