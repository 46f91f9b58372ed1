/**
 * Turning counts into the dashboard's figures (REFERENCE §5): percentages and rates to one decimal place,
 * a month-by-month trend over a period with every month present, the comparators for the DfE year the
 * period covers, and whether a figure is better or worse than a comparator. Pure.
 */
import type { IndicatorDefinition } from './definitions.ts'
import { dfeYearsBetween, isDfeYear, type Period } from './periods.ts'

/** Rounds numerator / denominator × scale to one decimal place, half up; exact for whole numbers. */
function scaledRatio(numerator: number, denominator: number, scale: number): number {
  if (!Number.isFinite(numerator) || numerator < 0) throw new RangeError(`A count cannot be negative or missing; got ${String(numerator)}`)
  if (!Number.isFinite(denominator) || denominator <= 0) throw new RangeError(`Cannot divide by ${String(denominator)}`)
  const tenths = numerator * scale * 10
  // Whole numbers: integer arithmetic, so 1 of 16 (6.25%) is 6.3%, not 6.2% from binary rounding.
  if (Number.isSafeInteger(tenths * 2 + denominator) && Number.isInteger(denominator)) return Math.floor((2 * tenths + denominator) / (2 * denominator)) / 10
  return Math.round((tenths / denominator) * (1 + Number.EPSILON)) / 10
}

/** A percentage to one decimal place, half up; null when the denominator is 0 ("no cases"). */
export function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : scaledRatio(numerator, denominator, 100)
}

/** Children per 10,000 of the population, one decimal place; null when no population is configured (0). */
export function ratePer10000(count: number, population: number): number | null {
  return population === 0 ? null : scaledRatio(count, population, 10_000)
}

/** A mean to one decimal place (e.g. days waiting); null when there is nothing to average. */
export function average(total: number, count: number): number | null {
  return count === 0 ? null : scaledRatio(total, count, 1)
}

/**
 * One month's counts for an indicator, as the repositories return them. For a percentage the denominator
 * is the cases; for an average (or days) it is how many were averaged and the numerator their total; for a
 * rate it is the population (or pass `population` to `trend`). Several rows for a month (e.g. by team) add up.
 */
export type MonthlyCount = { month: string; numerator: number; denominator?: number }

export type TrendPoint = { month: string; label: string; numerator: number; denominator: number | null; value: number | null }
export type Trend = { points: TrendPoint[]; total: { numerator: number; denominator: number | null; value: number | null } }

function valueOf(def: Pick<IndicatorDefinition, 'kind'>, numerator: number, denominator: number | null): number | null {
  switch (def.kind) {
    case 'count':
      return numerator
    case 'percent':
      return percent(numerator, denominator ?? 0)
    case 'rate_per_10000':
      return ratePer10000(numerator, denominator ?? 0)
    case 'days':
    case 'average':
      return average(numerator, denominator ?? 0)
  }
}

/**
 * The indicator month by month over the period: every month present, zero when there were no rows, so a
 * period with no data shows 0 (or null, "no cases", for a percentage with nothing to divide by). The total
 * adds the months up for a measure over a period; for a snapshot (measured at a date) it is the last month,
 * i.e. the position at the end of the period. Rows for months outside the period are ignored.
 */
export function trend(def: Pick<IndicatorDefinition, 'kind' | 'snapshot'>, period: Pick<Period, 'months'>, rows: readonly MonthlyCount[], options: { population?: number | null } = {}): Trend {
  const usesDenominator = def.kind !== 'count'
  const population = def.kind === 'rate_per_10000' && options.population != null ? options.population : null
  const sums = new Map<string, { numerator: number; denominator: number }>()
  for (const r of rows) {
    const s = sums.get(r.month) ?? { numerator: 0, denominator: 0 }
    s.numerator += r.numerator
    s.denominator += r.denominator ?? 0
    sums.set(r.month, s)
  }
  const points: TrendPoint[] = period.months.map((m) => {
    const s = sums.get(m.key) ?? { numerator: 0, denominator: 0 }
    const denominator = usesDenominator ? (population ?? s.denominator) : null
    return { month: m.key, label: m.label, numerator: s.numerator, denominator, value: valueOf(def, s.numerator, denominator) }
  })
  const last = points[points.length - 1]
  if (def.snapshot || def.kind === 'rate_per_10000') {
    // A count at a date (children on a plan) does not add up across months; nor does a population.
    if (!last) return { points, total: { numerator: 0, denominator: usesDenominator ? population : null, value: valueOf(def, 0, population) } }
    return { points, total: { numerator: last.numerator, denominator: last.denominator, value: last.value } }
  }
  const numerator = points.reduce((a, p) => a + p.numerator, 0)
  const denominator = usesDenominator ? points.reduce((a, p) => a + (p.denominator ?? 0), 0) : null
  return { points, total: { numerator, denominator, value: valueOf(def, numerator, denominator) } }
}

