/**
 * The dashboard's monthly numerators and denominators (issue 8). A team's or a service's are counted from
 * the records each time. The whole council's are added up from kept days (ADR 0011): each settled day's
 * counts are kept once counted, by the same query as the live counts and the lists behind them, and a day
 * whose records change afterwards (a stale mark, written by the triggers of migration 0017) is recounted
 * on the next view; the last two days are always counted from the records. So every number is still the
 * records' count and matches the list behind it: only the recounting of unchanged years is saved.
 */
import { dailyIndicator, monthlyIndicator, SQL_INDICATORS, type IndicatorScope, type MonthlyRow, type SqlIndicator } from '../../db/repositories/indicators.ts'
import { INDICATOR_FAMILY, keepDays, readKeptDays, staleMarksOf, tryLockKeptDays, type KeptDay } from '../../db/repositories/indicatorDays.ts'
import type { Executor } from '../../db/database.ts'
import { INDICATORS } from '../../domain/indicators/definitions.ts'
import { dayRuns, liveRanges, parsePeriod, type Period } from '../../domain/indicators/periods.ts'
import { today, type AppContext } from '../context.ts'
import { limiter } from '../concurrency.ts'

const COUNCIL: IndicatorScope = { teamIds: null }
/** Past this many separate runs of days to recount, one query over their whole span is cheaper. */
const MAX_RUNS = 8

type Limit = ReturnType<typeof limiter>

/**
 * Counts these days of one indicator from the records: every day given gets a row (zero when nothing was
 * counted). For an indicator counted at a month's end, the days are month-ends.
 */
async function countDays(db: Executor, id: SqlIndicator, days: readonly string[]): Promise<KeptDay[]> {
  const sorted = [...days].sort()
  const found = new Map<string, { numerator: number; denominator: number }>()
  if (INDICATORS[id].snapshot) {
    // Month-ends: one query over their months, each month's row being its end's count.
    const first = sorted[0]
    const last = sorted[sorted.length - 1]
    if (first && last) for (const r of await monthlyIndicator(db, id, { start: `${first.slice(0, 7)}-01`, end: last }, COUNCIL)) found.set(r.month, r)
    return sorted.map((day) => ({ indicatorId: id, day, numerator: found.get(day.slice(0, 7))?.numerator ?? 0, denominator: found.get(day.slice(0, 7))?.denominator ?? 0 }))
  }
  const runs = dayRuns(sorted)
  const first = sorted[0]
  const last = sorted[sorted.length - 1]
  const spans = runs.length > MAX_RUNS && first && last ? [{ start: first, end: last }] : runs
  for (const span of spans) for (const r of await dailyIndicator(db, id, span, COUNCIL)) found.set(r.day, r)
  return sorted.map((day) => ({ indicatorId: id, day, numerator: found.get(day)?.numerator ?? 0, denominator: found.get(day)?.denominator ?? 0 }))
}

/**
 * Each indicator's rows by month over the period (months with nothing counted are absent, as from
 * monthlyIndicator), in the order of `ids`, using at most `limit`'s connections at once.
 */
