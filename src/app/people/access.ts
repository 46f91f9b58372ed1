import { decidePersonAccess } from '../../domain/access/personAccess.ts'
import { can, type Actor, type Capability } from '../../domain/access/roles.ts'
import type { Executor } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { getPerson, loadPersonAccessFacts, type PersonRecord } from '../../db/repositories/people.ts'
import { ForbiddenError, NotFoundError, type RequestMeta } from '../context.ts'

export function requireCapability(actor: Actor, capability: Capability): void {
  if (!can(actor, capability)) throw new ForbiddenError('role')
}

/** Throws unless the actor may see this person's record (role, restriction, scope). */
export async function requirePersonAccess(db: Executor, actor: Actor, personId: string): Promise<void> {
  const facts = await loadPersonAccessFacts(db, personId, actor.userId)
  if (!facts) throw new NotFoundError('person')
  const decision = decidePersonAccess(actor, facts)
  if (!decision.allowed) throw new ForbiddenError(decision.reason)
}

/** The person's record after the access check: 404 when there is no such person, 403 when out of scope. */
export async function loadPersonWithAccess(db: Executor, actor: Actor, personId: string): Promise<PersonRecord> {
  await requirePersonAccess(db, actor, personId)
  const person = await getPerson(db, personId)
  if (!person) throw new NotFoundError('person')
  return person
}

/** Every view of a child's record is in the audit log, with the page it was seen through. */
export async function auditPersonView(db: Executor, meta: RequestMeta, personId: string, via: string, at: Date, extra: Record<string, unknown> = {}): Promise<void> {
  await appendAudit(db, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via, ...extra }, ip: meta.ip, requestId: meta.requestId, at })
}
