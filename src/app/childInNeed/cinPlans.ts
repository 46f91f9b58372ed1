/**
 * Child in need plans: starting one (CIN census rules checked at entry: never alongside a CP plan except
 * a step-down on the day it ended, never two at once, nothing before the referral), the plan page with
 * when the next review and visit are due, recording a review meeting, and ending the plan.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { cinPlanPeriods, cpPlanPeriods, lockOpenReferralForCasework, type OpenReferral } from '../../db/repositories/childProtectionFacts.ts'
import {
  allocatedWorkerOf,
  cinPlansOf,
  endCinPlanRow,
  getCinPlan,
  insertCinPlan,
  insertCinPlanReview,
  lastReviewDateOf,
  lockCinPlan,
  reviewsOfCinPlan,
  type CinPlanRow,
  type CinReviewRow,
} from '../../db/repositories/cinPlans.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { visitsForPlan, type PlanVisitRow } from '../../db/repositories/visits.ts'
import { CIN_PLAN_END_REASON, endCinPlan, reviewStatus, validateCinPlan, validateReview, type CinPlanEndReason, type CinPlanInput, type EndCinPlanInput, type ReviewStatus } from '../../domain/childInNeed/cinPlan.ts'
import { londonDate, londonInstant, formatDate } from '../../domain/shared/dates.ts'
import { countingVisitDates, frequencyLabel, visitDue, type VisitDue } from '../../domain/visits/visit.ts'
import type { DueItem, DueItemKind } from '../../domain/childProtection/dueItems.ts'
import { dueItemsIn } from '../childProtection/planDue.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability, loadPersonWithAccess, auditPersonView } from '../people/access.ts'

/**
 * Whether a visit where the child was not seen counts towards the visit frequency is local practice
 * (src/domain/visits/visit.ts): Harbour counts only visits where the child was seen.
 */
export const CIN_VISITS_SEEN_ONLY = true



/** A date-only event in the chronology: now when it happened today, else midday that day (London). */
const occurredAt = (date: string, now: Date): Date => (date === londonDate(now) ? now : londonInstant(date, '12:00'))

const needsText = (n: number) => `${n} need${n === 1 ? '' : 's'}`

// ------------------------------------------------------------------------------------------------ start

export type CinPlanFormContext = {
  person: PersonRecord
  referral: OpenReferral | null
  /** A CP plan open now: a CIN plan can start only on the day it ends (step-down). */
  openCpPlan: { id: string; startDate: string } | null
  openCinPlan: { id: string; startDate: string } | null
}

export async function cinPlanForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<CinPlanFormContext> {
  requireCapability(meta.actor, 'cin-plan:manage')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const referral = (await lockOpenReferralForCasework(tx, personId)) ?? null
    const cp = (await cpPlanPeriods(tx, personId)).find((p) => p.endDate === null)
    const cin = (await cinPlanPeriods(tx, personId)).find((p) => p.endDate === null)
    await auditPersonView(tx, meta, personId, 'cin-plan-form', ctx.now())
    return { person, referral, openCpPlan: cp ? { id: cp.id, startDate: cp.startDate } : null, openCinPlan: cin ? { id: cin.id, startDate: cin.startDate } : null }
  })
}

const ONE_OPEN = 'The child already has an open child in need plan (it was saved a moment ago): end it before starting another'

