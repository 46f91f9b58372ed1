/**
 * One case audit, with the child's case read-only beside the tool: the child's details, where the case
 * stands, and the recent chronology. Opening it is a view of the child's record, so it is audited.
 */
import { auditActions, auditAmendments, auditAnswers, auditResponses, actionOwners, signedOffIds, getProgramme, type ActionOwner, type AmendmentRow, type AuditActionRow, type AuditRecord, type ResponseRow } from '../../db/repositories/caseAudit.ts'
import { caseSummary, type CaseSummaryRow } from '../../db/repositories/caseSummary.ts'
import { chronologyEntries, type ChronologyEntryRow } from '../../db/repositories/chronology.ts'
import { getPerson, type PersonRecord } from '../../db/repositories/people.ts'
import { can } from '../../domain/access/roles.ts'
import { ownTeamConflict, type Answer } from '../../domain/caseAudit/audit.ts'
import { moderationSample } from '../../domain/caseAudit/sample.ts'
import type { ToolDefinition } from '../../domain/caseAudit/tool.ts'
import { NotFoundError, type AppContext, type RequestMeta } from '../context.ts'
import { auditPersonView } from '../people/access.ts'
import { loadAudit, toolOf } from './shared.ts'

export type AuditView = {
  audit: AuditRecord
  tool: { definition: ToolDefinition; toolName: string; version: number }
  answers: Record<string, Answer>
  actions: AuditActionRow[]
  owners: ActionOwner[]
  amendments: AmendmentRow[]
  responses: ResponseRow[]
  person: PersonRecord
  summary: CaseSummaryRow
  chronology: ChronologyEntryRow[]
  forModeration: boolean
  may: { edit: boolean; amend: boolean; moderate: boolean; respond: boolean }
  ownTeamConflict: string | null
}

export async function viewAudit(ctx: AppContext, meta: RequestMeta, id: string): Promise<AuditView> {
  const actor = meta.actor
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const audit = await loadAudit(tx, actor, id)
    const person = await getPerson(tx, audit.personId)
    if (!person) throw new NotFoundError('person')
    await auditPersonView(tx, meta, audit.personId, 'case-audit', now, { caseAuditId: audit.id })
    const answers = Object.fromEntries((await auditAnswers(tx, audit.id)).map((a) => [a.questionKey, a]))
    const isAuditor = audit.auditorUserId === actor.userId && can(actor, 'case-audit:conduct')
    const conflict = ownTeamConflict(actor, audit, audit.allowOwnTeam)
    const programme = await getProgramme(tx, audit.programmeId)
    const forModeration = programme ? moderationSample(await signedOffIds(tx, programme.id), programme.seed, programme.moderationPercent).has(audit.id) : false
    return {
      audit,
      tool: await toolOf(tx, audit.toolVersionId),
      answers,
      actions: await auditActions(tx, audit.id),
      owners: await actionOwners(tx, audit.personId, audit.teamId),
      amendments: await auditAmendments(tx, audit.id),
      responses: await auditResponses(tx, audit.id),
      person,
      summary: await caseSummary(tx, audit.personId),
      chronology: await chronologyEntries(tx, audit.personId, 'all', 15),
      forModeration,
      may: {
        edit: isAuditor && audit.status !== 'signed_off' && !conflict,
        amend: isAuditor && audit.status === 'signed_off' && !audit.moderation,
        moderate: can(actor, 'case-audit:moderate') && audit.status === 'signed_off' && !audit.moderation && audit.auditorUserId !== actor.userId,
        respond: can(actor, 'case-audit:respond') && audit.status === 'signed_off',
      },
      ownTeamConflict: isAuditor ? conflict : null,
    }
  })
}
