import { appendAudit } from '../../db/repositories/audit.ts'
import { setReferralPrimaryNeed, updateAssessmentRecord } from '../../db/repositories/assessments.ts'
import { transition, type AssessmentRecordInput } from '../../domain/assessments/assessment.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'
import { loadAssessment } from './shared.ts'

/**
 * Saves what the worker has written. Optimistic: the form carries the version it was opened at, and a save
 * over someone else's newer save is refused (409) so neither overwrites the other unseen; the caller shows
 * the form again with what was typed.
 */
export async function saveAssessment(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string, version: number, input: AssessmentRecordInput): Promise<{ version: number }> {
  requireCapability(meta.actor, 'assessment:record')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const { row, state } = await loadAssessment(tx, personId, assessmentId, true)
    const next = transition(state, { type: 'save', by: { userId: meta.actor.userId, mayAuthorise: false }, input }, londonDate(now))
    if (!next.ok) throw new ValidationError(next.errors)
    if (!Number.isInteger(version) || version !== row.version) {
      throw new ConflictError('Someone else saved this assessment after you opened it. Your changes have not been saved: they are shown below. Open the assessment in another tab to see what changed; saving this form again will replace their changes with yours.', 'version')
    }
    if (!(await updateAssessmentRecord(tx, assessmentId, version, next.value.record, meta.actor.userId, now))) throw new ConflictError('Someone saved this assessment at the same moment. Your changes have not been saved: they are shown below.', 'version')
    if (next.value.record.primaryNeedCode) await setReferralPrimaryNeed(tx, row.referralId, next.value.record.primaryNeedCode)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'assessment.save',
      entityType: 'assessment',
      entityId: assessmentId,
      personId,
      before: changed(state.record, next.value.record, 'before'),
      after: changed(state.record, next.value.record, 'after'),
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { version: version + 1 }
  })
}

/** Only the fields that changed, so the audit trail says what was edited. */
function changed(a: Record<string, unknown>, b: Record<string, unknown>, side: 'before' | 'after'): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(b)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = side === 'before' ? a[k] : b[k]
  return out
}
