/** Transfers between teams, and the team-queue rows they lead to. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { teamTransfer } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import type { Actor } from '../../domain/access/roles.ts'
import type { TeamRef, TransferStatus } from '../../domain/transfers/transfer.ts'

export type TeamRow = TeamRef & { kind: string; serviceName: string }

export async function listTeams(db: Executor): Promise<TeamRow[]> {
  return rows<TeamRow>(
    db,
    sql`select t.id, t.name, t.kind, t.service_id as "serviceId", s.name as "serviceName"
          from team t join service s on s.id = t.service_id order by s.name, t.name`,
  )
}

export async function getTeam(db: Executor, id: string): Promise<TeamRow | undefined> {
  return one<TeamRow>(db, sql`select t.id, t.name, t.kind, t.service_id as "serviceId", s.name as "serviceName" from team t join service s on s.id = t.service_id where t.id = ${id}`)
}

/** Teams the actor manages: their own team (team manager) or every team in their service (service manager). */
export function managedTeamSql(actor: Pick<Actor, 'role' | 'teamId' | 'serviceId'>, teamAlias: string): SQL {
  const t = sql.raw(teamAlias)
  if (actor.role === 'team_manager' && actor.teamId) return sql`${t}.id = ${actor.teamId}`
  if (actor.role === 'service_manager' && actor.serviceId) return sql`${t}.service_id = ${actor.serviceId}`
  return sql`false`
}

/** The child's team now: that of the open allocated worker, else the team they are waiting for. */
export async function currentTeamOf(db: Executor, personId: string): Promise<TeamRef | null> {
  const r = await one<TeamRef>(
    db,
    sql`select t.id, t.name, t.service_id as "serviceId" from (
          select a.team_id, 1 as pref from allocation a where a.person_id = ${personId} and a.end_date is null and a.allocation_role = 'allocated_worker'
          union all
          select q.team_id, 2 from team_queue q where q.person_id = ${personId} and q.allocated_at is null
        ) x join team t on t.id = x.team_id order by x.pref limit 1`,
  )
  return r ?? null
}

