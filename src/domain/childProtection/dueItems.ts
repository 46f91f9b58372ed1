/**
 * What is due for a child on child protection or child in need work, and what is overdue (issue 6
 * "Overdue"): the initial child protection conference (ICPC) of a section 47 enquiry awaiting one, the
 * review conference, core group and statutory visit of an open child protection plan, the review and
 * visit of an open child in need plan. Each stays on the worklists and the child's summary until it is
 * done (the next date is then computed afresh) or re-planned with a recorded reason.
 *
 * Pure: the facts, today and the calendar come in. The date rules are those of plan.ts, section47.ts,
 * cinPlan.ts and visit.ts; this file only gathers them and applies re-plans.
 */
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import type { Rag } from '../assessments/frameworks.ts'
import { CP_AMBER_WORKING_DAYS, REVIEW_AMBER_WORKING_DAYS, nextCoreGroupDue, visitStatus } from './plan.ts'
import { nextReviewDue } from '../childInNeed/cinPlan.ts'
import { clockOn, visitDue, type Frequency } from '../visits/visit.ts'

export type DueItemKind = 'icpc' | 'cp_review' | 'core_group' | 'cp_visit' | 'cin_review' | 'cin_visit'
export const DUE_ITEM_KINDS: readonly DueItemKind[] = Object.freeze(['icpc', 'cp_review', 'core_group', 'cp_visit', 'cin_review', 'cin_visit'])
export const isDueItemKind = (s: string | undefined | null): s is DueItemKind => typeof s === 'string' && (DUE_ITEM_KINDS as readonly string[]).includes(s)

export const DUE_ITEM_LABEL: Readonly<Record<DueItemKind, string>> = Object.freeze({
  icpc: 'Initial child protection conference',
  cp_review: 'Review child protection conference',
  core_group: 'Core group meeting',
  cp_visit: 'Child protection visit',
  cin_review: 'Child in need plan review',
  cin_visit: 'Child in need visit',
})

/** Lower-case, for sentences ("Core group re-planned …" uses the label; "the core group meeting" this). */
export const DUE_ITEM_NOUN: Readonly<Record<DueItemKind, string>> = Object.freeze({
  icpc: 'initial child protection conference',
  cp_review: 'review child protection conference',
  core_group: 'core group meeting',
  cp_visit: 'child protection visit',
  cin_review: 'child in need plan review',
  cin_visit: 'child in need visit',
})

/** Amber window per item: review conferences 10 working days ahead, everything else 2 [local, plan.ts]. */
export const AMBER_FOR: Readonly<Record<DueItemKind, number>> = Object.freeze({
  icpc: CP_AMBER_WORKING_DAYS,
  cp_review: REVIEW_AMBER_WORKING_DAYS,
  core_group: CP_AMBER_WORKING_DAYS,
  cp_visit: CP_AMBER_WORKING_DAYS,
  cin_review: CP_AMBER_WORKING_DAYS,
  cin_visit: CP_AMBER_WORKING_DAYS,
})

export type Section47Fact = {
  id: string
  startDate: IsoDate
  icpcTargetDate: IsoDate
  /** open | outcome_recorded | returned | authorised */
  status: string
  /** The authorised outcome asked for a conference (true), said "conference not required" (false), or not yet (null). */
  icpcRequired: boolean | null
  /** An initial conference of this enquiry has been held. */
  initialConferenceHeld: boolean
  /** The date an initial conference is scheduled for, if one is. */
  conferenceScheduledOn: IsoDate | null
}

export type CpPlanDueFact = {
  id: string
  startDate: IsoDate
  nextReviewDue: IsoDate
  reviewScheduledOn: IsoDate | null
  lastCoreGroup: IsoDate | null
  coreGroupFrequencyWorkingDays: number
  /** The latest visit that counts (the child was seen), or null. */
  lastVisit: IsoDate | null
  visitFrequencyWorkingDays: number
}

export type CinPlanDueFact = {
  id: string
  startDate: IsoDate
  lastReview: IsoDate | null
  reviewFrequency: Frequency
  lastVisit: IsoDate | null
  visitFrequency: Frequency
}

export type ReplanFact = {
  item: DueItemKind
  subjectId: string
  previousDue: IsoDate
  newDue: IsoDate
  reason: string
  /** ISO timestamp, for ordering when the same date was re-planned twice. */
  recordedAt: string
  recordedByName: string | null
}

