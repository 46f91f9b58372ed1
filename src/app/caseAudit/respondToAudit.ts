/** The worker's or manager's response to a signed-off audit of a child they may see. */
import { appendAudit } from '../../db/repositories/audit.ts'
import { insertResponse } from '../../db/repositories/caseAudit.ts'
import { validateResponse } from '../../domain/caseAudit/audit.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadAudit } from './shared.ts'

export async function respondToAudit(ctx: AppContext, meta: RequestMeta, id: string, input: { response?: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'case-audit:respond')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const audit = await loadAudit(tx, meta.actor, id)
    const v = validateResponse(input, audit.status)
    if (!v.ok) throw new ValidationError(v.errors)
    await insertResponse(tx, { caseAuditId: audit.id, response: v.value, respondedAt: now, respondedBy: meta.actor.userId })
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'case-audit.respond', entityType: 'case_audit', entityId: audit.id, personId: audit.personId, after: { response: v.value }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