export async function hasPendingTransfer(db: Executor, personId: string): Promise<boolean> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n from team_transfer where person_id = ${personId} and status = 'proposed'`)
  return (r?.n ?? 0) > 0
}

export async function insertTransfer(db: Executor, t: { personId: string; fromTeamId: string; toTeamId: string; summary: string; proposedBy: string; proposedAt: Date }): Promise<{ id: string }> {
  const [row] = await db.insert(teamTransfer).values(t).returning({ id: teamTransfer.id })
  return row as { id: string }
}

export type TransferRow = {
  id: string
  personId: string
  personRef: string
  personName: string
  fromTeam: TeamRef
  toTeam: TeamRef
  summary: string
  status: TransferStatus
  proposedAt: Date
  proposedBy: string
  proposedByName: string
  decidedAt: Date | null
  decidedByName: string | null
  decisionReasons: string | null
  version: number
  waitingSince: Date | null
  allocatedAt: Date | null
  allocatedWorkerName: string | null
}

const TRANSFER_SELECT = sql`
  select tt.id, tt.person_id as "personId", p.person_ref as "personRef",
         p.given_names || ' ' || p.family_name as "personName",
         json_build_object('id', ft.id, 'name', ft.name, 'serviceId', ft.service_id) as "fromTeam",
         json_build_object('id', tot.id, 'name', tot.name, 'serviceId', tot.service_id) as "toTeam",
         tt.summary, tt.status, tt.proposed_at as "proposedAt", tt.proposed_by as "proposedBy", pu.display_name as "proposedByName",
         tt.decided_at as "decidedAt", du.display_name as "decidedByName", tt.decision_reasons as "decisionReasons", tt.version,
         q.waiting_since as "waitingSince", q.allocated_at as "allocatedAt", qw.name as "allocatedWorkerName"
    from team_transfer tt
    join person p on p.id = tt.person_id
    join team ft on ft.id = tt.from_team_id
    join team tot on tot.id = tt.to_team_id
    join user_account pu on pu.id = tt.proposed_by
    left join user_account du on du.id = tt.decided_by
    left join lateral (select q.* from team_queue q where q.source_type = 'team_transfer' and q.source_id = tt.id order by q.waiting_since desc limit 1) q on true
    left join allocation qa on qa.id = q.allocation_id
    left join worker qw on qw.id = qa.worker_id`

function fixDates(r: TransferRow): TransferRow {
  return { ...r, proposedAt: toDate(r.proposedAt), decidedAt: toDate(r.decidedAt), waitingSince: toDate(r.waitingSince), allocatedAt: toDate(r.allocatedAt) }
}

export async function getTransfer(db: Executor, id: string): Promise<TransferRow | undefined> {
  const r = await one<TransferRow>(db, sql`${TRANSFER_SELECT} where tt.id = ${id}`)
  return r ? fixDates(r) : undefined
}

/** Locks the transfer row for a decision: two managers deciding at once are taken one after the other. */
export async function lockTransfer(db: Executor, id: string): Promise<{ id: string; status: TransferStatus; version: number } | undefined> {
  return one(db, sql`select id, status, version from team_transfer where id = ${id} for update`)
}

export async function recordTransferDecision(
  db: Executor,
  id: string,
  expectedVersion: number,
  d: { status: TransferStatus; reasons: string | null; userId: string; at: Date },
): Promise<boolean> {
  const r = await rows(
    db,
    sql`update team_transfer set status = ${d.status}, decided_at = ${d.at}, decided_by = ${d.userId}, decision_reasons = ${d.reasons}, version = version + 1
         where id = ${id} and version = ${expectedVersion} and status = 'proposed' returning id`,
  )
  return r.length === 1
}

export type EndedAllocation = { id: string; workerName: string; allocationRole: string }

/** Ends the child's open allocations in a team (SSDA903 change reason given), returning what ended. */
export async function endOpenAllocationsInTeam(db: Executor, personId: string, teamId: string, endDate: string, endReason: string, userId: string): Promise<EndedAllocation[]> {
  return rows<EndedAllocation>(
    db,
    sql`with ended as (
          update allocation set end_date = ${endDate}, end_reason = ${endReason}, ended_by = ${userId}
           where person_id = ${personId} and team_id = ${teamId} and end_date is null
          returning id, worker_id, allocation_role)
        select e.id, w.name as "workerName", e.allocation_role as "allocationRole" from ended e join worker w on w.id = e.worker_id`,
  )
}

/**
 * A child who was waiting for a team (the sending team) leaves that queue when the transfer is accepted (nobody
 * there will allocate them now). Marked as left at `at`, with no allocation.
 */
export async function leaveWaitingQueue(db: Executor, personId: string, at: Date): Promise<number> {
  const r = await rows(db, sql`update team_queue set allocated_at = ${at} where person_id = ${personId} and allocated_at is null returning id`)
  return r.length
}

export type TransferListRow = TransferRow

/** Proposals waiting for a decision where the receiving team is one the actor manages. */
export async function incomingTransfers(db: Executor, actor: Pick<Actor, 'role' | 'teamId' | 'serviceId'>): Promise<TransferRow[]> {
  const r = await rows<TransferRow>(db, sql`${TRANSFER_SELECT} where tt.status = 'proposed' and ${managedTeamSql(actor, 'tot')} order by tt.proposed_at`)
  return r.map(fixDates)
}

/** Proposals from a team the actor manages still waiting, or decided in the last 90 days. */
export async function outgoingTransfers(db: Executor, actor: Pick<Actor, 'role' | 'teamId' | 'serviceId'>, since: Date): Promise<TransferRow[]> {
  const r = await rows<TransferRow>(
    db,
    sql`${TRANSFER_SELECT} where ${managedTeamSql(actor, 'ft')} and (tt.status = 'proposed' or tt.decided_at >= ${since}) order by tt.proposed_at desc limit 200`,
  )
  return r.map(fixDates)
}

/** Transfers accepted since the date into or out of a team the actor manages, newest first. */
export async function recentlyAccepted(db: Executor, actor: Pick<Actor, 'role' | 'teamId' | 'serviceId'>, since: Date): Promise<TransferRow[]> {
  const r = await rows<TransferRow>(
    db,
    sql`${TRANSFER_SELECT} where tt.status = 'accepted' and tt.decided_at >= ${since} and (${managedTeamSql(actor, 'ft')} or ${managedTeamSql(actor, 'tot')}) order by tt.decided_at desc limit 200`,
  )
  return r.map(fixDates)
}

export type TransferPerson = { id: string; personRef: string; name: string; dateOfBirth: string | null }

export async function transferPerson(db: Executor, personId: string): Promise<TransferPerson | undefined> {
  return one<TransferPerson>(
    db,
    sql`select p.id, p.person_ref as "personRef", p.date_of_birth as "dateOfBirth",
               p.given_names || ' ' || p.family_name as name
          from person p where p.id = ${personId}`,
  )
}

/** Transfers of one child, newest first (for the proposal page). */
export async function transfersOf(db: Executor, personId: string): Promise<TransferRow[]> {
  const r = await rows<TransferRow>(db, sql`${TRANSFER_SELECT} where tt.person_id = ${personId} order by tt.proposed_at desc limit 20`)
  return r.map(fixDates)
}
