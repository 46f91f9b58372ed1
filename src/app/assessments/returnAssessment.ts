import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { insertReview, updateAssessmentStatus } from '../../db/repositories/assessments.ts'
import { transition } from '../../domain/assessments/assessment.ts'
import { ASSESSMENT_KIND_LABEL } from '../../domain/assessments/frameworks.ts'
import { can } from '../../domain/access/roles.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'
import { loadAssessment } from './shared.ts'

/** A manager sends a submitted assessment back to the worker, saying what to change (a management decision on file). */
export async function returnAssessment(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string, commentsInput: string | undefined): Promise<void> {
  requireCapability(meta.actor, 'assessment:authorise')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const { row, state } = await loadAssessment(tx, personId, assessmentId, true)
    const next = transition(state, { type: 'return', by: { userId: meta.actor.userId, mayAuthorise: can(meta.actor, 'assessment:authorise') }, comments: commentsInput }, londonDate(now))
    if (!next.ok) throw new ValidationError(next.errors)
    const comments = (commentsInput ?? '').replace(/\r\n/g, '\n').trim()
    if (!(await updateAssessmentStatus(tx, assessmentId, 'submitted', { status: 'returned' }, meta.actor.userId, now))) throw new ConflictError('Someone else acted on this assessment at the same moment: look at it again', 'status')
    await insertReview(tx, { assessmentId, action: 'returned', comments, actedAt: now, actedBy: meta.actor.userId })
    const { id: decisionId } = await insertManagementDecision(tx, {
      personId,
      stage: 'assessment',
      subjectType: 'assessment',
      subjectId: assessmentId,
      decision: `Assessment ${row.assessmentRef} returned to the worker`,
      reasons: comments,
      decidedAt: now,
      decidedBy: meta.actor.userId,
    })
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'assessment-returned',
        summary: `${ASSESSMENT_KIND_LABEL[row.kind]} ${row.assessmentRef} returned to the worker by ${meta.actor.displayName}: ${comments}`,
        sourceType: 'assessment',
        sourceId: assessmentId,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'assessment.return', entityType: 'assessment', entityId: assessmentId, personId, before: { status: 'submitted' }, after: { status: 'returned', comments, managementDecisionId: decisionId }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
