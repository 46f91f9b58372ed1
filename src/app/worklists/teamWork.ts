/**
 * "Team": a manager's view of one team — approvals waiting, assessments due in the next 5 working days
 * and every overdue one, child protection and child in need dates overdue or due soon, overdue work per worker, children waiting for a worker, caseloads and
 * supervision due. Team managers see their own team; service managers choose a team in their service.
 */
import { assessmentsAwaitingAuthorisation, closureProposals, planDueChildrenOfTeam, teamAssessmentsDueBy, teamOpenWork, teamWorkers, transferProposalsInto, unallocatedCount } from '../../db/repositories/worklists.ts'
import type { TeamRow } from '../../db/repositories/timeliness.ts'
import { AMBER_WORKING_DAYS, ASSESSMENT_KIND_LABEL, type AssessmentClock } from '../../domain/assessments/frameworks.ts'
import { orderWorklist, overdueByWorker, type WorkerOverdue } from '../../domain/worklists/worklist.ts'
import { ForbiddenError, today, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability } from '../people/access.ts'
import { teamCaseloads, type WorkerCaseload } from '../allocation/caseloads.ts'
import { teamSupervisionDue, type SupervisionDue } from '../supervision/supervisionDue.ts'
import { planDueForChildren, type ChildDueItem } from './planDueItems.ts'
import { teamsInScope } from './teamScope.ts'
import { ASSESSMENT_STATUS_LABEL, assessmentItem, clockFor, closureProposalItem, loadFrameworkPeriods, transferProposalItem, type WorkItem } from './workItems.ts'

export type TeamAssessmentDue = {
  id: string
  assessmentRef: string
  kindLabel: string
  personId: string
  personRef: string | null
  childName: string
  visible: boolean
  workerName: string | null
  status: string
  clock: AssessmentClock
}

export type TeamWork = {
  today: string
  team: TeamRow
  teams: TeamRow[]
  approvals: WorkItem[]
  dueSoon: TeamAssessmentDue[]
  dueWithinDays: number
  /** Child protection and child in need dates of the team's children, overdue or due soon, overdue first. */
  planDue: ChildDueItem[]
  byWorker: WorkerOverdue[]
  unallocated: number
  supervisionDue: SupervisionDue[]
  caseloads: WorkerCaseload[]
}

export async function teamWork(ctx: AppContext, meta: RequestMeta, q: { team?: string | undefined }): Promise<TeamWork> {
  requireCapability(meta.actor, 'worklist:team')
  const actor = meta.actor
  const now = today(ctx)
  const work = await ctx.database.db.transaction(async (tx) => {
    const scope = await teamsInScope(tx, actor)
    const wanted = q.team && q.team !== '' ? q.team : actor.teamId
    const team = scope.teams.find((t) => t.id === wanted) ?? (q.team ? undefined : scope.teams[0])
    if (!team) throw new ForbiddenError('team')
    const calendar = await loadCalendar(tx)
    const periods = await loadFrameworkPeriods(tx)
    const approvals: WorkItem[] = []
    for (const a of await assessmentsAwaitingAuthorisation(tx, actor, [team.id])) approvals.push(assessmentItem(a, 'authorisation', now, calendar, periods))
    for (const c of await closureProposals(tx, actor, [team.id])) approvals.push(closureProposalItem(c, now))
    for (const x of await transferProposalsInto(tx, actor.userId, [team.id])) approvals.push(transferProposalItem(x, now))
    const dueBy = calendar.addWorkingDays(now, AMBER_WORKING_DAYS)
    const dueSoon = (await teamAssessmentsDueBy(tx, actor, team.id, dueBy)).map((a) => ({
      id: a.id,
      assessmentRef: a.assessmentRef,
      kindLabel: ASSESSMENT_KIND_LABEL[a.kind],
      personId: a.personId,
      personRef: a.visible ? a.personRef : null,
      childName: a.visible ? a.childName : 'Not in your access',
      visible: a.visible,
      workerName: a.workerName,
      status: ASSESSMENT_STATUS_LABEL[a.status] ?? a.status,
      clock: clockFor(a, now, calendar, periods),
    }))
    const planDue = await planDueForChildren(tx, await planDueChildrenOfTeam(tx, actor, team.id), now, calendar, actor)
    const workers = await teamWorkers(tx, team.id)
    const work = await teamOpenWork(tx, team.id)
    return {
      today: now,
      team,
      teams: scope.teams,
      approvals: orderWorklist(approvals, now),
      dueSoon,
      dueWithinDays: AMBER_WORKING_DAYS,
      planDue,
      byWorker: overdueByWorker(workers, work.assessments, work.tasks, now),
      unallocated: await unallocatedCount(tx, team.id),
    }
  })
  // Other use cases open their own transactions: call them after ours has finished.
  const supervisionDue = await teamSupervisionDue(ctx, meta, work.team.id)
  const caseloads = await teamCaseloads(ctx, meta, work.team.id)
  return { ...work, supervisionDue, caseloads }
}
