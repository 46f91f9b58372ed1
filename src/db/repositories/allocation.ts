/** Allocation rows, the team queue (children waiting for a team) and managers' oversight of children waiting. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'
import { listNameSql } from './people.ts'
import { STATUS_FACTS_SQL } from './caseloads.ts'

export type ChildHeader = { id: string; name: string; personRef: string; restricted: boolean }

export async function childHeader(db: Executor, personId: string): Promise<ChildHeader | undefined> {
  return one<ChildHeader>(db, sql`select id, full_name as name, person_ref as "personRef", restricted from person where id = ${personId}`)
}

/** Locks the child's row so two managers allocating the same child at once are serialised. */
export async function lockChild(tx: Executor, personId: string): Promise<boolean> {
  return !!(await one<{ id: string }>(tx, sql`select id from person where id = ${personId} for update`))
}

export type OpenReferral = { id: string; referralRef: string; referralDate: string; createdAt: Date }

export async function openReferralOf(db: Executor, personId: string): Promise<OpenReferral | undefined> {
  const r = await one<OpenReferral & { createdAt: string }>(
    db,
    sql`select id, referral_ref as "referralRef", referral_date::text as "referralDate", created_at as "createdAt" from referral where person_id = ${personId} and closed_on is null`,
  )
  return r ? { ...r, createdAt: toDate(r.createdAt) } : undefined
}

export type AllocationRow = {
  id: string
  personId: string
  workerId: string
  workerName: string
  teamId: string
  teamName: string
  serviceId: string
  allocationRole: 'allocated_worker' | 'co_worker'
  startDate: string
  endDate: string | null
  reason: string | null
  endReason: string | null
  overLimitReason: string | null
  createdAt: Date
  createdByName: string | null
  endedByName: string | null
}

const ALLOCATION_SELECT = sql`select a.id, a.person_id as "personId", a.worker_id as "workerId", w.name as "workerName", a.team_id as "teamId", t.name as "teamName",
         t.service_id as "serviceId", a.allocation_role as "allocationRole", a.start_date::text as "startDate", a.end_date::text as "endDate", a.reason,
         a.end_reason as "endReason", a.over_limit_reason as "overLimitReason", a.created_at as "createdAt",
         cu.display_name as "createdByName", eu.display_name as "endedByName"
    from allocation a join worker w on w.id = a.worker_id join team t on t.id = a.team_id
    left join user_account cu on cu.id = a.created_by left join user_account eu on eu.id = a.ended_by`

const fix = (r: AllocationRow & { createdAt: Date | string }): AllocationRow => ({ ...r, createdAt: toDate(r.createdAt) })

/** Every allocation of the child, open first, then newest first. */
export async function allocationHistory(db: Executor, personId: string): Promise<AllocationRow[]> {
  return (await rows<AllocationRow>(db, sql`${ALLOCATION_SELECT} where a.person_id = ${personId} order by (a.end_date is null) desc, a.start_date desc, a.created_at desc`)).map(fix)
}

/** The child's open allocations, locked for update (call inside the allocating transaction). */
export async function lockOpenAllocations(tx: Executor, personId: string): Promise<AllocationRow[]> {
  const ids = await rows<{ id: string }>(tx, sql`select id from allocation where person_id = ${personId} and end_date is null for update`)
  if (ids.length === 0) return []
  return (await rows<AllocationRow>(tx, sql`${ALLOCATION_SELECT} where a.person_id = ${personId} and a.end_date is null order by a.start_date`)).map(fix)
}

export async function allocationById(db: Executor, id: string): Promise<AllocationRow | undefined> {
  const r = await one<AllocationRow>(db, sql`${ALLOCATION_SELECT} where a.id = ${id}`)
  return r ? fix(r) : undefined
}

export async function insertAllocation(
  tx: Executor,
  a: { personId: string; workerId: string; teamId: string; role: string; startDate: string; reason: string | null; overLimitReason: string | null; createdBy: string; createdAt: Date },
): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    tx,
    sql`insert into allocation (person_id, worker_id, team_id, allocation_role, start_date, reason, over_limit_reason, created_at, created_by)
        values (${a.personId}, ${a.workerId}, ${a.teamId}, ${a.role}, ${a.startDate}, ${a.reason}, ${a.overLimitReason}, ${a.createdAt}, ${a.createdBy}) returning id`,
  )
  return r as { id: string }
}

export async function endAllocationRow(tx: Executor, id: string, e: { endDate: string; endReason: string; endedBy: string }): Promise<void> {
  await tx.execute(sql`update allocation set end_date = ${e.endDate}, end_reason = ${e.endReason}, ended_by = ${e.endedBy} where id = ${id} and end_date is null`)
}

