/**
 * What the conference pages record besides the decision itself (issue 6): invitees and core group
 * members (name, agency, role), the weekday rule for conference dates (CIN census 8875), review
 * scheduling against the plan's review due date, visit frequency, and core group meetings. Pure.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, type IsoDate } from '../shared/dates.ts'
import { isoWeekday } from '../calendar/days.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import { AGENCY, isAgency, type Agency } from './codes.ts'
import { cpDate, cpText, MAX_NARRATIVE, MAX_SHORT_TEXT, yesNo, type Warning } from './strategyDiscussion.ts'
import { REPORTS_SHARED_WORKING_DAYS } from './conference.ts'

type Cal = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween'>

/** Rows of the schedule form (invitees) and of the outcome form (core group members). */
export const INVITEE_ROWS = 8
export const CORE_GROUP_MEMBER_ROWS = 6
export const CORE_GROUP_ATTENDEE_ROWS = 6
export const CORE_GROUP_ACTION_ROWS = 4
export const MIN_VISIT_WORKING_DAYS = 1
export const MAX_VISIT_WORKING_DAYS = 60

/** CIN census 8875: a conference date cannot be a Saturday or Sunday. */
export function weekendError(field: string, date: IsoDate | null, what: string): FieldError[] {
  if (!date) return []
  const wd = isoWeekday(date)
  if (wd < 6) return []
  return [{ field, message: `${what} cannot be on a ${wd === 6 ? 'Saturday' : 'Sunday'} (CIN census rule 8875): choose a weekday` }]
}

export type PersonRowInput = { row: number; name?: string | null; agency?: string | null; role?: string | null }
export type PersonRow = { name: string; agency: Agency; role: string | null }

/**
 * Numbered rows of people (invitee 1…8, member 1…6): a row with anything in it needs a name and an
 * agency; blank rows are ignored. Error fields are `${prefix}${row}Name` / `…Agency` / `…Role`.
 */
export function validatePeopleRows(errors: FieldError[], prefix: string, label: string, rows: readonly PersonRowInput[]): PersonRow[] {
  const out: PersonRow[] = []
  for (const r of rows) {
    const blank = !(r.name ?? '').trim() && !(r.agency ?? '').trim() && !(r.role ?? '').trim()
    if (blank) continue
    const name = cpText(errors, `${prefix}${r.row}Name`, `The name of ${label} ${r.row}`, r.name, MAX_SHORT_TEXT, true)
    const role = cpText(errors, `${prefix}${r.row}Role`, `The role of ${label} ${r.row}`, r.role, MAX_SHORT_TEXT)
    const agency = (r.agency ?? '').trim()
    if (!isAgency(agency)) errors.push({ field: `${prefix}${r.row}Agency`, message: `Select the agency of ${label} ${r.row}` })
    if (name && isAgency(agency)) out.push({ name, agency, role })
  }
  return out
}

/** The conference date (and reports date) checks shared by every type: weekday only. */
export function conferenceDateErrors(conferenceOn: string | null | undefined): FieldError[] {
  const d = (conferenceOn ?? '').trim()
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? weekendError('conferenceOn', d, 'The conference') : []
}

export type ScheduledReview = { conferenceOn: IsoDate; target: IsoDate; withinTimescale: boolean; workingDaysLate: number; reportsSharedOn: IsoDate | null }

/**
 * Schedule a review conference: target is the plan's next review due date; not before the plan started or
 * its last review; late and reports-shared-late are warnings.
 */
export function scheduleReview(
  input: { conferenceOn?: string | null; reportsSharedOn?: string | null },
  facts: { target: IsoDate; planStart: IsoDate; lastReviewDate: IsoDate | null },
  calendar: Cal,
): Result<{ scheduled: ScheduledReview; warnings: Warning[] }> {
  const errors: FieldError[] = []
  const conferenceOn = cpDate(errors, 'conferenceOn', 'The date of the conference', input.conferenceOn)
  const reportsSharedOn = cpDate(errors, 'reportsSharedOn', 'The date reports were shared with the parents', input.reportsSharedOn, false)
  const notBefore = facts.lastReviewDate && facts.lastReviewDate > facts.planStart ? facts.lastReviewDate : facts.planStart
  if (conferenceOn && conferenceOn < notBefore)
    errors.push({ field: 'conferenceOn', message: `The review conference cannot be before ${facts.lastReviewDate && facts.lastReviewDate >= facts.planStart ? 'the last review' : 'the plan started'} (${formatDate(notBefore)})` })
  if (errors.length || !conferenceOn) return fail(errors)
  const late = conferenceOn <= facts.target ? 0 : calendar.workingDaysBetween(facts.target, conferenceOn)
  const warnings: Warning[] = []
  if (late > 0) warnings.push({ field: 'conferenceOn', message: `The review child protection conference is after its due date (${formatDate(facts.target)}): ${late} working day${late === 1 ? '' : 's'} late` })
  if (reportsSharedOn) {
    const before = calendar.workingDaysBetween(reportsSharedOn, conferenceOn)
    if (before < REPORTS_SHARED_WORKING_DAYS)
      warnings.push({
        field: 'reportsSharedOn',
        message: `Reports were shared with the parents ${before <= 0 ? 'on or after the day of the conference' : `only ${before} working day${before === 1 ? '' : 's'} before`}: local practice is at least ${REPORTS_SHARED_WORKING_DAYS} working days before the conference`,
      })
  }
  return ok({ scheduled: { conferenceOn, target: facts.target, withinTimescale: late === 0, workingDaysLate: late, reportsSharedOn }, warnings })
}

