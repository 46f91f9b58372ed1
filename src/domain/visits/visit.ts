/**
 * Statutory visits to a child on a plan: child in need (CIN), child protection (CP) and, later, looked
 * after (LAC) (REFERENCE §1.3 "CP plan", "CIN plan"; §2 rows 14–15; §4.2 `visit`; §5 "CP visits in
 * timescale", "Seen alone at last CP visit", "CIN visits / plan reviews in timescale").
 *
 * What is recorded follows the SSD visit tables and Annex A Lists 6–8: visit date, child seen, seen
 * alone, bedroom seen; plus announced/unannounced, who visited and notes [local].
 *
 * Pure: "today" and the calendar are passed in. Frequencies are set by the plan or the conference
 * [local]; a visit is due `frequency` after the last visit, or after the plan start before any visit.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import { AMBER_WORKING_DAYS, type Rag } from '../assessments/frameworks.ts'

export const MAX_NARRATIVE = 20_000
export const MAX_SHORT_TEXT = 500

const n = (x: number) => x.toLocaleString('en-GB')

/* ------------------------------------------------------------------------------------------------ */
/* Frequencies                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

export type FrequencyUnit = 'months' | 'weeks' | 'workingDays'
export const FREQUENCY_UNITS: readonly FrequencyUnit[] = Object.freeze(['months', 'weeks', 'workingDays'])
export type Frequency = { readonly amount: number; readonly unit: FrequencyUnit }

/** Largest sensible amount per unit (a year): anything beyond is a typing slip. */
export const MAX_FREQUENCY: Readonly<Record<FrequencyUnit, number>> = Object.freeze({ months: 12, weeks: 52, workingDays: 260 })

/** CP visits: commonly every 10 working days, set by the conference or plan (REFERENCE §2 row 14) [local]. */
export const DEFAULT_CP_VISIT_FREQUENCY: Frequency = Object.freeze({ amount: 10, unit: 'workingDays' })
/** CIN visits: e.g. every 20 working days (REFERENCE §2 row 15) [local]. */
export const DEFAULT_CIN_VISIT_FREQUENCY: Frequency = Object.freeze({ amount: 20, unit: 'workingDays' })

export type FrequencyCalendar = Pick<WorkingDayCalendar, 'addWorkingDays' | 'addCalendarMonths' | 'addWeeks'>

/**
 * The date `frequency` after `date`: calendar months with end-of-month clamping (31 January + 1 month =
 * 28/29 February), weeks of 7 days, or the n-th working day strictly after `date` (bank holidays and
 * council closure days skipped). A date in months or weeks stays where it lands, even on a weekend or
 * bank holiday: "within 3 months" means by that date (as src/domain/timescales/rules.ts).
 */
export function addFrequency(date: IsoDate, frequency: Frequency, calendar: FrequencyCalendar): IsoDate {
  switch (frequency.unit) {
    case 'months':
      return calendar.addCalendarMonths(date, frequency.amount)
    case 'weeks':
      return calendar.addWeeks(date, frequency.amount)
    case 'workingDays':
      return calendar.addWorkingDays(date, frequency.amount)
  }
}

const UNIT_WORDS: Readonly<Record<FrequencyUnit, [string, string]>> = { months: ['month', 'months'], weeks: ['week', 'weeks'], workingDays: ['working day', 'working days'] }

/** "every 20 working days", "every month". */
export function frequencyLabel(f: Frequency): string {
  const [one, many] = UNIT_WORDS[f.unit]
  return f.amount === 1 ? `every ${one}` : `every ${f.amount} ${many}`
}

export type FrequencyInput = { amount?: string | number | null | undefined; unit?: string | null | undefined } | null | undefined

/**
 * A frequency as typed: blank (both parts) takes the default; otherwise a whole number from 1 to a
 * year's worth and a known unit. Errors name `${field}Amount` / `${field}Unit`.
 */
