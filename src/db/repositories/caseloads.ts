/** What caseloads read: the workers of a team, the limit rules, and each worker's open allocations with their child's status facts. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { rows } from './rows.ts'
import type { LimitRule } from '../../domain/allocation/allocation.ts'

export async function limitRules(db: Executor): Promise<LimitRule[]> {
  return rows<LimitRule>(
    db,
    sql`select job_role as "jobRole", children_per_fte as "childrenPerFte", newly_qualified_children_per_fte as "newlyQualifiedChildrenPerFte" from caseload_limit_rule`,
  )
}

export type CaseloadWorkerRow = {
  id: string
  name: string
  jobRole: string
  qualified: boolean
  newlyQualified: boolean
  fte: number
  caseloadLimit: number | null
  leftOn: string | null
  teamId: string | null
}

const WORKER_COLUMNS = sql`w.id, w.name, w.job_role as "jobRole", w.qualified_social_worker as qualified, w.newly_qualified as "newlyQualified",
  w.fte::float8 as fte, w.caseload_limit as "caseloadLimit", w.left_on::text as "leftOn", w.team_id as "teamId"`

/**
 * Who counts as a current worker of these teams on `today`: not left by then, and managers only if they
 * hold children (the caseloads page's and the dashboard's one rule).
 */
function currentWorkersOf(teamIds: readonly string[], today: string): SQL {
  return sql`w.team_id in (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)}) and (w.left_on is null or w.left_on > ${today})
           and (w.job_role not in ('Team manager','Service manager')
                or exists (select 1 from allocation a where a.worker_id = w.id and a.end_date is null))`
}

/** Current workers of a team (not left by `today`), by name. Managers are included only if they hold children. */
export async function teamWorkers(db: Executor, teamId: string, today: string): Promise<CaseloadWorkerRow[]> {
  return rows<CaseloadWorkerRow>(db, sql`select ${WORKER_COLUMNS} from worker w where ${currentWorkersOf([teamId], today)} order by w.name`)
}

/**
 * The current workers of these teams (as teamWorkers picks them) with how many children each holds now as
 * allocated worker (the number their limit is measured against), for the dashboard's caseloads over limit.
 */
export async function teamWorkersWithChildren(db: Executor, teamIds: readonly string[], today: string): Promise<(CaseloadWorkerRow & { children: number })[]> {
  if (teamIds.length === 0) return []
  return rows<CaseloadWorkerRow & { children: number }>(
    db,
    sql`select ${WORKER_COLUMNS},
               (select count(*)::int from allocation a where a.worker_id = w.id and a.end_date is null and a.allocation_role = 'allocated_worker') as children
          from worker w
         where ${currentWorkersOf(teamIds, today)}
         order by w.name, w.id`,
  )
}

export async function workerById(db: Executor, workerId: string): Promise<CaseloadWorkerRow | undefined> {
  return (await rows<CaseloadWorkerRow>(db, sql`select ${WORKER_COLUMNS} from worker w where w.id = ${workerId}`))[0]
}

export type OpenAllocationFacts = {
  workerId: string
  allocationRole: string
  openReferral: boolean
  openAssessment: boolean
  latestOutcomeCinPlan: boolean
  childProtectionPlan: boolean
  openCinPlan: boolean
  openSection47: boolean
}

/** Open allocations of the given workers, with what the child's status is worked out from. */
export async function openAllocationsOf(db: Executor, workerIds: readonly string[]): Promise<OpenAllocationFacts[]> {
  if (workerIds.length === 0) return []
  return rows<OpenAllocationFacts>(
    db,
    sql`select a.worker_id as "workerId", a.allocation_role as "allocationRole", ${STATUS_FACTS_SQL}
          from allocation a
         where a.end_date is null and a.worker_id in (${sql.join(
           workerIds.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})`,
  )
}

/**
 * Status facts for the person whose id is in column `a.person_id`. Each is a one-row probe (`limit 1`) of
 * the child's own open record through its one-open-per-child index: written as EXISTS, PostgreSQL chose to
 * hash every open referral, plan and enquiry in the council for each team's caseloads (50–110 ms a call on
 * the synthetic county); as probes it reads a few index entries per child.
 */
export const STATUS_FACTS_SQL = sql`
  coalesce((select true from referral r where r.person_id = a.person_id and r.closed_on is null limit 1), false) as "openReferral",
  coalesce((select true from assessment s where s.person_id = a.person_id and s.status <> 'authorised' limit 1), false) as "openAssessment",
  coalesce((select s.outcome = 'cin_plan' from assessment s where s.person_id = a.person_id and s.status = 'authorised'
             order by s.completed_on desc nulls last, s.authorised_at desc nulls last limit 1), false) as "latestOutcomeCinPlan",
  coalesce((select true from cp_plan cp where cp.person_id = a.person_id and cp.end_date is null limit 1), false) as "childProtectionPlan",
  coalesce((select true from cin_plan ci where ci.person_id = a.person_id and ci.end_date is null limit 1), false) as "openCinPlan",
  coalesce((select true from section47_enquiry s47 where s47.person_id = a.person_id and s47.status <> 'authorised' limit 1), false) as "openSection47"`

/** Children a worker holds as allocated worker now. */
export async function allocatedChildrenCount(db: Executor, workerId: string): Promise<number> {
  const r = await rows<{ n: number }>(db, sql`select count(*)::int as n from allocation where worker_id = ${workerId} and end_date is null and allocation_role = 'allocated_worker'`)
  return r[0]?.n ?? 0
}
