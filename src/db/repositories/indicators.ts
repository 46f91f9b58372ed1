/**
 * Management information (issue 8): the monthly numerators and denominators behind each indicator, and the
 * children behind each number, computed in SQL from the same records workers keep (never a separate store).
 * Definitions: src/domain/indicators/definitions.ts (REFERENCE §5). Dates are London dates.
 *
 * Team attribution: a record that carries its team (assessment, section 47) counts for that team; the front
 * door's contacts and referrals, and child protection plans, count for the team the child is allocated to
 * now (the front door has no case-holding team).
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { listNameSql } from './people.ts'
import { rows, toDate } from './rows.ts'
import type { CpVisitFacts } from '../../domain/childProtection/dueItems.ts'

export type IndicatorRange = { start: string; end: string }
/** null: the whole council; otherwise only these teams (a team manager's, a service's, or a filter). */
export type IndicatorScope = { teamIds: readonly string[] | null }
export type MonthlyRow = { month: string; numerator: number; denominator: number }

/** The period-based indicators this file computes (snapshots are computed at each month's end). */
export const SQL_INDICATORS = [
  'contacts',
  'contacts_decided_in_1wd',
  'contacts_to_referral',
  'referrals',
  're_referrals_12m',
  'assessments_completed',
  'assessments_in_timescale',
  'assessments_child_seen_alone',
  'section47s',
  'icpcs_in_15wd',
  'cp_children',
  'cp_lasting_2_years',
  'cp_second_or_subsequent',
  'assessments_open',
  'assessments_overdue',
] as const
export type SqlIndicator = (typeof SQL_INDICATORS)[number]

const list = (ids: readonly string[]): SQL => sql.join(ids.map((id) => sql`${id}`), sql`, `)

/** The child is allocated now to a team in scope (front-door records and plans carry no team of their own). */
function childInScope(scope: IndicatorScope, personId: SQL): SQL {
  if (scope.teamIds === null) return sql`true`
  if (scope.teamIds.length === 0) return sql`false`
  return sql`exists (select 1 from allocation al where al.person_id = ${personId} and al.end_date is null and al.allocation_role = 'allocated_worker' and al.team_id in (${list(scope.teamIds)}))`
}

function teamInScope(scope: IndicatorScope, teamId: SQL): SQL {
  if (scope.teamIds === null) return sql`true`
  if (scope.teamIds.length === 0) return sql`false`
  return sql`${teamId} in (${list(scope.teamIds)})`
}

const month = (day: SQL): SQL => sql`to_char(${day}, 'YYYY-MM')`

/**
 * The query behind an indicator: one row per counted record with its London date (`day`), whether it is in
 * the numerator (`hit`), the child, and the team and worker it counts for. Monthly counts and drill-down
 * lists both come from it, so the list behind a number is exactly what was counted. `record_id` is the
 * counted record's own id: with `day` (a snapshot counts a record once a month's end) it identifies the
 * row, so a list ordered by it pages without overlapping or skipping.
 */
