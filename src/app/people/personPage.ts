/**
 * Everything the child's record page shows, read in one transaction after one access check: the person
 * (names, addresses, relationships, professionals, allocations), the history of changes, the case summary
 * (referral, assessment clock, child protection status and what is due) and the case audits. The view is
 * written to the audit log in the same transaction. One check and one transaction instead of four halves
 * the page's database time on the synthetic county (docs/performance.md).
 */
import { listPersonAudit, type AuditRow } from '../../db/repositories/audit.ts'
import { personAudits, type AuditListRow } from '../../db/repositories/caseAudit.ts'
import { mayOpenAudits } from '../caseAudit/shared.ts'
import { today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from './access.ts'
import { loadCaseSummary, type CaseSummary } from './caseSummary.ts'
import { readPersonAndAuditView, type PersonView } from './viewPerson.ts'

export type PersonPage = {
  person: PersonView
  history: AuditRow[]
  summary: CaseSummary
  caseAudits: { audits: AuditListRow[]; mayOpen: boolean }
}

export async function personPage(ctx: AppContext, meta: RequestMeta, personId: string): Promise<PersonPage> {
  requireCapability(meta.actor, 'person:view')
  const day = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const person = await readPersonAndAuditView(tx, meta, personId, 'page', ctx.now())
    return {
      person,
      history: await listPersonAudit(tx, personId, { changesOnly: true, limit: 200 }),
      summary: await loadCaseSummary(tx, meta.actor, personId, day),
      caseAudits: { audits: await personAudits(tx, personId, meta.actor.userId), mayOpen: mayOpenAudits(meta.actor) },
    }
  })
}
