/** Audit programmes: the list, one programme with its audits and its moderation sample, and an auditor's own audits. */
import { auditsAssignedTo, getProgramme, usersWithRoles, type AuditorOption, listProgrammes, programmeAudits, unmoderatedSignedOff, signedOffIds, type AuditListRow, type ProgrammeRow } from '../../db/repositories/caseAudit.ts'
import { can } from '../../domain/access/roles.ts'
import { moderationSample } from '../../domain/caseAudit/sample.ts'
import { ForbiddenError, NotFoundError, type AppContext, type RequestMeta } from '../context.ts'
import { AUDITOR_ROLES } from './createProgramme.ts'
import { UUID } from './shared.ts'

export type AuditsHome = { programmes: ProgrammeRow[]; assigned: AuditListRow[]; toModerate: AuditListRow[]; mayCreate: boolean; mayModerate: boolean; mayManageTools: boolean }

/** /case-audits: the programmes (for those who run them), the audits assigned to me, and those waiting for moderation. */
export async function auditsHome(ctx: AppContext, meta: RequestMeta): Promise<AuditsHome> {
  const actor = meta.actor
  const mayCreate = can(actor, 'audit-programme:manage')
  const mayConduct = can(actor, 'case-audit:conduct')
  const mayModerate = can(actor, 'case-audit:moderate')
  if (!mayCreate && !mayConduct && !mayModerate) throw new ForbiddenError('role')
  return ctx.database.db.transaction(async (tx) => {
    const programmes = mayCreate || mayModerate ? await listProgrammes(tx) : []
    const assigned = mayConduct ? await auditsAssignedTo(tx, actor.userId) : []
    let toModerate: AuditListRow[] = []
    if (mayModerate) {
      const waiting = (await unmoderatedSignedOff(tx, actor.userId)).filter((a) => a.auditorUserId !== actor.userId)
      const samples = new Map<string, Set<string>>()
      for (const a of waiting) {
        if (!samples.has(a.programmeId)) {
          const p = await getProgramme(tx, a.programmeId)
          samples.set(a.programmeId, p ? moderationSample(await signedOffIds(tx, p.id), p.seed, p.moderationPercent) : new Set())
        }
        if (samples.get(a.programmeId)?.has(a.id)) toModerate.push(a)
      }
      toModerate = toModerate.slice(0, 50)
    }
    return { programmes, assigned, toModerate, mayCreate, mayModerate, mayManageTools: can(actor, 'audit-tool:manage') }
  })
}

export type ProgrammeView = { programme: ProgrammeRow; audits: (AuditListRow & { forModeration: boolean })[]; auditors: AuditorOption[] }

export async function viewProgramme(ctx: AppContext, meta: RequestMeta, id: string): Promise<ProgrammeView> {
  if (!can(meta.actor, 'audit-programme:manage') && !can(meta.actor, 'case-audit:moderate')) throw new ForbiddenError('role')
  return ctx.database.db.transaction(async (tx) => {
    const programme = UUID.test(id) ? await getProgramme(tx, id) : undefined
    if (!programme) throw new NotFoundError('audit programme')
    const sample = moderationSample(await signedOffIds(tx, programme.id), programme.seed, programme.moderationPercent)
    // A list, not a view of any child's record: names follow the viewer's access (restricted names masked).
    const audits = (await programmeAudits(tx, programme.id, meta.actor.userId)).map((a) => ({ ...a, forModeration: sample.has(a.id) }))
    // Those who run programmes may give a not-yet-signed-off audit to another auditor.
    const auditors = can(meta.actor, 'audit-programme:manage') ? await usersWithRoles(tx, AUDITOR_ROLES) : []
    return { programme, audits, auditors }
  })
}