export async function startCinPlan(ctx: AppContext, meta: RequestMeta, personId: string, input: CinPlanInput): Promise<{ id: string; stepDownFromChildProtection: boolean }> {
  requireCapability(meta.actor, 'cin-plan:manage')
  const now = ctx.now()
  const today = londonDate(now)
  try {
    return await ctx.database.db.transaction(async (tx) => {
      await loadPersonWithAccess(tx, meta.actor, personId)
      const referral = await lockOpenReferralForCasework(tx, personId)
      if (!referral) throw new ValidationError([{ field: 'startDate', message: 'The child has no open referral: a child in need plan can only start while the case is open' }])
      const v = validateCinPlan(input, { referralDate: referral.referralDate, today, cpPlans: await cpPlanPeriods(tx, personId), otherCinPlans: await cinPlanPeriods(tx, personId) })
      if (!v.ok) throw new ValidationError(v.errors)
      const p = v.value
      const worker = await allocatedWorkerOf(tx, personId)
      const { id } = await insertCinPlan(
        tx,
        { personId, referralId: referral.id, startDate: p.startDate, needs: p.needs, reviewFrequency: p.reviewFrequency, visitFrequency: p.visitFrequency, stepDownFromCp: p.stepDownFromChildProtection, workerId: worker?.workerId ?? null, teamId: worker?.teamId ?? null, createdBy: meta.actor.userId },
        now,
      )
      const summary =
        `Child in need plan started on ${formatDate(p.startDate)}${p.stepDownFromChildProtection ? ', a step-down from a child protection plan that ended that day' : ''}: ` +
        `${needsText(p.needs.length)}; reviews ${frequencyLabel(p.reviewFrequency)}, visits ${frequencyLabel(p.visitFrequency)}. Recorded by ${meta.actor.displayName}.`
      await addChronology(tx, { personId, occurredAt: occurredAt(p.startDate, now), kind: 'cin-plan-started', summary, sourceType: 'cin_plan', sourceId: id, recordedBy: meta.actor.userId }, now)
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'cin-plan.start', entityType: 'cin_plan', entityId: id, personId, after: { referralId: referral.id, ...p, workerId: worker?.workerId ?? null }, ip: meta.ip, requestId: meta.requestId, at: now })
      return { id, stepDownFromChildProtection: p.stepDownFromChildProtection }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'cin_plan_one_open_per_child')) throw new ConflictError(ONE_OPEN, 'startDate')
    throw e
  }
}

// ------------------------------------------------------------------------------------------------ view

export type CinPlanPage = {
  person: PersonRecord
  plan: CinPlanRow
  reviews: CinReviewRow[]
  visits: PlanVisitRow[]
  lastReviewDate: string | null
  /** While the plan is open: when the next review and visit are due. */
  review: (ReviewStatus & { replan?: DueItem['replan'] }) | null
  visit: (VisitDue & { replan?: DueItem['replan'] }) | null
  today: string
}

export async function viewCinPlan(ctx: AppContext, meta: RequestMeta, personId: string, planId: string): Promise<CinPlanPage> {
  requireCapability(meta.actor, 'person:view')
  const today = londonDate(ctx.now())
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const plan = await getCinPlan(tx, personId, planId)
    if (!plan) throw new NotFoundError('child in need plan')
    const reviews = await reviewsOfCinPlan(tx, planId)
    const visits = await visitsForPlan(tx, 'cin', planId)
    const lastReviewDate = reviews.reduce<string | null>((m, r) => (m === null || r.heldOn > m ? r.heldOn : m), null)
    let review: CinPlanPage['review'] = null
    let visit: CinPlanPage['visit'] = null
    if (plan.endDate === null) {
      const calendar = await loadCalendar(tx)
      review = reviewStatus(plan.startDate, lastReviewDate, plan.reviewFrequency, today, calendar)
      visit = visitDue(plan.startDate, countingVisitDates(visits, { seenOnly: CIN_VISITS_SEEN_ONLY }), plan.visitFrequency, today, calendar)
      // A re-planned date (recorded with its reason) replaces the computed one, as on the worklists.
      const due = await dueItemsIn(tx, personId, today)
      const replanned = (item: DueItemKind) => {
        const i = due.find((d) => d.item === item && d.subjectId === planId)
        return i?.replan ? { dueDate: i.dueDate, overdue: i.status === 'overdue', workingDaysLeft: i.workingDaysLeft, rag: i.rag, replan: i.replan } : {}
      }
      review = { ...review, ...replanned('cin_review') }
      visit = { ...visit, ...replanned('cin_visit') }
    }
    await auditPersonView(tx, meta, personId, 'cin-plan', ctx.now())
    return { person, plan, reviews, visits, lastReviewDate, review, visit, today }
  })
}

export async function listCinPlans(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ person: PersonRecord; plans: CinPlanRow[] }> {
  requireCapability(meta.actor, 'person:view')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const plans = await cinPlansOf(tx, personId)
    await auditPersonView(tx, meta, personId, 'cin-plans', ctx.now())
    return { person, plans }
  })
}