/* ------------------------------------------------------------------------------------------------ */
/* Comparators                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

export type ComparatorKind = 'national' | 'statistical_neighbours' | 'target'
export const COMPARATOR_KINDS: readonly ComparatorKind[] = Object.freeze(['national', 'statistical_neighbours', 'target'])
// Labels for the kinds: COMPARATOR_KIND_LABEL in ./comparators.ts.

/** A figure to compare against, for a DfE year ('2025-26'), entered by an analyst or loaded from CSV. */
export type Comparator = { kind: ComparatorKind; year: string; value: number; source: string | null }

/** A comparator as shown: `latestAvailable` when it is for an earlier year than the period (none held for the period's own). */
export type ShownComparator = Comparator & { latestAvailable: boolean }

/**
 * The comparators to show for a period: for each kind, the one for the latest DfE year the period overlaps
 * (last 12 months from December 2025 covers 2025-26 and 2026-27: a 2026-27 target wins over 2025-26).
 * When none is held for any year the period overlaps, the latest earlier year's is shown instead, marked
 * `latestAvailable` (national figures are published a year or more after the year ends); a later year's
 * never is. Rows naming another indicator are ignored. At most one per kind, in COMPARATOR_KINDS order.
 */
export function comparatorsFor(def: Pick<IndicatorDefinition, 'id'>, period: Pick<Period, 'start' | 'end'>, all: readonly (Comparator & { indicatorId?: string })[]): ShownComparator[] {
  const years = dfeYearsBetween(period.start, period.end)
  const covered = new Set(years)
  const lastYear = years[years.length - 1] ?? ''
  const out: ShownComparator[] = []
  for (const kind of COMPARATOR_KINDS) {
    // DfE years 'YYYY-YY' sort as text; anything after the period's last year is left out.
    const candidates = all.filter((c) => c.kind === kind && (c.indicatorId === undefined || c.indicatorId === def.id) && isDfeYear(c.year) && c.year <= lastYear)
    const best = candidates.sort((a, b) => b.year.localeCompare(a.year))[0]
    if (best) out.push({ kind: best.kind, year: best.year, value: best.value, source: best.source, latestAvailable: !covered.has(best.year) })
  }
  return out
}

/**
 * Whether a figure is better or worse than a comparator, by the indicator's direction; 'same' when equal to
 * one decimal place; null when the indicator has no better direction or either figure is missing.
 */
export function direction(def: Pick<IndicatorDefinition, 'better'>, value: number | null, comparator: Pick<Comparator, 'value'> | null | undefined): 'better' | 'worse' | 'same' | null {
  if (def.better === null || value === null || !comparator || !Number.isFinite(comparator.value)) return null
  const diff = Math.round(value * 10) - Math.round(comparator.value * 10)
  if (diff === 0) return 'same'
  return (diff > 0) === (def.better === 'higher') ? 'better' : 'worse'
}

/* ------------------------------------------------------------------------------------------------ */
/* Display                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const ONE_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const UP_TO_ONE_DP = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })

/** What a missing figure says: a percentage or average with nothing to divide by has "no cases". */
export function emptyValueText(def: Pick<IndicatorDefinition, 'kind'>): string {
  return def.kind === 'rate_per_10000' ? 'Not available (child population not set)' : 'No cases'
}

/** '72.4%', '1,204', '45.1 per 10,000', '12 days', '1 day', '18.5'. */
export function formatValue(def: Pick<IndicatorDefinition, 'kind'>, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return def.kind === 'count' ? '0' : emptyValueText(def)
  switch (def.kind) {
    case 'count':
      return WHOLE.format(value)
    case 'percent':
      return `${ONE_DP.format(value)}%`
    case 'rate_per_10000':
      return `${ONE_DP.format(value)} per 10,000`
    case 'days': {
      const text = UP_TO_ONE_DP.format(value)
      return `${text} ${text === '1' ? 'day' : 'days'}`
    }
    case 'average':
      return UP_TO_ONE_DP.format(value)
  }
}
