/**
 * The child in need plan (REFERENCE §1.3 "CIN plan"; §2 row 15; §4.2 `cin_plan`, `plan_review`; §5
 * "CIN visits / plan reviews in timescale"): plan start and end (CIN census CINPlanStartDate and
 * CINPlanEndDate, collected from 2022), the child's needs with the services provided and who does what
 * by when, and how often the plan is reviewed and the child visited.
 *
 * Review and visit frequencies are local practice: reviews often every 3 months (some 6), visits e.g.
 * every 20 working days [local]; both configurable per plan. Pure: "today" and the calendar are passed in.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { toDayNumber } from '../calendar/days.ts'
import { AMBER_WORKING_DAYS, type Rag } from '../assessments/frameworks.ts'
import { DEFAULT_CIN_VISIT_FREQUENCY, MAX_NARRATIVE, MAX_SHORT_TEXT, addFrequency, clockOn, eventsInTimescale, validateFrequency, type ClockCalendar, type FrequencyCalendar, type Frequency, type FrequencyInput, type InTimescale } from '../visits/visit.ts'

export { DEFAULT_CIN_VISIT_FREQUENCY, MAX_NARRATIVE, MAX_SHORT_TEXT }

/** CIN reviews: often every 3 months (some 6) (REFERENCE §1.3, §2 row 15) [local]. */
export const DEFAULT_CIN_REVIEW_FREQUENCY: Frequency = Object.freeze({ amount: 3, unit: 'months' })

/** Guards against a runaway form: more needs or actions than anyone could work to. */
export const MAX_NEEDS = 50
export const MAX_ACTIONS_PER_NEED = 50

const n = (x: number) => x.toLocaleString('en-GB')

/* ------------------------------------------------------------------------------------------------ */
/* The record                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

export type ActionInput = { action?: string | null | undefined; owner?: string | null | undefined; agency?: string | null | undefined; dueDate?: string | null | undefined }
export type NeedInput = { need?: string | null | undefined; services?: string | null | undefined; actions?: readonly ActionInput[] | undefined }

/** Who does what by when. */
export type PlanAction = { action: string; owner: string; agency: string | null; dueDate: IsoDate }
export type PlanNeed = { need: string; services: string | null; actions: PlanAction[] }

export type CinPlanInput = {
  startDate?: string | null | undefined
  needs?: readonly NeedInput[] | undefined
  reviewFrequency?: FrequencyInput
  visitFrequency?: FrequencyInput
}

export type CinPlanRecord = {
  startDate: IsoDate
  needs: PlanNeed[]
  reviewFrequency: Frequency
  visitFrequency: Frequency
  /** True when the plan starts the day a child protection plan ended: a step-down from child protection. */
  stepDownFromChildProtection: boolean
}

/** A child protection plan of the same child, as the rules need it (end null while open). */
export type CpPlanFact = { startDate: IsoDate; endDate: IsoDate | null }

export type CinPlanFacts = {
  referralDate: IsoDate
  today: IsoDate
  /** Every child protection plan of the child (any episode). */
  cpPlans: readonly CpPlanFact[]
  /** The child's other child in need plans (not the one being saved): only one may be open at a time. */
  otherCinPlans?: readonly CpPlanFact[] | undefined
  /** When editing: the earliest visit or review already recorded against this plan; the start cannot move after it. */
  firstRecordedEvent?: IsoDate | null | undefined
}

function text(errors: FieldError[], field: string, label: string, v: string | undefined | null, max: number): string | null {
  const s = (v ?? '').replace(/\r\n/g, '\n').trim()
  if (s.length > max) errors.push({ field, message: `${label} must be ${n(max)} characters or fewer (it has ${n(s.length)})` })
  return s ? s : null
}

/** A real date typed into a GOV.UK date input; null (with an error) otherwise. Blank is reported with `missing`. */
function realDate(errors: FieldError[], field: string, label: string, v: string | null | undefined, missing: string): IsoDate | null {
  const d = (v ?? '').trim()
  if (!d) {
    errors.push({ field, message: missing })
    return null
  }
  if (d === 'invalid' || !isValidIsoDate(d)) {
    errors.push({ field, message: `${label} must be a real date, like 15 8 2022` })
    return null
  }
  return d
}

