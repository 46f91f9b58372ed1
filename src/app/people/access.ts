import { decidePersonAccess } from '../../domain/access/personAccess.ts'
import { can, type Actor, type Capability } from '../../domain/access/roles.ts'
import type { Executor } from '../../db/database.ts'
import { loadPersonAccessFacts } from '../../db/repositories/people.ts'
import { ForbiddenError, NotFoundError } from '../context.ts'

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
