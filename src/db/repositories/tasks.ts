/** Completing tasks (management directions, supervision and audit actions, reminders). */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, toDate } from './rows.ts'
import { listNameSql } from './people.ts'

export type TaskForUpdate = {
  id: string
  title: string
  personId: string | null
  assignedWorkerId: string | null
  sourceType: string
  dueDate: string
  completedAt: Date | null
  version: number
}

/** Locks the task row for the rest of the transaction. */
export async function lockTask(db: Executor, id: string): Promise<TaskForUpdate | undefined> {
  const r = await one<TaskForUpdate>(
    db,
    sql`select id, title, person_id as "personId", assigned_worker_id as "assignedWorkerId", source_type as "sourceType",
               due_date::text as "dueDate", completed_at as "completedAt", version
          from task where id = ${id} for update`,
  )
  return r ? { ...r, completedAt: r.completedAt ? toDate(r.completedAt) : null } : undefined
}

/** Marks a task done if it is still at `version`; false when someone changed it first. */
export async function markTaskDone(db: Executor, id: string, version: number, by: string, note: string | null, at: Date): Promise<boolean> {
  const r = await one<{ id: string }>(
    db,
    sql`update task set completed_at = ${at.toISOString()}, completed_by = ${by}, completion_note = ${note}, version = version + 1
         where id = ${id} and version = ${version} and completed_at is null returning id`,
  )
  return r !== undefined
}

/** Whether this worker manages the assignee: same team (team manager) or same service (service manager). */
export async function workerTeamAndService(db: Executor, workerId: string): Promise<{ teamId: string | null; serviceId: string | null } | undefined> {
  return one(db, sql`select w.team_id as "teamId", t.service_id as "serviceId" from worker w left join team t on t.id = w.team_id where w.id = ${workerId}`)
}

export type TaskDetails = {
  id: string
  title: string
  details: string | null
  dueDate: string
  sourceType: string
  personId: string | null
  personRef: string | null
  childName: string | null
  assignedWorkerId: string | null
  assignedWorkerName: string | null
  createdByName: string | null
  createdAt: Date
  completedAt: Date | null
  completedByName: string | null
  completionNote: string | null
  version: number
}

export async function getTaskDetails(db: Executor, id: string, viewerUserId: string): Promise<TaskDetails | undefined> {
  const r = await one<TaskDetails>(
    db,
    sql`select k.id, k.title, k.details, k.due_date::text as "dueDate", k.source_type as "sourceType", k.person_id as "personId",
               p.person_ref as "personRef", case when p.id is null then null else ${listNameSql(viewerUserId)} end as "childName",
               k.assigned_worker_id as "assignedWorkerId", w.name as "assignedWorkerName", cu.display_name as "createdByName", k.created_at as "createdAt",
               k.completed_at as "completedAt", du.display_name as "completedByName", k.completion_note as "completionNote", k.version
          from task k left join person p on p.id = k.person_id left join worker w on w.id = k.assigned_worker_id
          left join user_account cu on cu.id = k.created_by left join user_account du on du.id = k.completed_by
         where k.id = ${id}`,
  )
  return r ? { ...r, createdAt: toDate(r.createdAt), completedAt: r.completedAt ? toDate(r.completedAt) : null } : undefined
}