/** A CP plan is open on `date` if it started on or before it and has not ended by it (ending that day closes it). */
const openOn = (p: CpPlanFact, date: IsoDate): boolean => p.startDate <= date && (p.endDate === null || p.endDate > date)

/**
 * A CIN plan as saved: a start date not before the referral and not in the future, not while the child
 * has an open child protection plan (a step-down may start the same day the CP plan ended: on that day
 * the CP plan is no longer open); at least one need, each with services and actions (who, what, by when,
 * not before the plan start); review and visit frequencies (blank = the local default).
 */
export function validateCinPlan(input: CinPlanInput, facts: CinPlanFacts): Result<CinPlanRecord> {
  const errors: FieldError[] = []
  let startDate = realDate(errors, 'startDate', 'The plan start date', input.startDate, 'Enter the date the plan started')
  if (startDate) {
    if (startDate > facts.today) {
      errors.push({ field: 'startDate', message: 'The plan start date cannot be in the future' })
      startDate = null
    } else if (startDate < facts.referralDate) {
      errors.push({ field: 'startDate', message: `The plan start date cannot be before the referral (${formatDate(facts.referralDate)})` })
      startDate = null
    } else {
      const open = facts.cpPlans.find((p) => openOn(p, startDate as IsoDate))
      if (open) {
        errors.push({
          field: 'startDate',
          message:
            open.endDate === null
              ? `The child has had a child protection plan since ${formatDate(open.startDate)}: a child in need plan can start only when it ends (as a step-down, on the day it ends)`
              : `The child had a child protection plan from ${formatDate(open.startDate)} to ${formatDate(open.endDate)}: a child in need plan cannot start while it was open (a step-down starts on the day it ended)`,
        })
        startDate = null
      }
      const other = startDate ? (facts.otherCinPlans ?? []).find((p) => openOn(p, startDate as IsoDate)) : undefined
      if (other) {
        errors.push({ field: 'startDate', message: other.endDate === null ? `The child already has a child in need plan, open since ${formatDate(other.startDate)}: end it first` : `The child had another child in need plan from ${formatDate(other.startDate)} to ${formatDate(other.endDate)}: plans cannot overlap` })
        startDate = null
      }
      if (startDate && facts.firstRecordedEvent && startDate > facts.firstRecordedEvent) {
        errors.push({ field: 'startDate', message: `The plan start date cannot be after the first visit or review recorded on it (${formatDate(facts.firstRecordedEvent)})` })
        startDate = null
      }
    }
  }

  const needs: PlanNeed[] = []
  const needInputs = input.needs ?? []
  if (needInputs.length > MAX_NEEDS) errors.push({ field: 'needs', message: `A plan can have at most ${MAX_NEEDS} needs` })
  needInputs.slice(0, MAX_NEEDS).forEach((ni, i) => {
    const at = `needs[${i}]`
    const need = text(errors, `${at}.need`, `Need ${i + 1}`, ni.need, MAX_NARRATIVE)
    const services = text(errors, `${at}.services`, `The services for need ${i + 1}`, ni.services, MAX_NARRATIVE)
    const blankAction = (a: ActionInput) => ![a.action, a.owner, a.agency, a.dueDate].some((v) => (v ?? '').trim())
    // Empty rows the form added are ignored; errors keep the row's index as the form numbered it.
    const actionInputs = (ni.actions ?? []).map((a, j) => [a, j] as const).filter(([a]) => !blankAction(a))
    const blankNeed = !need && !services && actionInputs.length === 0
    if (blankNeed) return // an empty row the form added: ignored
    if (!need && !errors.some((e) => e.field === `${at}.need`)) errors.push({ field: `${at}.need`, message: `Describe need ${i + 1}` })
    if (actionInputs.length > MAX_ACTIONS_PER_NEED) errors.push({ field: `${at}.actions`, message: `Need ${i + 1} can have at most ${MAX_ACTIONS_PER_NEED} actions` })
    const actions: PlanAction[] = []
    for (const [ai, j] of actionInputs.slice(0, MAX_ACTIONS_PER_NEED)) {
      const af = `${at}.actions[${j}]`
      const what = `action ${j + 1} of need ${i + 1}`
      const action = text(errors, `${af}.action`, `The action (${what})`, ai.action, MAX_NARRATIVE)
      const owner = text(errors, `${af}.owner`, `Who does it (${what})`, ai.owner, MAX_SHORT_TEXT)
      const agency = text(errors, `${af}.agency`, `The agency (${what})`, ai.agency, MAX_SHORT_TEXT)
      const due = (ai.dueDate ?? '').trim()
      const has = (f: string) => errors.some((e) => e.field === `${af}.${f}`)
      if (!action && !has('action')) errors.push({ field: `${af}.action`, message: `Enter what will be done (${what})` })
      if (!owner && !has('owner')) errors.push({ field: `${af}.owner`, message: `Enter who will do it (${what})` })
      const dueDate = realDate(errors, `${af}.dueDate`, `The date it is due (${what})`, due, `Enter the date it is due (${what})`)
      if (dueDate && startDate && dueDate < startDate) errors.push({ field: `${af}.dueDate`, message: `The date it is due (${what}) cannot be before the plan start (${formatDate(startDate)})` })
      if (action && owner && dueDate) actions.push({ action, owner, agency, dueDate })
    }
    if (need) needs.push({ need, services, actions })
  })
  if (needs.length === 0 && !errors.some((e) => e.field.startsWith('needs'))) errors.push({ field: 'needs[0].need', message: 'Enter at least one of the child’s needs' })

  const reviewFrequency = validateFrequency(errors, 'reviewFrequency', 'reviews', input.reviewFrequency, DEFAULT_CIN_REVIEW_FREQUENCY)
  const visitFrequency = validateFrequency(errors, 'visitFrequency', 'visits', input.visitFrequency, DEFAULT_CIN_VISIT_FREQUENCY)

  if (errors.length || !startDate || !reviewFrequency || !visitFrequency) return fail(errors)
  const sd = startDate
  const stepDownFromChildProtection = facts.cpPlans.some((p) => p.endDate === sd)
  return ok({ startDate: sd, needs, reviewFrequency, visitFrequency, stepDownFromChildProtection })
}

