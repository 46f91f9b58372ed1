/**
 * Supervision sessions, the cases discussed in them and when each worker's next supervision is due.
 * Reflective notes are read only by getSupervision, whose caller decides whether to show them.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { supervision, supervisionCase, worker } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import { personAccessSql } from './people.ts'
import type { Actor } from '../../domain/access/roles.ts'

export type SupervisionTeam = { id: string; name: string; serviceId: string }

export async function getTeam(db: Executor, teamId: string): Promise<SupervisionTeam | undefined> {
  return one<SupervisionTeam>(db, sql`select id, name, service_id as "serviceId" from team where id = ${teamId}`)
}

/** Teams a supervisor may choose from: their own team, or the teams of their service. */
export async function teamsFor(db: Executor, filter: { teamId?: string; serviceId?: string }): Promise<SupervisionTeam[]> {
  const where = filter.teamId ? sql`id = ${filter.teamId}` : filter.serviceId ? sql`service_id = ${filter.serviceId}` : sql`false`
  return rows<SupervisionTeam>(db, sql`select id, name, service_id as "serviceId" from team where ${where} order by name`)
}

export type SupervisedWorker = {
  id: string
  name: string
  jobRole: string
  teamId: string | null
  teamName: string | null
  serviceId: string | null
  startedOn: string
  leftOn: string | null
  newlyQualified: boolean
  frequencyOverride: number | null
}

const WORKER_COLUMNS = sql`w.id, w.name, w.job_role as "jobRole", w.team_id as "teamId", t.name as "teamName", t.service_id as "serviceId",
  w.started_on::text as "startedOn", w.left_on::text as "leftOn", w.newly_qualified as "newlyQualified",
  w.supervision_frequency_days as "frequencyOverride"`

export async function getWorker(db: Executor, workerId: string): Promise<SupervisedWorker | undefined> {
  return one<SupervisedWorker>(db, sql`select ${WORKER_COLUMNS} from worker w left join team t on t.id = w.team_id where w.id = ${workerId}`)
}

/** Job roles supervised by the team's own manager (managers are supervised by their own managers). */
const SUPERVISED_ROLES = sql`w.job_role not in ('Team manager', 'Service manager')`

export type WorkerDueRow = SupervisedWorker & { lastHeldOn: string | null }

/** The team's current practitioners (not its managers) with the date of their last supervision. */
export async function teamWorkersWithLastSupervision(db: Executor, teamId: string, today: string): Promise<WorkerDueRow[]> {
  return workersWithLastSupervision(db, [teamId], today)
}

/** The same for several teams at once (the dashboard's supervision in timescale), by name. */
export async function workersWithLastSupervision(db: Executor, teamIds: readonly string[], today: string): Promise<WorkerDueRow[]> {
  if (teamIds.length === 0) return []
  return rows<WorkerDueRow>(
    db,
    sql`select ${WORKER_COLUMNS}, (select max(s.held_on)::text from supervision s where s.worker_id = w.id) as "lastHeldOn"
          from worker w join team t on t.id = w.team_id
         where w.team_id in (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)}) and (w.left_on is null or w.left_on > ${today}::date) and ${SUPERVISED_ROLES}
         order by w.name, w.id`,
  )
}

export type TeamMember = { id: string; name: string; jobRole: string }

/** Current members of a team (all roles), who may own a supervision action. */
export async function currentTeamMembers(db: Executor, teamId: string, today: string): Promise<TeamMember[]> {
  return rows<TeamMember>(
    db,
    sql`select w.id, w.name, w.job_role as "jobRole" from worker w
         where w.team_id = ${teamId} and (w.left_on is null or w.left_on > ${today}::date) order by w.name`,
  )
}

export type CaseloadChild = { personId: string; personRef: string; name: string }

/** The children allocated to the worker now (their caseload). */
/** The worker's allocated children that `viewer` may see (the SQL twin of the person access rule). */
export async function workerCaseload(db: Executor, workerId: string, viewer: Actor): Promise<CaseloadChild[]> {
  return rows<CaseloadChild>(
    db,
    sql`select distinct p.id as "personId", p.person_ref as "personRef", p.given_names || ' ' || p.family_name as name, p.family_name, p.given_names
          from allocation a join person p on p.id = a.person_id
         where a.worker_id = ${workerId} and a.end_date is null and ${personAccessSql(viewer)}
         order by p.family_name, p.given_names`,
  )
}

