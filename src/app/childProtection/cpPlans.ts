/**
 * The child protection plan (issue 6): the plan page (what is due next: core group, review conference,
 * visit), core group meetings, and the one way a plan changes or ends — a conference decision
 * (applyPlanTransition, called by the conference outcome). There is no other way to end a plan:
 * endCpPlan without a conference is refused by the domain (planTransition).
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import {
  coreGroupsOfPlan,
  currentOrLatestCpPlan,
  endCpPlanRow,
  insertCoreGroup,
  lockOpenCpPlan,
  reviewConferencesOfPlan,
  scheduledConferenceOf,
  updateCpPlanReview,
  visitsOfPlan,
  type CoreGroupRow,
  type CpPlanRow,
  type PlanVisitRow,
  type ReviewConferenceRow,
} from '../../db/repositories/conferences.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import type { Executor } from '../../db/database.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { ABUSE_CATEGORY, isAbuseCategory } from '../../domain/childProtection/codes.ts'
import { firstRcpcDue } from '../../domain/childProtection/conference.ts'
import { validateCoreGroup, type CoreGroupActionInput, type CoreGroupAttendeeInput } from '../../domain/childProtection/conferenceRecords.ts'
import { planTransition, type CpPlan, type DueStatus, type PlanEvent, type PlanTransition } from '../../domain/childProtection/plan.ts'
import type { DueItem, DueItemKind } from '../../domain/childProtection/dueItems.ts'
import { dueItemsIn } from './planDue.ts'
import { formatDate, londonDate, londonInstant } from '../../domain/shared/dates.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { ConflictError, ForbiddenError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess, loadPersonWithAccess } from '../people/access.ts'
import { can } from '../../domain/access/roles.ts'

export const categoriesText = (cats: readonly string[]): string => cats.map((c) => (isAbuseCategory(c) ? ABUSE_CATEGORY[c] : c)).join(', ')

/** The domain's view of a stored plan. */
export function planOf(r: CpPlanRow, calendar: WorkingDayCalendar): CpPlan {
  return {
    status: r.endDate ? 'ended' : 'open',
    startDate: r.startDate,
    startConferenceId: r.startConferenceId,
    initialCategories: r.initialCategories.filter(isAbuseCategory),
    latestCategories: r.latestCategories.filter(isAbuseCategory),
    numberOfPreviousPlans: r.numberOfPreviousPlans,
    repeatWithin2Years: r.repeatWithin2Years,
    firstCoreGroupDue: r.firstCoreGroupDue,
    firstReviewDue: firstRcpcDue(r.startDate, calendar),
    lastReviewDate: r.lastReviewDate,
    nextReviewDue: r.nextReviewDue,
    endDate: r.endDate,
    endConferenceId: r.endConferenceId,
  }
}

/**
 * A review or an end of the plan, applied and written. Only a conference changes or ends a plan: the
 * domain refuses an end without a conference id. Writes the plan, the chronology and the audit.
 */
export async function applyPlanTransition(
  tx: Executor,
  ctx: AppContext,
  meta: RequestMeta,
  row: CpPlanRow,
  event: PlanEvent,
  calendar: WorkingDayCalendar,
): Promise<PlanTransition> {
  const now = ctx.now()
  const t = planTransition(planOf(row, calendar), event, calendar)
  if (!t.ok) throw new ValidationError(t.errors)
  const { plan } = t.value
  const conferenceId = event.conferenceId as string
  if (event.type === 'review') {
    if (!(await updateCpPlanReview(tx, row.id, row.version, { latestCategories: plan.latestCategories, lastReviewDate: event.heldOn, nextReviewDue: plan.nextReviewDue })))
      throw new ConflictError('Someone else changed this child protection plan while you were recording the conference. Reload the page to see the latest version', 'decision')
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'cp-plan.review',
      entityType: 'cp_plan',
      entityId: row.id,
      personId: row.personId,
      before: { latestCategories: row.latestCategories, lastReviewDate: row.lastReviewDate, nextReviewDue: row.nextReviewDue },
      after: { latestCategories: plan.latestCategories, lastReviewDate: event.heldOn, nextReviewDue: plan.nextReviewDue, conferenceId },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  } else {
    if (!(await endCpPlanRow(tx, row.id, row.version, { endDate: event.endedOn, endConferenceId: conferenceId, lastReviewDate: event.endedOn })))
      throw new ConflictError('Someone else changed this child protection plan while you were recording the conference. Reload the page to see the latest version', 'decision')
    const stepDown = t.value.cinPlanStart ? ' A child in need plan is to start on the same day (step-down).' : ''
    await addChronology(
      tx,
      {
        personId: row.personId,
        occurredAt: occurredOn(event.endedOn, now),
        kind: 'cp-plan-ended',
        summary: `Child protection plan (from ${formatDate(row.startDate)}, ${categoriesText(row.latestCategories)}) ended by the review conference on ${formatDate(event.endedOn)}.${t.value.lastedTwoYearsOrMore ? ' The plan lasted 2 years or more.' : ''}${stepDown}`,
        sourceType: 'cp_plan',
        sourceId: row.id,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'cp-plan.end',
      entityType: 'cp_plan',
      entityId: row.id,
      personId: row.personId,
      before: { endDate: null },
      after: { endDate: event.endedOn, endConferenceId: conferenceId, stepDownToCin: Boolean(t.value.cinPlanStart), lastedTwoYearsOrMore: t.value.lastedTwoYearsOrMore },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  }
  return t.value
}

/** A dated event (a conference, a meeting) goes in the chronology at noon that day, or now if that is later. */
export function occurredOn(date: string, now: Date): Date {
  const noon = londonInstant(date, '12:00')
  return noon < now ? noon : now
}

/**
 * Ending a plan other than by recording a review conference's decision. Always refused: only a child
 * protection conference ends a plan (Working Together). Kept so an attempt (e.g. from the API) gets the
 * reason, and tested.
 */
export async function endCpPlan(ctx: AppContext, meta: RequestMeta, personId: string, input: { endedOn: string; stepDownToCin?: boolean }): Promise<never> {
  if (!can(meta.actor, 'plan:record') && !can(meta.actor, 'conference:record')) throw new ForbiddenError('role')
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const row = await lockOpenCpPlan(tx, personId)
    if (!row) throw new ValidationError([{ field: 'endedOn', message: 'The child has no open child protection plan' }])
    const calendar = await loadCalendar(tx)
    await applyPlanTransition(tx, ctx, meta, row, { type: 'end', conferenceId: null, endedOn: input.endedOn, stepDownToCin: input.stepDownToCin ?? false }, calendar)
    throw new Error('unreachable: a plan ended without a conference')
  })
}