// ------------------------------------------------------------------------------------------------ reviews

export async function recordCinPlanReview(ctx: AppContext, meta: RequestMeta, personId: string, planId: string, input: { heldOn?: string | undefined; notes?: string | undefined }): Promise<{ id: string }> {
  requireCapability(meta.actor, 'cin-plan:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const plan = await lockCinPlan(tx, personId, planId)
    if (!plan) throw new NotFoundError('child in need plan')
    const v = validateReview(input, { startDate: plan.startDate, endDate: plan.endDate, lastReviewDate: await lastReviewDateOf(tx, planId), today: londonDate(now) })
    if (!v.ok) throw new ValidationError(v.errors)
    const { id } = await insertCinPlanReview(tx, { planId, personId, heldOn: v.value.heldOn, notes: v.value.notes, createdBy: meta.actor.userId }, now)
    await addChronology(
      tx,
      { personId, occurredAt: occurredAt(v.value.heldOn, now), kind: 'cin-plan-review', summary: `Child in need plan review held on ${formatDate(v.value.heldOn)}${v.value.notes ? `: ${v.value.notes}` : ''}`, sourceType: 'cin_plan_review', sourceId: id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'cin-plan.review', entityType: 'cin_plan_review', entityId: id, personId, after: { cinPlanId: planId, ...v.value }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id }
  })
}

// ------------------------------------------------------------------------------------------------ end

export async function cinPlanEndForm(ctx: AppContext, meta: RequestMeta, personId: string, planId: string): Promise<{ person: PersonRecord; plan: CinPlanRow; lastReviewDate: string | null }> {
  requireCapability(meta.actor, 'cin-plan:manage')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const plan = await getCinPlan(tx, personId, planId)
    if (!plan) throw new NotFoundError('child in need plan')
    const lastReviewDate = await lastReviewDateOf(tx, planId)
    await auditPersonView(tx, meta, personId, 'cin-plan-end-form', ctx.now())
    return { person, plan, lastReviewDate }
  })
}

export async function endCinPlanByWorker(ctx: AppContext, meta: RequestMeta, personId: string, planId: string, expectedVersion: number, input: EndCinPlanInput): Promise<{ endDate: string; reason: CinPlanEndReason }> {
  requireCapability(meta.actor, 'cin-plan:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const plan = await lockCinPlan(tx, personId, planId)
    if (!plan) throw new NotFoundError('child in need plan')
    if (plan.endDate !== null) throw new ConflictError(`This plan already ended on ${formatDate(plan.endDate)}${plan.endedByName ? ` (recorded by ${plan.endedByName})` : ''}`, 'endDate')
    if (plan.version !== expectedVersion) throw new ConflictError('Someone else changed this plan while you were reading it. Reload the page to see the latest version', 'endDate')
    const v = endCinPlan({ startDate: plan.startDate, endDate: plan.endDate }, input, { today: londonDate(now), lastReviewDate: await lastReviewDateOf(tx, planId) })
    if (!v.ok) throw new ValidationError(v.errors)
    const e = v.value
    if (!(await endCinPlanRow(tx, planId, expectedVersion, { endDate: e.endDate, reason: e.reason, reasonDetail: e.reasonDetail, endedBy: meta.actor.userId }))) {
      throw new ConflictError('Someone else changed this plan while you were reading it. Reload the page to see the latest version', 'endDate')
    }
    await addChronology(
      tx,
      { personId, occurredAt: occurredAt(e.endDate, now), kind: 'cin-plan-ended', summary: `Child in need plan ended on ${formatDate(e.endDate)}: ${CIN_PLAN_END_REASON[e.reason].toLowerCase()}${e.reasonDetail ? ` – ${e.reasonDetail}` : ''}. Recorded by ${meta.actor.displayName}.`, sourceType: 'cin_plan', sourceId: planId, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'cin-plan.end', entityType: 'cin_plan', entityId: planId, personId, before: { endDate: null, version: plan.version }, after: { ...e, version: plan.version + 1 }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { endDate: e.endDate, reason: e.reason }
  })
}