// ---------------------------------------------------------------- teams

export type TeamInfo = { id: string; name: string; serviceId: string }

export async function teamById(db: Executor, teamId: string): Promise<TeamInfo | undefined> {
  return one<TeamInfo>(db, sql`select id, name, service_id as "serviceId" from team where id = ${teamId}`)
}

/**
 * The team a child belongs to for allocation: the team they wait for, else their allocated worker's
 * team, else the team of their last allocation. Null when they have never had one.
 */
export async function allocationTeamOf(db: Executor, personId: string): Promise<TeamInfo | null> {
  const r = await one<TeamInfo>(
    db,
    sql`select t.id, t.name, t.service_id as "serviceId" from team t
         where t.id = coalesce(
           (select q.team_id from team_queue q where q.person_id = ${personId} and q.allocated_at is null),
           (select a.team_id from allocation a where a.person_id = ${personId} and a.allocation_role = 'allocated_worker'
             order by (a.end_date is null) desc, a.end_date desc, a.created_at desc limit 1))`,
  )
  return r ?? null
}

// ---------------------------------------------------------------- team queue

export type WaitingRow = { id: string; teamId: string; teamName: string; waitingSince: Date; reason: string }

export async function waitingRowOf(db: Executor, personId: string): Promise<WaitingRow | undefined> {
  const r = await one<WaitingRow & { waitingSince: string }>(
    db,
    sql`select q.id, q.team_id as "teamId", t.name as "teamName", q.waiting_since as "waitingSince", q.reason
          from team_queue q join team t on t.id = q.team_id where q.person_id = ${personId} and q.allocated_at is null`,
  )
  return r ? { ...r, waitingSince: toDate(r.waitingSince) } : undefined
}

/** Adds the child to a team's queue unless they already wait (the earlier row is kept). */
export async function insertQueueRowIfNotWaiting(
  tx: Executor,
  e: { personId: string; teamId: string; waitingSince: Date; reason: string; sourceType: string | null; sourceId: string | null },
): Promise<void> {
  await tx.execute(sql`insert into team_queue (person_id, team_id, waiting_since, reason, source_type, source_id)
                       values (${e.personId}, ${e.teamId}, ${e.waitingSince}, ${e.reason}, ${e.sourceType}, ${e.sourceId})
                       on conflict (person_id) where allocated_at is null do nothing`)
}

/** Ends the child's wait: allocated now, to this allocation. Returns the closed row's id, if any. */
export async function closeQueueRow(tx: Executor, personId: string, at: Date, allocationId: string): Promise<string | null> {
  const r = await one<{ id: string }>(tx, sql`update team_queue set allocated_at = ${at}, allocation_id = ${allocationId} where person_id = ${personId} and allocated_at is null returning id`)
  return r?.id ?? null
}

// ---------------------------------------------------------------- oversight of children waiting

export async function insertOversightNote(tx: Executor, n: { personId: string; teamId: string | null; note: string; nextReviewOn: string; recordedAt: Date; recordedBy: string }): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    tx,
    sql`insert into unallocated_oversight (person_id, team_id, note, next_review_on, recorded_at, recorded_by)
        values (${n.personId}, ${n.teamId}, ${n.note}, ${n.nextReviewOn}, ${n.recordedAt}, ${n.recordedBy}) returning id`,
  )
  return r as { id: string }
}

export type OversightNoteRow = { id: string; note: string; nextReviewOn: string; recordedAt: Date; recordedByName: string }

export async function oversightNotesOf(db: Executor, personId: string, limit = 10): Promise<OversightNoteRow[]> {
  const r = await rows<OversightNoteRow & { recordedAt: string }>(
    db,
    sql`select o.id, o.note, o.next_review_on::text as "nextReviewOn", o.recorded_at as "recordedAt", u.display_name as "recordedByName"
          from unallocated_oversight o join user_account u on u.id = o.recorded_by
         where o.person_id = ${personId} order by o.recorded_at desc limit ${limit}`,
  )
  return r.map((x) => ({ ...x, recordedAt: toDate(x.recordedAt) }))
}

// ---------------------------------------------------------------- children without an allocated worker

export type UnallocatedRow = {
  personId: string
  name: string
  personRef: string
  teamId: string | null
  teamName: string | null
  queueWaitingSince: Date | null
  lastAllocationEnded: string | null
  referralCreatedAt: Date
  referralRef: string
  openReferral: boolean
  openAssessment: boolean
  latestOutcomeCinPlan: boolean
  childProtectionPlan: boolean
  openCinPlan: boolean
  openSection47: boolean
  lastNote: string | null
  lastNoteAt: Date | null
  lastNoteByName: string | null
  nextReviewOn: string | null
}

