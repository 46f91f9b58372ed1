/**
 * Child protection conferences (REFERENCE §1.3 "ICPC", "RCPC"; §1.4 "Transfer-in CP"; §2 rows 9–13):
 * scheduling against the 15-working-day target, attendance, the decision and categories of abuse, and
 * when reviews are due. Pure: dates and the working-day calendar are passed in.
 *
 * - ICPC within 15 WD of the strategy discussion at which s47 started (Working Together 2010,
 *   2018, 2023; CIN census InitialCPCtarget).
 * - First review within 3 months of the ICPC, then no more than 6 months apart (Working Together
 *   1999–2023; NI 67).
 * - Transfer-in conference within 15 WD of notification of the move (Working Together 2010 [verify]).
 * - Reports shared with parents at least 2 working days before the conference: LOCAL PRACTICE
 *   (Working Together asks for reports to be shared in advance); a warning, not an error.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, type IsoDate } from '../shared/dates.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import { dueDate, type DueDateCalendar, type Framework } from '../timescales/rules.ts'
import { ABUSE_CATEGORY, AGENCY, CONFERENCE_DECISION, CONFERENCE_TYPE, decisionsFor, isAbuseCategory, isAgency, isConferenceDecision, type AbuseCategory, type Agency, type ConferenceDecision, type ConferenceType } from './codes.ts'
import { cpDate, cpText, MAX_NARRATIVE, MAX_SHORT_TEXT, yesNo, type Warning } from './strategyDiscussion.ts'

type Cal = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween' | 'addCalendarMonths' | 'addWeeks'>

/** Local practice: reports shared with parents at least this many working days before the conference. */
export const REPORTS_SHARED_WORKING_DAYS = 2
/** Transfer-in conference within this many working days of notification (Working Together 2010 [verify]). */
export const TRANSFER_IN_WORKING_DAYS = 15

function rule(name: 'icpc' | 'first-rcpc' | 'next-rcpc', date: IsoDate, framework: Framework, calendar: DueDateCalendar): IsoDate {
  const r = dueDate(name, date, framework, calendar)
  if (!r.ok) throw new RangeError(r.error)
  return r.due
}

export type IcpcTimeliness = { target: IsoDate; withinTimescale: boolean; workingDaysLate: number }

/** The ICPC against its target: 15 WD after the strategy discussion; working days late (0 when on time). */
export function icpcTimeliness(strategyDate: IsoDate, icpcDate: IsoDate, calendar: Cal, framework: Framework = 'wt2023'): IcpcTimeliness {
  const target = rule('icpc', strategyDate, framework, calendar)
  const withinTimescale = icpcDate <= target
  return { target, withinTimescale, workingDaysLate: withinTimescale ? 0 : calendar.workingDaysBetween(target, icpcDate) }
}

/** First review conference: within 3 calendar months of the ICPC (end-of-month clamped). */
export function firstRcpcDue(icpcDate: IsoDate, calendar: DueDateCalendar, framework: Framework = 'wt2023'): IsoDate {
  return rule('first-rcpc', icpcDate, framework, calendar)
}

/** Later review conferences: within 6 calendar months of the previous review. */
export function nextRcpcDue(previousReviewDate: IsoDate, calendar: DueDateCalendar, framework: Framework = 'wt2023'): IsoDate {
  return rule('next-rcpc', previousReviewDate, framework, calendar)
}

/** Transfer-in conference target: 15 working days after notification that the child moved in. */
export function transferInTarget(notifiedOn: IsoDate, calendar: Pick<WorkingDayCalendar, 'addWorkingDays'>): IsoDate {
  return calendar.addWorkingDays(notifiedOn, TRANSFER_IN_WORKING_DAYS)
}

export type ScheduleInput = { conferenceOn?: string | null; reportsSharedOn?: string | null }