function source(id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope): SQL {
  // The council-wide counts are kept by day (ADR 0011): every column read here must be watched by the
  // triggers of migration 0017, which mark a kept day stale when it changes.
  const within = (day: SQL) => sql`${day} between ${r.start}::date and ${r.end}::date`
  // A London day is within a day either side of the UTC one: this bound on the stored instant lets the
  // index on it read just the period (the exact London-day test above still decides).
  const instantWithin = (at: SQL) => sql`${at} >= (${r.start}::date - 1)::timestamptz and ${at} < (${r.end}::date + 2)::timestamptz`
  switch (id) {
    case 'contacts': {
      // Every child on a contact received in the month (Annex A list 1 counts children, not forms).
      const day = sql`(c.received_at at time zone 'Europe/London')::date`
      return sql`select ${day} as day, true as hit, cc.person_id, null::uuid as team_id, null::uuid as worker_id, c.contact_ref as ref, null::text as framework, null::text as assessment_kind, cc.id as record_id
                   from contact_child cc join contact c on c.id = cc.contact_id
                  where ${instantWithin(sql`c.received_at`)} and ${within(day)} and ${childInScope(scope, sql`cc.person_id`)}`
    }
    case 'contacts_decided_in_1wd': {
      // Decided in the month; on time when decided by the end of the next working day (stored at receipt).
      const day = sql`(cc.decided_at at time zone 'Europe/London')::date`
      return sql`select ${day} as day, ${day} <= c.decision_due_date as hit, cc.person_id, null::uuid as team_id, null::uuid as worker_id, c.contact_ref as ref, null::text as framework, null::text as assessment_kind, cc.id as record_id
                   from contact_child cc join contact c on c.id = cc.contact_id
                  where cc.decided_at is not null and ${instantWithin(sql`cc.decided_at`)} and ${within(day)} and ${childInScope(scope, sql`cc.person_id`)}`
    }
    case 'contacts_to_referral': {
      const day = sql`(cc.decided_at at time zone 'Europe/London')::date`
      return sql`select ${day} as day, cc.outcome in ('referral', 'strategy_discussion') as hit, cc.person_id, null::uuid as team_id, null::uuid as worker_id, c.contact_ref as ref, null::text as framework, null::text as assessment_kind, cc.id as record_id
                   from contact_child cc join contact c on c.id = cc.contact_id
                  where cc.decided_at is not null and ${instantWithin(sql`cc.decided_at`)} and ${within(day)} and ${childInScope(scope, sql`cc.person_id`)}`
    }
    case 'referrals':
    case 're_referrals_12m':
      return sql`select r.referral_date as day, ${id === 'referrals' ? sql`true` : sql`r.is_re_referral`} as hit, r.person_id, null::uuid as team_id, null::uuid as worker_id, r.referral_ref as ref, null::text as framework, null::text as assessment_kind, r.id as record_id
                   from referral r where ${within(sql`r.referral_date`)} and ${childInScope(scope, sql`r.person_id`)}`
    case 'assessments_completed':
    case 'assessments_in_timescale':
    case 'assessments_child_seen_alone': {
      const hit =
        id === 'assessments_completed'
          ? sql`true`
          : id === 'assessments_in_timescale'
            ? sql`a.completed_on <= a.due_date`
            : sql`exists (select 1 from assessment_child_seen s where s.assessment_id = a.id and s.seen_alone)`
      return sql`select a.completed_on as day, ${hit} as hit, a.person_id, a.team_id, a.worker_id, a.assessment_ref as ref, a.framework, a.kind as assessment_kind, a.id as record_id
                   from assessment a where a.status = 'authorised' and ${within(sql`a.completed_on`)} and ${teamInScope(scope, sql`a.team_id`)}`
    }
    case 'section47s':
      return sql`select s.start_date as day, true as hit, s.person_id, s.team_id, s.worker_id, null::text as ref, null::text as framework, null::text as assessment_kind, s.id as record_id
                   from section47_enquiry s where ${within(sql`s.start_date`)} and ${teamInScope(scope, sql`s.team_id`)}`
    case 'icpcs_in_15wd':
      // Initial conferences held in the month; on time when held by the target fixed at the strategy discussion.
      return sql`select c.held_on as day, c.held_on <= s.icpc_target_date as hit, c.person_id, s.team_id, s.worker_id, null::text as ref, null::text as framework, null::text as assessment_kind, c.id as record_id
                   from cp_conference c join section47_enquiry s on s.id = c.section47_id
                  where c.type = 'initial' and c.status = 'held' and ${within(sql`c.held_on`)} and ${teamInScope(scope, sql`s.team_id`)}`
    case 'cp_lasting_2_years':
      // NI 64: plans that ended in the month having lasted two years or more.
      return sql`select p.end_date as day, p.end_date >= (p.start_date + interval '2 years')::date as hit, p.person_id, w.team_id, p.lead_worker_id as worker_id, null::text as ref, null::text as framework, null::text as assessment_kind, p.id as record_id
                   from cp_plan p left join worker w on w.id = p.lead_worker_id
                  where p.end_date is not null and ${within(sql`p.end_date`)} and ${childInScope(scope, sql`p.person_id`)}`
    case 'cp_second_or_subsequent':
      return sql`select p.start_date as day, p.number_of_previous_plans > 0 as hit, p.person_id, w.team_id, p.lead_worker_id as worker_id, null::text as ref, null::text as framework, null::text as assessment_kind, p.id as record_id
                   from cp_plan p left join worker w on w.id = p.lead_worker_id
                  where ${within(sql`p.start_date`)} and ${childInScope(scope, sql`p.person_id`)}`
    case 'cp_children':
      // A snapshot at each month's end (or the period's end): children on a plan that day.
      return sql`select m.day, true as hit, p.person_id, w.team_id, p.lead_worker_id as worker_id, null::text as ref, null::text as framework, null::text as assessment_kind, p.id as record_id
                   from ${monthEnds(r)} m join cp_plan p on p.start_date <= m.day and (p.end_date is null or p.end_date > m.day)
                   left join worker w on w.id = p.lead_worker_id
                  where ${childInScope(scope, sql`p.person_id`)}`
    case 'assessments_open':
    case 'assessments_overdue':
      // A snapshot at each month's end: assessments started and not yet authorised that day; overdue when
      // the due date had passed.
      // Only assessments open at some point in the range are joined to the month ends (the rest were
      // finished before it starts): a county's finished assessments never meet the month series.
      return sql`select m.day, ${id === 'assessments_open' ? sql`true` : sql`a.due_date < m.day`} as hit, a.person_id, a.team_id, a.worker_id, a.assessment_ref as ref, a.framework, a.kind as assessment_kind, a.id as record_id
                   from ${monthEnds(r)} m
                   join (select * from assessment x where x.start_date <= ${r.end}::date and (x.completed_on is null or x.completed_on > ${r.start}::date) and ${teamInScope(scope, sql`x.team_id`)}) a
                     on a.start_date <= m.day and (a.completed_on is null or a.completed_on > m.day)`
  }
}