type UnallocatedFilter = { teamIds: readonly string[] | null; includeNoTeam: boolean }

/**
 * The one definition of an unallocated child (the list's and the dashboard's): an open referral and no
 * open allocated worker; with the team they wait for (their queue's, else their last allocation's), when
 * they joined that queue and when their last allocation ended. Read from the open referrals (11,000 on the
 * synthetic county), not from every person.
 */
function unallocatedSql(f: UnallocatedFilter): SQL {
  const inTeams: SQL =
    f.teamIds === null ? sql`x.team_id is not null` : f.teamIds.length === 0 ? sql`false` : sql`x.team_id in (${sql.join(f.teamIds.map((id) => sql`${id}::uuid`), sql`, `)})`
  const teamFilter = f.includeNoTeam ? sql`(${inTeams} or x.team_id is null)` : inTeams
  return sql`select x.* from (
               select r.person_id, r.referral_ref, r.created_at as referral_created_at, q.waiting_since,
                      coalesce(q.team_id, last.team_id) as team_id, last.end_date as last_end
                 from referral r
                 left join team_queue q on q.person_id = r.person_id and q.allocated_at is null
                 left join lateral (select a.team_id, a.end_date from allocation a where a.person_id = r.person_id and a.allocation_role = 'allocated_worker'
                                     order by a.end_date desc nulls first, a.created_at desc limit 1) last on true
                where r.closed_on is null
                  and not exists (select 1 from allocation a where a.person_id = r.person_id and a.end_date is null and a.allocation_role = 'allocated_worker')) x
              where ${teamFilter}`
}

/**
 * Children with an open referral and no open allocated worker. teamIds: only those whose team (the
 * team they wait for, else their last allocation's) is one of these; null = every team.
 * includeNoTeam: also those who have never had a team.
 */
export async function unallocatedChildren(db: Executor, f: UnallocatedFilter & { viewerUserId: string }): Promise<UnallocatedRow[]> {
  const r = await rows<UnallocatedRow & { queueWaitingSince: string | null; referralCreatedAt: string; lastNoteAt: string | null }>(
    db,
    sql`with x as (
          select u.person_id, ${listNameSql(f.viewerUserId)} as name, p.person_ref, u.referral_ref, u.referral_created_at, u.waiting_since, u.team_id, u.last_end
            from (${unallocatedSql(f)}) u join person p on p.id = u.person_id)
        select x.person_id as "personId", x.name, x.person_ref as "personRef", x.team_id as "teamId", t.name as "teamName",
               x.waiting_since as "queueWaitingSince", x.last_end::text as "lastAllocationEnded", x.referral_created_at as "referralCreatedAt",
               x.referral_ref as "referralRef", ${STATUS_FACTS_SQL},
               o.note as "lastNote", o.recorded_at as "lastNoteAt", u.display_name as "lastNoteByName", o.next_review_on::text as "nextReviewOn"
          from x
          cross join lateral (select x.person_id) a(person_id)
          left join team t on t.id = x.team_id
          left join lateral (select * from unallocated_oversight o where o.person_id = x.person_id order by o.recorded_at desc limit 1) o on true
          left join user_account u on u.id = o.recorded_by
         order by t.name nulls last, coalesce(x.waiting_since, x.referral_created_at)`,
  )
  return r.map((x) => ({ ...x, queueWaitingSince: toDate(x.queueWaitingSince), referralCreatedAt: toDate(x.referralCreatedAt), lastNoteAt: toDate(x.lastNoteAt) }))
}

/** The unallocated children (the list's definition) with only what their days waiting are worked out from: for the dashboard's numbers. */
export async function unallocatedWaiting(db: Executor, f: UnallocatedFilter): Promise<{ queueWaitingSince: Date | null; lastAllocationEnded: string | null; referralCreatedAt: Date }[]> {
  const r = await rows<{ queueWaitingSince: string | null; lastAllocationEnded: string | null; referralCreatedAt: string }>(
    db,
    sql`select u.waiting_since as "queueWaitingSince", u.last_end::text as "lastAllocationEnded", u.referral_created_at as "referralCreatedAt" from (${unallocatedSql(f)}) u`,
  )
  return r.map((x) => ({ queueWaitingSince: toDate(x.queueWaitingSince), lastAllocationEnded: x.lastAllocationEnded, referralCreatedAt: toDate(x.referralCreatedAt) }))
}
