/**
 * Configuring caseload limits. The council's rules by job role (service managers and administrators),
 * and a worker's newly-qualified flag and own limit (their team's manager, or the service manager).
 * Changes are compare-and-set on what the manager saw (409 otherwise) and audited with before/after.
 */
import type { Tx } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { jobRoles, limitRuleFor, setWorkerLimit, upsertLimitRule } from '../../db/repositories/caseloadLimits.ts'
import { limitRules, workerById } from '../../db/repositories/caseloads.ts'
import { caseloadLimit, type LimitRule } from '../../domain/allocation/allocation.ts'
import { validateLimitRule, validateWorkerLimit, type LimitRuleInput, type WorkerLimitInput } from '../../domain/allocation/limits.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

export async function listLimitRules(ctx: AppContext, meta: RequestMeta): Promise<{ rules: LimitRule[]; jobRoles: string[] }> {
  requireCapability(meta.actor, 'caseload:view')
  return ctx.database.db.transaction(async (tx) => ({
    rules: (await limitRules(tx)).sort((a, b) => (a.jobRole === '*' ? -1 : b.jobRole === '*' ? 1 : a.jobRole.localeCompare(b.jobRole))),
    jobRoles: await jobRoles(tx),
  }))
}

export async function saveLimitRule(ctx: AppContext, meta: RequestMeta, input: LimitRuleInput & { expectedChildrenPerFte?: string | undefined; expectedNewlyQualifiedChildrenPerFte?: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'caseload:configure')
  await ctx.database.db.transaction(async (tx) => {
    const v = validateLimitRule(input, await jobRoles(tx))
    if (!v.ok) throw new ValidationError(v.errors)
    const before = (await limitRuleFor(tx, v.value.jobRole)) ?? null
    const expected =
      input.expectedChildrenPerFte && input.expectedNewlyQualifiedChildrenPerFte
        ? { childrenPerFte: Number(input.expectedChildrenPerFte), newlyQualifiedChildrenPerFte: Number(input.expectedNewlyQualifiedChildrenPerFte) }
        : null
    if (!(await upsertLimitRule(tx, v.value, before === null ? null : (expected ?? before))))
      throw new ConflictError('Someone else changed this limit just now: check the figures and save again', 'childrenPerFte')
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'caseload-limit.set', entityType: 'caseload_limit_rule', entityId: null, before, after: v.value, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
  })
}

export type WorkerLimitView = { id: string; name: string; jobRole: string; fte: number; teamId: string | null; newlyQualified: boolean; caseloadLimit: number | null; effectiveLimit: number }

async function workerInScope(tx: Tx, meta: RequestMeta, workerId: string) {
  const worker = await workerById(tx, workerId)
  if (!worker) throw new NotFoundError('worker')
  const scope = await teamsInScope(tx, meta.actor)
  if (!scope.councilWide && !scope.teams.some((t) => t.id === worker.teamId)) throw new ForbiddenError('scope')
  return worker
}

export async function viewWorkerLimit(ctx: AppContext, meta: RequestMeta, workerId: string): Promise<WorkerLimitView> {
  requireCapability(meta.actor, 'allocation:manage')
  return ctx.database.db.transaction(async (tx) => {
    const w = await workerInScope(tx, meta, workerId)
    return { id: w.id, name: w.name, jobRole: w.jobRole, fte: w.fte, teamId: w.teamId, newlyQualified: w.newlyQualified, caseloadLimit: w.caseloadLimit, effectiveLimit: caseloadLimit(w, await limitRules(tx)) }
  })
}

export async function saveWorkerLimit(ctx: AppContext, meta: RequestMeta, workerId: string, input: WorkerLimitInput & { expectedNewlyQualified?: string | undefined; expectedCaseloadLimit?: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'allocation:manage')
  await ctx.database.db.transaction(async (tx) => {
    const w = await workerInScope(tx, meta, workerId)
    const v = validateWorkerLimit(input)
    if (!v.ok) throw new ValidationError(v.errors)
    const expected = {
      newlyQualified: input.expectedNewlyQualified === undefined ? w.newlyQualified : input.expectedNewlyQualified === 'true',
      caseloadLimit: input.expectedCaseloadLimit === undefined ? w.caseloadLimit : input.expectedCaseloadLimit === '' ? null : Number(input.expectedCaseloadLimit),
    }
    if (!(await setWorkerLimit(tx, workerId, v.value, expected))) throw new ConflictError('Someone else changed this worker’s limit just now: check and save again', 'caseloadLimit')
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'worker.caseload-limit',
      entityType: 'worker',
      entityId: workerId,
      before: { newlyQualified: w.newlyQualified, caseloadLimit: w.caseloadLimit },
      after: v.value,
      ip: meta.ip,
      requestId: meta.requestId,
      at: ctx.now(),
    })
  })
}
