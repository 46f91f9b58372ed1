/**
 * Child protection and child in need dates on the worklists (issue 6 "Overdue"): the ICPC, review
 * conferences, core groups, visits and CIN reviews of many children at once — one set of queries for the
 * whole list, never one per child. What is overdue or due soon, and every ICPC awaited.
 */
import type { Executor } from '../../db/database.ts'
import { dueFactsForPeople } from '../../db/repositories/planDue.ts'
import type { PlanDueChildRow } from '../../db/repositories/worklists.ts'
import type { Actor } from '../../domain/access/roles.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { dueItems, needsAttention, orderDueItems, type DueItem } from '../../domain/childProtection/dueItems.ts'
import { formatDate } from '../../domain/shared/dates.ts'
import { WORK_ITEM_LABEL } from '../../domain/worklists/worklist.ts'
import { withLinks, type DueItemView } from '../childProtection/planDue.ts'
import type { WorkItem } from './workItems.ts'

export type ChildDueItem = DueItemView & { child: PlanDueChildRow }

/** Overdue and due-soon items of these children, overdue first then by due date. Links only for children the viewer may open. */
export async function planDueForChildren(db: Executor, children: readonly PlanDueChildRow[], today: string, calendar: WorkingDayCalendar, actor: Pick<Actor, 'role'>): Promise<ChildDueItem[]> {
  if (children.length === 0) return []
  const facts = await dueFactsForPeople(
    db,
    children.map((c) => c.personId),
  )
  const out: ChildDueItem[] = []
  for (const c of children) {
    const f = facts.get(c.personId)
    if (!f) continue
    const items: DueItem[] = dueItems(f, today, calendar).filter(needsAttention)
    for (const i of withLinks(items, actor)) out.push(c.visible ? { ...i, child: c } : { ...i, href: '', replanHref: null, child: c })
  }
  return orderDueItems(out)
}

const AREA: Readonly<Record<DueItem['item'], string>> = { icpc: 'Child protection', cp_review: 'Child protection', core_group: 'Child protection', cp_visit: 'Child protection', cin_review: 'Child in need', cin_visit: 'Child in need' }

/** A due item as a row of My work. */
export function planDueWorkItem(i: ChildDueItem): WorkItem {
  return {
    kind: 'plan_due',
    label: AREA[i.item] ?? WORK_ITEM_LABEL.plan_due,
    title: i.label,
    dueDate: i.dueDate,
    overdue: i.status === 'overdue',
    sortKey: `${i.child.childName} ${i.label}`,
    href: i.href || null,
    personId: i.child.personId,
    personRef: i.child.personRef,
    childName: i.child.childName,
    clock: null,
    status: null,
    detail: i.scheduledOn ? `Conference scheduled for ${formatDate(i.scheduledOn)}` : null,
    comments: null,
    task: null,
    due: {
      status: i.status,
      rag: i.rag,
      workingDaysLeft: i.workingDaysLeft,
      workingDaysOverdue: i.workingDaysOverdue,
      replanHref: i.replanHref,
      replan: i.replan ? { previousDue: i.replan.previousDue, reason: i.replan.reason, recordedByName: i.replan.recordedByName } : null,
      scheduledOn: i.scheduledOn,
    },
  }
}
