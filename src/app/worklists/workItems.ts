/** Turning worklist rows into items with due dates, clocks and links (shared by My work and Team). */
import { listFrameworkPeriods } from '../../db/repositories/frameworks.ts'
import type { Executor } from '../../db/database.ts'
import type { ClosureProposalRow, ReturnedClosureRow, TaskRow, TransferProposalRow, WorkerAssessmentRow } from '../../db/repositories/worklists.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { ASSESSMENT_KIND_LABEL, assessmentClock, frameworkPeriodOn, type AssessmentClock, type FrameworkPeriod } from '../../domain/assessments/frameworks.ts'
import { isOverdue, WORK_ITEM_LABEL, type WorkItemKind } from '../../domain/worklists/worklist.ts'

export type WorkItem = {
  kind: WorkItemKind
  label: string
  title: string
  dueDate: string | null
  overdue: boolean
  sortKey: string
  href: string | null
  personId: string | null
  personRef: string | null
  childName: string | null
  clock: AssessmentClock | null
  status: string | null
  detail: string | null
  comments: string | null
  task: { id: string; version: number } | null
  /** Child protection and child in need dates (issue 6): RAG, working days, the re-plan in force, where to re-plan. */
  due: PlanDueInfo | null
}

export type PlanDueInfo = {
  status: 'overdue' | 'due_soon' | 'ok'
  rag: 'red' | 'amber' | 'green'
  workingDaysLeft: number
  workingDaysOverdue: number
  replanHref: string | null
  replan: { previousDue: string; reason: string; recordedByName: string | null } | null
  scheduledOn: string | null
}

export const ASSESSMENT_STATUS_LABEL: Readonly<Record<string, string>> = Object.freeze({
  in_progress: 'In progress',
  submitted: 'Waiting for authorisation',
  returned: 'Returned for changes',
  authorised: 'Authorised',
})

export const TASK_SOURCE_LABEL: Readonly<Record<string, string>> = Object.freeze({
  management_direction: 'Management direction',
  supervision_action: 'Supervision action',
  audit_action: 'Audit action',
  manual: 'Reminder',
})

export async function loadFrameworkPeriods(db: Executor): Promise<FrameworkPeriod[]> {
  return (await listFrameworkPeriods(db)).map((p) => ({ framework: p.framework, effectiveFrom: p.effectiveFrom, internalTargets: p.internalTargets }))
}

/** The council's internal checkpoints for an assessment: those of the period in force when it started, if the same framework. */
export function targetsFor(periods: readonly FrameworkPeriod[], a: Pick<WorkerAssessmentRow, 'framework' | 'startDate'>): readonly number[] {
  const p = frameworkPeriodOn(periods, a.startDate)
  return p.framework === a.framework ? p.internalTargets : []
}

export function clockFor(a: WorkerAssessmentRow, today: string, calendar: WorkingDayCalendar, periods: readonly FrameworkPeriod[]): AssessmentClock {
  return assessmentClock(a.startDate, a.dueDate, today, calendar, targetsFor(periods, a))
}

const base = (kind: WorkItemKind, today: string, dueDate: string | null, sortKey: string) => ({
  kind,
  label: WORK_ITEM_LABEL[kind],
  dueDate,
  overdue: isOverdue(dueDate, today),
  sortKey,
  clock: null,
  status: null,
  detail: null,
  comments: null,
  task: null,
  due: null,
})

export function assessmentItem(a: WorkerAssessmentRow, kind: 'assessment' | 'assessment_returned' | 'authorisation', today: string, calendar: WorkingDayCalendar, periods: readonly FrameworkPeriod[]): WorkItem {
  return {
    ...base(kind, today, a.dueDate, a.assessmentRef),
    title: `${ASSESSMENT_KIND_LABEL[a.kind]} ${a.assessmentRef}`,
    href: `/people/${a.personId}/assessments/${a.id}`,
    personId: a.personId,
    personRef: a.personRef,
    childName: a.childName,
    clock: clockFor(a, today, calendar, periods),
    status: ASSESSMENT_STATUS_LABEL[a.status] ?? a.status,
    detail: kind === 'authorisation' ? `Submitted by ${a.workerName ?? 'a worker'}` : null,
    comments: kind === 'assessment_returned' ? (a.returnComments ? `${a.returnedByName ? `${a.returnedByName}: ` : ''}${a.returnComments}` : 'No comments given') : null,
  }
}

export function taskItem(t: TaskRow, today: string): WorkItem {
  return {
    ...base('task', today, t.dueDate, t.title),
    title: t.title,
    // An audit action opens the audit it came from (the required action, the findings, the response form).
    href: t.sourceType === 'audit_action' && t.sourceId ? `/case-audits/${t.sourceId}` : t.personId ? `/people/${t.personId}` : `/tasks/${t.id}`,
    personId: t.personId,
    personRef: t.personRef,
    childName: t.childName,
    status: TASK_SOURCE_LABEL[t.sourceType] ?? t.sourceType,
    detail: t.details,
    task: { id: t.id, version: t.version },
  }
}

export function returnedClosureItem(c: ReturnedClosureRow, today: string): WorkItem {
  return {
    ...base('closure_returned', today, null, c.personRef),
    title: `Closure (${c.reasonCode}) returned`,
    href: `/people/${c.personId}/closure`,
    personId: c.personId,
    personRef: c.personRef,
    childName: c.childName,
    comments: c.managerComments ? `${c.decidedByName ? `${c.decidedByName}: ` : ''}${c.managerComments}` : 'No comments given',
  }
}

export function closureProposalItem(c: ClosureProposalRow, today: string): WorkItem {
  return {
    ...base('closure_proposal', today, null, c.proposedAt.toISOString()),
    title: `Closure proposed (${c.reasonCode})`,
    href: `/people/${c.personId}/closure`,
    personId: c.personId,
    personRef: c.personRef,
    childName: c.childName,
    detail: `Proposed by ${c.proposedByName ?? 'a worker'}`,
  }
}

export function transferProposalItem(x: TransferProposalRow, today: string): WorkItem {
  return {
    ...base('transfer_proposal', today, null, x.proposedAt.toISOString()),
    title: `Transfer from ${x.fromTeamName} to ${x.toTeamName}`,
    href: `/transfers/${x.id}`,
    personId: x.personId,
    personRef: x.personRef,
    childName: x.childName,
    detail: `Proposed by ${x.proposedByName ?? 'a manager'}`,
  }
}