export function validateFrequency(errors: FieldError[], field: string, label: string, input: FrequencyInput, fallback: Frequency): Frequency | null {
  const rawAmount = input?.amount
  const amountText = typeof rawAmount === 'number' ? String(rawAmount) : (rawAmount ?? '').trim()
  const unitText = (input?.unit ?? '').trim()
  if (!amountText && !unitText) return fallback
  let ok = true
  let unit: FrequencyUnit | null = null
  if (!unitText) {
    errors.push({ field: `${field}Unit`, message: `Select how ${label} are counted: months, weeks or working days` })
    ok = false
  } else if (!(FREQUENCY_UNITS as readonly string[]).includes(unitText)) {
    errors.push({ field: `${field}Unit`, message: `Select how ${label} are counted from the list` })
    ok = false
  } else unit = unitText as FrequencyUnit
  let amount = 0
  if (!amountText) {
    errors.push({ field: `${field}Amount`, message: `Enter how often ${label} are due` })
    ok = false
  } else if (!/^\d{1,4}$/.test(amountText) || Number(amountText) < 1) {
    errors.push({ field: `${field}Amount`, message: `How often ${label} are due must be a whole number, like 20` })
    ok = false
  } else {
    amount = Number(amountText)
    if (unit && amount > MAX_FREQUENCY[unit]) {
      errors.push({ field: `${field}Amount`, message: `${label[0]?.toUpperCase() ?? ''}${label.slice(1)} must be due at least once a year (at most ${MAX_FREQUENCY[unit]} ${UNIT_WORDS[unit][1]})` })
      ok = false
    }
  }
  return ok && unit ? { amount, unit } : null
}

/* ------------------------------------------------------------------------------------------------ */
/* The visit record                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

export type PlanType = 'cin' | 'cp' | 'cla'
export const PLAN_TYPE_LABEL: Readonly<Record<PlanType, string>> = Object.freeze({ cin: 'Child in need', cp: 'Child protection', cla: 'Looked after' })

export type BedroomSeen = 'yes' | 'no' | 'not_applicable'
export const BEDROOM_SEEN_LABEL: Readonly<Record<BedroomSeen, string>> = Object.freeze({ yes: 'Yes', no: 'No', not_applicable: 'Not applicable' })

/** What the form sends: strings as typed ('' or undefined when blank), dates as YYYY-MM-DD or 'invalid'. */
export type VisitInput = {
  visitDate?: string | null | undefined
  childSeen?: string | boolean | null | undefined
  seenAlone?: string | boolean | null | undefined
  bedroomSeen?: string | null | undefined
  /** 'announced' | 'unannounced' (or yes/no, true/false: was it announced). */
  announced?: string | boolean | null | undefined
  visitedBy?: string | null | undefined
  notes?: string | null | undefined
  notSeenReason?: string | null | undefined
}

export type Visit = {
  visitDate: IsoDate
  childSeen: boolean
  /** Only when the child was seen; null otherwise. */
  seenAlone: boolean | null
  bedroomSeen: BedroomSeen
  announced: boolean
  visitedBy: string
  notes: string | null
  /** Required when the child was not seen; null otherwise. */
  notSeenReason: string | null
}

export type VisitFacts = { planStart: IsoDate; planEnd?: IsoDate | null | undefined; today: IsoDate }

function text(errors: FieldError[], field: string, label: string, v: string | undefined | null, max: number): string | null {
  const s = (v ?? '').replace(/\r\n/g, '\n').trim()
  if (s.length > max) errors.push({ field, message: `${label} must be ${n(max)} characters or fewer (it has ${n(s.length)})` })
  return s ? s : null
}

function yesNo(v: string | boolean | null | undefined): boolean | null {
  if (typeof v === 'boolean') return v
  const s = (v ?? '').trim()
  if (s === 'yes' || s === 'true') return true
  if (s === 'no' || s === 'false') return false
  return null
}

/**
 * A statutory visit as recorded: a real date, not in the future, not before the plan started (nor after
 * it ended); whether the child was seen (and if so whether alone); bedroom seen; announced or not; who
 * visited; notes ≤ 20,000 characters; a reason when the child was not seen.
 */
