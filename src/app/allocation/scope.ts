/**
 * Who may manage a child's allocation. A manager manages allocation for the teams in their scope (a team
 * manager their team; a service manager their service's teams; see ../worklists/teamScope.ts). They
 * may act for a child they can see (personAccess), or for a child who belongs to one of their teams for
 * allocation (waiting in the team's queue, or last allocated there) — a child waiting for a worker has no
 * open allocation, so the ordinary record scope would hide them from the manager who must allocate them.
 */
import type { Executor } from '../../db/database.ts'
import { allocationTeamOf, childHeader, type ChildHeader, type TeamInfo } from '../../db/repositories/allocation.ts'
import type { TeamRow } from '../../db/repositories/timeliness.ts'
import type { Actor } from '../../domain/access/roles.ts'
import { ForbiddenError, NotFoundError } from '../context.ts'
import { requirePersonAccess } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

export type ChildScope = { child: ChildHeader; team: TeamInfo | null; teams: TeamRow[]; councilWide: boolean }

export async function requireAllocationAccess(db: Executor, actor: Actor, personId: string): Promise<ChildScope> {
  const child = await childHeader(db, personId)
  if (!child) throw new NotFoundError('person')
  const team = await allocationTeamOf(db, personId)
  const scope = await teamsInScope(db, actor)
  const teamInScope = team !== null && scope.teams.some((t) => t.id === team.id)
  const noTeamButWide = team === null && (scope.councilWide || actor.role === 'service_manager')
  if (child.restricted || !(teamInScope || noTeamButWide)) {
    // The ordinary rule decides (restricted records, own caseload, family allocations).
    await requirePersonAccess(db, actor, personId)
  }
  return { child, team, teams: scope.teams, councilWide: scope.councilWide }
}

export function requireTeamInScope(scope: { teams: readonly { id: string }[] }, teamId: string): void {
  if (!scope.teams.some((t) => t.id === teamId)) throw new ForbiddenError('scope')
}