export type ScheduledConference = {
  type: 'initial' | 'transfer_in'
  conferenceOn: IsoDate
  target: IsoDate
  withinTimescale: boolean
  workingDaysLate: number
  reportsSharedOn: IsoDate | null
}

function reportsWarning(sharedOn: IsoDate | null, conferenceOn: IsoDate, calendar: Cal): Warning[] {
  if (!sharedOn) return []
  const before = calendar.workingDaysBetween(sharedOn, conferenceOn)
  if (before >= REPORTS_SHARED_WORKING_DAYS) return []
  return [
    {
      field: 'reportsSharedOn',
      message: `Reports were shared with the parents ${before <= 0 ? 'on or after the day of the conference' : `only ${before} working day${before === 1 ? '' : 's'} before`}: local practice is at least ${REPORTS_SHARED_WORKING_DAYS} working days before the conference`,
    },
  ]
}

function lateWarning(what: string, target: IsoDate, late: number): Warning[] {
  if (late <= 0) return []
  return [{ field: 'conferenceOn', message: `The ${what} is after its target date (${formatDate(target)}): ${late} working day${late === 1 ? '' : 's'} late` }]
}

/**
 * Schedule an initial conference: not before the strategy discussion; a warning (not an error) when after
 * the 15-working-day target, saying how many working days late, and when reports go to parents late.
 */
export function scheduleIcpc(input: ScheduleInput, facts: { strategyDate: IsoDate; framework?: Framework }, calendar: Cal): Result<{ scheduled: ScheduledConference; warnings: Warning[] }> {
  const errors: FieldError[] = []
  const conferenceOn = cpDate(errors, 'conferenceOn', 'The date of the conference', input.conferenceOn)
  const reportsSharedOn = cpDate(errors, 'reportsSharedOn', 'The date reports were shared with the parents', input.reportsSharedOn, false)
  if (conferenceOn && conferenceOn < facts.strategyDate)
    errors.push({ field: 'conferenceOn', message: `The conference cannot be before the strategy discussion (${formatDate(facts.strategyDate)})` })
  if (reportsSharedOn && facts.strategyDate > reportsSharedOn)
    errors.push({ field: 'reportsSharedOn', message: `Reports cannot be shared before the strategy discussion (${formatDate(facts.strategyDate)})` })
  if (errors.length || !conferenceOn) return fail(errors)
  const t = icpcTimeliness(facts.strategyDate, conferenceOn, calendar, facts.framework)
  const warnings = [...lateWarning('initial child protection conference', t.target, t.workingDaysLate), ...reportsWarning(reportsSharedOn, conferenceOn, calendar)]
  return ok({ scheduled: { type: 'initial', conferenceOn, target: t.target, withinTimescale: t.withinTimescale, workingDaysLate: t.workingDaysLate, reportsSharedOn }, warnings })
}

/** Schedule a transfer-in conference: no section 47; target 15 WD after notification of the move. */
export function scheduleTransferIn(input: ScheduleInput & { notifiedOn?: string | null }, calendar: Cal): Result<{ scheduled: ScheduledConference & { notifiedOn: IsoDate }; warnings: Warning[] }> {
  const errors: FieldError[] = []
  const notifiedOn = cpDate(errors, 'notifiedOn', 'The date we were told the child moved here', input.notifiedOn)
  const conferenceOn = cpDate(errors, 'conferenceOn', 'The date of the conference', input.conferenceOn)
  const reportsSharedOn = cpDate(errors, 'reportsSharedOn', 'The date reports were shared with the parents', input.reportsSharedOn, false)
  if (notifiedOn && conferenceOn && conferenceOn < notifiedOn)
    errors.push({ field: 'conferenceOn', message: `The conference cannot be before we were told the child moved here (${formatDate(notifiedOn)})` })
  if (errors.length || !notifiedOn || !conferenceOn) return fail(errors)
  const target = transferInTarget(notifiedOn, calendar)
  const late = conferenceOn <= target ? 0 : calendar.workingDaysBetween(target, conferenceOn)
  const warnings = [...lateWarning('transfer-in conference', target, late), ...reportsWarning(reportsSharedOn, conferenceOn, calendar)]
  return ok({ scheduled: { type: 'transfer_in', notifiedOn, conferenceOn, target, withinTimescale: late === 0, workingDaysLate: late, reportsSharedOn }, warnings })
}

