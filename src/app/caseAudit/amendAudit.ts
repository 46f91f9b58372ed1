/**
 * Amending a signed-off audit: the auditor who did it, with a reason. The answers, overall grade and
 * findings may change; the amendment keeps the audit as it was and as it became, and what changed in words.
 * A moderated audit is not amended (the moderation was of that version).
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { auditAnswers, insertAmendment, replaceAnswers, updateAudit } from '../../db/repositories/caseAudit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { describeChanges, transition, validateAmendmentReason, validateAudit, type AuditContent, type AuditInput } from '../../domain/caseAudit/audit.ts'
import { GRADE_LABEL } from '../../domain/caseAudit/grades.ts'
import { ConflictError, ForbiddenError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { CONFLICT_MESSAGE } from './saveAudit.ts'
import { loadAudit, toolOf } from './shared.ts'

export async function amendAudit(ctx: AppContext, meta: RequestMeta, id: string, version: number, input: Omit<AuditInput, 'actions'> & { reason?: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'case-audit:conduct')
  const actor = meta.actor
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const audit = await loadAudit(tx, actor, id)
    if (audit.auditorUserId !== actor.userId) throw new ForbiddenError('not-the-auditor')
    const t = transition(audit.status, 'amend', audit.moderation !== null)
    if (!t.ok) throw new ValidationError(t.errors)
    const tool = await toolOf(tx, audit.toolVersionId)
    const v = validateAudit(tool.definition, { ...input, actions: [] }, 'sign_off', { today: today(ctx), owners: new Set() })
    const reason = validateAmendmentReason(input)
    const errors = [...(v.ok ? [] : v.errors), ...(reason.ok ? [] : reason.errors)]
    if (!v.ok || !reason.ok) throw new ValidationError(errors)
    const before: AuditContent = { answers: await auditAnswers(tx, audit.id), overallGrade: audit.overallGrade, findings: audit.findings, actions: [] }
    const changes = describeChanges(tool.definition, before, v.value)
    if (changes.length === 0) throw new ValidationError([{ field: 'reason', message: 'Nothing was changed, so there is nothing to amend' }])
    if (!(await updateAudit(tx, audit.id, version, { status: 'signed_off', overallGrade: v.value.overallGrade, findings: v.value.findings, draftActions: null, amended: true }))) throw new ConflictError(CONFLICT_MESSAGE, 'reason')
    await replaceAnswers(tx, audit.id, v.value.answers)
    const snapshot = (c: AuditContent) => ({ answers: c.answers, overallGrade: c.overallGrade, findings: c.findings })
    await insertAmendment(tx, { caseAuditId: audit.id, reason: reason.value, changes, before: snapshot(before), after: snapshot(v.value), amendedAt: now, amendedBy: actor.userId })
    if (before.overallGrade !== v.value.overallGrade && v.value.overallGrade) {
      await addChronology(tx, { personId: audit.personId, occurredAt: now, kind: 'case-audit', summary: `Case audit amended by ${actor.displayName}: overall grade now ${GRADE_LABEL[v.value.overallGrade]}. Reason: ${reason.value}`, sourceType: 'case_audit', sourceId: audit.id, recordedBy: actor.userId }, now)
    }
    await appendAudit(tx, { userId: actor.userId, username: actor.username, action: 'case-audit.amend', entityType: 'case_audit', entityId: audit.id, personId: audit.personId, before: snapshot(before), after: { ...snapshot(v.value), reason: reason.value, changes }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
