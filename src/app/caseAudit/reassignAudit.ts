/**
 * Giving an audit to another auditor before it is signed off: the same checks as when the programme was
 * started — the own-team rule (unless the programme allows it) and the new auditor's access to the child.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { getCaseAudit, reassignAudit as reassign, usersWithRoles } from '../../db/repositories/caseAudit.ts'
import { ownTeamConflict } from '../../domain/caseAudit/audit.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { AUDITOR_ROLES, auditorMaySee } from './createProgramme.ts'
import { UUID } from './shared.ts'

export async function reassignAudit(ctx: AppContext, meta: RequestMeta, id: string, input: { auditorUserId?: string | undefined; version?: string | undefined }): Promise<{ programmeId: string }> {
  requireCapability(meta.actor, 'audit-programme:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const audit = UUID.test(id) ? await getCaseAudit(tx, id, meta.actor.userId) : undefined
    if (!audit) throw new NotFoundError('case audit')
    const field = `auditor-${audit.id}`
    if (audit.status === 'signed_off') throw new ValidationError([{ field, message: `The audit of ${audit.personRef} has been signed off, so its auditor cannot change` }])
    const auditor = (await usersWithRoles(tx, AUDITOR_ROLES)).find((u) => u.userId === (input.auditorUserId ?? '').trim())
    if (!auditor) throw new ValidationError([{ field, message: `Select the auditor for ${audit.personRef}` }])
    const conflict = ownTeamConflict(auditor, audit, audit.allowOwnTeam)
    if (conflict) throw new ValidationError([{ field, message: `${conflict} (${audit.personRef}). Choose another auditor.` }])
    if (!(await auditorMaySee(tx, auditor.userId, audit.personId))) throw new ValidationError([{ field, message: `${auditor.displayName} may not see the record of ${audit.personRef}, so cannot audit it` }])
    if (!(await reassign(tx, audit.id, Number.parseInt(input.version ?? '', 10), auditor.userId))) throw new ConflictError('This audit changed after you opened the programme. Check it and try again.', field)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'case-audit.reassign', entityType: 'case_audit', entityId: audit.id, personId: audit.personId, before: { auditorUserId: audit.auditorUserId }, after: { auditorUserId: auditor.userId }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { programmeId: audit.programmeId }
  })
}
