/**
 * Moderation: a second auditor (never the audit's own) grades the case overall; agreement, and any change
 * of grade, are recorded. The moderated grade is the one learning reports count.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { insertModeration } from '../../db/repositories/caseAudit.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { validateModeration, type ModerationInput } from '../../domain/caseAudit/audit.ts'
import { ConflictError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadAudit } from './shared.ts'

export async function moderateAudit(ctx: AppContext, meta: RequestMeta, id: string, input: ModerationInput): Promise<{ agreed: boolean }> {
  requireCapability(meta.actor, 'case-audit:moderate')
  const now = ctx.now()
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const audit = await loadAudit(tx, meta.actor, id)
      const v = validateModeration(input, { auditorUserId: audit.auditorUserId, overallGrade: audit.overallGrade, status: audit.status, moderated: audit.moderation !== null }, meta.actor.userId)
      if (!v.ok) throw new ValidationError(v.errors)
      const originalGrade = audit.overallGrade
      if (!originalGrade) throw new ValidationError([{ field: 'moderatedGrade', message: 'The audit has no overall grade to moderate' }])
      await insertModeration(tx, { caseAuditId: audit.id, originalGrade, moderatedGrade: v.value.moderatedGrade, agreed: v.value.agreed, comments: v.value.comments, moderatedAt: now, moderatedBy: meta.actor.userId })
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'case-audit.moderate', entityType: 'case_audit', entityId: audit.id, personId: audit.personId, before: { overallGrade: originalGrade }, after: { moderatedGrade: v.value.moderatedGrade, agreed: v.value.agreed, comments: v.value.comments }, ip: meta.ip, requestId: meta.requestId, at: now })
      return { agreed: v.value.agreed }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'case_audit_moderation_one_per_audit')) throw new ConflictError('Someone else moderated this audit a moment ago', 'moderatedGrade')
    throw e
  }
}
