import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertReview, updateAssessmentStatus } from '../../db/repositories/assessments.ts'
import { transition } from '../../domain/assessments/assessment.ts'
import { ASSESSMENT_OUTCOME } from '../../domain/assessments/codes.ts'
import { ASSESSMENT_KIND_LABEL } from '../../domain/assessments/frameworks.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'
import { loadAssessment } from './shared.ts'

/** The worker sends the assessment to a manager for authorisation; refused with what is missing. */
export async function submitAssessment(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string): Promise<void> {
  requireCapability(meta.actor, 'assessment:record')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const { row, state } = await loadAssessment(tx, personId, assessmentId, true)
    const next = transition(state, { type: 'submit', by: { userId: meta.actor.userId, mayAuthorise: false } }, londonDate(now))
    if (!next.ok) throw new ValidationError(next.errors)
    if (!(await updateAssessmentStatus(tx, assessmentId, state.status, { status: 'submitted', submittedBy: meta.actor.userId }, meta.actor.userId, now))) throw new ConflictError('The assessment changed while you were submitting it: look at it again', 'status')
    await insertReview(tx, { assessmentId, action: 'submitted', comments: null, actedAt: now, actedBy: meta.actor.userId })
    const outcome = next.value.record.outcome
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'assessment-submitted',
        summary: `${ASSESSMENT_KIND_LABEL[row.kind]} ${row.assessmentRef} ${state.status === 'returned' ? 're' : ''}submitted for authorisation by ${meta.actor.displayName}${outcome ? `; proposed outcome ${ASSESSMENT_OUTCOME[outcome]}` : ''}`,
        sourceType: 'assessment',
        sourceId: assessmentId,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'assessment.submit', entityType: 'assessment', entityId: assessmentId, personId, before: { status: state.status }, after: { status: 'submitted' }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
