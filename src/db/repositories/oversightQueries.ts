/**
 * Reading management oversight on a child's file: every management decision (whoever wrote it — a manager
 * directly, assessment authorisation, closure, supervision, allocation, transfers), its directions, and the
 * supervision discussions about the child. Never supervision.reflective_notes: those are private.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { rows, toDate } from './rows.ts'

export type DirectionWorker = { id: string; name: string; teamName: string | null; allocated: boolean }

/** Workers a direction may go to: those allocated to the child, and the manager's team; none who have left. */
export async function workersForDirections(db: Executor, personId: string, teamId: string | null, today: string): Promise<DirectionWorker[]> {
  return rows<DirectionWorker>(
    db,
    sql`select w.id, w.name, t.name as "teamName",
               exists (select 1 from allocation a where a.person_id = ${personId} and a.worker_id = w.id and a.end_date is null) as allocated
          from worker w left join team t on t.id = w.team_id
         where (w.left_on is null or w.left_on > ${today}::date)
           and (exists (select 1 from allocation a where a.person_id = ${personId} and a.worker_id = w.id and a.end_date is null)
                or (${teamId}::uuid is not null and w.team_id = ${teamId}::uuid))
         order by 4 desc, w.name`,
  )
}

export type DirectionRow = {
  id: string
  managementDecisionId: string
  title: string
  dueDate: string
  workerName: string | null
  completedAt: Date | null
  completedByName: string | null
  completionNote: string | null
}

export type DecisionRow = {
  id: string
  stage: string
  subjectType: string | null
  subjectId: string | null
  decision: string
  reasons: string
  decidedAt: Date
  decidedByName: string | null
  directions: DirectionRow[]
}

/** Every management decision on the child, newest first, each with its directions (tasks). */
export async function decisionsForPerson(db: Executor, personId: string): Promise<DecisionRow[]> {
  const decisions = await rows<Omit<DecisionRow, 'directions'>>(
    db,
    sql`select d.id, d.stage, d.subject_type as "subjectType", d.subject_id as "subjectId", d.decision, d.reasons, d.decided_at as "decidedAt",
               u.display_name as "decidedByName"
          from management_decision d left join user_account u on u.id = d.decided_by
         where d.person_id = ${personId} order by d.decided_at desc, d.created_at desc`,
  )
  const directions = await rows<DirectionRow>(
    db,
    sql`select t.id, t.management_decision_id as "managementDecisionId", t.title, t.due_date as "dueDate", w.name as "workerName",
               t.completed_at as "completedAt", cu.display_name as "completedByName", t.completion_note as "completionNote"
          from task t join management_decision d on d.id = t.management_decision_id
          left join worker w on w.id = t.assigned_worker_id left join user_account cu on cu.id = t.completed_by
         where d.person_id = ${personId} order by t.due_date, t.created_at`,
  )
  const byDecision = new Map<string, DirectionRow[]>()
  for (const t of directions) {
    const list = byDecision.get(t.managementDecisionId) ?? []
    list.push({ ...t, completedAt: toDate(t.completedAt) })
    byDecision.set(t.managementDecisionId, list)
  }
  return decisions.map((d) => ({ ...d, decidedAt: toDate(d.decidedAt), directions: byDecision.get(d.id) ?? [] }))
}

export type SupervisionDiscussionRow = {
  supervisionId: string
  heldOn: string
  supervisorName: string | null
  workerName: string | null
  discussion: string
  managementDecisionId: string | null
  decision: string | null
}

/** Supervision discussions of this child: the date, the supervisor, the discussion and its decision. */
export async function supervisionDiscussionsFor(db: Executor, personId: string): Promise<SupervisionDiscussionRow[]> {
  return rows<SupervisionDiscussionRow>(
    db,
    sql`select s.id as "supervisionId", s.held_on as "heldOn", su.display_name as "supervisorName", w.name as "workerName",
               sc.discussion, sc.management_decision_id as "managementDecisionId", d.decision
          from supervision_case sc join supervision s on s.id = sc.supervision_id
          left join user_account su on su.id = s.supervisor_user_id left join worker w on w.id = s.worker_id
          left join management_decision d on d.id = sc.management_decision_id
         where sc.person_id = ${personId} order by s.held_on desc, s.created_at desc`,
  )
}