/** The last day of each month in the range (the range's end for its last month). */
function monthEnds(r: IndicatorRange): SQL {
  return sql`(select least((date_trunc('month', g) + interval '1 month - 1 day')::date, ${r.end}::date) as day
                from generate_series(date_trunc('month', ${r.start}::date), ${r.end}::date, interval '1 month') g)`
}

/** Numerator and denominator per day ('YYYY-MM-DD'; days with nothing are absent), for the kept days (ADR 0011). */
export async function dailyIndicator(db: Executor, id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope): Promise<{ day: string; numerator: number; denominator: number }[]> {
  return rows<{ day: string; numerator: number; denominator: number }>(
    db,
    sql`select x.day::text as day, count(*) filter (where x.hit)::int as numerator, count(*)::int as denominator
          from (${source(id, r, scope)}) x group by 1 order by 1`,
  )
}

/** Numerator and denominator per month (months with nothing are absent: the domain zero-fills). */
export async function monthlyIndicator(db: Executor, id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope): Promise<MonthlyRow[]> {
  const found = await rows<{ month: string; numerator: number; denominator: number }>(
    db,
    sql`select ${month(sql`x.day`)} as month, count(*) filter (where x.hit)::int as numerator, count(*)::int as denominator
          from (${source(id, r, scope)}) x group by 1 order by 1`,
  )
  return found
}

export type IndicatorChildRow = {
  personId: string
  personRef: string
  name: string
  day: string
  hit: boolean
  ref: string | null
  teamName: string | null
  workerName: string | null
  /** The counted record's own id (with the date, the row's key in the list's order). */
  recordId: string
}

/**
 * Narrows the records behind a number (the list, its CSV and the counts by worker and by framework all
 * take the same filter, so each count is the length of the list it links to).
 */
export type IndicatorFilter = {
  /** Only the records in the numerator. */
  onlyHits?: boolean
  /** The team and worker each record counts for (its own, or the child's allocation now). */
  teamId?: string
  workerId?: string
  /** Assessments only: the framework ('wt2023') and kind ('single', 'initial', 'core'). */
  framework?: string
  assessmentKind?: string
}

/**
 * The source's records with the team and worker each counts for: the record's own, or for a record that
 * carries none (the front door's) the child's allocation now (one open allocated worker per child).
 */
function attributed(id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope, f: IndicatorFilter): SQL {
  const where: SQL[] = [sql`true`]
  if (f.onlyHits) where.push(sql`x.hit`)
  if (f.workerId) where.push(sql`coalesce(x.worker_id, al.worker_id) = ${f.workerId}`)
  if (f.teamId) where.push(sql`coalesce(x.team_id, al.team_id) = ${f.teamId}`)
  if (f.framework) where.push(sql`x.framework = ${f.framework}`)
  if (f.assessmentKind) where.push(sql`x.assessment_kind = ${f.assessmentKind}`)
  return sql`select x.day, x.hit, x.person_id, x.ref, x.framework, x.assessment_kind, x.record_id,
                    coalesce(x.team_id, al.team_id) as team_id, coalesce(x.worker_id, al.worker_id) as worker_id
               from (${source(id, r, scope)}) x
               left join allocation al on al.person_id = x.person_id and al.end_date is null and al.allocation_role = 'allocated_worker'
              where ${sql.join(where, sql` and `)}`
}

/** The records a page of the list shows. */
export const INDICATOR_PAGE_SIZE = 100
/** The records read at a time for a CSV export (memory stays bounded however long the list). */
export const INDICATOR_EXPORT_CHUNK = 5000

