import { can, type Actor } from './roles.ts'

/**
 * What decides whether someone may open a person's record.
 * - Restricted records (children of staff, high-profile cases) only for named people, whatever the scope.
 * - Otherwise by scope: council sees everyone; service / team / own caseload see a person when the
 *   person, or someone in their family (a current relationship), has an open allocation to a worker in
 *   that service / team / to them — or, for team and service scope, is waiting in that team's queue for a
 *   worker (ADR 0005), so a manager sees the children waiting for their team. A worker always sees a record they created themselves, so a new
 *   record is never lost to its author before it is allocated.
 * The same rule is written as SQL for lists in src/db/repositories/personAccessSql.ts; a test checks they agree.
 */
export type OpenAllocationFact = { workerId: string; teamId: string; serviceId: string }

export type PersonAccessFacts = {
  restricted: boolean
  actorHasGrant: boolean
  createdBy: string | null
  /** Open allocations of the person and of the people they currently have a relationship with. */
  openAllocations: OpenAllocationFact[]
  /** Teams the person (or their family) is waiting in for a worker (team_queue rows not yet allocated). */
  waitingTeams?: { teamId: string; serviceId: string }[]
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: 'role' | 'restricted' | 'scope' }

export function decidePersonAccess(actor: Actor, facts: PersonAccessFacts): AccessDecision {
  if (!can(actor, 'person:view')) return { allowed: false, reason: 'role' }
  if (facts.restricted) return facts.actorHasGrant ? { allowed: true } : { allowed: false, reason: 'restricted' }
  if (facts.createdBy !== null && facts.createdBy === actor.userId) return { allowed: true }
  switch (actor.scope) {
    case 'council':
      return { allowed: true }
    case 'service':
      return [...facts.openAllocations, ...(facts.waitingTeams ?? [])].some((a) => a.serviceId === actor.serviceId) ? { allowed: true } : { allowed: false, reason: 'scope' }
    case 'team':
      return [...facts.openAllocations, ...(facts.waitingTeams ?? [])].some((a) => a.teamId === actor.teamId) ? { allowed: true } : { allowed: false, reason: 'scope' }
    case 'own_caseload':
      return facts.openAllocations.some((a) => a.workerId === actor.workerId) ? { allowed: true } : { allowed: false, reason: 'scope' }
    case 'none':
      return { allowed: false, reason: 'scope' }
  }
}