export function validateVisit(input: VisitInput, facts: VisitFacts): Result<Visit> {
  const errors: FieldError[] = []
  const d = (input.visitDate ?? '').trim()
  let visitDate: IsoDate | null = null
  if (!d) errors.push({ field: 'visitDate', message: 'Enter the date of the visit' })
  else if (d === 'invalid' || !isValidIsoDate(d)) errors.push({ field: 'visitDate', message: 'The date of the visit must be a real date, like 15 8 2022' })
  else if (d > facts.today) errors.push({ field: 'visitDate', message: 'The date of the visit cannot be in the future' })
  else if (d < facts.planStart) errors.push({ field: 'visitDate', message: `The date of the visit cannot be before the plan started (${formatDate(facts.planStart)})` })
  else if (facts.planEnd && d > facts.planEnd) errors.push({ field: 'visitDate', message: `The date of the visit cannot be after the plan ended (${formatDate(facts.planEnd)})` })
  else visitDate = d

  const childSeen = yesNo(input.childSeen)
  if (childSeen === null) errors.push({ field: 'childSeen', message: 'Say whether the child was seen' })
  let seenAlone: boolean | null = null
  const alone = yesNo(input.seenAlone)
  if (childSeen === true) {
    if (alone === null) errors.push({ field: 'seenAlone', message: 'Say whether the child was seen alone' })
    else seenAlone = alone
  } else if (childSeen === false && alone === true) {
    errors.push({ field: 'seenAlone', message: 'The child cannot have been seen alone if they were not seen' })
  }

  const b = (input.bedroomSeen ?? '').trim()
  let bedroomSeen: BedroomSeen | null = null
  if (!b) errors.push({ field: 'bedroomSeen', message: 'Say whether the child’s bedroom was seen, or that it does not apply' })
  else if (!(b in BEDROOM_SEEN_LABEL)) errors.push({ field: 'bedroomSeen', message: 'Select whether the child’s bedroom was seen from the list' })
  else bedroomSeen = b as BedroomSeen

  const a = input.announced
  const announced = a === 'announced' ? true : a === 'unannounced' ? false : yesNo(a)
  if (announced === null) errors.push({ field: 'announced', message: 'Say whether the visit was announced or unannounced' })

  const visitedBy = text(errors, 'visitedBy', 'Who visited', input.visitedBy, MAX_SHORT_TEXT)
  if (!visitedBy && !errors.some((e) => e.field === 'visitedBy')) errors.push({ field: 'visitedBy', message: 'Enter who visited' })
  const notes = text(errors, 'notes', 'The visit notes', input.notes, MAX_NARRATIVE)
  const reason = text(errors, 'notSeenReason', 'The reason the child was not seen', input.notSeenReason, MAX_NARRATIVE)
  if (childSeen === false && !reason && !errors.some((e) => e.field === 'notSeenReason')) errors.push({ field: 'notSeenReason', message: 'Enter the reason the child was not seen' })

  if (errors.length || !visitDate || childSeen === null || !bedroomSeen || announced === null || !visitedBy) return fail(errors)
  return ok({ visitDate, childSeen, seenAlone, bedroomSeen, announced, visitedBy, notes, notSeenReason: childSeen ? null : reason })
}

/* ------------------------------------------------------------------------------------------------ */
/* When the next visit is due                                                                        */
/* ------------------------------------------------------------------------------------------------ */

export type ClockCalendar = FrequencyCalendar & Pick<WorkingDayCalendar, 'workingDaysBetween'>

export type VisitDue = {
  /** The latest visit on or after the plan start and not after today; null before the first visit. */
  lastVisit: IsoDate | null
  dueDate: IsoDate
  overdue: boolean
  /** Working days from today to the due date; 0 on the due day; negative (working days late) when overdue. */
  workingDaysLeft: number
  rag: Rag
}

/** Red when overdue, amber within `amber` working days of the due date (AMBER_WORKING_DAYS, as assessments), green otherwise. */
export function clockOn(due: IsoDate, today: IsoDate, calendar: Pick<WorkingDayCalendar, 'workingDaysBetween'>, amber = AMBER_WORKING_DAYS): { overdue: boolean; workingDaysLeft: number; rag: Rag } {
  const overdue = today > due
  const workingDaysLeft = overdue ? -calendar.workingDaysBetween(due, today) : calendar.workingDaysBetween(today, due)
  const rag: Rag = overdue ? 'red' : workingDaysLeft <= amber ? 'amber' : 'green'
  return { overdue, workingDaysLeft, rag }
}

/**
 * When the next statutory visit is due on `today`: `frequency` after the last visit, or after the plan
 * start when there has been none (§2 rows 14–15: "last visit → next visit"). Pass the dates of the
 * visits that count: whether a visit where the child was not seen counts is local practice, so the
 * caller filters (e.g. `visits.filter(v => v.childSeen).map(v => v.visitDate)`). Dates before the plan
 * start or after today are ignored.
 */
