/** Reading assessments: the child's list, one assessment, and the edit form. Each read is audited as a view of the record. */
import { appendAudit } from '../../db/repositories/audit.ts'
import { chronologyFor } from '../../db/repositories/frontDoor.ts'
import { assessmentPersonFacts, frameworkPeriods, listAssessmentsFor, openReferralForAssessment, reviewsFor, type AssessmentPersonFacts, type AssessmentRow, type ChildSeenRow, type ReviewRow } from '../../db/repositories/assessments.ts'
import { inTimescale } from '../../domain/assessments/assessment.ts'
import { outcomesFor, type AssessmentOutcome } from '../../domain/assessments/codes.ts'
import type { AssessmentClock } from '../../domain/assessments/frameworks.ts'
import { can } from '../../domain/access/roles.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import type { Executor } from '../../db/database.ts'
import { NotFoundError, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'
import { clockFor, loadAssessment } from './shared.ts'

async function auditView(tx: Executor, ctx: AppContext, meta: RequestMeta, personId: string, via: string, assessmentId: string | null): Promise<void> {
  await appendAudit(tx, {
    userId: meta.actor.userId,
    username: meta.actor.username,
    action: 'person.view',
    entityType: assessmentId ? 'assessment' : 'person',
    entityId: assessmentId ?? personId,
    personId,
    after: { via },
    ip: meta.ip,
    requestId: meta.requestId,
    at: ctx.now(),
  })
}

export type AssessmentListItem = AssessmentRow & { clock: AssessmentClock | null; inTimescale: boolean | null }

export type PersonAssessments = {
  person: AssessmentPersonFacts
  assessments: AssessmentListItem[]
  openReferral: { referralRef: string; referralDate: string } | null
  /** Why an assessment cannot be started now (null when it can). */
  cannotStart: string | null
  canRecord: boolean
}

export async function listPersonAssessments(ctx: AppContext, meta: RequestMeta, personId: string): Promise<PersonAssessments> {
  requireCapability(meta.actor, 'person:view')
  const today = londonDate(ctx.now())
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const person = await assessmentPersonFacts(tx, personId)
    if (!person) throw new NotFoundError('person')
    const calendar = await loadCalendar(tx)
    const periods = await frameworkPeriods(tx)
    const rows = await listAssessmentsFor(tx, personId)
    const referral = await openReferralForAssessment(tx, personId)
    const canRecord = can(meta.actor, 'assessment:record')
    let cannotStart: string | null = null
    if (!referral) cannotStart = `${person.name} has no open referral: an assessment starts from an open referral.`
    else {
      const open = rows.find((a) => a.referralId === referral.id && a.status !== 'authorised')
      if (open) cannotStart = `Assessment ${open.assessmentRef} is open on referral ${referral.referralRef}: finish it before starting another.`
    }
    await auditView(tx, ctx, meta, personId, 'assessments', null)
    return {
      person,
      assessments: rows.map((r) => ({ ...r, clock: clockFor(r, today, calendar, periods), inTimescale: inTimescale(r) })),
      openReferral: referral ? { referralRef: referral.referralRef, referralDate: referral.referralDate } : null,
      cannotStart,
      canRecord,
    }
  })
}

export type AssessmentView = {
  person: AssessmentPersonFacts
  assessment: AssessmentRow
  childSeen: ChildSeenRow[]
  reviews: ReviewRow[]
  clock: AssessmentClock | null
  inTimescale: boolean | null
  workingDaysLate: number
  outcomes: AssessmentOutcome[]
  /** The latest return, if the assessment is back with the worker. */
  returned: ReviewRow | null
  may: { edit: boolean; submit: boolean; decide: boolean; isAuthor: boolean; authorise: boolean }
}

export async function viewAssessment(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string, via = 'assessment'): Promise<AssessmentView> {
  requireCapability(meta.actor, 'person:view')
  const today = londonDate(ctx.now())
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const { row, person, childSeen } = await loadAssessment(tx, personId, assessmentId)
    const reviews = await reviewsFor(tx, assessmentId)
    const calendar = await loadCalendar(tx)
    const clock = clockFor(row, today, calendar, await frameworkPeriods(tx))
    const open = row.status === 'in_progress' || row.status === 'returned'
    const isAuthor = row.createdBy === meta.actor.userId || row.submittedBy === meta.actor.userId
    const last = reviews[reviews.length - 1]
    await auditView(tx, ctx, meta, personId, via, assessmentId)
    return {
      person,
      assessment: row,
      childSeen,
      reviews,
      clock,
      inTimescale: inTimescale(row),
      workingDaysLate: row.completedOn && row.completedOn > row.dueDate ? calendar.workingDaysBetween(row.dueDate, row.completedOn) : 0,
      outcomes: outcomesFor(row.kind, row.framework),
      returned: row.status === 'returned' && last?.action === 'returned' ? last : null,
      may: {
        edit: open && can(meta.actor, 'assessment:record'),
        submit: open && can(meta.actor, 'assessment:record'),
        decide: row.status === 'submitted' && can(meta.actor, 'assessment:authorise') && !isAuthor,
        isAuthor,
        authorise: can(meta.actor, 'assessment:authorise'),
      },
    }
  })
}

/**
 * The edit form's starting values. When the history section is still empty it is pre-filled from the
 * child's chronology, one line per entry (oldest first), for the worker to edit.
 */
export async function assessmentEditForm(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string): Promise<AssessmentView & { historyPrefill: string | null }> {
  requireCapability(meta.actor, 'assessment:record')
  const view = await viewAssessment(ctx, meta, personId, assessmentId, 'assessment-edit')
  let historyPrefill: string | null = null
  if (!view.assessment.history) {
    const entries = await chronologyFor(ctx.database.db, personId, 200)
    historyPrefill = entries
      .slice()
      .reverse()
      .filter((e) => e.sourceId !== assessmentId)
      .map((e) => `${formatDate(londonDate(e.occurredAt))} – ${e.summary}`)
      .join('\n')
      .slice(0, 19_000)
  }
  return { ...view, historyPrefill }
}
