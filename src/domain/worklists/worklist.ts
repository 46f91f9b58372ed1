/**
 * Worklists: what a worker (My work) or a team (Team) must do, in the order it should be done — overdue
 * first, then by due date; things without a due date last. Pure: items and today's date come in.
 */
import type { IsoDate } from '../shared/dates.ts'
import { fail, ok, type Result } from '../shared/result.ts'

export type WorkItemKind =
  | 'assessment'
  | 'assessment_returned'
  | 'task'
  | 'closure_returned'
  | 'authorisation'
  | 'closure_proposal'
  | 'transfer_proposal'
  | 'plan_due'

export const WORK_ITEM_LABEL: Readonly<Record<WorkItemKind, string>> = Object.freeze({
  assessment: 'Assessment',
  assessment_returned: 'Assessment returned to you',
  task: 'Task',
  closure_returned: 'Closure returned to you',
  authorisation: 'Assessment to authorise',
  closure_proposal: 'Closure to authorise',
  transfer_proposal: 'Transfer into your team',
  plan_due: 'Child protection or child in need',
})

export type Dated = { dueDate: IsoDate | null; sortKey?: string }

/** Overdue when its due date has passed (the due day itself is not overdue). */
export function isOverdue(dueDate: IsoDate | null, today: IsoDate): boolean {
  return dueDate !== null && dueDate < today
}

/** Overdue first, then by due date (earliest first), then undated; ties by sortKey. Does not mutate. */
export function orderWorklist<T extends Dated>(items: readonly T[], today: IsoDate): T[] {
  const rank = (i: T) => (isOverdue(i.dueDate, today) ? 0 : i.dueDate !== null ? 1 : 2)
  return [...items].sort(
    (a, b) => rank(a) - rank(b) || (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || (a.sortKey ?? '').localeCompare(b.sortKey ?? ''),
  )
}

export type WorkerOverdue = { workerId: string; workerName: string; overdueAssessments: number; overdueTasks: number }

/**
 * Overdue work per worker: counts of open assessments and open tasks past their due date. Every worker
 * in `workers` gets a row (zeros included), ordered by most overdue first, then by name.
 */
export function overdueByWorker(
  workers: readonly { id: string; name: string }[],
  assessments: readonly { workerId: string | null; dueDate: IsoDate }[],
  tasks: readonly { workerId: string | null; dueDate: IsoDate }[],
  today: IsoDate,
): WorkerOverdue[] {
  return workers
    .map((w) => ({
      workerId: w.id,
      workerName: w.name,
      overdueAssessments: assessments.filter((a) => a.workerId === w.id && isOverdue(a.dueDate, today)).length,
      overdueTasks: tasks.filter((t) => t.workerId === w.id && isOverdue(t.dueDate, today)).length,
    }))
    .sort((a, b) => b.overdueAssessments + b.overdueTasks - (a.overdueAssessments + a.overdueTasks) || a.workerName.localeCompare(b.workerName))
}

/** A completion note is optional but bounded. */
export function validateCompletionNote(note: string | undefined): Result<string | null> {
  const v = (note ?? '').trim()
  if (v.length > 2000) return fail([{ field: 'note', message: 'The note must be 2,000 characters or fewer' }])
  return ok(v || null)
}
