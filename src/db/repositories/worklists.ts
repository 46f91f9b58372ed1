/**
 * What the worklists read (My work, Team): other use cases' tables (assessments, tasks, closures,
 * transfers, allocations), read-only. Children's names follow the viewer's access: restricted records
 * read "Restricted record" to anyone without a grant, and manager lists only include children in scope.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { rows, toDate } from './rows.ts'
import { listNameSql, personAccessSql } from './people.ts'
import type { Actor } from '../../domain/access/roles.ts'
import type { AssessmentKind } from '../../domain/assessments/frameworks.ts'
import type { Framework } from '../../domain/timescales/rules.ts'

const idList = (ids: readonly string[]): SQL => (ids.length ? sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `) : sql`null::uuid`)

export type WorkerAssessmentRow = {
  id: string
  assessmentRef: string
  personId: string
  personRef: string
  childName: string
  kind: AssessmentKind
  framework: Framework
  startDate: string
  dueDate: string
  status: 'in_progress' | 'submitted' | 'returned'
  workerId: string | null
  workerName: string | null
  /** The manager's comments when it was last returned (status returned). */
  returnComments: string | null
  returnedByName: string | null
  submittedAt: Date | null
}

const ASSESSMENT_COLUMNS = (viewerUserId: string) => sql`
  a.id, a.assessment_ref as "assessmentRef", a.person_id as "personId", p.person_ref as "personRef", ${listNameSql(viewerUserId)} as "childName",
  a.kind, a.framework, a.start_date::text as "startDate", a.due_date::text as "dueDate", a.status, a.worker_id as "workerId", w.name as "workerName",
  a.submitted_at as "submittedAt",
  case when a.status = 'returned' then (select r.comments from assessment_review r where r.assessment_id = a.id and r.action = 'returned' order by r.acted_at desc limit 1) end as "returnComments",
  case when a.status = 'returned' then (select u.display_name from assessment_review r join user_account u on u.id = r.acted_by where r.assessment_id = a.id and r.action = 'returned' order by r.acted_at desc limit 1) end as "returnedByName"`

const mapAssessment = (r: WorkerAssessmentRow): WorkerAssessmentRow => ({ ...r, submittedAt: r.submittedAt ? toDate(r.submittedAt) : null })

/** A worker's open assessments (in progress, submitted, returned). */
export async function openAssessmentsForWorker(db: Executor, workerId: string, viewerUserId: string): Promise<WorkerAssessmentRow[]> {
  const list = await rows<WorkerAssessmentRow>(
    db,
    sql`select ${ASSESSMENT_COLUMNS(viewerUserId)}
          from assessment a join person p on p.id = a.person_id left join worker w on w.id = a.worker_id
         where a.worker_id = ${workerId} and a.status <> 'authorised'
         order by a.due_date`,
  )
  return list.map(mapAssessment)
}

/** Assessments submitted for authorisation by workers in these teams, children in the viewer's scope. */
export async function assessmentsAwaitingAuthorisation(db: Executor, actor: Actor, teamIds: readonly string[]): Promise<WorkerAssessmentRow[]> {
  const list = await rows<WorkerAssessmentRow>(
    db,
    sql`select ${ASSESSMENT_COLUMNS(actor.userId)}
          from assessment a join person p on p.id = a.person_id left join worker w on w.id = a.worker_id
         where a.status = 'submitted' and coalesce(a.team_id, w.team_id) in (${idList(teamIds)}) and ${personAccessSql(actor)}
         order by a.due_date`,
  )
  return list.map(mapAssessment)
}

/** Open assessments of a team due on or before `dueBy` (includes every overdue one). */
export async function teamAssessmentsDueBy(db: Executor, actor: Actor, teamId: string, dueBy: string): Promise<(WorkerAssessmentRow & { visible: boolean })[]> {
  const list = await rows<WorkerAssessmentRow & { visible: boolean }>(
    db,
    sql`select ${ASSESSMENT_COLUMNS(actor.userId)}, ${personAccessSql(actor)} as visible
          from assessment a join person p on p.id = a.person_id left join worker w on w.id = a.worker_id
         where a.status <> 'authorised' and coalesce(a.team_id, w.team_id) = ${teamId} and a.due_date <= ${dueBy}
         order by a.due_date`,
  )
  return list.map((r) => ({ ...mapAssessment(r), visible: r.visible }))
}

/** Every open assessment and open task of a team's workers (for overdue counts per worker). */
export async function teamOpenWork(db: Executor, teamId: string): Promise<{ assessments: { workerId: string | null; dueDate: string }[]; tasks: { workerId: string | null; dueDate: string }[] }> {
  const assessments = await rows<{ workerId: string | null; dueDate: string }>(
    db,
    sql`select a.worker_id as "workerId", a.due_date::text as "dueDate" from assessment a join worker w on w.id = a.worker_id
         where a.status <> 'authorised' and w.team_id = ${teamId}`,
  )
  const tasks = await rows<{ workerId: string | null; dueDate: string }>(
    db,
    sql`select k.assigned_worker_id as "workerId", k.due_date::text as "dueDate" from task k join worker w on w.id = k.assigned_worker_id
         where k.completed_at is null and w.team_id = ${teamId}`,
  )
  return { assessments, tasks }
}

