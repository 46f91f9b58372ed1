/**
 * "My work": everything the signed-in worker must do, overdue first then by due date — their open
 * assessments (with RAG against the due date), assessments and closures returned to them, open tasks;
 * and, for managers, what waits for their decision. Plus the children allocated to them.
 * Also the child protection and child in need dates (ICPC, review conferences, core groups, visits, CIN
 * reviews) of the worker's children that are overdue or due soon.
 * A list, not a view of any child's record (no per-child audit); names follow the viewer's access.
 */
import { allocatedChildren, assessmentsAwaitingAuthorisation, closureProposals, openAssessmentsForWorker, openTasksForWorker, planDueChildrenOfWorker, returnedClosuresFor, transferProposalsInto, type AllocatedChildRow } from '../../db/repositories/worklists.ts'
import { can } from '../../domain/access/roles.ts'
import { orderWorklist } from '../../domain/worklists/worklist.ts'
import { ForbiddenError, today, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability } from '../people/access.ts'
import { planDueForChildren, planDueWorkItem } from './planDueItems.ts'
import { teamsInScope } from './teamScope.ts'
import { ASSESSMENT_STATUS_LABEL, assessmentItem, closureProposalItem, loadFrameworkPeriods, returnedClosureItem, taskItem, transferProposalItem, type WorkItem } from './workItems.ts'

export type MyWork = {
  today: string
  items: WorkItem[]
  approvals: WorkItem[]
  allocated: (AllocatedChildRow & { openAssessmentLabel: string | null })[]
  isManager: boolean
  overdueCount: number
}

export async function myWork(ctx: AppContext, meta: RequestMeta): Promise<MyWork> {
  requireCapability(meta.actor, 'worklist:own')
  const actor = meta.actor
  const workerId = actor.workerId
  if (!workerId) throw new ForbiddenError('no-worker')
  const now = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const calendar = await loadCalendar(tx)
    const periods = await loadFrameworkPeriods(tx)
    const items: WorkItem[] = []
    for (const a of await openAssessmentsForWorker(tx, workerId, actor.userId))
      items.push(assessmentItem(a, a.status === 'returned' ? 'assessment_returned' : 'assessment', now, calendar, periods))
    for (const t of await openTasksForWorker(tx, workerId, actor.userId)) items.push(taskItem(t, now))
    for (const c of await returnedClosuresFor(tx, actor.userId)) items.push(returnedClosureItem(c, now))
    // Child protection and child in need dates of the worker's children: overdue or due soon.
    for (const d of await planDueForChildren(tx, await planDueChildrenOfWorker(tx, workerId, actor.userId), now, calendar, actor)) items.push(planDueWorkItem(d))
    const approvals: WorkItem[] = []
    const isManager = can(actor, 'worklist:team')
    if (isManager) {
      const teamIds = (await teamsInScope(tx, actor)).teams.map((t) => t.id)
      for (const a of await assessmentsAwaitingAuthorisation(tx, actor, teamIds)) approvals.push(assessmentItem(a, 'authorisation', now, calendar, periods))
      for (const c of await closureProposals(tx, actor, null)) approvals.push(closureProposalItem(c, now))
      for (const x of await transferProposalsInto(tx, actor.userId, teamIds)) approvals.push(transferProposalItem(x, now))
    }
    const ordered = orderWorklist(items, now)
    const allocated = (await allocatedChildren(tx, workerId, actor.userId)).map((c) => ({
      ...c,
      openAssessmentLabel: c.openAssessmentStatus ? ASSESSMENT_STATUS_LABEL[c.openAssessmentStatus] ?? c.openAssessmentStatus : null,
    }))
    return { today: now, items: ordered, approvals: orderWorklist(approvals, now), allocated, isManager, overdueCount: ordered.filter((i) => i.overdue).length }
  })
}
