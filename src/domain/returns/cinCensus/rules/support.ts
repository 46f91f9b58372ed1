/**
 * What every CIN census rule body shares: reading raw XML strings safely (a value may be absent,
 * blank, malformed or not even a string), day numbers for date comparisons, the census period, the
 * national code lists and the way a failure is recorded. Nothing here throws on bad input.
 */
import { dayNumberOf, fromDayNumber, weekdayOfDayNumber } from '../../../calendar/days.ts'
import type { WorkingDayCalendar } from '../../../calendar/workingDays.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../../../shared/dates.ts'
import type { CinCensusChild, CinCensusEpisode, CinRuleFailure } from '../model.ts'

/** The trimmed text of a value, or undefined when it is absent, blank or not a string. */
export function text(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  const t = v.trim()
  return t === '' ? undefined : t
}

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' value; undefined when absent or not a real date. */
export function day(v: unknown): number | undefined {
  const t = text(v)
  if (t === undefined || !isValidIsoDate(t)) return undefined
  return dayNumberOf(Number(t.slice(0, 4)), Number(t.slice(5, 7)), Number(t.slice(8, 10)))
}

/** An array as given, or [] for anything else (a file read from disk may be missing a list). */
export function list<T>(v: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(v) ? v : []
}

/** 'true' or '1' (the CIN census boolean), any case. */
export function isTrue(v: unknown): boolean {
  const t = text(v)?.toLowerCase()
  return t === 'true' || t === '1'
}

/** 'false' or '0'. */
export function isFalse(v: unknown): boolean {
  const t = text(v)?.toLowerCase()
  return t === 'false' || t === '0'
}

export function isWeekend(d: number): boolean {
  return weekdayOfDayNumber(d) >= 6
}

/** '27 February 2023' for a day number (messages), '' for none. */
export function show(d: number | undefined): string {
  return d === undefined ? '' : formatDate(fromDayNumber(d))
}

/** The same calendar date n years earlier or later (29 February → 28 February), as a day number. */
export function addYears(d: number, years: number): number {
  const iso = fromDayNumber(d)
  const y = Number(iso.slice(0, 4)) + years
  const m = Number(iso.slice(5, 7))
  let dd = Number(iso.slice(8, 10))
  if (m === 2 && dd === 29 && !isValidIsoDate(`${String(y).padStart(4, '0')}-02-29`)) dd = 28
  return dayNumberOf(y, m, dd)
}

/** The same day n months on, or that month's last day. */
export function addMonths(d: number, months: number): number {
  const iso = fromDayNumber(d)
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months
  const y = Math.floor(total / 12)
  const m = total - y * 12 + 1
  const last = dayNumberOf(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - dayNumberOf(y, m, 1)
  return dayNumberOf(y, m, Math.min(Number(iso.slice(8, 10)), last))
}

// ---------------------------------------------------------------- code lists (SPEC.md section b)

export const SEX_CODES = new Set(['M', 'F', 'U'])
export const ETHNICITY_CODES = new Set([
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH',
  'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
])
export const DISABILITY_CODES = new Set(['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA'])
export const REFERRAL_SOURCE_CODES = new Set([
  '1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10',
])
export const PRIMARY_NEED_CODES = new Set(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'])
export const CLOSURE_REASON_CODES = new Set(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9'])
export const ABUSE_CATEGORY_CODES = new Set(['NEG', 'PHY', 'SAB', 'EMO', 'MUL'])
/** Assessment factors; 18A and 19A are retired but still "valid" for 8897Q: 8945Q/8950Q query them. */
export const ASSESSMENT_FACTOR_CODES = new Set([
  '1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C', '6A', '6B', '6C', '7A',
  '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A', '16A', '17A', '18A', '18B', '18C',
  '19A', '19B', '19C', '20', '21', '22A', '23A', '24A',
])

// ---------------------------------------------------------------- the context a rule body runs in

/** The census period as day numbers, when the ReferenceDate is a real date. */
export type Period = { start: number; end: number }

export type ChildContext = {
  period: Period | undefined
  calendar: WorkingDayCalendar
  child: CinCensusChild
  childIndex: number
  out: CinRuleFailure[]
}

export function severityOf(code: string): 'error' | 'query' {
  return code.endsWith('Q') ? 'query' : 'error'
}

/**
 * Records one failure about the child (or one of its episodes). `others`: the other elements it involves,
 * each once per item (the reference validator reports a failure at every table cell it links).
 */
export function fail(ctx: ChildContext, rule: string, field: string, message: string, episodeIndex?: number, others: readonly string[] = []): void {
  const f: CinRuleFailure = { rule, severity: severityOf(rule), childIndex: ctx.childIndex, field, message }
  if (others.length > 0) f.locations = [field, ...others]
  const id = text(ctx.child.laChildId)
  if (id !== undefined) f.laChildId = id
  let line: unknown = ctx.child.line
  if (episodeIndex !== undefined) {
    f.episodeIndex = episodeIndex
    const ep = list(ctx.child.episodes)[episodeIndex] as CinCensusEpisode | undefined
    if (ep && typeof ep.line === 'number') line = ep.line
  }
  if (typeof line === 'number' && Number.isFinite(line)) f.line = line
  ctx.out.push(f)
}

/** `date` minus n working days (the n-th working day strictly before it), or undefined if it cannot be computed. */
export function workingDaysBefore(calendar: WorkingDayCalendar, d: number, n: number): number | undefined {
  try {
    return day(calendar.addWorkingDays(fromDayNumber(d), -n))
  } catch {
    return undefined
  }
}

export function iso(d: number): IsoDate {
  return fromDayNumber(d)
}

/** "episode 2 (referral 6 October 2022)": how a social worker finds the episode in the child's record. */
export function episodeName(ep: CinCensusEpisode, index: number): string {
  const r = day(ep.cinReferralDate)
  return r === undefined ? `episode ${index + 1}` : `the referral of ${show(r)}`
}