/** Where a keyset page starts: after this row in the list's order. */
export type IndicatorListCursor = { day: string; personRef: string; recordId: string }

/**
 * The records behind a number: every counted record in the range (one row each, a child may appear more
 * than once), whether it is in the numerator, and who holds it, a page at a time (`limit` records after
 * `offset`, or after `after`). Ordered latest first, then by child, then by the record's own id: a unique
 * tie-breaker, so pages neither overlap nor skip rows. Restricted children read "Restricted record". The
 * page is chosen first; names, teams and workers are read for its rows only.
 */
export async function indicatorChildren(
  db: Executor,
  id: SqlIndicator,
  r: IndicatorRange,
  scope: IndicatorScope,
  opts: IndicatorFilter & { viewerUserId: string; limit?: number; offset?: number; after?: IndicatorListCursor },
): Promise<IndicatorChildRow[]> {
  const limit = opts.limit ?? INDICATOR_PAGE_SIZE
  const after = opts.after
    ? sql`and (y.day < ${opts.after.day}::date or (y.day = ${opts.after.day}::date and (p.person_ref, y.record_id) > (${opts.after.personRef}::text, ${opts.after.recordId}::uuid)))`
    : sql``
  return rows<IndicatorChildRow>(
    db,
    sql`select y.person_id as "personId", y.person_ref as "personRef", ${listNameSql(opts.viewerUserId)} as name, y.day::text as day, y.hit, y.ref,
               t.name as "teamName", w.name as "workerName", y.record_id as "recordId"
          from (select y.*, p.person_ref
                  from (${attributed(id, r, scope, opts)}) y
                  join person p on p.id = y.person_id
                 where true ${after}
                 order by y.day desc, p.person_ref, y.record_id
                 limit ${limit} offset ${opts.offset ?? 0}) y
          join person p on p.id = y.person_id
          left join team t on t.id = y.team_id
          left join worker w on w.id = y.worker_id
         order by y.day desc, y.person_ref, y.record_id`,
  )
}

/**
 * Every record behind a number, in the list's order, `chunk` at a time (keyset pages: each starts after the
 * last row of the one before), for an export of any length in bounded memory.
 */
export async function* indicatorChildrenChunks(
  db: Executor,
  id: SqlIndicator,
  r: IndicatorRange,
  scope: IndicatorScope,
  opts: IndicatorFilter & { viewerUserId: string },
  chunk: number = INDICATOR_EXPORT_CHUNK,
): AsyncGenerator<IndicatorChildRow[]> {
  let after: IndicatorListCursor | undefined
  for (;;) {
    const found = await indicatorChildren(db, id, r, scope, { ...opts, limit: chunk, ...(after ? { after } : {}) })
    if (found.length) yield found
    const last = found[found.length - 1]
    if (!last || found.length < chunk) return
    after = { day: last.day, personRef: last.personRef, recordId: last.recordId }
  }
}

export type WorkerCountRow = { workerId: string | null; workerName: string | null; workerTeamId: string | null; numerator: number; denominator: number }

/** The records behind a number by the worker each counts for (null: no worker), workers by name. */
export async function indicatorCountsByWorker(db: Executor, id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope, f: IndicatorFilter): Promise<WorkerCountRow[]> {
  return rows<WorkerCountRow>(
    db,
    sql`select y.worker_id as "workerId", w.name as "workerName", w.team_id as "workerTeamId",
               count(*) filter (where y.hit)::int as numerator, count(*)::int as denominator
          from (${attributed(id, r, scope, f)}) y
          left join worker w on w.id = y.worker_id
         group by y.worker_id, w.name, w.team_id
         order by w.name nulls last, y.worker_id`,
  )
}

export type FrameworkMonthRow = { month: string; framework: string; kind: string; numerator: number; denominator: number }

/** Assessment indicators only: the records behind a number by month, framework and kind of assessment. */
export async function indicatorCountsByFramework(db: Executor, id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope, f: IndicatorFilter): Promise<FrameworkMonthRow[]> {
  return rows<FrameworkMonthRow>(
    db,
    sql`select ${month(sql`y.day`)} as month, y.framework, y.assessment_kind as kind,
               count(*) filter (where y.hit)::int as numerator, count(*)::int as denominator
          from (${attributed(id, r, scope, f)}) y
         where y.framework is not null
         group by 1, 2, 3 order by 1, 2, 3`,
  )
}

export type IndicatorWorker = { id: string; name: string; teamId: string | null; teamName: string | null; active: boolean }

