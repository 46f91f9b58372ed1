import { appendAudit } from '../../db/repositories/audit.ts'
import { getPerson, getPersonParts, type PersonRecord } from '../../db/repositories/people.ts'
import { NotFoundError, type AppContext, type RequestMeta } from '../context.ts'
import type { Executor } from '../../db/database.ts'
import { requireCapability, requirePersonAccess } from './access.ts'

export type PersonView = PersonRecord & Awaited<ReturnType<typeof getPersonParts>>

/** Opens a person's record. Every view is written to the audit log in the same transaction as the read. */
export async function viewPerson(ctx: AppContext, meta: RequestMeta, personId: string, purpose: 'page' | 'api' = 'page'): Promise<PersonView> {
  requireCapability(meta.actor, 'person:view')
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    return readPersonAndAuditView(tx, meta, personId, purpose, ctx.now())
  })
}

/** The person with their names, addresses, relationships and allocations, and the view in the audit log: after the access check. */
export async function readPersonAndAuditView(tx: Executor, meta: RequestMeta, personId: string, purpose: 'page' | 'api', at: Date): Promise<PersonView> {
  const record = await getPerson(tx, personId)
  if (!record) throw new NotFoundError('person')
  const parts = await getPersonParts(tx, personId, meta.actor)
  await appendAudit(tx, {
    userId: meta.actor.userId,
    username: meta.actor.username,
    action: 'person.view',
    entityType: 'person',
    entityId: personId,
    personId,
    after: { via: purpose },
    ip: meta.ip,
    requestId: meta.requestId,
    at,
  })
  return { ...record, ...parts }
}
