import { listPersonAudit, type AuditRow } from '../../db/repositories/audit.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from './access.ts'

/** "Who has viewed this record": for managers, auditors and administrators who may see the record. */
export async function listRecordViews(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ person: PersonRecord; views: AuditRow[] }> {
  requireCapability(meta.actor, 'audit:view-record-access')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    return { person, views: await listPersonAudit(tx, personId, { viewsOnly: true }) }
  })
}