/** Working days late against a target (0 when on or before it). */
export function workingDaysLate(target: IsoDate, on: IsoDate, calendar: Pick<WorkingDayCalendar, 'workingDaysBetween'>): number {
  return on <= target ? 0 : calendar.workingDaysBetween(target, on)
}

/** Visit frequency set by the conference: whole working days, 1–60; blank is the default. */
export function validateVisitFrequency(errors: FieldError[], raw: string | null | undefined, fallback: number): number {
  const s = (raw ?? '').trim()
  if (!s) return fallback
  if (!/^\d+$/.test(s) || Number(s) < MIN_VISIT_WORKING_DAYS || Number(s) > MAX_VISIT_WORKING_DAYS) {
    errors.push({ field: 'visitFrequency', message: `Enter how often the child must be visited as a whole number of working days from ${MIN_VISIT_WORKING_DAYS} to ${MAX_VISIT_WORKING_DAYS}` })
    return fallback
  }
  return Number(s)
}

/** True when a conference with these attendees was quorate (at least 3 agencies, including children's social care). */
export function isQuorate(attendees: readonly { agency: Agency; attended: boolean }[], quorum: number): boolean {
  const present = new Set(attendees.filter((a) => a.attended).map((a) => a.agency))
  return present.size >= quorum && present.has('childrens_social_care')
}

export type CoreGroupAttendeeInput = PersonRowInput & { attended?: string | null }
export type CoreGroupAttendee = PersonRow & { attended: boolean }
export type CoreGroupActionInput = { row: number; action?: string | null; owner?: string | null; dueOn?: string | null }
export type CoreGroupAction = { action: string; owner: string; dueOn: IsoDate }
export type CoreGroupInput = { heldOn?: string | null; attendees: readonly CoreGroupAttendeeInput[]; notes?: string | null; actions: readonly CoreGroupActionInput[] }
export type CoreGroup = { heldOn: IsoDate; attendees: CoreGroupAttendee[]; notes: string | null; actions: CoreGroupAction[] }

/** A core group meeting: held on (not in the future, not before the plan started), who came, notes, actions. */
export function validateCoreGroup(input: CoreGroupInput, facts: { planStart: IsoDate; today: IsoDate }): Result<CoreGroup> {
  const errors: FieldError[] = []
  const heldOn = cpDate(errors, 'heldOn', 'The date the core group met', input.heldOn)
  if (heldOn && heldOn > facts.today) errors.push({ field: 'heldOn', message: 'The date the core group met cannot be in the future' })
  else if (heldOn && heldOn < facts.planStart) errors.push({ field: 'heldOn', message: `The core group cannot have met before the child protection plan started (${formatDate(facts.planStart)})` })
  const attendees: CoreGroupAttendee[] = []
  for (const r of input.attendees) {
    const blank = !(r.name ?? '').trim() && !(r.agency ?? '').trim() && !(r.role ?? '').trim()
    if (blank) continue
    const [p] = validatePeopleRows(errors, 'attendee', 'person', [r])
    const attended = yesNo(r.attended ?? null)
    if (attended === null) errors.push({ field: `attendee${r.row}Attended`, message: `Select yes if person ${r.row} attended` })
    if (p && attended !== null) attendees.push({ ...p, attended })
  }
  if (!errors.length && attendees.length === 0) errors.push({ field: 'attendee1Name', message: 'Add who was at the core group meeting' })
  const notes = cpText(errors, 'notes', 'The notes of the meeting', input.notes, MAX_NARRATIVE)
  const actions: CoreGroupAction[] = []
  for (const a of input.actions) {
    const blank = !(a.action ?? '').trim() && !(a.owner ?? '').trim() && !(a.dueOn ?? '').trim()
    if (blank) continue
    const action = cpText(errors, `action${a.row}Text`, `Action ${a.row}`, a.action, MAX_SHORT_TEXT, true)
    const owner = cpText(errors, `action${a.row}Owner`, `Who does action ${a.row}`, a.owner, MAX_SHORT_TEXT, true)
    const dueOn = cpDate(errors, `action${a.row}DueOn`, `The date action ${a.row} is due`, a.dueOn)
    if (dueOn && heldOn && dueOn < heldOn) errors.push({ field: `action${a.row}DueOn`, message: `Action ${a.row} cannot be due before the meeting (${formatDate(heldOn)})` })
    if (action && owner && dueOn) actions.push({ action, owner, dueOn })
  }
  if (errors.length || !heldOn) return fail(errors)
  return ok({ heldOn, attendees, notes, actions })
}

export const agencyLabel = (a: string): string => (isAgency(a) ? AGENCY[a] : a)
