/** Bulk case review rounds and the review of each case in them. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'
import type { Actor } from '../../domain/access/roles.ts'
import type { CaseReviewStatus } from '../../domain/caseReviews/caseReview.ts'
import { managedTeamSql } from './transfers.ts'

export type TeamOption = { id: string; name: string; serviceId: string }

/** The teams whose cases the actor may start a review of: those they manage. */
export async function teamsManagedBy(db: Executor, actor: Pick<Actor, 'role' | 'teamId' | 'serviceId'>): Promise<TeamOption[]> {
  return rows<TeamOption>(db, sql`select t.id, t.name, t.service_id as "serviceId" from team t where ${managedTeamSql(actor, 't')} order by t.name`)
}

/** Rounds the actor sees: their team's (team scope), their service's (service scope), or all (council). */
function roundScopeSql(actor: Pick<Actor, 'scope' | 'teamId' | 'serviceId'>): SQL {
  switch (actor.scope) {
    case 'council':
      return sql`true`
    case 'service':
      return actor.serviceId ? sql`t.service_id = ${actor.serviceId}` : sql`false`
    case 'team':
      return actor.teamId ? sql`t.id = ${actor.teamId}` : sql`false`
    default:
      return sql`false`
  }
}

export async function insertRound(db: Executor, r: { teamId: string; title: string; dueDate: string; startedAt: Date; startedBy: string }): Promise<{ id: string }> {
  const row = await one<{ id: string }>(
    db,
    sql`insert into case_review_round (team_id, title, due_date, started_at, started_by) values (${r.teamId}, ${r.title}, ${r.dueDate}, ${r.startedAt}, ${r.startedBy}) returning id`,
  )
  return row as { id: string }
}

/** One review row for every child with an open allocation in the team now. */
export async function insertReviewsForOpenCases(db: Executor, roundId: string, teamId: string): Promise<number> {
  const r = await rows(
    db,
    sql`insert into case_review (round_id, person_id)
        select distinct ${roundId}::uuid, a.person_id from allocation a where a.team_id = ${teamId} and a.end_date is null
        on conflict do nothing returning id`,
  )
  return r.length
}

export type RoundRow = {
  id: string
  teamId: string
  teamName: string
  serviceId: string
  title: string
  dueDate: string
  startedAt: Date
  startedByName: string
  closedAt: Date | null
  total: number
  reviewed: number
}

const ROUND_SELECT = sql`
  select r.id, r.team_id as "teamId", t.name as "teamName", t.service_id as "serviceId", r.title, r.due_date as "dueDate",
         r.started_at as "startedAt", u.display_name as "startedByName", r.closed_at as "closedAt",
         (select count(*)::int from case_review c where c.round_id = r.id) as total,
         (select count(*)::int from case_review c where c.round_id = r.id and c.status = 'reviewed') as reviewed
    from case_review_round r join team t on t.id = r.team_id join user_account u on u.id = r.started_by`

const fixRound = (r: RoundRow): RoundRow => ({ ...r, startedAt: toDate(r.startedAt), closedAt: toDate(r.closedAt) })

export async function listRounds(db: Executor, actor: Pick<Actor, 'scope' | 'teamId' | 'serviceId'>): Promise<RoundRow[]> {
  return (await rows<RoundRow>(db, sql`${ROUND_SELECT} where ${roundScopeSql(actor)} order by r.started_at desc limit 100`)).map(fixRound)
}

export async function getRound(db: Executor, id: string): Promise<RoundRow | undefined> {
  const r = await one<RoundRow>(db, sql`${ROUND_SELECT} where r.id = ${id}`)
  return r ? fixRound(r) : undefined
}

export type RoundCaseRow = {
  id: string
  personId: string
  personRef: string
  name: string
  workerName: string | null
  status: CaseReviewStatus
  planRobust: boolean | null
  reviewedAt: Date | null
  reviewedByName: string | null
}

export async function roundCases(db: Executor, roundId: string, status: CaseReviewStatus | null): Promise<RoundCaseRow[]> {
  const filter = status ? sql`and c.status = ${status}` : sql``
  const r = await rows<RoundCaseRow>(
    db,
    sql`select c.id, c.person_id as "personId", p.person_ref as "personRef", p.given_names || ' ' || p.family_name as name,
               (select w.name from allocation a join worker w on w.id = a.worker_id where a.person_id = c.person_id and a.end_date is null and a.allocation_role = 'allocated_worker' limit 1) as "workerName",
               c.status, c.plan_robust as "planRobust", c.reviewed_at as "reviewedAt", u.display_name as "reviewedByName"
          from case_review c join person p on p.id = c.person_id left join user_account u on u.id = c.reviewed_by
         where c.round_id = ${roundId} ${filter}
         order by p.family_name, p.given_names, p.person_ref`,
  )
  return r.map((x) => ({ ...x, reviewedAt: toDate(x.reviewedAt) }))
}

export type CaseReviewRow = {
  id: string
  roundId: string
  personId: string
  personRef: string
  name: string
  dateOfBirth: string | null
  workerName: string | null
  status: CaseReviewStatus
  planRobust: boolean | null
  findings: string | null
  actions: string | null
  reviewedAt: Date | null
  reviewedByName: string | null
  version: number
}

export async function getCaseReview(db: Executor, roundId: string, personId: string): Promise<CaseReviewRow | undefined> {
  const r = await one<CaseReviewRow>(
    db,
    sql`select c.id, c.round_id as "roundId", c.person_id as "personId", p.person_ref as "personRef", p.given_names || ' ' || p.family_name as name, p.date_of_birth as "dateOfBirth",
               (select w.name from allocation a join worker w on w.id = a.worker_id where a.person_id = c.person_id and a.end_date is null and a.allocation_role = 'allocated_worker' limit 1) as "workerName",
               c.status, c.plan_robust as "planRobust", c.findings, c.actions, c.reviewed_at as "reviewedAt", u.display_name as "reviewedByName", c.version
          from case_review c join person p on p.id = c.person_id left join user_account u on u.id = c.reviewed_by
         where c.round_id = ${roundId} and c.person_id = ${personId}`,
  )
  return r ? { ...r, reviewedAt: toDate(r.reviewedAt) } : undefined
}

export async function saveReview(
  db: Executor,
  id: string,
  expectedVersion: number,
  r: { planRobust: boolean; findings: string; actions: string | null; reviewedAt: Date; reviewedBy: string },
): Promise<boolean> {
  const out = await rows(
    db,
    sql`update case_review set status = 'reviewed', plan_robust = ${r.planRobust}, findings = ${r.findings}, actions = ${r.actions},
               reviewed_at = ${r.reviewedAt}, reviewed_by = ${r.reviewedBy}, version = version + 1
         where id = ${id} and version = ${expectedVersion} returning id`,
  )
  return out.length === 1
}

export type WorkerOption = { id: string; name: string }

/** Workers in post in the team: who a review action may be given to. */
export async function teamWorkers(db: Executor, teamId: string, today: string): Promise<WorkerOption[]> {
  return rows<WorkerOption>(db, sql`select w.id, w.name from worker w where w.team_id = ${teamId} and (w.left_on is null or w.left_on > ${today}) order by w.name`)
}