export type ChildDueFacts = {
  personId: string
  section47s: readonly Section47Fact[]
  cpPlan: CpPlanDueFact | null
  cinPlan: CinPlanDueFact | null
  replans: readonly ReplanFact[]
}

export type DueItemStatus = 'overdue' | 'due_soon' | 'ok'

export type DueItem = {
  item: DueItemKind
  personId: string
  /** The section 47, CP plan or CIN plan the item belongs to. */
  subjectId: string
  label: string
  /** The date it is due now: the computed date, or the re-planned date. */
  dueDate: IsoDate
  /** The date the rules give, before any re-plan. */
  computedDue: IsoDate
  status: DueItemStatus
  rag: Rag
  /** Working days late (0 unless overdue). */
  workingDaysOverdue: number
  /** Working days from today to the due date; negative when overdue. */
  workingDaysLeft: number
  /** The re-plan in force (the last in a chain), with its reason. */
  replan: { previousDue: IsoDate; newDue: IsoDate; reason: string; recordedByName: string | null; recordedAt: string } | null
  /** A conference already scheduled for this item, if any. */
  scheduledOn: IsoDate | null
}

type Cal = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween' | 'addCalendarMonths' | 'addWeeks'>

/**
 * A section 47 enquiry still waiting for its initial conference: not authorised as "conference not
 * required" (or with any outcome that asked for none), and no initial conference held.
 */
export function awaitsIcpc(s: Pick<Section47Fact, 'status' | 'icpcRequired' | 'initialConferenceHeld'>): boolean {
  if (s.initialConferenceHeld) return false
  if (s.status === 'authorised' && s.icpcRequired !== true) return false
  return true
}

/**
 * Apply re-plans: a re-plan of this item and subject whose previous due date is the current due date
 * replaces it with its new date; a re-plan of that new date applies in turn (a chain). When the same date
 * was re-planned twice, the later re-plan wins.
 */
export function applyReplans(item: DueItemKind, subjectId: string, computedDue: IsoDate, replans: readonly ReplanFact[]): { dueDate: IsoDate; replan: DueItem['replan'] } {
  const mine = replans.filter((r) => r.item === item && r.subjectId === subjectId).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))
  let due = computedDue
  let applied: DueItem['replan'] = null
  const seen = new Set<string>()
  for (;;) {
    if (seen.has(due)) break
    seen.add(due)
    const hits = mine.filter((r) => r.previousDue === due)
    const last = hits[hits.length - 1]
    if (!last) break
    applied = { previousDue: last.previousDue, newDue: last.newDue, reason: last.reason, recordedByName: last.recordedByName, recordedAt: last.recordedAt }
    due = last.newDue
  }
  return { dueDate: due, replan: applied }
}

function makeItem(facts: Pick<ChildDueFacts, 'personId' | 'replans'>, item: DueItemKind, subjectId: string, computedDue: IsoDate, today: IsoDate, calendar: Cal, scheduledOn: IsoDate | null = null): DueItem {
  const { dueDate, replan } = applyReplans(item, subjectId, computedDue, facts.replans)
  const clock = clockOn(dueDate, today, calendar, AMBER_FOR[item])
  return {
    item,
    personId: facts.personId,
    subjectId,
    label: DUE_ITEM_LABEL[item],
    dueDate,
    computedDue,
    status: clock.overdue ? 'overdue' : clock.rag === 'amber' ? 'due_soon' : 'ok',
    rag: clock.rag,
    workingDaysOverdue: clock.overdue ? -clock.workingDaysLeft : 0,
    workingDaysLeft: clock.workingDaysLeft,
    replan,
    scheduledOn,
  }
}

/** Overdue first, then by due date (earliest first), then by label. Does not mutate. */
export function orderDueItems<T extends Pick<DueItem, 'status' | 'dueDate' | 'label'>>(items: readonly T[]): T[] {
  const rank = (i: T) => (i.status === 'overdue' ? 0 : 1)
  return [...items].sort((a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate) || a.label.localeCompare(b.label))
}

/** The facts the child protection visit item needs: the plan's start, last visit and frequency, and any re-plans. */
export type CpVisitFacts = Pick<ChildDueFacts, 'personId' | 'replans'> & { cpPlan: Pick<CpPlanDueFact, 'id' | 'startDate' | 'lastVisit' | 'visitFrequencyWorkingDays'> }

