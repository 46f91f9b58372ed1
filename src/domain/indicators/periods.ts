/**
 * The reporting periods of the management-information dashboard (REFERENCE §5): the last 12 or 24
 * months, the DfE year to date (the DfE year runs 1 April to 31 March), or one calendar month. Months
 * are whole calendar months, except that the current month ends today. Pure: today is passed in.
 */
import { addCalendarMonths, assertIsoDate, formatIsoDate, fromDayNumber, monthLength, parseIsoDate, toDayNumber } from '../calendar/days.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type Result } from '../shared/result.ts'

export type PeriodKind = 'last_12_months' | 'last_24_months' | 'year_to_date' | 'month'

export type Month = {
  /** 'YYYY-MM' */
  key: string
  start: IsoDate
  /** The month's last day, or today for the current month. */
  end: IsoDate
  /** 'November 2026' */
  label: string
}

export type Period = { kind: PeriodKind; start: IsoDate; end: IsoDate; label: string; months: Month[] }

/** The choices offered in the period filter, as they appear in the query string. */
export const PERIOD_OPTIONS = Object.freeze([
  { value: 'last-12-months', label: 'Last 12 months' },
  { value: 'last-24-months', label: 'Last 24 months' },
  { value: 'year-to-date', label: 'Year to date' },
] as const)
export const DEFAULT_PERIOD = 'last-12-months'

export const PERIOD_ERROR = 'Choose last 12 months, last 24 months or year to date, or enter a month like 2026-11'
export const FUTURE_MONTH_ERROR = 'The month cannot be in the future'

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const monthKey = (year: number, month: number): string => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`

/** 'November 2026' for '2026-11'. */
export function monthLabel(key: string): string {
  return `${MONTH_NAMES[Number(key.slice(5, 7)) - 1] ?? key} ${key.slice(0, 4)}`
}

/** The calendar month 'YYYY-MM' as a Month, cut off at today when it is the current month. */
function monthOf(year: number, month: number, today: IsoDate): Month {
  const key = monthKey(year, month)
  const last = formatIsoDate(year, month, monthLength(year, month))
  return { key, start: formatIsoDate(year, month, 1), end: last > today ? today : last, label: monthLabel(key) }
}

/** Every month from the month of `start` to the month of `end`, in order. */
function monthsFrom(start: IsoDate, end: IsoDate, today: IsoDate): Month[] {
  const s = parseIsoDate(start)
  const e = parseIsoDate(end)
  const out: Month[] = []
  for (let i = s.year * 12 + s.month - 1; i <= e.year * 12 + e.month - 1; i++) out.push(monthOf(Math.floor(i / 12), (i % 12) + 1, today))
  return out
}

/** The DfE year ('2026-27', 1 April 2026 to 31 March 2027) containing a date. */
export function dfeYearOf(date: IsoDate): string {
  const { year, month } = parseIsoDate(date)
  const first = month >= 4 ? year : year - 1
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`
}

/** Whether `s` names a DfE year as 'YYYY-YY' with consecutive years ('2026-27', '1999-00'). */
export function isDfeYear(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}$/.test(s)) return false
  const first = Number(s.slice(0, 4))
  return first >= 1850 && first < 2200 && Number(s.slice(5, 7)) === (first + 1) % 100
}

/** The first and last day of a DfE year: '2026-27' → 1 April 2026 to 31 March 2027. Throws on a malformed year. */
export function dfeYearPeriod(year: string): { year: string; start: IsoDate; end: IsoDate } {
  if (!isDfeYear(year)) throw new RangeError(`A DfE year must look like 2026-27; got ${JSON.stringify(year)}`)
  const first = Number(year.slice(0, 4))
  return { year, start: `${first}-04-01`, end: `${first + 1}-03-31` }
}

