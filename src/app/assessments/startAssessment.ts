import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { assessmentPersonFacts, frameworkPeriods, insertAssessment, listAssessmentsFor, nextAssessmentRef, openReferralForAssessment } from '../../db/repositories/assessments.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { validateStart } from '../../domain/assessments/assessment.ts'
import { ASSESSMENT_KIND_LABEL, assessmentDueDate, firstAssessmentKind, frameworkPeriodOn, type AssessmentKind } from '../../domain/assessments/frameworks.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { FRAMEWORK_TITLES } from '../../domain/timescales/rules.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'

export type StartInput = { startDate?: string | undefined }

/**
 * Starts an assessment from the child's open referral (one open assessment per referral at a time). The framework is the one in force on the referral
 * date (so a case referred under Working Together 2010 keeps its initial/core timescales); the kind is the
 * framework's first assessment, or a core assessment when the referral's authorised initial assessment
 * concluded one. The due date is fixed now, from the start date and the council's working-day calendar.
 */
export async function startAssessment(ctx: AppContext, meta: RequestMeta, personId: string, input: StartInput = {}): Promise<{ id: string; assessmentRef: string; kind: AssessmentKind; dueDate: string }> {
  requireCapability(meta.actor, 'assessment:record')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const person = await assessmentPersonFacts(tx, personId)
    if (!person) throw new NotFoundError('person')
    const referral = await openReferralForAssessment(tx, personId)
    if (!referral) throw new ValidationError([{ field: 'referral', message: `${person.name} has no open referral: an assessment starts from an open referral` }])
    const period = frameworkPeriodOn(await frameworkPeriods(tx), referral.referralDate)
    const kind: AssessmentKind = referral.coreDecidedOn ? 'core' : firstAssessmentKind(period.framework)
    const open = (await listAssessmentsFor(tx, personId)).find((a) => a.referralId === referral.id && a.status !== 'authorised')
    if (open) throw new ConflictError(`Referral ${referral.referralRef} already has an open ${ASSESSMENT_KIND_LABEL[open.kind].toLowerCase()} (${open.assessmentRef}): finish it first`, 'referral')
    // A first assessment starts on the referral date; a core assessment on the day the initial one concluded
    // it; a fresh assessment on a case already assessed (new information, a change of circumstances) today.
    const defaultStart = referral.coreDecidedOn ?? (referral.lastCompletedOn ? today : referral.referralDate)
    const start = validateStart({ startDate: input.startDate, defaultStart }, { referralDate: referral.referralDate, today })
    if (!start.ok) throw new ValidationError(start.errors)
    const calendar = await loadCalendar(tx)
    const due = assessmentDueDate(kind, period.framework, start.value.startDate, calendar)
    if (typeof due !== 'string') throw new ValidationError([{ field: 'startDate', message: due.error }])
    const assessmentRef = await nextAssessmentRef(tx)
    const values = {
      assessmentRef,
      personId,
      referralId: referral.id,
      kind,
      framework: period.framework,
      startDate: start.value.startDate,
      dueDate: due,
      workerId: meta.actor.workerId,
      teamId: meta.actor.teamId,
      createdBy: meta.actor.userId,
      history: null,
    }
    let id: string
    try {
      ;({ id } = await insertAssessment(tx, values, now))
    } catch (e) {
      if (isUniqueViolation(e, 'assessment_one_open_kind_per_referral')) throw new ConflictError(`Referral ${referral.referralRef} already has an open ${ASSESSMENT_KIND_LABEL[kind].toLowerCase()}`, 'referral')
      throw e
    }
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'assessment-started',
        summary: `${ASSESSMENT_KIND_LABEL[kind]} ${assessmentRef} started on ${formatDate(values.startDate)} by ${meta.actor.displayName} (referral ${referral.referralRef}); due by ${formatDate(due)}`,
        sourceType: 'assessment',
        sourceId: id,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'assessment.start',
      entityType: 'assessment',
      entityId: id,
      personId,
      before: null,
      after: { ...values, frameworkTitle: FRAMEWORK_TITLES[period.framework] },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { id, assessmentRef, kind, dueDate: due }
  })
}
