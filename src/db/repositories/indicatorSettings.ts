/** Indicator comparators and council-wide settings (issue 8): the SQL behind src/app/indicators. */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'

export type ComparatorRow = {
  id: string
  indicatorId: string
  kind: string
  year: string
  value: number
  source: string | null
  /** When the value shown was entered, and by whom (a replaced value's history is in the audit log). */
  enteredAt: Date
  enteredBy: string | null
}

type RawComparator = Omit<ComparatorRow, 'value' | 'enteredAt'> & { value: string; enteredAt: Date | string }
const toComparator = (r: RawComparator): ComparatorRow => ({ ...r, value: Number(r.value), enteredAt: toDate(r.enteredAt) })

const SELECT = sql`select c.id, c.indicator_id as "indicatorId", c.kind, c.year, c.value::text as value, c.source,
                          c.created_at as "enteredAt", u.display_name as "enteredBy"
                     from indicator_comparator c left join user_account u on u.id = c.created_by`

/** Every comparator (a few hundred rows at most): by indicator, newest year first. */
export async function listComparatorRows(db: Executor): Promise<ComparatorRow[]> {
  return (await rows<RawComparator>(db, sql`${SELECT} order by c.indicator_id, c.year desc, c.kind`)).map(toComparator)
}

/** The comparator for one indicator, kind and year, locked until the transaction ends (it is about to change). */
export async function comparatorForUpdate(db: Executor, key: { indicatorId: string; kind: string; year: string }): Promise<{ id: string; value: number; source: string | null } | undefined> {
  const r = await one<{ id: string; value: string; source: string | null }>(
    db,
    sql`select id, value::text as value, source from indicator_comparator
         where indicator_id = ${key.indicatorId} and kind = ${key.kind} and year = ${key.year} for update`,
  )
  return r && { id: r.id, value: Number(r.value), source: r.source }
}

/**
 * Adds a comparator, or replaces the value of the one already held for its indicator, kind and year
 * (updated in place; created_at/created_by then say who entered the value shown). Returns its id.
 */
export async function upsertComparator(
  db: Executor,
  c: { indicatorId: string; kind: string; year: string; value: number; source: string | null; userId: string | null },
  now: Date,
): Promise<string> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into indicator_comparator (indicator_id, kind, year, value, source, created_at, created_by)
        values (${c.indicatorId}, ${c.kind}, ${c.year}, ${String(c.value)}::numeric, ${c.source}, ${now.toISOString()}::timestamptz, ${c.userId})
        on conflict (indicator_id, kind, year) do update
          set value = excluded.value, source = excluded.source, created_at = excluded.created_at, created_by = excluded.created_by
        returning id`,
  )
  if (!r) throw new Error('upsertComparator returned no row')
  return r.id
}

export type CouncilSettingRow = { value: unknown; updatedAt: Date; updatedBy: string | null }

export async function getCouncilSetting(db: Executor, key: string, opts: { forUpdate?: boolean } = {}): Promise<CouncilSettingRow | undefined> {
  const r = await one<{ value: unknown; updatedAt: Date | string; updatedBy: string | null }>(
    db,
    sql`select s.value, s.updated_at as "updatedAt", u.display_name as "updatedBy"
          from council_setting s left join user_account u on u.id = s.updated_by
         where s.key = ${key} ${opts.forUpdate ? sql`for update of s` : sql``}`,
  )
  return r && { value: r.value, updatedAt: toDate(r.updatedAt), updatedBy: r.updatedBy }
}

export async function setCouncilSetting(db: Executor, key: string, value: unknown, userId: string | null, now: Date): Promise<void> {
  await db.execute(
    sql`insert into council_setting (key, value, updated_at, updated_by) values (${key}, ${JSON.stringify(value)}::jsonb, ${now.toISOString()}::timestamptz, ${userId})
        on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  )
}