export type TeamWorkerRow = { id: string; name: string; jobRole: string }

export async function teamWorkers(db: Executor, teamId: string): Promise<TeamWorkerRow[]> {
  return rows<TeamWorkerRow>(db, sql`select id, name, job_role as "jobRole" from worker where team_id = ${teamId} and left_on is null order by name`)
}

export type TaskRow = {
  id: string
  title: string
  details: string | null
  dueDate: string
  sourceType: 'management_direction' | 'supervision_action' | 'audit_action' | 'manual'
  sourceId: string | null
  personId: string | null
  personRef: string | null
  childName: string | null
  version: number
  createdByName: string | null
}

/** Open tasks assigned to a worker, earliest due first. */
export async function openTasksForWorker(db: Executor, workerId: string, viewerUserId: string): Promise<TaskRow[]> {
  return rows<TaskRow>(
    db,
    sql`select k.id, k.title, k.details, k.due_date::text as "dueDate", k.source_type as "sourceType", k.source_id as "sourceId", k.person_id as "personId",
               p.person_ref as "personRef", case when p.id is null then null else ${listNameSql(viewerUserId)} end as "childName", k.version,
               u.display_name as "createdByName"
          from task k left join person p on p.id = k.person_id left join user_account u on u.id = k.created_by
         where k.assigned_worker_id = ${workerId} and k.completed_at is null
         order by k.due_date, k.created_at`,
  )
}

export type ReturnedClosureRow = { id: string; personId: string; personRef: string; childName: string; reasonCode: string; managerComments: string | null; decidedAt: Date | null; decidedByName: string | null }

/** Closures this user proposed that a manager returned, and not proposed again since. */
export async function returnedClosuresFor(db: Executor, userId: string): Promise<ReturnedClosureRow[]> {
  const list = await rows<ReturnedClosureRow>(
    db,
    sql`select c.id, c.person_id as "personId", p.person_ref as "personRef", ${listNameSql(userId)} as "childName", c.reason_code as "reasonCode",
               c.manager_comments as "managerComments", c.decided_at as "decidedAt", u.display_name as "decidedByName"
          from case_closure c join person p on p.id = c.person_id left join user_account u on u.id = c.decided_by
          join referral r on r.id = c.referral_id
         where c.status = 'returned' and c.proposed_by = ${userId} and r.closed_on is null
           and not exists (select 1 from case_closure c2 where c2.referral_id = c.referral_id and c2.proposed_at > c.proposed_at)
         order by c.decided_at`,
  )
  return list.map((r) => ({ ...r, decidedAt: r.decidedAt ? toDate(r.decidedAt) : null }))
}

export type ClosureProposalRow = { id: string; personId: string; personRef: string; childName: string; reasonCode: string; proposedAt: Date; proposedByName: string | null }

/** Closures waiting for a manager's decision, on children the viewer may see (and, if given, allocated in these teams). */
export async function closureProposals(db: Executor, actor: Actor, teamIds: readonly string[] | null): Promise<ClosureProposalRow[]> {
  const inTeams = teamIds === null ? sql`true` : sql`exists (select 1 from allocation al where al.person_id = c.person_id and al.end_date is null and al.team_id in (${idList(teamIds)}))`
  const list = await rows<ClosureProposalRow>(
    db,
    sql`select c.id, c.person_id as "personId", p.person_ref as "personRef", ${listNameSql(actor.userId)} as "childName", c.reason_code as "reasonCode",
               c.proposed_at as "proposedAt", u.display_name as "proposedByName"
          from case_closure c join person p on p.id = c.person_id left join user_account u on u.id = c.proposed_by
         where c.status = 'proposed' and ${personAccessSql(actor)} and ${inTeams}
         order by c.proposed_at`,
  )
  return list.map((r) => ({ ...r, proposedAt: toDate(r.proposedAt) }))
}

export type TransferProposalRow = { id: string; personId: string; personRef: string; childName: string; fromTeamName: string; toTeamName: string; proposedAt: Date; proposedByName: string | null }

/** Transfers proposed into these teams, waiting for the receiving manager. */
export async function transferProposalsInto(db: Executor, viewerUserId: string, teamIds: readonly string[]): Promise<TransferProposalRow[]> {
  const list = await rows<TransferProposalRow>(
    db,
    sql`select x.id, x.person_id as "personId", p.person_ref as "personRef", ${listNameSql(viewerUserId)} as "childName",
               ft.name as "fromTeamName", tt.name as "toTeamName", x.proposed_at as "proposedAt", u.display_name as "proposedByName"
          from team_transfer x join person p on p.id = x.person_id join team ft on ft.id = x.from_team_id join team tt on tt.id = x.to_team_id
          left join user_account u on u.id = x.proposed_by
         where x.status = 'proposed' and x.to_team_id in (${idList(teamIds)})
         order by x.proposed_at`,
  )
  return list.map((r) => ({ ...r, proposedAt: toDate(r.proposedAt) }))
}

