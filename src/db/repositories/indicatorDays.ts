/**
 * The dashboard's kept council-wide counts (issue 8, ADR 0011): one indicator's numerator and denominator
 * for one settled day (or, for an indicator counted at a month's end, that month-end), computed by the
 * same SQL as the live counts and the lists behind them (src/db/repositories/indicators.ts); and the stale
 * marks the triggers of migration 0017 write when a record dated on a kept day changes.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import type { SqlIndicator } from './indicators.ts'
import { rows } from './rows.ts'

/**
 * The family each indicator's days are marked stale under: the records it counts, as the triggers of
 * migration 0017 watch them. A column an indicator's source reads must be watched by its family's trigger.
 */
export const INDICATOR_FAMILY: Readonly<Record<SqlIndicator, string>> = Object.freeze({
  contacts: 'contacts_received',
  contacts_decided_in_1wd: 'contacts_decided',
  contacts_to_referral: 'contacts_decided',
  referrals: 'referrals',
  re_referrals_12m: 'referrals',
  assessments_completed: 'assessments_completed',
  assessments_in_timescale: 'assessments_completed',
  assessments_child_seen_alone: 'assessments_completed',
  section47s: 'section47s',
  icpcs_in_15wd: 'icpcs',
  cp_children: 'cp_children',
  cp_lasting_2_years: 'cp_plans',
  cp_second_or_subsequent: 'cp_plans',
  assessments_open: 'assessments_open',
  assessments_overdue: 'assessments_open',
})

export type KeptDay = { indicatorId: string; day: string; numerator: number; denominator: number }
export type StaleMark = { id: number; family: string; day: string }
/** One indicator's kept counts for one month, and its settled days (month-ends) not kept or stale. */
export type KeptMonthSum = { indicatorId: string; month: string; numerator: number; denominator: number; missing: string[] }

/** A thousand rows a statement (a county's 24 months are about 9,500 kept days). */
function* chunksOf<T>(xs: readonly T[], size = 1000): Generator<readonly T[]> {
  for (let i = 0; i < xs.length; i += size) yield xs.slice(i, i + size)
}

const texts = (xs: readonly string[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `)

/**
 * The kept counts of these indicators from `from` to `to` (or the last day that may be kept, if earlier), added up by month,
 * with each month's settled days that are not kept or are marked stale; and that last day. A day may be
 * kept once it is before `today` (the application's date) and two days before the database's London date,
 * so a transaction begun on the day has committed before its count is kept.
 */
export async function readKeptDays(
  db: Executor,
  indicators: readonly { id: SqlIndicator; snapshot: boolean }[],
  from: string,
  to: string,
  today: string,
): Promise<{ lastKept: string; months: KeptMonthSum[] }> {
  const values = sql.join(
    indicators.map((i) => sql`(${i.id}::text, ${INDICATOR_FAMILY[i.id]}::text, ${i.snapshot}::boolean)`),
    sql`, `,
  )
  const [found] = await rows<{ lastKept: string; months: KeptMonthSum[] | null }>(
    db,
    sql`with s as (select least(${today}::date - 1, (now() at time zone 'Europe/London')::date - 2) as last),
             ind(indicator_id, family, snapshot) as (values ${values}),
             d as (select i.indicator_id, i.family, g::date as day
                     from ind i cross join s cross join lateral generate_series(${from}::date::timestamp, least(s.last, ${to}::date)::timestamp, interval '1 day') g
                    where not i.snapshot or g::date = (date_trunc('month', g) + interval '1 month - 1 day')::date),
             u as (select d.indicator_id, d.day, k.numerator, k.denominator,
                          k.indicator_id is not null and not exists (select 1 from indicator_day_stale x where x.family = d.family and x.day = d.day) as ok
                     from d left join indicator_day k on k.indicator_id = d.indicator_id and k.day = d.day),
             m as (select indicator_id, to_char(day, 'YYYY-MM') as month,
                          coalesce(sum(numerator) filter (where ok), 0)::int as numerator, coalesce(sum(denominator) filter (where ok), 0)::int as denominator,
                          coalesce(array_agg(day::text order by day) filter (where not ok), '{}') as missing
                     from u group by 1, 2)
        select (select last::text from s) as "lastKept",
               (select json_agg(json_build_object('indicatorId', indicator_id, 'month', month, 'numerator', numerator, 'denominator', denominator, 'missing', missing)) from m) as months`,
  )
  return { lastKept: found?.lastKept ?? from, months: found?.months ?? [] }
}

/**
 * Whether this transaction may recount and keep days (one at a time: a recount that read older records
 * must not overwrite a newer one's). Never waits: when another holds it, the caller counts from the records
 * without keeping. Released when the transaction ends.
 */
export async function tryLockKeptDays(tx: Executor): Promise<boolean> {
  const [r] = await rows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext('harbour.indicator_day')) as locked`)
  return r?.locked ?? false
}

/** The stale marks on these families' days, read before recounting them (only these are then cleared). */
export async function staleMarksOf(tx: Executor, families: readonly string[], days: readonly string[]): Promise<StaleMark[]> {
  if (families.length === 0 || days.length === 0) return []
  return rows<StaleMark>(
    tx,
    sql`select id::float8 as id, family, day::text as day from indicator_day_stale
         where family in (${texts(families)}) and day in (${sql.join(days.map((d) => sql`${d}::date`), sql`, `)})`,
  )
}

/**
 * Keeps recounted days (replacing what was kept), forgets kept days of the same families that were not
 * recounted (a mark stales its whole family's day), and clears the marks read before recounting.
 */
export async function keepDays(
  tx: Executor,
  kept: readonly KeptDay[],
  clearedMarks: readonly StaleMark[],
  forget: readonly { indicatorId: string; day: string }[],
): Promise<void> {
  for (const chunk of chunksOf(forget)) {
    await tx.execute(sql`delete from indicator_day where (indicator_id, day) in (${sql.join(chunk.map((f) => sql`(${f.indicatorId}, ${f.day}::date)`), sql`, `)})`)
  }
  for (const chunk of chunksOf(kept)) {
    await tx.execute(sql`insert into indicator_day (indicator_id, day, numerator, denominator)
                         values ${sql.join(chunk.map((k) => sql`(${k.indicatorId}, ${k.day}::date, ${k.numerator}, ${k.denominator})`), sql`, `)}
                         on conflict (indicator_id, day) do update set numerator = excluded.numerator, denominator = excluded.denominator, computed_at = now()`)
  }
  for (const chunk of chunksOf(clearedMarks)) {
    await tx.execute(sql`delete from indicator_day_stale where id in (${sql.join(chunk.map((m) => sql`${m.id}`), sql`, `)})`)
  }
}
