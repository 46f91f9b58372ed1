import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { insertReview, updateAssessmentStatus } from '../../db/repositories/assessments.ts'
import { transition } from '../../domain/assessments/assessment.ts'
import { ASSESSMENT_OUTCOME } from '../../domain/assessments/codes.ts'
import { ASSESSMENT_KIND_LABEL, completedInTimescale } from '../../domain/assessments/frameworks.ts'
import { can } from '../../domain/access/roles.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'
import { loadAssessment } from './shared.ts'

/**
 * A manager authorises a submitted assessment: the authorisation date is its completion date (CIN census
 * AssessmentAuthorisationDate). Not by its author; and when it is late, the reason must be on the record.
 */
export async function authoriseAssessment(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string, commentsInput?: string): Promise<{ completedOn: string; inTimescale: boolean }> {
  requireCapability(meta.actor, 'assessment:authorise')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const { row, state } = await loadAssessment(tx, personId, assessmentId, true)
    const next = transition(state, { type: 'authorise', by: { userId: meta.actor.userId, mayAuthorise: can(meta.actor, 'assessment:authorise') }, comments: commentsInput }, today)
    if (!next.ok) throw new ValidationError(next.errors)
    const comments = (commentsInput ?? '').replace(/\r\n/g, '\n').trim()
    if (!(await updateAssessmentStatus(tx, assessmentId, 'submitted', { status: 'authorised', authorisedBy: meta.actor.userId, completedOn: today }, meta.actor.userId, now))) throw new ConflictError('Someone else acted on this assessment at the same moment: look at it again', 'status')
    await insertReview(tx, { assessmentId, action: 'authorised', comments: comments || null, actedAt: now, actedBy: meta.actor.userId })
    const outcome = next.value.record.outcome
    const outcomeLabel = outcome ? ASSESSMENT_OUTCOME[outcome] : 'not recorded'
    const inTimescale = completedInTimescale(today, row.dueDate)
    const calendar = await loadCalendar(tx)
    const lateBy = inTimescale ? 0 : calendar.workingDaysBetween(row.dueDate, today)
    const timescale = inTimescale ? `completed within timescale (due ${formatDate(row.dueDate)})` : `completed ${lateBy} working day${lateBy === 1 ? '' : 's'} after the due date (${formatDate(row.dueDate)}); reason: ${state.record.delayReason ?? ''}`
    const { id: decisionId } = await insertManagementDecision(tx, {
      personId,
      stage: 'assessment',
      subjectType: 'assessment',
      subjectId: assessmentId,
      decision: `Assessment ${row.assessmentRef} authorised: outcome ${outcomeLabel}`,
      reasons: comments || `Authorised with no further comment; ${timescale}`,
      decidedAt: now,
      decidedBy: meta.actor.userId,
    })
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'assessment-authorised',
        summary: `${ASSESSMENT_KIND_LABEL[row.kind]} ${row.assessmentRef} authorised by ${meta.actor.displayName}: outcome ${outcomeLabel}; ${timescale}${comments ? `. Manager’s comments: ${comments}` : ''}`,
        sourceType: 'assessment',
        sourceId: assessmentId,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'assessment.authorise', entityType: 'assessment', entityId: assessmentId, personId, before: { status: 'submitted' }, after: { status: 'authorised', completedOn: today, outcome, inTimescale, comments: comments || null, managementDecisionId: decisionId }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { completedOn: today, inTimescale }
  })
}