export async function personNames(db: Executor, personIds: readonly string[]): Promise<Map<string, { personRef: string; name: string }>> {
  if (personIds.length === 0) return new Map()
  const list = await rows<{ id: string; personRef: string; name: string }>(
    db,
    sql`select id, person_ref as "personRef", given_names || ' ' || family_name as name from person where id in (${sql.join(
      personIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  )
  return new Map(list.map((p) => [p.id, { personRef: p.personRef, name: p.name }]))
}

export async function insertSupervision(db: Executor, s: { workerId: string; supervisorUserId: string; heldOn: string; reflectiveNotes: string | null; createdBy: string; createdAt: Date }): Promise<{ id: string }> {
  const [row] = await db.insert(supervision).values(s).returning({ id: supervision.id })
  return row as { id: string }
}

export async function insertSupervisionCase(db: Executor, c: { supervisionId: string; personId: string; discussion: string; managementDecisionId: string | null }): Promise<{ id: string }> {
  const [row] = await db.insert(supervisionCase).values(c).returning({ id: supervisionCase.id })
  return row as { id: string }
}

export type SupervisionRecord = {
  id: string
  workerId: string
  workerName: string
  workerTeamId: string | null
  workerServiceId: string | null
  teamName: string | null
  supervisorUserId: string
  supervisorName: string
  heldOn: string
  reflectiveNotes: string | null
  createdAt: Date
  version: number
}

export async function getSupervision(db: Executor, id: string): Promise<SupervisionRecord | undefined> {
  const r = await one<SupervisionRecord>(
    db,
    sql`select s.id, s.worker_id as "workerId", w.name as "workerName", w.team_id as "workerTeamId", t.service_id as "workerServiceId",
               t.name as "teamName", s.supervisor_user_id as "supervisorUserId", u.display_name as "supervisorName",
               s.held_on::text as "heldOn", s.reflective_notes as "reflectiveNotes", s.created_at as "createdAt", s.version
          from supervision s join worker w on w.id = s.worker_id left join team t on t.id = w.team_id
          join user_account u on u.id = s.supervisor_user_id
         where s.id = ${id}`,
  )
  return r ? { ...r, createdAt: toDate(r.createdAt) } : undefined
}

export type SupervisionCaseRow = { personId: string; personRef: string; name: string; discussion: string; managementDecisionId: string | null; decision: string | null; reasons: string | null }

export async function supervisionCases(db: Executor, supervisionId: string): Promise<SupervisionCaseRow[]> {
  return rows<SupervisionCaseRow>(
    db,
    sql`select sc.person_id as "personId", p.person_ref as "personRef", p.given_names || ' ' || p.family_name as name, sc.discussion,
               sc.management_decision_id as "managementDecisionId", d.decision, d.reasons
          from supervision_case sc join person p on p.id = sc.person_id left join management_decision d on d.id = sc.management_decision_id
         where sc.supervision_id = ${supervisionId}
         order by p.family_name, p.given_names`,
  )
}

export type SupervisionActionRow = { id: string; title: string; dueDate: string; ownerName: string | null; personId: string | null; completedAt: Date | null }

export async function supervisionActions(db: Executor, supervisionId: string): Promise<SupervisionActionRow[]> {
  const list = await rows<SupervisionActionRow>(
    db,
    sql`select k.id, k.title, k.due_date::text as "dueDate", w.name as "ownerName", k.person_id as "personId", k.completed_at as "completedAt"
          from task k left join worker w on w.id = k.assigned_worker_id
         where k.source_type = 'supervision_action' and k.source_id = ${supervisionId}
         order by k.due_date, k.created_at`,
  )
  return list.map((r) => ({ ...r, completedAt: toDate(r.completedAt) }))
}

export type SupervisionListRow = { id: string; heldOn: string; workerId: string; workerName: string; supervisorName: string; caseCount: number; actionCount: number }

const LIST_COLUMNS = sql`s.id, s.held_on::text as "heldOn", s.worker_id as "workerId", w.name as "workerName", u.display_name as "supervisorName",
  (select count(*)::int from supervision_case sc where sc.supervision_id = s.id) as "caseCount",
  (select count(*)::int from task k where k.source_type = 'supervision_action' and k.source_id = s.id) as "actionCount"`

export async function listSupervisionsForWorker(db: Executor, workerId: string, limit = 50): Promise<SupervisionListRow[]> {
  return rows<SupervisionListRow>(
    db,
    sql`select ${LIST_COLUMNS} from supervision s join worker w on w.id = s.worker_id join user_account u on u.id = s.supervisor_user_id
         where s.worker_id = ${workerId} order by s.held_on desc, s.created_at desc limit ${limit}`,
  )
}

/** Recent sessions of the team's current workers. */
export async function listSupervisionsForTeam(db: Executor, teamId: string, limit = 30): Promise<SupervisionListRow[]> {
  return rows<SupervisionListRow>(
    db,
    sql`select ${LIST_COLUMNS} from supervision s join worker w on w.id = s.worker_id join user_account u on u.id = s.supervisor_user_id
         where w.team_id = ${teamId} order by s.held_on desc, s.created_at desc limit ${limit}`,
  )
}

export async function setWorkerSupervisionFrequency(db: Executor, workerId: string, days: number | null): Promise<void> {
  await db.update(worker).set({ supervisionFrequencyDays: days }).where(sql`${worker.id} = ${workerId}`)
}

/** Amends the session if it is still at the version the user saw; false when someone changed it first. */
export async function amendSupervisionRow(db: Executor, id: string, version: number, reflectiveNotes: string | null): Promise<boolean> {
  const list = await rows<{ id: string }>(db, sql`update supervision set reflective_notes = ${reflectiveNotes}, version = version + 1 where id = ${id} and version = ${version} returning id`)
  return list.length === 1
}

export async function amendSupervisionCaseDiscussion(db: Executor, supervisionId: string, personId: string, discussion: string): Promise<void> {
  await db.execute(sql`update supervision_case set discussion = ${discussion} where supervision_id = ${supervisionId} and person_id = ${personId}`)
}

export type AmendmentRow = { at: Date; displayName: string | null; after: { changed?: string[] } | null }

/** Who amended the session and when, newest first (from the audit log). */
export async function supervisionAmendments(db: Executor, supervisionId: string): Promise<AmendmentRow[]> {
  const list = await rows<AmendmentRow>(
    db,
    sql`select a.at, u.display_name as "displayName", a.after from audit_log a left join user_account u on u.id = a.user_id
         where a.entity_type = 'supervision' and a.entity_id = ${supervisionId} and a.action = 'supervision.amend' order by a.at desc, a.id desc`,
  )
  return list.map((r) => ({ ...r, at: toDate(r.at) }))
}