export async function monthlyCounts(ctx: AppContext, ids: readonly SqlIndicator[], period: Period, scope: IndicatorScope, limit: Limit): Promise<MonthlyRow[][]> {
  const db = ctx.database.db
  if (scope.teamIds !== null) return Promise.all(ids.map((id) => limit(() => monthlyIndicator(db, id, { start: period.start, end: period.end }, scope))))
  const state = await limit(() => readKeptDays(db, ids.map((id) => ({ id, snapshot: INDICATORS[id].snapshot })), period.start, period.end, today(ctx)))
  const live = liveRanges(period, state.lastKept)
  const missing = new Map<SqlIndicator, string[]>()
  for (const m of state.months) {
    if (m.missing.length === 0) continue
    const id = m.indicatorId as SqlIndicator
    missing.set(id, [...(missing.get(id) ?? []), ...m.missing])
  }
  const [liveRows, recounted] = await Promise.all([
    Promise.all(
      ids.map((id) => {
        const range = INDICATORS[id].snapshot ? live.monthEnds : live.days
        return range ? limit(() => monthlyIndicator(db, id, range, COUNCIL)) : Promise.resolve([])
      }),
    ),
    missing.size ? recount(ctx, missing, limit) : Promise.resolve(new Map<SqlIndicator, KeptDay[]>()),
  ])
  return ids.map((id, i) => {
    const byMonth = new Map<string, MonthlyRow>()
    const add = (month: string, numerator: number, denominator: number) => {
      const r = byMonth.get(month) ?? { month, numerator: 0, denominator: 0 }
      byMonth.set(month, { month, numerator: r.numerator + numerator, denominator: r.denominator + denominator })
    }
    for (const m of state.months) if (m.indicatorId === id) add(m.month, m.numerator, m.denominator)
    for (const d of recounted.get(id) ?? []) add(d.day.slice(0, 7), d.numerator, d.denominator)
    for (const r of liveRows[i] ?? []) add(r.month, r.numerator, r.denominator)
    // As from the records: a month with nothing counted is absent.
    return [...byMonth.values()].filter((r) => r.denominator > 0).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
  })
}

/**
 * Recounts settled days that are not kept (or are stale) and keeps them, one recount at a time: the stale
 * marks are read first, so every record they mark is in the recount, and only those marks are cleared (a
 * record changed during the recount leaves its mark for the next view). When another recount holds the
 * lock, the days are counted from the records without keeping them.
 */
async function recount(ctx: AppContext, missing: Map<SqlIndicator, string[]>, limit: Limit): Promise<Map<SqlIndicator, KeptDay[]>> {
  const db = ctx.database.db
  const done = await limit(() =>
    db.transaction(async (tx) => {
      if (!(await tryLockKeptDays(tx))) return null
      const families = [...new Set([...missing.keys()].map((id) => INDICATOR_FAMILY[id]))]
      const marks = await staleMarksOf(tx, families, [...new Set([...missing.values()].flat())])
      const out = new Map<SqlIndicator, KeptDay[]>()
      const recounted = new Set<string>()
      // One connection, one query after another: the transaction holds the lock while it counts.
      for (const [id, days] of missing) {
        out.set(id, await countDays(tx, id, days))
        for (const d of days) recounted.add(`${id}|${d}`)
      }
      const familyOf = (id: SqlIndicator) => INDICATOR_FAMILY[id]
      const cleared = marks.filter((m) => [...missing.keys()].some((id) => familyOf(id) === m.family && recounted.has(`${id}|${m.day}`)))
      // A cleared mark stales its whole family's day: the family's indicators not recounted here are forgotten.
      const members = (family: string) => (Object.keys(INDICATOR_FAMILY) as SqlIndicator[]).filter((id) => familyOf(id) === family)
      const forget = cleared.flatMap((m) => members(m.family).filter((id) => !recounted.has(`${id}|${m.day}`)).map((id) => ({ indicatorId: id, day: m.day })))
      await keepDays(tx, [...out.values()].flat(), cleared, forget)
      return out
    }),
  )
  if (done) return done
  const counted = await Promise.all([...missing].map(([id, days]) => limit(async () => [id, await countDays(db, id, days)] as const)))
  return new Map(counted)
}

/**
 * Counts and keeps the whole council's settled days for a period ('last-24-months' by default), so the
 * first dashboard after a bulk load (the synthetic county) does not wait for years of records to be
 * counted.
 */
export async function keepCouncilDays(ctx: AppContext, periodInput = 'last-24-months'): Promise<void> {
  const p = parsePeriod(periodInput, today(ctx))
  if (!p.ok) throw new RangeError(p.errors.map((e) => e.message).join('; '))
  await monthlyCounts(ctx, SQL_INDICATORS, p.value, COUNCIL, limiter(3))
}