export type AttendeeInput = { name?: string | null; agency?: string | null; role?: string | null; attended?: string | boolean | null }
export type Attendee = { name: string; agency: Agency; role: string | null; attended: boolean }

export type ConferenceOutcomeInput = {
  heldOn?: string | null
  attendees?: readonly AttendeeInput[]
  decision?: string | null
  categories?: readonly string[]
  childParticipation?: string | null
  dissent?: string | null
  summary?: string | null
}

export type ConferenceOutcome = {
  type: ConferenceType
  heldOn: IsoDate
  attendees: Attendee[]
  decision: ConferenceDecision
  /** Categories of abuse under the plan after this conference; empty when there is no plan or it ends. */
  categories: AbuseCategory[]
  childParticipation: string | null
  dissent: string | null
  summary: string | null
}

/** Working Together 2010 [verify]: a conference is quorate with at least three agencies (incl. children's social care). */
export const QUORUM_AGENCIES = 3
export const MAX_ATTENDEES = 60

/** Categories rule: at least one when there is (or continues) a plan; MUL (multiple) only on its own. */
export function checkCategories(errors: FieldError[], raw: readonly string[], needed: boolean, allowed: boolean): AbuseCategory[] {
  const cats = [...new Set(raw.map((c) => c.trim()).filter(Boolean))]
  if (cats.some((c) => !isAbuseCategory(c))) {
    errors.push({ field: 'categories', message: 'Select categories of abuse from the list' })
    return []
  }
  const valid = cats as AbuseCategory[]
  if (!allowed && valid.length) errors.push({ field: 'categories', message: 'Do not select a category of abuse when there is no child protection plan' })
  else if (needed && valid.length === 0) errors.push({ field: 'categories', message: 'Select at least one category of abuse for the child protection plan' })
  else if (valid.includes('MUL') && valid.length > 1) errors.push({ field: 'categories', message: `‘${ABUSE_CATEGORY.MUL}’ cannot be selected with other categories` })
  return valid
}

/**
 * Record what a conference decided. `currentCategories` are the plan's latest categories (reviews only):
 * a change of category must change them; 'continue' keeps them when none are selected.
 */
