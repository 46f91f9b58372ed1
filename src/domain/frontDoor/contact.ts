import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import { isValidIsoDate, londonDate, londonInstant, londonTime, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { addMonths } from '../people/personDetails.ts'
import { CONSENT, CONTACT_CHANNEL, CONTACT_OUTCOME, PARENTS_AWARE, RAG, REFERRAL_SOURCE, THRESHOLD_LEVEL, type Consent, type ContactChannel, type ContactOutcome, type ParentsAware, type Rag, type ReferralSource, type ThresholdLevel } from './codes.ts'

const has = <T extends object>(list: T, v: string | undefined): v is Extract<keyof T, string> => v !== undefined && Object.prototype.hasOwnProperty.call(list, v)
const clean = (s: string | undefined): string | null => {
  const t = (s ?? '').trim()
  return t === '' ? null : t
}

export const CONCERN_MAX = 20_000
export const REASONS_MAX = 10_000

export type ContactInput = {
  receivedDate?: string | undefined
  receivedTime?: string | undefined
  channel?: string | undefined
  sourceCode?: string | undefined
  referrerName?: string | undefined
  referrerAgency?: string | undefined
  referrerRole?: string | undefined
  referrerPhone?: string | undefined
  referrerEmail?: string | undefined
  concern?: string | undefined
  parentsAware?: string | undefined
  consent?: string | undefined
  noConsentReason?: string | undefined
  immediateSafety?: string | undefined
  childIds?: string[] | undefined
  /** Adults in the household or otherwise involved (parents, carers, the person alleged to have caused harm). */
  adultIds?: string[] | undefined
}

export type ContactDetails = {
  receivedAt: Date
  channel: ContactChannel
  sourceCode: ReferralSource
  referrerName: string | null
  referrerAgency: string | null
  referrerRole: string | null
  referrerPhone: string | null
  referrerEmail: string | null
  concern: string
  parentsAware: ParentsAware
  consent: Consent
  noConsentReason: string | null
  immediateSafety: string | null
  childIds: string[]
  adultIds: string[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Validates a contact as recorded at the front door. `now` is passed in: a contact cannot be received in
 * the future. A contact is about at least one child; the referrer's words are kept as given.
 */
export function validateContact(input: ContactInput, now: Date): Result<ContactDetails> {
  const errors: FieldError[] = []
  const date = clean(input.receivedDate)
  const time = clean(input.receivedTime)
  let receivedAt = now
  if (date === null) errors.push({ field: 'receivedDate', message: 'Enter the date the contact was received' })
  else if (!isValidIsoDate(date)) errors.push({ field: 'receivedDate', message: 'The date received must be a real date' })
  if (time === null) errors.push({ field: 'receivedTime', message: 'Enter the time the contact was received, like 14:30' })
  else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.push({ field: 'receivedTime', message: 'Enter the time in 24-hour format, like 14:30' })
  if (date !== null && isValidIsoDate(date) && time !== null && /^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
    receivedAt = londonInstant(date, time)
    if (receivedAt.getTime() > now.getTime() + 60_000) errors.push({ field: 'receivedDate', message: 'The date and time received cannot be in the future' })
    else if (date < addMonths(londonDate(now), -12)) errors.push({ field: 'receivedDate', message: 'The date received is more than a year ago: check it' })
  }
  const channel = clean(input.channel) ?? undefined
  if (!has(CONTACT_CHANNEL, channel)) errors.push({ field: 'channel', message: 'Select how the contact was received' })
  const source = clean(input.sourceCode) ?? undefined
  if (!has(REFERRAL_SOURCE, source)) errors.push({ field: 'sourceCode', message: 'Select who the contact came from' })
  const concern = clean(input.concern)
  if (concern === null) errors.push({ field: 'concern', message: 'Enter the concern, in the referrer’s words' })
  else if (concern.length > CONCERN_MAX) errors.push({ field: 'concern', message: `The concern must be ${CONCERN_MAX.toLocaleString('en-GB')} characters or fewer` })
  const parentsAware = clean(input.parentsAware) ?? undefined
  if (!has(PARENTS_AWARE, parentsAware)) errors.push({ field: 'parentsAware', message: 'Select whether the parents know about the contact' })
  const consent = clean(input.consent) ?? undefined
  if (!has(CONSENT, consent)) errors.push({ field: 'consent', message: 'Select whether the parents consent' })
  const noConsentReason = clean(input.noConsentReason)
  // Working Together / information-sharing guidance: proceeding without consent needs a recorded reason.
  if (consent && consent !== 'given' && noConsentReason === null) errors.push({ field: 'noConsentReason', message: 'Say why the contact proceeds without the parents’ consent' })
  const short = (field: keyof ContactInput, label: string, max = 200): string | null => {
    const v = clean(input[field] as string | undefined)
    if (v !== null && v.length > max) errors.push({ field, message: `${label} must be ${max} characters or fewer` })
    return v
  }
  const referrerName = short('referrerName', 'Referrer’s name')
  const referrerAgency = short('referrerAgency', 'Agency')
  const referrerRole = short('referrerRole', 'Role')
  const referrerPhone = short('referrerPhone', 'Phone number', 40)
  const referrerEmail = short('referrerEmail', 'Email address')
  if (referrerEmail !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(referrerEmail)) errors.push({ field: 'referrerEmail', message: 'Enter an email address in the right format, like name@example.org' })
  if (source !== '9' && source !== '10' && referrerName === null) errors.push({ field: 'referrerName', message: 'Enter the referrer’s name (choose “Anonymous” as the source if they would not give it)' })
  const immediateSafety = short('immediateSafety', 'Immediate safety', 5000)
  const childIds = [...new Set(input.childIds ?? [])]
  if (childIds.length === 0) errors.push({ field: 'childIds', message: 'Add at least one child the contact is about' })
  else if (childIds.some((id) => !UUID.test(id))) errors.push({ field: 'childIds', message: 'Choose the children from the person index' })
  else if (childIds.length > 20) errors.push({ field: 'childIds', message: 'A contact can be about 20 children at most' })
  const adultIds = [...new Set(input.adultIds ?? [])].filter((id) => !childIds.includes(id))
  if (adultIds.some((id) => !UUID.test(id))) errors.push({ field: 'adultIds', message: 'Choose the adults from the person index' })
  else if (adultIds.length > 20) errors.push({ field: 'adultIds', message: 'A contact can name 20 adults at most' })
  if (errors.length || !has(CONTACT_CHANNEL, channel) || !has(REFERRAL_SOURCE, source) || !has(PARENTS_AWARE, parentsAware) || !has(CONSENT, consent) || concern === null) return fail(errors)
  return ok({ receivedAt, channel, sourceCode: source, referrerName, referrerAgency, referrerRole, referrerPhone, referrerEmail, concern, parentsAware, consent, noConsentReason: consent === 'given' ? null : noConsentReason, immediateSafety, childIds, adultIds })
}

/** Working Together 2010 / 2023: a qualified manager decides what happens to a contact within one working day. */
export function contactDecisionDue(receivedAt: Date, calendar: WorkingDayCalendar): IsoDate {
  return calendar.addWorkingDays(londonDate(receivedAt), 1)
}

/** Office hours are 09:00–17:00 on working days; anything else reached the out-of-hours service. */
export function isOutOfHours(receivedAt: Date, channel: ContactChannel, calendar: WorkingDayCalendar): boolean {
  if (channel === 'edt') return true
  const day = londonDate(receivedAt)
  const t = londonTime(receivedAt)
  return !calendar.isWorkingDay(day) || t < '09:00' || t >= '17:00'
}

export type DecisionTimeliness = { state: 'decided' | 'overdue' | 'due-today' | 'not-due'; workingDaysWaiting: number }

/** Where an undecided contact stands against its deadline, on `today`. */
export function decisionTimeliness(receivedAt: Date, dueDate: IsoDate, decidedAt: Date | null, today: IsoDate, calendar: WorkingDayCalendar): DecisionTimeliness {
  const received = londonDate(receivedAt)
  const end = decidedAt ? londonDate(decidedAt) : today
  const workingDaysWaiting = end > received ? calendar.workingDaysBetween(received, end) : 0
  if (decidedAt) return { state: 'decided', workingDaysWaiting }
  if (today > dueDate) return { state: 'overdue', workingDaysWaiting }
  if (today === dueDate) return { state: 'due-today', workingDaysWaiting }
  return { state: 'not-due', workingDaysWaiting }
}

export type ScreeningInput = { thresholdLevel?: string | undefined; rag?: string | undefined; screeningNotes?: string | undefined }
export type Screening = { thresholdLevel: ThresholdLevel; rag: Rag; screeningNotes: string | null }

export function validateScreening(input: ScreeningInput): Result<Screening> {
  const errors: FieldError[] = []
  const level = clean(input.thresholdLevel) ?? undefined
  if (!has(THRESHOLD_LEVEL, level)) errors.push({ field: 'thresholdLevel', message: 'Select the threshold level' })
  const rag = clean(input.rag) ?? undefined
  if (!has(RAG, rag)) errors.push({ field: 'rag', message: 'Select the priority: red, amber or green' })
  const notes = clean(input.screeningNotes)
  if (notes !== null && notes.length > REASONS_MAX) errors.push({ field: 'screeningNotes', message: `Screening notes must be ${REASONS_MAX.toLocaleString('en-GB')} characters or fewer` })
  if (errors.length || !has(THRESHOLD_LEVEL, level) || !has(RAG, rag)) return fail(errors)
  return ok({ thresholdLevel: level, rag, screeningNotes: notes })
}

export type Decider = { role: string; qualifiedSocialWorker: boolean }
export type ChildDecisionInput = { outcome?: string | undefined; reasons?: string | undefined }
export type ChildDecision = { outcome: ContactOutcome; reasons: string }

/** Managers who may decide contacts: Working Together asks for a qualified social work manager. */
export function mayDecideContacts(d: Decider): boolean {
  return (d.role === 'team_manager' || d.role === 'service_manager') && d.qualifiedSocialWorker
}

/**
 * A decision on one child of a contact. Refused if the child already has one (the second of two managers
 * deciding at once is told), if the decider is not a qualified manager, or if there are no reasons.
 */
export function decideContactChild(current: { decidedAt: Date | null }, input: ChildDecisionInput, decider: Decider): Result<ChildDecision> {
  if (!mayDecideContacts(decider)) return fail([{ field: 'outcome', message: 'Only a qualified team or service manager can decide a contact' }])
  if (current.decidedAt) return fail([{ field: 'outcome', message: 'This child has already been decided by another manager: nothing was changed' }])
  const errors: FieldError[] = []
  const outcome = clean(input.outcome) ?? undefined
  if (!has(CONTACT_OUTCOME, outcome)) errors.push({ field: 'outcome', message: 'Select the decision for this child' })
  const reasons = clean(input.reasons)
  if (reasons === null) errors.push({ field: 'reasons', message: 'Give the reasons for the decision' })
  else if (reasons.length > REASONS_MAX) errors.push({ field: 'reasons', message: `The reasons must be ${REASONS_MAX.toLocaleString('en-GB')} characters or fewer` })
  if (errors.length || !has(CONTACT_OUTCOME, outcome) || reasons === null) return fail(errors)
  return ok({ outcome, reasons })
}

/**
 * Re-referral (DfE CIN census / Annex A list 3): a referral within 12 months of the child's previous
 * referral. Returns the flag and the number of referrals in the 12 months before this one.
 */
export function reReferral(previousReferralDates: IsoDate[], referralDate: IsoDate): { isReReferral: boolean; referralsInLast12Months: number } {
  const from = addMonths(referralDate, -12)
  const within = previousReferralDates.filter((d) => d >= from && d <= referralDate)
  return { isReReferral: within.length > 0, referralsInLast12Months: within.length }
}
