/**
 * The child protection plan (REFERENCE §1.3 "CP plan", "RCPC"; §1.4 "Repeat CP plan"; §2 rows 11–14,
 * 38–39; §5 NI 64, NI 65). Pure: dates and the calendar are passed in.
 *
 * - Starts on the date of the conference that decided on it (CIN census CPPstartDate).
 * - Number of previous plans (CIN census NumberOfPreviousCPP; NI 65 counted any previous plan); many
 *   councils also track a repeat within 2 years of the previous plan ending [local].
 * - First core group within 10 WD of the ICPC (Working Together 2006–2023); later core groups every
 *   20 working days by default [local, configurable].
 * - Statutory visits every 10 working days by default (rule 'cp-visit', local practice set by the plan).
 * - Only a conference ends a plan (Working Together 2010, 2018, 2023); lasting 2 years or more is NI 64.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, type IsoDate } from '../shared/dates.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import type { Rag } from '../assessments/frameworks.ts'
import { dueDate, type DueDateCalendar, type Framework } from '../timescales/rules.ts'
import type { AbuseCategory } from './codes.ts'
import { firstRcpcDue, nextRcpcDue } from './conference.ts'

type Cal = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween' | 'addCalendarMonths' | 'addWeeks'>

/** Later core groups: every 20 working days unless the plan says otherwise [local]. */
export const DEFAULT_CORE_GROUP_WORKING_DAYS = 20
/** Amber when a visit or core group is due within this many working days [local]. */
export const CP_AMBER_WORKING_DAYS = 2
/** Amber when a review conference is due within this many working days [local]. */
export const REVIEW_AMBER_WORKING_DAYS = 10
/** Repeat-plan window tracked locally alongside NI 65: previous plan ended within 2 years. */
export const REPEAT_WINDOW_YEARS = 2

function rule(name: 'first-core-group' | 'cp-visit', date: IsoDate, framework: Framework, calendar: DueDateCalendar): IsoDate {
  const r = dueDate(name, date, framework, calendar)
  if (!r.ok) throw new RangeError(r.error)
  return r.due
}

/** The default visit frequency in working days, from the 'cp-visit' rule (10). */
export const DEFAULT_VISIT_WORKING_DAYS = 10

export type PlanPeriod = { startDate: IsoDate; endDate: IsoDate | null }

/** Plans of this child that started before `start` (CIN census NumberOfPreviousCPP; NI 65 "any previous"). */
export function numberOfPreviousPlans(plans: readonly PlanPeriod[], start: IsoDate): number {
  return plans.filter((p) => p.startDate < start).length
}

/** True when a previous plan ended within 2 years before `start` (or is still open) [local repeat measure]. */
export function within2YearsOfPrevious(plans: readonly PlanPeriod[], start: IsoDate, calendar: Pick<WorkingDayCalendar, 'addCalendarMonths'>): boolean {
  const windowStart = calendar.addCalendarMonths(start, -12 * REPEAT_WINDOW_YEARS)
  return plans.some((p) => p.startDate < start && (p.endDate === null || (p.endDate >= windowStart && p.endDate <= start)))
}

export type CpPlan = {
  status: 'open' | 'ended'
  startDate: IsoDate
  startConferenceId: string
  initialCategories: AbuseCategory[]
  latestCategories: AbuseCategory[]
  numberOfPreviousPlans: number
  repeatWithin2Years: boolean
  firstCoreGroupDue: IsoDate
  firstReviewDue: IsoDate
  lastReviewDate: IsoDate | null
  nextReviewDue: IsoDate
  endDate: IsoDate | null
  endConferenceId: string | null
}