/** The DfE years a span of dates touches, earliest first. */
export function dfeYearsBetween(start: IsoDate, end: IsoDate): string[] {
  const out: string[] = []
  for (let y = Number(dfeYearOf(start).slice(0, 4)); y <= Number(dfeYearOf(end).slice(0, 4)); y++) out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`)
  return out
}

function lastMonths(count: 12 | 24, today: IsoDate): Period {
  const start = `${addCalendarMonths(today, -(count - 1)).slice(0, 7)}-01`
  const months = monthsFrom(start, today, today)
  const label = `Last ${count} months (${formatDate(start)} to ${formatDate(today)})`
  return { kind: count === 12 ? 'last_12_months' : 'last_24_months', start, end: today, label, months }
}

function yearToDate(today: IsoDate): Period {
  const { year, start } = dfeYearPeriod(dfeYearOf(today))
  return { kind: 'year_to_date', start, end: today, label: `Year to date ${year} (${formatDate(start)} to ${formatDate(today)})`, months: monthsFrom(start, today, today) }
}

/**
 * The period named in the query string ('last-12-months', the default; 'last-24-months'; 'year-to-date';
 * or a month 'YYYY-MM', not in the future) as at `today`. Anything else is an error on the 'period' field.
 */
export function parsePeriod(input: string | undefined, today: IsoDate): Result<Period> {
  assertIsoDate(today, 'date today')
  const raw = (input ?? '').trim().toLowerCase()
  if (raw === '' || raw === 'last-12-months') return ok(lastMonths(12, today))
  if (raw === 'last-24-months') return ok(lastMonths(24, today))
  if (raw === 'year-to-date') return ok(yearToDate(today))
  if (/^\d{4}-\d{2}$/.test(raw) && isValidIsoDate(`${raw}-01`)) {
    if (raw > today.slice(0, 7)) return fail([{ field: 'period', message: FUTURE_MONTH_ERROR }])
    const month = monthOf(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)), today)
    return ok({ kind: 'month', start: month.start, end: month.end, label: month.label, months: [month] })
  }
  return fail([{ field: 'period', message: PERIOD_ERROR }])
}

/** The query-string value that gives this period back (for links, drill-downs and CSV names). */
export function periodParam(period: Pick<Period, 'kind' | 'start'>): string {
  if (period.kind === 'month') return period.start.slice(0, 7)
  return period.kind.replaceAll('_', '-')
}

/** A span of days, first and last included. */
export type DayRange = { start: IsoDate; end: IsoDate }

/**
 * What the dashboard counts from the records each time (ADR 0011), given the last day whose counts may be
 * kept (`lastKept`: settled days before it are kept once counted). For the indicators counted over time:
 * the days after it to the period's end. For those counted at a month's end (open assessments, children
 * on plans): the months whose end (or the period's end) is after it. Null when nothing is left to count.
 */
export function liveRanges(period: Pick<Period, 'start' | 'end' | 'months'>, lastKept: IsoDate): { days: DayRange | null; monthEnds: DayRange | null } {
  assertIsoDate(lastKept, 'last kept day')
  const next = fromDayNumber(toDayNumber(lastKept) + 1)
  const from = next > period.start ? next : period.start
  const days = from <= period.end ? { start: from, end: period.end } : null
  const first = period.months.find((m) => m.end > lastKept)
  return { days, monthEnds: first ? { start: first.start, end: period.end } : null }
}

/** Sorted days as runs of consecutive days ('2026-03-01', '2026-03-02', '2026-03-09' → two runs). */
export function dayRuns(days: readonly IsoDate[]): DayRange[] {
  const out: DayRange[] = []
  let run: { start: IsoDate; end: IsoDate; n: number } | null = null
  for (const d of days) {
    const n = toDayNumber(d)
    if (run !== null && n === run.n + 1) run = { start: run.start, end: d, n }
    else {
      if (run) out.push({ start: run.start, end: run.end })
      run = { start: d, end: d, n }
    }
  }
  if (run) out.push({ start: run.start, end: run.end })
  return out
}
