/**
 * Which teams a manager's worklists and reports cover: a team manager their own team; a service manager
 * the teams of their service; council-wide viewers (analysts, auditors) every team.
 */
import type { Executor } from '../../db/database.ts'
import { listTeams, type TeamRow } from '../../db/repositories/timeliness.ts'
import type { Actor } from '../../domain/access/roles.ts'

export type TeamScope = { teams: TeamRow[]; councilWide: boolean }

export async function teamsInScope(db: Executor, actor: Actor): Promise<TeamScope> {
  if (actor.role === 'team_manager') return { teams: await listTeams(db, { teamId: actor.teamId }), councilWide: false }
  if (actor.role === 'service_manager') return { teams: await listTeams(db, { serviceId: actor.serviceId }), councilWide: false }
  switch (actor.scope) {
    case 'council':
      return { teams: await listTeams(db), councilWide: true }
    case 'service':
      return { teams: await listTeams(db, { serviceId: actor.serviceId }), councilWide: false }
    case 'team':
    case 'own_caseload':
      return { teams: await listTeams(db, { teamId: actor.teamId }), councilWide: false }
    case 'none':
      return { teams: [], councilWide: false }
  }
}
