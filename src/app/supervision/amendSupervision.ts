/**
 * Amending a supervision record: only the supervisor who wrote it, and only while it is at the version
 * they saw (two people cannot overwrite each other). The discussions and the reflective notes may be
 * corrected; the audit keeps each discussion before and after, and records that the notes changed without
 * copying them.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { amendSupervisionCaseDiscussion, amendSupervisionRow, getSupervision, supervisionCases, type SupervisionCaseRow } from '../../db/repositories/supervision.ts'
import type { Executor } from '../../db/database.ts'
import { validateAmendment } from '../../domain/supervision/supervision.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type AmendForm = { id: string; workerName: string; heldOn: string; version: number; reflectiveNotes: string | null; cases: SupervisionCaseRow[] }

async function load(tx: Executor, meta: RequestMeta, id: string) {
  if (!UUID.test(id)) throw new NotFoundError('supervision record')
  const s = await getSupervision(tx, id)
  if (!s) throw new NotFoundError('supervision record')
  if (s.supervisorUserId !== meta.actor.userId) throw new ForbiddenError('scope')
  return s
}

export async function amendForm(ctx: AppContext, meta: RequestMeta, id: string): Promise<AmendForm> {
  requireCapability(meta.actor, 'supervision:record')
  return ctx.database.db.transaction(async (tx) => {
    const s = await load(tx, meta, id)
    return { id: s.id, workerName: s.workerName, heldOn: s.heldOn, version: s.version, reflectiveNotes: s.reflectiveNotes, cases: await supervisionCases(tx, s.id) }
  })
}

export async function amendSupervision(ctx: AppContext, meta: RequestMeta, id: string, version: number | undefined, input: { discussions: (string | undefined)[]; reflectiveNotes?: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'supervision:record')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const s = await load(tx, meta, id)
    const cases = await supervisionCases(tx, s.id)
    const v = validateAmendment(input, cases.length)
    if (!v.ok) throw new ValidationError(v.errors)
    if (version === undefined || !(await amendSupervisionRow(tx, s.id, version, v.value.reflectiveNotes))) {
      throw new ConflictError('This supervision record was changed by someone else after you opened it. Check the record and make your changes again.', 'reflectiveNotes')
    }
    const changed: string[] = []
    for (const [i, c] of cases.entries()) {
      const after = v.value.discussions[i] ?? c.discussion
      if (after === c.discussion) continue
      await amendSupervisionCaseDiscussion(tx, s.id, c.personId, after)
      changed.push(`discussion of ${c.personRef}`)
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'supervision.case.amend', entityType: 'supervision', entityId: s.id, personId: c.personId, before: { discussion: c.discussion }, after: { discussion: after }, ip: meta.ip, requestId: meta.requestId, at: now })
    }
    if ((s.reflectiveNotes ?? null) !== v.value.reflectiveNotes) changed.push('reflective notes')
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'supervision.amend',
      entityType: 'supervision',
      entityId: s.id,
      // The notes are private: the audit says they changed, never what they say.
      before: { version: s.version, reflectiveNotes: s.reflectiveNotes ? '[private]' : null },
      after: { version: s.version + 1, reflectiveNotes: v.value.reflectiveNotes ? '[private]' : null, changed },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
}