export function visitDue(planStart: IsoDate, visits: readonly IsoDate[], frequency: Frequency, today: IsoDate, calendar: ClockCalendar, amber = AMBER_WORKING_DAYS): VisitDue {
  let lastVisit: IsoDate | null = null
  for (const v of visits) if (v >= planStart && v <= today && (lastVisit === null || v > lastVisit)) lastVisit = v
  const dueDate = addFrequency(lastVisit ?? planStart, frequency, calendar)
  return { lastVisit, dueDate, ...clockOn(dueDate, today, calendar, amber) }
}

/**
 * The visit dates that count towards the frequency: every visit, or only those where the child was seen
 * (`seenOnly`, the stricter reading many councils use [local]); sorted, one per day.
 */
export function countingVisitDates(visits: readonly Pick<Visit, 'visitDate' | 'childSeen'>[], options: { seenOnly: boolean }): IsoDate[] {
  return [...new Set(visits.filter((v) => !options.seenOnly || v.childSeen).map((v) => v.visitDate))].sort()
}

/**
 * Whether the child was seen alone at the latest visit (Annex A List 7 "seen alone"; §5 "Seen alone at
 * last CP visit"): null when there has been no visit. When several visits share the latest date, true
 * if the child was seen alone at any of them.
 */
export function seenAloneAtLastVisit(visits: readonly Pick<Visit, 'visitDate' | 'childSeen' | 'seenAlone'>[]): boolean | null {
  let last: IsoDate | null = null
  for (const v of visits) if (last === null || v.visitDate > last) last = v.visitDate
  if (last === null) return null
  return visits.some((v) => v.visitDate === last && v.childSeen && v.seenAlone === true)
}

/* ------------------------------------------------------------------------------------------------ */
/* In timescale (MI)                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

export type Interval = {
  /** The plan start or the previous visit. */
  from: IsoDate
  /** When the next visit was due: `frequency` after `from`. */
  due: IsoDate
  /** The visit that closed the interval; null for a gap still open at the end of the period, already past its due date. */
  visitedOn: IsoDate | null
  met: boolean
}

export type InTimescale = { intervals: number; met: number; share: number | null; detail: Interval[] }

/**
 * "Visits in timescale" (§5 "CP visits in timescale", "CIN visits / plan reviews in timescale" [local]).
 *
 * Definition: the period runs from the plan start to the plan end, or to `asAt` if the plan is open
 * (or ended after `asAt`). Events (visit dates, or review dates) in the period are taken in date order,
 * at most one per day. Each event closes one interval that began at the plan start or at the previous
 * event; the interval met the frequency if the event was on or before its due date (`frequency` after
 * the interval's start). The gap after the last event counts as one more interval, not met, only if its
 * due date passed before the end of the period (a visit still not due, or due on the last day, is not
 * counted yet). An event on the plan start day closes no interval (nothing was due). Share = met ÷
 * intervals; null when no interval has closed or fallen due.
 *
 * So one long gap counts once, however many visits it should have held; for "was the child's last visit
 * within the interval at the report date" use `visitDue(...).overdue` instead (the other §5 reading).
 */
export function eventsInTimescale(planStart: IsoDate, planEnd: IsoDate | null, events: readonly IsoDate[], frequency: Frequency, calendar: FrequencyCalendar, asAt: IsoDate): InTimescale {
  const periodEnd = planEnd !== null && planEnd < asAt ? planEnd : asAt
  const dates = [...new Set(events.filter((d) => d >= planStart && d <= periodEnd))].sort()
  const detail: Interval[] = []
  let from = planStart
  for (const d of dates) {
    if (d === from) continue
    const due = addFrequency(from, frequency, calendar)
    detail.push({ from, due, visitedOn: d, met: d <= due })
    from = d
  }
  const due = addFrequency(from, frequency, calendar)
  if (due < periodEnd) detail.push({ from, due, visitedOn: null, met: false })
  const met = detail.filter((i) => i.met).length
  return { intervals: detail.length, met, share: detail.length ? met / detail.length : null, detail }
}

/** Visits in timescale: `eventsInTimescale` over visit dates (see its definition). */
export function visitsInTimescale(planStart: IsoDate, planEnd: IsoDate | null, visits: readonly IsoDate[], frequency: Frequency, calendar: FrequencyCalendar, asAt: IsoDate): InTimescale {
  return eventsInTimescale(planStart, planEnd, visits, frequency, calendar, asAt)
}