/** A plan from the conference that decided on it. */
export function startPlan(
  input: { conferenceId: string; conferenceDate: IsoDate; categories: readonly AbuseCategory[]; previousPlans: readonly PlanPeriod[] },
  calendar: Cal,
  framework: Framework = 'wt2023',
): Result<CpPlan> {
  if (!input.conferenceId) return fail([{ field: 'conferenceId', message: 'A child protection plan can only start from a conference decision' }])
  if (input.categories.length === 0) return fail([{ field: 'categories', message: 'Select at least one category of abuse for the child protection plan' }])
  const open = input.previousPlans.find((p) => p.endDate === null || p.endDate > input.conferenceDate)
  if (open) return fail([{ field: 'conferenceDate', message: `The child already has a child protection plan (from ${formatDate(open.startDate)})` }])
  const firstReviewDue = firstRcpcDue(input.conferenceDate, calendar, framework)
  return ok({
    status: 'open',
    startDate: input.conferenceDate,
    startConferenceId: input.conferenceId,
    initialCategories: [...input.categories],
    latestCategories: [...input.categories],
    numberOfPreviousPlans: numberOfPreviousPlans(input.previousPlans, input.conferenceDate),
    repeatWithin2Years: within2YearsOfPrevious(input.previousPlans, input.conferenceDate, calendar),
    firstCoreGroupDue: rule('first-core-group', input.conferenceDate, framework, calendar),
    firstReviewDue,
    lastReviewDate: null,
    nextReviewDue: firstReviewDue,
    endDate: null,
    endConferenceId: null,
  })
}

/** First core group: 10 working days after the ICPC. */
export function firstCoreGroupDue(icpcDate: IsoDate, calendar: DueDateCalendar, framework: Framework = 'wt2023'): IsoDate {
  return rule('first-core-group', icpcDate, framework, calendar)
}

/** The next core group: first within 10 WD of the ICPC; then every `cadenceWd` working days after the last one. */
export function nextCoreGroupDue(icpcDate: IsoDate, lastCoreGroup: IsoDate | null, calendar: Cal, cadenceWd: number = DEFAULT_CORE_GROUP_WORKING_DAYS): IsoDate {
  return lastCoreGroup ? calendar.addWorkingDays(lastCoreGroup, cadenceWd) : firstCoreGroupDue(icpcDate, calendar)
}

export type DueStatus = { dueDate: IsoDate; overdue: boolean; workingDaysLeft: number; rag: Rag }

function status(due: IsoDate, today: IsoDate, calendar: Cal, amber: number): DueStatus {
  const overdue = today > due
  const workingDaysLeft = overdue ? -calendar.workingDaysBetween(due, today) : calendar.workingDaysBetween(today, due)
  return { dueDate: due, overdue, workingDaysLeft, rag: overdue ? 'red' : workingDaysLeft <= amber ? 'amber' : 'green' }
}

/**
 * Statutory visits: due `frequencyWd` working days (default 10, rule 'cp-visit') after the later of the
 * plan start and the last visit. Red overdue, amber within CP_AMBER_WORKING_DAYS, green otherwise.
 */
export function visitStatus(lastVisitDate: IsoDate | null, planStart: IsoDate, today: IsoDate, frequencyWd: number, calendar: Cal): DueStatus {
  const from = lastVisitDate && lastVisitDate > planStart ? lastVisitDate : planStart
  const due = frequencyWd === DEFAULT_VISIT_WORKING_DAYS ? rule('cp-visit', from, 'wt2023', calendar) : calendar.addWorkingDays(from, frequencyWd)
  return status(due, today, calendar, CP_AMBER_WORKING_DAYS)
}

/** Core group status on `today`. */
export function coreGroupStatus(icpcDate: IsoDate, lastCoreGroup: IsoDate | null, today: IsoDate, calendar: Cal, cadenceWd: number = DEFAULT_CORE_GROUP_WORKING_DAYS): DueStatus {
  return status(nextCoreGroupDue(icpcDate, lastCoreGroup, calendar, cadenceWd), today, calendar, CP_AMBER_WORKING_DAYS)
}

