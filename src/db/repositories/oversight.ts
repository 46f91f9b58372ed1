/**
 * Management decisions and tasks: written by several use cases (assessment authorisation, closure,
 * supervision, allocation, transfers), so the insert functions are shared here. Keep their signatures.
 */
import type { Executor } from '../database.ts'
import { managementDecision, task } from '../schema.ts'

export type ManagementDecisionStage = 'contact' | 'referral' | 'assessment' | 'plan' | 'allocation' | 'transfer' | 'closure' | 'supervision' | 'other'

export type NewManagementDecision = {
  personId: string
  stage: ManagementDecisionStage
  subjectType?: string | null
  subjectId?: string | null
  decision: string
  reasons: string
  decidedAt: Date
  decidedBy: string
}

export async function insertManagementDecision(db: Executor, d: NewManagementDecision): Promise<{ id: string }> {
  const [row] = await db
    .insert(managementDecision)
    .values({ ...d, subjectType: d.subjectType ?? null, subjectId: d.subjectId ?? null, createdAt: d.decidedAt })
    .returning({ id: managementDecision.id })
  return row as { id: string }
}

export type TaskSource = 'management_direction' | 'supervision_action' | 'audit_action' | 'manual'

export type NewTask = {
  personId: string | null
  title: string
  details?: string | null
  dueDate: string
  assignedWorkerId: string | null
  sourceType: TaskSource
  sourceId?: string | null
  managementDecisionId?: string | null
  createdBy: string
  createdAt: Date
}

export async function insertTask(db: Executor, t: NewTask): Promise<{ id: string }> {
  const [row] = await db
    .insert(task)
    .values({ ...t, details: t.details ?? null, sourceId: t.sourceId ?? null, managementDecisionId: t.managementDecisionId ?? null })
    .returning({ id: task.id })
  return row as { id: string }
}
