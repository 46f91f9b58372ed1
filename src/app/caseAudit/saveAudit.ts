/**
 * Saving an audit as a draft, or signing it off. Only the assigned auditor, who must still see the child
 * and must not be barred by the own-team rule. Signing off needs every required question answered; its
 * actions become tasks (for the owner, and for the case team's manager to oversee), the audit goes on the
 * child's chronology, and all of it is one transaction. A signed-off audit is never saved over: it is
 * amended (amendAudit.ts).
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { actionOwners, replaceAnswers, updateAudit } from '../../db/repositories/caseAudit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertTask } from '../../db/repositories/oversight.ts'
import { ACTION_TITLE_PREFIX, OVERSIGHT_TITLE_PREFIX, ownTeamConflict, transition, validateAudit, type AuditInput } from '../../domain/caseAudit/audit.ts'
import { GRADE_LABEL } from '../../domain/caseAudit/grades.ts'
import { formatDate } from '../../domain/shared/dates.ts'
import { ConflictError, ForbiddenError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { loadAudit, toolOf } from './shared.ts'
import { teamManagerOf } from '../../db/repositories/caseAudit.ts'

export const CONFLICT_MESSAGE = 'This audit was changed by someone else after you opened it. Check it, then make your changes again.'

export async function saveAudit(ctx: AppContext, meta: RequestMeta, id: string, version: number, input: AuditInput, mode: 'save' | 'sign_off'): Promise<{ status: string }> {
  requireCapability(meta.actor, 'case-audit:conduct')
  const actor = meta.actor
  const now = ctx.now()
  const on = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const audit = await loadAudit(tx, actor, id)
    if (audit.auditorUserId !== actor.userId) throw new ForbiddenError('not-the-auditor')
    const conflict = ownTeamConflict(actor, audit, audit.allowOwnTeam)
    if (conflict) throw new ForbiddenError('own-team')
    const t = transition(audit.status, mode)
    if (!t.ok) throw new ValidationError(t.errors)
    const tool = await toolOf(tx, audit.toolVersionId)
    const owners = await actionOwners(tx, audit.personId, audit.teamId)
    const v = validateAudit(tool.definition, input, mode, { today: on, owners: new Set(owners.map((o) => o.id)) })
    if (!v.ok) throw new ValidationError(v.errors)
    const c = v.value
    const ok = await updateAudit(tx, audit.id, version, {
      status: t.value,
      overallGrade: c.overallGrade,
      findings: c.findings,
      draftActions: mode === 'save' ? input.actions : null,
      ...(mode === 'sign_off' ? { signedOffAt: now, signedOffBy: actor.userId } : {}),
    })
    if (!ok) throw new ConflictError(CONFLICT_MESSAGE, 'overallGrade')
    await replaceAnswers(tx, audit.id, c.answers)
    const taskIds: string[] = []
    if (mode === 'sign_off') {
      const ownerName = new Map(owners.map((o) => [o.id, o.name]))
      const manager = audit.teamId ? await teamManagerOf(tx, audit.teamId) : undefined
      const grade = c.overallGrade ? GRADE_LABEL[c.overallGrade] : ''
      for (const a of c.actions) {
        const details = `Required by the case audit of ${audit.personRef} (${audit.programmeTitle}) by ${actor.displayName}, overall grade ${grade}.`
        taskIds.push((await insertTask(tx, { personId: audit.personId, title: `${ACTION_TITLE_PREFIX}${a.text}`, details, dueDate: a.dueDate, assignedWorkerId: a.ownerWorkerId, sourceType: 'audit_action', sourceId: audit.id, createdBy: actor.userId, createdAt: now })).id)
        if (manager && manager.id !== a.ownerWorkerId) {
          taskIds.push(
            (
              await insertTask(tx, {
                personId: audit.personId,
                title: `${OVERSIGHT_TITLE_PREFIX}${a.text}`,
                details: `${details} Owner: ${ownerName.get(a.ownerWorkerId) ?? 'a worker'}, due ${formatDate(a.dueDate)}.`,
                dueDate: a.dueDate,
                assignedWorkerId: manager.id,
                sourceType: 'audit_action',
                sourceId: audit.id,
                createdBy: actor.userId,
                createdAt: now,
              })
            ).id,
          )
        }
      }
      await addChronology(
        tx,
        { personId: audit.personId, occurredAt: now, kind: 'case-audit', summary: `Case audit signed off by ${actor.displayName} (${audit.programmeTitle}): overall grade ${grade}${c.actions.length ? `, ${c.actions.length} required action${c.actions.length === 1 ? '' : 's'}` : ''}.`, sourceType: 'case_audit', sourceId: audit.id, recordedBy: actor.userId },
        now,
      )
    }
    await appendAudit(tx, {
      userId: actor.userId,
      username: actor.username,
      action: mode === 'sign_off' ? 'case-audit.sign-off' : 'case-audit.save',
      entityType: 'case_audit',
      entityId: audit.id,
      personId: audit.personId,
      before: { status: audit.status, overallGrade: audit.overallGrade, version: audit.version },
      after: { status: t.value, overallGrade: c.overallGrade, findings: c.findings, answers: c.answers, actions: c.actions, taskIds, version: audit.version + 1 },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { status: t.value }
  })
}