/* ------------------------------------------------------------------------------------------------ */
/* Ending the plan                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

export type CinPlanEndReason = 'services_not_needed' | 'stepped_up_to_cp' | 'stepped_down_to_early_help' | 'moved_away' | 'other'
export const CIN_PLAN_END_REASON: Readonly<Record<CinPlanEndReason, string>> = Object.freeze({
  services_not_needed: 'Services no longer needed',
  stepped_up_to_cp: 'Stepped up to child protection',
  stepped_down_to_early_help: 'Stepped down to early help',
  moved_away: 'Moved away',
  other: 'Other',
})
export const isCinPlanEndReason = (s: string): s is CinPlanEndReason => Object.hasOwn(CIN_PLAN_END_REASON, s)

export type EndCinPlanInput = { endDate?: string | null | undefined; reason?: string | null | undefined; reasonDetail?: string | null | undefined }
export type CinPlanEnding = { endDate: IsoDate; reason: CinPlanEndReason; reasonDetail: string | null }

/**
 * Ending a plan (CIN census CINPlanEndDate): a real end date, on or after the start, not in the future,
 * not before the last review held; a reason from the list, with details when it is "Other".
 */
export function endCinPlan(plan: { startDate: IsoDate; endDate: IsoDate | null }, input: EndCinPlanInput, facts: { today: IsoDate; lastReviewDate: IsoDate | null }): Result<CinPlanEnding> {
  if (plan.endDate !== null) return fail([{ field: 'endDate', message: `The plan already ended on ${formatDate(plan.endDate)}` }])
  const errors: FieldError[] = []
  let endDate = realDate(errors, 'endDate', 'The plan end date', input.endDate, 'Enter the date the plan ended')
  if (endDate) {
    if (endDate > facts.today) errors.push({ field: 'endDate', message: 'The plan end date cannot be in the future' })
    else if (endDate < plan.startDate) errors.push({ field: 'endDate', message: `The plan end date cannot be before the plan started (${formatDate(plan.startDate)})` })
    else if (facts.lastReviewDate && endDate < facts.lastReviewDate) errors.push({ field: 'endDate', message: `The plan end date cannot be before the last review (${formatDate(facts.lastReviewDate)})` })
    if (errors.length) endDate = null
  }
  const r = (input.reason ?? '').trim()
  let reason: CinPlanEndReason | null = null
  if (!r) errors.push({ field: 'reason', message: 'Select why the plan is ending' })
  else if (!isCinPlanEndReason(r)) errors.push({ field: 'reason', message: 'Select why the plan is ending from the list' })
  else reason = r
  const detail = text(errors, 'reasonDetail', 'The details of why the plan is ending', input.reasonDetail, MAX_NARRATIVE)
  if (reason === 'other' && !detail && !errors.some((e) => e.field === 'reasonDetail')) errors.push({ field: 'reasonDetail', message: 'Give the details of why the plan is ending' })
  if (errors.length || !endDate || !reason) return fail(errors)
  return ok({ endDate, reason, reasonDetail: detail })
}