/**
 * Workers for the drill-down's worker filter: those in the given teams (null: every worker), still in
 * post, by name; plus `include` (the worker chosen) whether or not they have left.
 */
export async function indicatorWorkers(db: Executor, teamIds: readonly string[] | null, include?: string): Promise<IndicatorWorker[]> {
  if (teamIds !== null && teamIds.length === 0 && !include) return []
  const inTeams = teamIds === null ? sql`true` : teamIds.length === 0 ? sql`false` : sql`w.team_id in (${list(teamIds)})`
  const chosen = include ? sql`or w.id = ${include}` : sql``
  return rows<IndicatorWorker>(
    db,
    sql`select w.id, w.name, w.team_id as "teamId", t.name as "teamName", w.left_on is null as active
          from worker w left join team t on t.id = w.team_id
         where (${inTeams} and w.left_on is null) ${chosen}
         order by w.name, w.id`,
  )
}

/** One worker with their team, or undefined (the id must be a uuid). */
export async function indicatorWorker(db: Executor, workerId: string): Promise<IndicatorWorker | undefined> {
  const [w] = await rows<IndicatorWorker>(
    db,
    sql`select w.id, w.name, w.team_id as "teamId", t.name as "teamName", w.left_on is null as active from worker w left join team t on t.id = w.team_id where w.id = ${workerId}`,
  )
  return w
}

/** Children on a plan on `day`, by the plan's latest category (several categories count as MUL). */
export async function cpCategoryCounts(db: Executor, day: string, scope: IndicatorScope): Promise<{ category: string; children: number }[]> {
  return rows<{ category: string; children: number }>(
    db,
    sql`select case when cardinality(p.latest_categories) > 1 then 'MUL' else p.latest_categories[1] end as category, count(distinct p.person_id)::int as children
          from cp_plan p
         where p.start_date <= ${day}::date and (p.end_date is null or p.end_date > ${day}::date) and ${childInScope(scope, sql`p.person_id`)}
         group by 1 order by 2 desc, 1`,
  )
}

/** The children on a child protection plan on `day` in scope (ids only: for counts and due dates). */
export async function cpChildrenOn(db: Executor, day: string, scope: IndicatorScope): Promise<string[]> {
  const found = await rows<{ personId: string }>(
    db,
    sql`select distinct p.person_id as "personId" from cp_plan p
         where p.start_date <= ${day}::date and (p.end_date is null or p.end_date > ${day}::date) and ${childInScope(scope, sql`p.person_id`)}`,
  )
  return found.map((r) => r.personId)
}

/**
 * The children on a child protection plan on `day` in scope, with what their plan's visit item is worked
 * out from (the plan's start, latest visit with the child seen, frequency, and its visit re-plans): one
 * read for the dashboard's "CP visits in timescale", instead of every due fact of every child on a plan.
 */
export async function cpVisitFactsOn(db: Executor, day: string, scope: IndicatorScope): Promise<CpVisitFacts[]> {
  const found = await rows<{
    personId: string
    id: string
    startDate: string
    lastVisit: string | null
    visitFrequencyWorkingDays: number
    replans: { item: string; subjectId: string; previousDue: string; newDue: string; reason: string; recordedAt: string; recordedByName: string | null }[] | null
  }>(
    db,
    sql`select p.person_id as "personId", p.id, p.start_date::text as "startDate",
               (select max(v.visit_date)::text from visit v where v.cp_plan_id = p.id and v.child_seen) as "lastVisit",
               p.visit_frequency_working_days as "visitFrequencyWorkingDays",
               (select json_agg(json_build_object('item', pr.item, 'subjectId', pr.subject_id, 'previousDue', pr.previous_due::text, 'newDue', pr.new_due::text,
                                                  'reason', pr.reason, 'recordedAt', pr.created_at, 'recordedByName', u.display_name) order by pr.created_at)
                  from plan_replan pr left join user_account u on u.id = pr.created_by
                 where pr.person_id = p.person_id and pr.item = 'cp_visit' and pr.subject_id = p.id) as replans
          from cp_plan p
         where p.start_date <= ${day}::date and (p.end_date is null or p.end_date > ${day}::date) and ${childInScope(scope, sql`p.person_id`)}`,
  )
  return found.map((r) => ({
    personId: r.personId,
    cpPlan: { id: r.id, startDate: r.startDate, lastVisit: r.lastVisit, visitFrequencyWorkingDays: r.visitFrequencyWorkingDays },
    replans: (r.replans ?? []).map((x) => ({ ...x, item: 'cp_visit' as const, recordedAt: toDate(x.recordedAt).toISOString() })),
  }))
}