export function validateConferenceOutcome(
  input: ConferenceOutcomeInput,
  facts: { type: ConferenceType; notBefore: IsoDate; today: IsoDate; currentCategories?: readonly AbuseCategory[] },
): Result<{ outcome: ConferenceOutcome; warnings: Warning[] }> {
  const errors: FieldError[] = []
  const warnings: Warning[] = []
  const heldOn = cpDate(errors, 'heldOn', 'The date the conference was held', input.heldOn)
  if (heldOn && heldOn > facts.today) errors.push({ field: 'heldOn', message: 'The date the conference was held cannot be in the future' })
  else if (heldOn && heldOn < facts.notBefore) errors.push({ field: 'heldOn', message: `The date the conference was held cannot be before ${formatDate(facts.notBefore)}` })

  const attendees: Attendee[] = []
  const raw = (input.attendees ?? []).filter((a) => (a.name ?? '').trim() || (a.agency ?? '').trim())
  if (raw.length === 0) errors.push({ field: 'attendees', message: 'Add who was invited to the conference and whether they attended' })
  else if (raw.length > MAX_ATTENDEES) errors.push({ field: 'attendees', message: `Add no more than ${MAX_ATTENDEES} people` })
  else
    raw.forEach((a, i) => {
      const name = cpText(errors, `attendees[${i}].name`, `The name of person ${i + 1}`, a.name, MAX_SHORT_TEXT, true)
      const role = cpText(errors, `attendees[${i}].role`, `The role of person ${i + 1}`, a.role, MAX_SHORT_TEXT)
      const agency = (a.agency ?? '').trim()
      const attended = yesNo(a.attended ?? null)
      if (!isAgency(agency)) errors.push({ field: `attendees[${i}].agency`, message: `Select the agency of person ${i + 1}` })
      if (attended === null) errors.push({ field: `attendees[${i}].attended`, message: `Select yes if person ${i + 1} attended` })
      if (name && isAgency(agency) && attended !== null) attendees.push({ name, agency, role, attended })
    })

  const allowedDecisions = decisionsFor(facts.type)
  const d = (input.decision ?? '').trim()
  const decision = isConferenceDecision(d) && allowedDecisions.includes(d) ? d : null
  if (!decision) errors.push({ field: 'decision', message: `Select the decision of the ${CONFERENCE_TYPE[facts.type].toLowerCase()}: ${allowedDecisions.map((x) => CONFERENCE_DECISION[x].toLowerCase()).join(', ')}` })

  const withPlan = decision === 'plan' || decision === 'change_category' || decision === 'continue'
  let categories = checkCategories(errors, input.categories ?? [], decision === 'plan' || decision === 'change_category', withPlan)
  const current = [...(facts.currentCategories ?? [])].sort()
  if (decision === 'change_category' && categories.length && [...categories].sort().join() === current.join())
    errors.push({ field: 'categories', message: 'Select a different category of abuse: these are the plan’s current categories' })
  if (decision === 'continue' && categories.length === 0) categories = [...current]

  const childParticipation = cpText(errors, 'childParticipation', 'How the child took part', input.childParticipation, MAX_NARRATIVE)
  const dissent = cpText(errors, 'dissent', 'Any dissent', input.dissent, MAX_NARRATIVE)
  const summary = cpText(errors, 'summary', 'The summary of the conference', input.summary, MAX_NARRATIVE)
  if (errors.length || !heldOn || !decision) return fail(errors)

  const agenciesPresent = new Set(attendees.filter((a) => a.attended).map((a) => a.agency))
  if (agenciesPresent.size < QUORUM_AGENCIES || !agenciesPresent.has('childrens_social_care'))
    warnings.push({ field: 'attendees', message: `The conference may not have been quorate: Working Together 2010 expects at least ${QUORUM_AGENCIES} agencies, including children’s social care` })
  for (const a of ['police', 'health'] as const)
    if (!agenciesPresent.has(a)) warnings.push({ field: 'attendees', message: `${AGENCY[a]} did not attend the conference` })
  return ok({ outcome: { type: facts.type, heldOn, attendees, decision, categories, childParticipation, dissent, summary }, warnings })
}

export type ReviewTimeliness = { heldOn: IsoDate; due: IsoDate; inTimescale: boolean }

/**
 * NI 67 (CP reviews in timescale): each review against its due date — the first within 3 months of the
 * ICPC, each later one within 6 months of the review before it. `allInTimescale` is the NI 67 test for a
 * child; a review due by `today` but not yet held makes it false.
 */
export function reviewsInTimescale(icpcDate: IsoDate, reviewDates: readonly IsoDate[], today: IsoDate, calendar: DueDateCalendar, framework: Framework = 'wt2023'): { reviews: ReviewTimeliness[]; allInTimescale: boolean; nextDue: IsoDate } {
  const reviews: ReviewTimeliness[] = []
  let due = firstRcpcDue(icpcDate, calendar, framework)
  for (const heldOn of [...reviewDates].sort()) {
    reviews.push({ heldOn, due, inTimescale: heldOn <= due })
    due = nextRcpcDue(heldOn, calendar, framework)
  }
  return { reviews, allInTimescale: reviews.every((r) => r.inTimescale) && today <= due, nextDue: due }
}