export type CpPlanPage = {
  person: PersonRecord
  plan: (CpPlanRow & { initialCategoryText: string; latestCategoryText: string; firstReviewDue: string }) | null
  coreGroup: PlanDueStatus | null
  review: PlanDueStatus | null
  visit: (PlanDueStatus & { lastVisitDate: string | null }) | null
  coreGroups: CoreGroupRow[]
  reviews: ReviewConferenceRow[]
  visits: PlanVisitRow[]
  scheduledReview: { id: string; scheduledOn: string } | null
  today: string
}

export type PlanDueStatus = DueStatus & { replan: DueItem['replan'] }

/** The CP plan page: the open (else latest) plan, what is due next with red/amber/green, what has happened. */
export async function viewCpPlan(ctx: AppContext, meta: RequestMeta, personId: string): Promise<CpPlanPage> {
  requireCapability(meta.actor, 'person:view')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const row = await currentOrLatestCpPlan(tx, personId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'cp-plan' }, ip: meta.ip, requestId: meta.requestId, at: now })
    if (!row) return { person, plan: null, coreGroup: null, review: null, visit: null, coreGroups: [], reviews: [], visits: [], scheduledReview: null, today }
    const calendar = await loadCalendar(tx)
    const [coreGroups, reviews, visits, scheduled] = [await coreGroupsOfPlan(tx, row.id), await reviewConferencesOfPlan(tx, row.id), await visitsOfPlan(tx, row.id), await scheduledConferenceOf(tx, personId)]
    const open = !row.endDate
    const lastVisit = visits[0]?.visitDate ?? null
    // The same due items as the worklists and the child's summary (re-plans applied, the same visit rule).
    const due = open ? await dueItemsIn(tx, personId, today) : []
    const dueOf = (item: DueItemKind): PlanDueStatus | null => {
      const i = due.find((d) => d.item === item && d.subjectId === row.id)
      return i ? { dueDate: i.dueDate, overdue: i.status === 'overdue', workingDaysLeft: i.workingDaysLeft, rag: i.rag, replan: i.replan } : null
    }
    return {
      person,
      plan: { ...row, initialCategoryText: categoriesText(row.initialCategories), latestCategoryText: categoriesText(row.latestCategories), firstReviewDue: firstRcpcDue(row.startDate, calendar) },
      coreGroup: dueOf('core_group'),
      review: dueOf('cp_review'),
      visit: open ? { ...(dueOf('cp_visit') as PlanDueStatus), lastVisitDate: lastVisit } : null,
      coreGroups,
      reviews,
      visits,
      scheduledReview: scheduled && scheduled.type === 'review' ? { id: scheduled.id, scheduledOn: scheduled.scheduledOn } : null,
      today,
    }
  })
}

/** The core group form's context: the child and the open plan (none → nothing to record against). */
export async function coreGroupForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ person: PersonRecord; plan: CpPlanRow | null }> {
  requireCapability(meta.actor, 'plan:record')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const plan = await currentOrLatestCpPlan(tx, personId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'core-group-form' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, plan: plan && !plan.endDate ? plan : null }
  })
}

export type CoreGroupFormInput = { heldOn?: string; attendees: CoreGroupAttendeeInput[]; notes?: string; actions: CoreGroupActionInput[] }

/** Record a core group meeting of the open plan. */
export async function recordCoreGroup(ctx: AppContext, meta: RequestMeta, personId: string, input: CoreGroupFormInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'plan:record')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const plan = await lockOpenCpPlan(tx, personId)
    if (!plan) throw new ValidationError([{ field: 'heldOn', message: 'The child has no open child protection plan, so there is no core group to record' }])
    const v = validateCoreGroup(input, { planStart: plan.startDate, today: londonDate(now) })
    if (!v.ok) throw new ValidationError(v.errors)
    const g = v.value
    const { id } = await insertCoreGroup(tx, { cpPlanId: plan.id, personId, heldOn: g.heldOn, attendees: g.attendees, notes: g.notes, actions: g.actions, createdBy: meta.actor.userId }, now)
    const present = g.attendees.filter((a) => a.attended).length
    await addChronology(
      tx,
      { personId, occurredAt: occurredOn(g.heldOn, now), kind: 'core-group', summary: `Core group meeting held on ${formatDate(g.heldOn)}: ${present} of ${g.attendees.length} attended${g.actions.length ? `; ${g.actions.length} action${g.actions.length === 1 ? '' : 's'} agreed` : ''}`, sourceType: 'core_group_meeting', sourceId: id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'core-group.record', entityType: 'core_group_meeting', entityId: id, personId, after: { cpPlanId: plan.id, ...g }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id }
  })
}