/** Review conference status: first within 3 months of the start, then within 6 months of the last review. */
export function reviewStatus(planStart: IsoDate, lastReviewDate: IsoDate | null, today: IsoDate, calendar: Cal, framework: Framework = 'wt2023'): DueStatus {
  const due = lastReviewDate ? nextRcpcDue(lastReviewDate, calendar, framework) : firstRcpcDue(planStart, calendar, framework)
  return status(due, today, calendar, REVIEW_AMBER_WORKING_DAYS)
}

/** NI 64: the plan has lasted 2 years or more by `endOrToday` (its end date, or today if open). */
export function lastedTwoYearsOrMore(startDate: IsoDate, endOrToday: IsoDate, calendar: Pick<WorkingDayCalendar, 'addCalendarMonths'>): boolean {
  return endOrToday >= calendar.addCalendarMonths(startDate, 24)
}

export type PlanEvent =
  | { type: 'review'; conferenceId: string; heldOn: IsoDate; decision: 'continue' | 'change_category'; categories?: readonly AbuseCategory[] }
  | { type: 'end'; conferenceId?: string | null; endedOn: IsoDate; stepDownToCin?: boolean }

export type PlanTransition = { plan: CpPlan; cinPlanStart: IsoDate | null; lastedTwoYearsOrMore: boolean }

/**
 * Apply a review or an end. Only a conference (end_plan) ends a plan: an end without a conference id
 * is refused. Ending with stepDownToCin starts a child in need plan on the same day.
 */
export function planTransition(plan: CpPlan, event: PlanEvent, calendar: Cal, framework: Framework = 'wt2023'): Result<PlanTransition> {
  const errors: FieldError[] = []
  if (plan.status === 'ended') return fail([{ field: 'status', message: `This child protection plan ended on ${formatDate(plan.endDate)}` }])
  const at = event.type === 'review' ? event.heldOn : event.endedOn
  if (at < plan.startDate) errors.push({ field: event.type === 'review' ? 'heldOn' : 'endedOn', message: `The date cannot be before the plan started (${formatDate(plan.startDate)})` })
  if (plan.lastReviewDate && at < plan.lastReviewDate) errors.push({ field: event.type === 'review' ? 'heldOn' : 'endedOn', message: `The date cannot be before the last review (${formatDate(plan.lastReviewDate)})` })
  if (!event.conferenceId)
    errors.push({ field: 'conferenceId', message: event.type === 'end' ? 'Only a child protection conference can end a child protection plan: record the review conference’s decision' : 'A review must come from a conference' })
  if (event.type === 'review' && event.decision === 'change_category') {
    const cats = [...(event.categories ?? [])]
    if (cats.length === 0) errors.push({ field: 'categories', message: 'Select at least one category of abuse for the child protection plan' })
    else if (cats.includes('MUL') && cats.length > 1) errors.push({ field: 'categories', message: '‘Multiple (not recommended)’ cannot be selected with other categories' })
    else if ([...cats].sort().join() === [...plan.latestCategories].sort().join()) errors.push({ field: 'categories', message: 'Select a different category of abuse: these are the plan’s current categories' })
  }
  if (errors.length) return fail(errors)
  if (event.type === 'review') {
    const latestCategories = event.decision === 'change_category' ? [...(event.categories ?? [])] : plan.latestCategories
    const next: CpPlan = { ...plan, latestCategories, lastReviewDate: event.heldOn, nextReviewDue: nextRcpcDue(event.heldOn, calendar, framework) }
    return ok({ plan: next, cinPlanStart: null, lastedTwoYearsOrMore: false })
  }
  const ended: CpPlan = { ...plan, status: 'ended', endDate: event.endedOn, endConferenceId: event.conferenceId ?? null }
  return ok({ plan: ended, cinPlanStart: event.stepDownToCin ? event.endedOn : null, lastedTwoYearsOrMore: lastedTwoYearsOrMore(plan.startDate, event.endedOn, calendar) })
}
