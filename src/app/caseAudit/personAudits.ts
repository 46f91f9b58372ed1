/** The "Case audits" section of the child's page: every audit of this child, with its grade. */
import { personAudits, type AuditListRow } from '../../db/repositories/caseAudit.ts'
import type { AppContext, RequestMeta } from '../context.ts'
import { requirePersonAccess } from '../people/access.ts'
import { mayOpenAudits } from './shared.ts'

export async function auditsOfPerson(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ audits: AuditListRow[]; mayOpen: boolean }> {
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    return { audits: await personAudits(tx, personId, meta.actor.userId), mayOpen: mayOpenAudits(meta.actor) }
  })
}