export type AllocatedChildRow = { personId: string; personRef: string; childName: string; since: string; allocationRole: string; openAssessmentStatus: string | null; openAssessmentKind: string | null; openAssessmentId: string | null }

/** The children currently allocated to a worker, with their open assessment (if any). */
export async function allocatedChildren(db: Executor, workerId: string, viewerUserId: string): Promise<AllocatedChildRow[]> {
  return rows<AllocatedChildRow>(
    db,
    sql`select p.id as "personId", p.person_ref as "personRef", ${listNameSql(viewerUserId)} as "childName", al.start_date::text as since,
               al.allocation_role as "allocationRole", oa.status as "openAssessmentStatus", oa.kind as "openAssessmentKind", oa.id as "openAssessmentId"
          from allocation al join person p on p.id = al.person_id
          left join lateral (select a.id, a.status, a.kind from assessment a where a.person_id = p.id and a.status <> 'authorised' order by a.start_date desc limit 1) oa on true
         where al.worker_id = ${workerId} and al.end_date is null
         order by al.start_date, p.family_name, p.given_names`,
  )
}

/** Children waiting in a team's queue for a worker. */
export async function unallocatedCount(db: Executor, teamId: string): Promise<number> {
  const r = await rows<{ n: number }>(db, sql`select count(*)::int as n from team_queue q where q.team_id = ${teamId} and q.allocated_at is null`)
  return r[0]?.n ?? 0
}

export type PlanDueChildRow = { personId: string; personRef: string; childName: string; visible: boolean; workerName: string | null }

/** A child has child protection or child in need work that can fall due (alias p). */
const HAS_PLAN_WORK = sql`(exists (select 1 from cp_plan cp where cp.person_id = p.id and cp.end_date is null)
  or exists (select 1 from cin_plan ci where ci.person_id = p.id and ci.end_date is null)
  or exists (select 1 from section47_enquiry s join referral r on r.id = s.referral_id
              where s.person_id = p.id and r.closed_on is null and (s.status <> 'authorised' or s.icpc_required)))`

const ALLOCATED_WORKER_NAME = sql`(select w.name from allocation a join worker w on w.id = a.worker_id
  where a.person_id = p.id and a.end_date is null and a.allocation_role = 'allocated_worker' order by a.start_date desc limit 1)`

/**
 * Children whose child protection or child in need dates a worker answers for: allocated to them (any
 * role), or they lead the CP plan, hold the section 47 or the CIN plan. Only those with such work open.
 */
export async function planDueChildrenOfWorker(db: Executor, workerId: string, viewerUserId: string): Promise<PlanDueChildRow[]> {
  return rows<PlanDueChildRow>(
    db,
    sql`with ids as (
          select a.person_id from allocation a where a.worker_id = ${workerId} and a.end_date is null
          union select cp.person_id from cp_plan cp where cp.lead_worker_id = ${workerId} and cp.end_date is null
          union select ci.person_id from cin_plan ci where ci.worker_id = ${workerId} and ci.end_date is null
          union select s.person_id from section47_enquiry s where s.worker_id = ${workerId} and s.status <> 'authorised')
        select p.id as "personId", p.person_ref as "personRef", ${listNameSql(viewerUserId)} as "childName", true as visible, ${ALLOCATED_WORKER_NAME} as "workerName"
          from ids join person p on p.id = ids.person_id
         where ${HAS_PLAN_WORK}
         order by p.family_name, p.given_names`,
  )
}

/**
 * A team's children with child protection or child in need work open: allocated in the team, or whose
 * section 47 or CIN plan is held by the team. `visible` follows the viewer's access.
 */
export async function planDueChildrenOfTeam(db: Executor, actor: Actor, teamId: string): Promise<PlanDueChildRow[]> {
  return rows<PlanDueChildRow>(
    db,
    sql`with ids as (
          select a.person_id from allocation a where a.team_id = ${teamId} and a.end_date is null
          union select ci.person_id from cin_plan ci where ci.team_id = ${teamId} and ci.end_date is null
          union select s.person_id from section47_enquiry s where s.team_id = ${teamId} and s.status <> 'authorised')
        select p.id as "personId", p.person_ref as "personRef", ${listNameSql(actor.userId)} as "childName", ${personAccessSql(actor)} as visible, ${ALLOCATED_WORKER_NAME} as "workerName"
          from ids join person p on p.id = ids.person_id
         where ${HAS_PLAN_WORK}
         order by p.family_name, p.given_names`,
  )
}