/* ------------------------------------------------------------------------------------------------ */
/* Reviews                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

/** The next review: `frequency` after the last review held, or after the plan start before the first ([local], §2 row 15). */
export function nextReviewDue(startDate: IsoDate, lastReviewDate: IsoDate | null, frequency: Frequency, calendar: FrequencyCalendar): IsoDate {
  return addFrequency(lastReviewDate !== null && lastReviewDate > startDate ? lastReviewDate : startDate, frequency, calendar)
}

export type ReviewStatus = {
  dueDate: IsoDate
  overdue: boolean
  /** Calendar days after the due date (0 unless overdue). */
  daysOverdue: number
  /** Working days to the due date; 0 on the due day; negative when overdue. */
  workingDaysLeft: number
  rag: Rag
}

/**
 * Where the next review stands on `today`: red when overdue, amber within AMBER_WORKING_DAYS working
 * days, green otherwise.
 */
export function reviewStatus(startDate: IsoDate, lastReviewDate: IsoDate | null, frequency: Frequency, today: IsoDate, calendar: ClockCalendar, amber = AMBER_WORKING_DAYS): ReviewStatus {
  const dueDate = nextReviewDue(startDate, lastReviewDate, frequency, calendar)
  const clock = clockOn(dueDate, today, calendar, amber)
  return { dueDate, overdue: clock.overdue, daysOverdue: clock.overdue ? toDayNumber(today) - toDayNumber(dueDate) : 0, workingDaysLeft: clock.workingDaysLeft, rag: clock.rag }
}

/** Plan reviews in timescale (§5 [local]): the same definition as visits (see `eventsInTimescale`), over review dates held. */
export function reviewsInTimescale(startDate: IsoDate, endDate: IsoDate | null, reviewDates: readonly IsoDate[], frequency: Frequency, calendar: FrequencyCalendar, asAt: IsoDate): InTimescale {
  return eventsInTimescale(startDate, endDate, reviewDates, frequency, calendar, asAt)
}

/**
 * A review held: a real date, not before the plan start nor the last review, not after the plan end,
 * not in the future; notes ≤ 20,000 characters.
 */
export function validateReview(input: { heldOn?: string | null | undefined; notes?: string | null | undefined }, facts: { startDate: IsoDate; endDate: IsoDate | null; lastReviewDate: IsoDate | null; today: IsoDate }): Result<{ heldOn: IsoDate; notes: string | null }> {
  const errors: FieldError[] = []
  let heldOn = realDate(errors, 'heldOn', 'The date of the review', input.heldOn, 'Enter the date the review was held')
  if (heldOn) {
    if (heldOn > facts.today) errors.push({ field: 'heldOn', message: 'The date of the review cannot be in the future' })
    else if (heldOn < facts.startDate) errors.push({ field: 'heldOn', message: `The date of the review cannot be before the plan started (${formatDate(facts.startDate)})` })
    else if (facts.endDate && heldOn > facts.endDate) errors.push({ field: 'heldOn', message: `The date of the review cannot be after the plan ended (${formatDate(facts.endDate)})` })
    else if (facts.lastReviewDate && heldOn < facts.lastReviewDate) errors.push({ field: 'heldOn', message: `The date of the review cannot be before the last review (${formatDate(facts.lastReviewDate)})` })
    if (errors.length) heldOn = null
  }
  const notes = text(errors, 'notes', 'The review notes', input.notes, MAX_NARRATIVE)
  if (errors.length || !heldOn) return fail(errors)
  return ok({ heldOn, notes })
}
