/** What the case-audit use cases share: loading an audit with the access checks, and the tool it uses. */
import type { Executor } from '../../db/database.ts'
import { getCaseAudit, getToolVersion, type AuditRecord } from '../../db/repositories/caseAudit.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import type { ToolDefinition } from '../../domain/caseAudit/tool.ts'
import { ForbiddenError, NotFoundError } from '../context.ts'
import { requirePersonAccess } from '../people/access.ts'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Anyone who may open an audit (given access to the child): auditors, moderators, responders, learning viewers. */
export const mayOpenAudits = (actor: Actor): boolean =>
  can(actor, 'case-audit:conduct') || can(actor, 'case-audit:moderate') || can(actor, 'case-audit:respond') || can(actor, 'audit-learning:view')

/** The audit, after checking the actor may open it and see the child's record (404 / 403 otherwise). */
export async function loadAudit(tx: Executor, actor: Actor, id: string): Promise<AuditRecord> {
  if (!mayOpenAudits(actor)) throw new ForbiddenError('role')
  const audit = UUID.test(id) ? await getCaseAudit(tx, id, actor.userId) : undefined
  if (!audit) throw new NotFoundError('case audit')
  await requirePersonAccess(tx, actor, audit.personId)
  return audit
}

export async function toolOf(tx: Executor, toolVersionId: string): Promise<{ definition: ToolDefinition; toolName: string; version: number }> {
  const v = await getToolVersion(tx, toolVersionId)
  if (!v) throw new NotFoundError('audit tool')
  return { definition: v.definition, toolName: v.toolName, version: v.version }
}

/** The tool an audit uses, for reading a posted form (access checked; not a view of the child's record). */
export async function auditToolFor(ctx: { database: { db: Executor } }, actor: Actor, id: string): Promise<{ definition: ToolDefinition; toolName: string; version: number }> {
  const audit = await loadAudit(ctx.database.db, actor, id)
  return toolOf(ctx.database.db, audit.toolVersionId)
}
