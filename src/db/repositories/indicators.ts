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
import { rows } from './rows.ts'

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
 * lists both come from it, so the list behind a number is exactly what was counted.
 */
function source(id: SqlIndicator, r: IndicatorRange, scope: IndicatorScope): SQL {
  const within = (day: SQL) => sql`${day} between ${r.start}::date and ${r.end}::date`
  switch (id) {
    case 'contacts': {
      // Every child on a contact received in the month (Annex A list 1 counts children, not forms).
      const day = sql`(c.received_at at time zone 'Europe/London')::date`
      return sql`select ${day} as day, true as hit, cc.person_id, null::uuid as team_id, null::uuid as worker_id, c.contact_ref as ref
                   from contact_child cc join contact c on c.id = cc.contact_id
                  where ${within(day)} and ${childInScope(scope, sql`cc.person_id`)}`
    }
    case 'contacts_decided_in_1wd': {
      // Decided in the month; on time when decided by the end of the next working day (stored at receipt).
      const day = sql`(cc.decided_at at time zone 'Europe/London')::date`
      return sql`select ${day} as day, ${day} <= c.decision_due_date as hit, cc.person_id, null::uuid as team_id, null::uuid as worker_id, c.contact_ref as ref
                   from contact_child cc join contact c on c.id = cc.contact_id
                  where cc.decided_at is not null and ${within(day)} and ${childInScope(scope, sql`cc.person_id`)}`
    }
    case 'contacts_to_referral': {
      const day = sql`(cc.decided_at at time zone 'Europe/London')::date`
      return sql`select ${day} as day, cc.outcome in ('referral', 'strategy_discussion') as hit, cc.person_id, null::uuid as team_id, null::uuid as worker_id, c.contact_ref as ref
                   from contact_child cc join contact c on c.id = cc.contact_id
                  where cc.decided_at is not null and ${within(day)} and ${childInScope(scope, sql`cc.person_id`)}`
    }
    case 'referrals':
    case 're_referrals_12m':
      return sql`select r.referral_date as day, ${id === 'referrals' ? sql`true` : sql`r.is_re_referral`} as hit, r.person_id, null::uuid as team_id, null::uuid as worker_id, r.referral_ref as ref
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
      return sql`select a.completed_on as day, ${hit} as hit, a.person_id, a.team_id, a.worker_id, a.assessment_ref as ref
                   from assessment a where a.status = 'authorised' and ${within(sql`a.completed_on`)} and ${teamInScope(scope, sql`a.team_id`)}`
    }
    case 'section47s':
      return sql`select s.start_date as day, true as hit, s.person_id, s.team_id, s.worker_id, null::text as ref
                   from section47_enquiry s where ${within(sql`s.start_date`)} and ${teamInScope(scope, sql`s.team_id`)}`
    case 'icpcs_in_15wd':
      // Initial conferences held in the month; on time when held by the target fixed at the strategy discussion.
      return sql`select c.held_on as day, c.held_on <= s.icpc_target_date as hit, c.person_id, s.team_id, s.worker_id, null::text as ref
                   from cp_conference c join section47_enquiry s on s.id = c.section47_id
                  where c.type = 'initial' and c.status = 'held' and ${within(sql`c.held_on`)} and ${teamInScope(scope, sql`s.team_id`)}`
    case 'cp_lasting_2_years':
      // NI 64: plans that ended in the month having lasted two years or more.
      return sql`select p.end_date as day, p.end_date >= (p.start_date + interval '2 years')::date as hit, p.person_id, w.team_id, p.lead_worker_id as worker_id, null::text as ref
                   from cp_plan p left join worker w on w.id = p.lead_worker_id
                  where p.end_date is not null and ${within(sql`p.end_date`)} and ${childInScope(scope, sql`p.person_id`)}`
    case 'cp_second_or_subsequent':
      return sql`select p.start_date as day, p.number_of_previous_plans > 0 as hit, p.person_id, w.team_id, p.lead_worker_id as worker_id, null::text as ref
                   from cp_plan p left join worker w on w.id = p.lead_worker_id
                  where ${within(sql`p.start_date`)} and ${childInScope(scope, sql`p.person_id`)}`
    case 'cp_children':
      // A snapshot at each month's end (or the period's end): children on a plan that day.
      return sql`select m.day, true as hit, p.person_id, w.team_id, p.lead_worker_id as worker_id, null::text as ref
                   from ${monthEnds(r)} m join cp_plan p on p.start_date <= m.day and (p.end_date is null or p.end_date > m.day)
                   left join worker w on w.id = p.lead_worker_id
                  where ${childInScope(scope, sql`p.person_id`)}`
    case 'assessments_open':
    case 'assessments_overdue':
      // A snapshot at each month's end: assessments started and not yet authorised that day; overdue when
      // the due date had passed.
      // Only assessments open at some point in the range are joined to the month ends (the rest were
      // finished before it starts): a county's finished assessments never meet the month series.
      return sql`select m.day, ${id === 'assessments_open' ? sql`true` : sql`a.due_date < m.day`} as hit, a.person_id, a.team_id, a.worker_id, a.assessment_ref as ref
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
}

/**
 * The records behind a number: every counted record in the range (one row each, a child may appear more
 * than once), whether it is in the numerator, and who holds it. Restricted children read "Restricted record".
 */
export async function indicatorChildren(
  db: Executor,
  id: SqlIndicator,
  r: IndicatorRange,
  scope: IndicatorScope,
  opts: { viewerUserId: string; onlyHits?: boolean; teamId?: string; workerId?: string },
): Promise<IndicatorChildRow[]> {
  const where: SQL[] = [sql`true`]
  if (opts.onlyHits) where.push(sql`x.hit`)
  if (opts.workerId) where.push(sql`coalesce(x.worker_id, al.worker_id) = ${opts.workerId}`)
  if (opts.teamId) where.push(sql`coalesce(x.team_id, al.team_id) = ${opts.teamId}`)
  return rows<IndicatorChildRow>(
    db,
    sql`select x.person_id as "personId", p.person_ref as "personRef", ${listNameSql(opts.viewerUserId)} as name, x.day::text as day, x.hit, x.ref,
               t.name as "teamName", w.name as "workerName"
          from (${source(id, r, scope)}) x
          join person p on p.id = x.person_id
          left join allocation al on al.person_id = x.person_id and al.end_date is null and al.allocation_role = 'allocated_worker'
          left join team t on t.id = coalesce(x.team_id, al.team_id)
          left join worker w on w.id = coalesce(x.worker_id, al.worker_id)
         where ${sql.join(where, sql` and `)}
         order by x.day desc, p.person_ref
         limit 5000`,
  )
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
