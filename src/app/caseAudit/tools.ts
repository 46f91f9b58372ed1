/**
 * Audit tools: a QA lead lists them, creates one, and publishes a new version. Publishing never changes an
 * earlier version, so audits already started keep the questions they were started with.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { getTool, insertTool, insertToolVersion, listTools, lockTool, toolNameTaken, toolVersions, type ToolRow, type ToolVersionRow } from '../../db/repositories/caseAudit.ts'
import { can } from '../../domain/access/roles.ts'
import { nextVersion, parseToolText } from '../../domain/caseAudit/tool.ts'
import { ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { UUID } from './shared.ts'

export async function auditTools(ctx: AppContext, meta: RequestMeta): Promise<{ tools: ToolRow[]; mayManage: boolean }> {
  if (!can(meta.actor, 'audit-tool:manage') && !can(meta.actor, 'audit-programme:manage')) throw new ForbiddenError('role')
  return { tools: await listTools(ctx.database.db), mayManage: can(meta.actor, 'audit-tool:manage') }
}

export async function auditToolDetail(ctx: AppContext, meta: RequestMeta, toolId: string): Promise<{ tool: ToolRow; versions: ToolVersionRow[] }> {
  if (!can(meta.actor, 'audit-tool:manage') && !can(meta.actor, 'audit-programme:manage')) throw new ForbiddenError('role')
  const tool = UUID.test(toolId) ? await getTool(ctx.database.db, toolId) : undefined
  if (!tool) throw new NotFoundError('audit tool')
  return { tool, versions: await toolVersions(ctx.database.db, tool.id) }
}

/** Publishes a new version of an existing tool (toolId) or creates a tool with its version 1 (name). */
export async function publishToolVersion(ctx: AppContext, meta: RequestMeta, input: { toolId?: string | undefined; name?: string | undefined; description?: string | undefined; definition?: string | undefined }): Promise<{ toolId: string; version: number }> {
  requireCapability(meta.actor, 'audit-tool:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    let toolId = input.toolId
    let name = (input.name ?? '').trim()
    if (toolId) {
      const tool = UUID.test(toolId) ? await getTool(tx, toolId) : undefined
      if (!tool) throw new NotFoundError('audit tool')
      name = tool.name
    } else if (!name) throw new ValidationError([{ field: 'name', message: 'Enter a name for the tool' }])
    else if (name.length > 120) throw new ValidationError([{ field: 'name', message: 'The name must be 120 characters or fewer' }])
    else if (await toolNameTaken(tx, name)) throw new ValidationError([{ field: 'name', message: 'There is already a tool with this name: publish a new version of it instead' }])
    const parsed = parseToolText(input.definition ?? '')
    if (!parsed.ok) throw new ValidationError(parsed.errors)
    if (!toolId) toolId = (await insertTool(tx, { name, description: (input.description ?? '').trim() || null, builtIn: false, createdBy: meta.actor.userId, createdAt: now })).id
    await lockTool(tx, toolId)
    const version = nextVersion((await toolVersions(tx, toolId)).map((v) => v.version))
    const { id } = await insertToolVersion(tx, { toolId, version, definition: parsed.value, publishedAt: now, publishedBy: meta.actor.userId })
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'audit-tool.publish', entityType: 'audit_tool_version', entityId: id, after: { toolId, name, version, definition: parsed.value }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { toolId, version }
  })
}