/**
 * The child protection visit item of a child on a plan, as dueItems works it out (the dashboard's "CP
 * visits in timescale" counts these, so it agrees with the worklists by construction).
 */
export function cpVisitItem(facts: CpVisitFacts, today: IsoDate, calendar: Cal): DueItem {
  const cp = facts.cpPlan
  return makeItem(facts, 'cp_visit', cp.id, visitStatus(cp.lastVisit, cp.startDate, today, cp.visitFrequencyWorkingDays, calendar).dueDate, today, calendar)
}

/** Every due item of one child on `today`, overdue first then by due date. */
export function dueItems(facts: ChildDueFacts, today: IsoDate, calendar: Cal): DueItem[] {
  const items: DueItem[] = []
  for (const s of facts.section47s) {
    if (awaitsIcpc(s)) items.push(makeItem(facts, 'icpc', s.id, s.icpcTargetDate, today, calendar, s.conferenceScheduledOn))
  }
  const cp = facts.cpPlan
  if (cp) {
    items.push(makeItem(facts, 'cp_review', cp.id, cp.nextReviewDue, today, calendar, cp.reviewScheduledOn))
    items.push(makeItem(facts, 'core_group', cp.id, nextCoreGroupDue(cp.startDate, cp.lastCoreGroup, calendar, cp.coreGroupFrequencyWorkingDays), today, calendar))
    items.push(cpVisitItem({ personId: facts.personId, replans: facts.replans, cpPlan: cp }, today, calendar))
  }
  const cin = facts.cinPlan
  if (cin) {
    items.push(makeItem(facts, 'cin_review', cin.id, nextReviewDue(cin.startDate, cin.lastReview, cin.reviewFrequency, calendar), today, calendar))
    const visits = cin.lastVisit ? [cin.lastVisit] : []
    items.push(makeItem(facts, 'cin_visit', cin.id, visitDue(cin.startDate, visits, cin.visitFrequency, today, calendar).dueDate, today, calendar))
  }
  return orderDueItems(items)
}

/**
 * What the worklists show: anything overdue or due soon, and an initial conference from the day its
 * section 47 starts (issue 6: the ICPC target is "shown from the start and on worklists").
 */
export const needsAttention = (i: Pick<DueItem, 'status' | 'item'>): boolean => i.status !== 'ok' || i.item === 'icpc'

export const MAX_REPLAN_REASON = 2000

export type ReplanInput = { newDue?: string | null | undefined; reason?: string | null | undefined }

/**
 * A re-plan as typed: a real new date, not in the past and different from the date due now; a reason of
 * at most 2,000 characters. `currentDue` is the date due now (after any earlier re-plan).
 */
export function validateReplan(input: ReplanInput, facts: { today: IsoDate; currentDue: IsoDate; item: DueItemKind }): Result<{ newDue: IsoDate; reason: string }> {
  const errors: FieldError[] = []
  const d = (input.newDue ?? '').trim()
  let newDue: IsoDate | null = null
  if (!d) errors.push({ field: 'newDue', message: `Enter the new date for the ${DUE_ITEM_NOUN[facts.item]}` })
  else if (d === 'invalid' || !isValidIsoDate(d)) errors.push({ field: 'newDue', message: 'The new date must be a real date, like 15 8 2026' })
  else if (d < facts.today) errors.push({ field: 'newDue', message: 'The new date cannot be in the past' })
  else if (d === facts.currentDue) errors.push({ field: 'newDue', message: `The new date must be different from the date it is due now (${formatDate(facts.currentDue)})` })
  else newDue = d
  const reason = (input.reason ?? '').replace(/\r\n/g, '\n').trim()
  if (!reason) errors.push({ field: 'reason', message: 'Enter the reason for re-planning' })
  else if (reason.length > MAX_REPLAN_REASON) errors.push({ field: 'reason', message: `The reason must be ${MAX_REPLAN_REASON.toLocaleString('en-GB')} characters or fewer (it has ${reason.length.toLocaleString('en-GB')})` })
  if (errors.length || !newDue) return fail(errors)
  return ok({ newDue, reason })
}

/** "Core group re-planned from 3 Dec to 10 Dec: <reason>" (chronology). */
export function replanSummary(item: DueItemKind, from: IsoDate, to: IsoDate, reason: string): string {
  const what = item === 'core_group' ? 'Core group' : DUE_ITEM_LABEL[item]
  return `${what} re-planned from ${formatDate(from)} to ${formatDate(to)}: ${reason}`
}
