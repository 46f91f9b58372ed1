/**
 * England and Wales bank holidays, computed for any year: the weekday on which each holiday is
 * observed (substitute days included), so a weekend date never appears. Scotland and Northern
 * Ireland have different lists and are not covered.
 *
 * Sources:
 *  - Banking and Financial Dealings Act 1971 (BFDA) s1 and Sch 1 para 1: Easter Monday, the last
 *    Monday in May, the last Monday in August, 26 December if not a Sunday, 27 December in a year in
 *    which 25 or 26 December is a Sunday.
 *  - Royal proclamation under BFDA s1(3), every year: New Year's Day (since 1974) and the early May
 *    bank holiday (since 1978), their weekend substitutes, and the 28 December substitute.
 *  - Christmas Day and Good Friday: common-law holidays.
 *  - One-off changes: each by royal proclamation under BFDA s1(2)/(3); kept as data in ONE_OFF_CHANGES.
 * The pattern is the one in force since 1978; earlier years are computed with it too and are not
 * historically exact. Checked against GOV.UK's list for 2005–2027 (shared/specs/bank-holidays).
 */
import type { IsoDate } from '../shared/dates.ts'
import { civilOf, dayNumberOf, fromDayNumber, monthLength, toDayNumber, weekdayOfDayNumber } from './days.ts'

export type BankHoliday = { readonly date: IsoDate; readonly title: string }

/** A one-off change, made by royal proclamation: an extra day, or a regular holiday moved. */
export type OneOffChange =
  | { readonly kind: 'added'; readonly date: IsoDate; readonly title: string; readonly occasion: string }
  | { readonly kind: 'moved'; readonly from: IsoDate; readonly to: IsoDate; readonly title: string; readonly occasion: string }

/**
 * One-off changes, each proclaimed under BFDA 1971 s1(3). The ones before 2005 (outside the
 * committed 2005–2027 table) are kept so that older dates are counted correctly too.
 */
export const ONE_OFF_CHANGES: readonly OneOffChange[] = Object.freeze([
  { kind: 'added', date: '1981-07-29', title: 'Royal wedding (Prince Charles and Lady Diana Spencer)', occasion: 'royal wedding' },
  { kind: 'moved', from: '1995-05-01', to: '1995-05-08', title: 'Early May bank holiday (VE day)', occasion: '50th anniversary of VE day' },
  { kind: 'added', date: '1999-12-31', title: 'Millennium celebrations', occasion: 'millennium' },
  { kind: 'moved', from: '2002-05-27', to: '2002-06-04', title: 'Spring bank holiday (moved for Golden Jubilee)', occasion: 'Golden Jubilee' },
  { kind: 'added', date: '2002-06-03', title: 'Queen’s Golden Jubilee', occasion: 'Golden Jubilee' },
  { kind: 'added', date: '2011-04-29', title: 'Royal wedding (Prince William and Catherine Middleton)', occasion: 'royal wedding' },
  { kind: 'moved', from: '2012-05-28', to: '2012-06-04', title: 'Spring bank holiday (moved for Diamond Jubilee)', occasion: 'Diamond Jubilee' },
  { kind: 'added', date: '2012-06-05', title: 'Queen’s Diamond Jubilee', occasion: 'Diamond Jubilee' },
  { kind: 'moved', from: '2020-05-04', to: '2020-05-08', title: 'Early May bank holiday (VE day)', occasion: '75th anniversary of VE day' },
  { kind: 'moved', from: '2022-05-30', to: '2022-06-02', title: 'Spring bank holiday', occasion: 'Platinum Jubilee' },
  { kind: 'added', date: '2022-06-03', title: 'Queen’s Platinum Jubilee', occasion: 'Platinum Jubilee' },
  { kind: 'added', date: '2022-09-19', title: "Queen Elizabeth's Funeral Day", occasion: 'state funeral of Queen Elizabeth II' },
  { kind: 'added', date: '2023-05-08', title: "King Charles III's Coronation", occasion: 'coronation' },
] satisfies OneOffChange[])

const MIN_YEAR = 1583 // first full Gregorian year: the Easter algorithm below is Gregorian
const MAX_YEAR = 9999

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    throw new RangeError(`Bank holidays are computed for whole years ${MIN_YEAR}–${MAX_YEAR}; got ${String(year)}`)
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  assertYear(year)
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return fromDayNumber(dayNumberOf(year, month, day))
}

const MONDAY = 1
const FRIDAY = 5
const SATURDAY = 6
const SUNDAY = 7

function firstMonday(year: number, month: number): number {
  const first = dayNumberOf(year, month, 1)
  return first + ((MONDAY - weekdayOfDayNumber(first) + 7) % 7)
}

function lastMonday(year: number, month: number): number {
  const last = dayNumberOf(year, month, monthLength(year, month))
  return last - ((weekdayOfDayNumber(last) - MONDAY + 7) % 7)
}

type Entry = { day: number; title: string }

/** The regular pattern for a year, before one-off changes. */
function regularHolidays(year: number): Entry[] {
  const out: Entry[] = []

  // New Year's Day, or the Monday after when it falls at a weekend (proclamation under BFDA s1(3)).
  const newYear = dayNumberOf(year, 1, 1)
  const nyWeekday = weekdayOfDayNumber(newYear)
  if (nyWeekday === SATURDAY) out.push({ day: newYear + 2, title: "New Year's Day (substitute day)" })
  else if (nyWeekday === SUNDAY) out.push({ day: newYear + 1, title: "New Year's Day (substitute day)" })
  else out.push({ day: newYear, title: "New Year's Day" })

  // Good Friday (common law) and Easter Monday (BFDA Sch 1).
  const easter = toDayNumber(easterSunday(year))
  out.push({ day: easter - 2, title: 'Good Friday' }, { day: easter + 1, title: 'Easter Monday' })

  // Early May: first Monday in May (proclamation, since 1978); spring and summer: last Mondays in May and August (BFDA Sch 1).
  out.push({ day: firstMonday(year, 5), title: 'Early May bank holiday' })
  out.push({ day: lastMonday(year, 5), title: 'Spring bank holiday' })
  out.push({ day: lastMonday(year, 8), title: 'Summer bank holiday' })

  // Christmas Day (common law) and Boxing Day (BFDA Sch 1: 26 Dec if not a Sunday; 27 Dec when 25 or 26 Dec is a
  // Sunday), with the substitutes proclaimed under s1(3) (28 Dec when Christmas is on a Friday or Saturday).
  const christmas = dayNumberOf(year, 12, 25)
  switch (weekdayOfDayNumber(christmas)) {
    case FRIDAY: // Boxing Day on Saturday → Monday 28
      out.push({ day: christmas, title: 'Christmas Day' }, { day: christmas + 3, title: 'Boxing Day (substitute day)' })
      break
    case SATURDAY: // → Monday 27 and Tuesday 28
      out.push({ day: christmas + 2, title: 'Christmas Day (substitute day)' }, { day: christmas + 3, title: 'Boxing Day (substitute day)' })
      break
    case SUNDAY: // Boxing Day on Monday 26, Christmas substitute Tuesday 27
      out.push({ day: christmas + 1, title: 'Boxing Day' }, { day: christmas + 2, title: 'Christmas Day (substitute day)' })
      break
    default:
      out.push({ day: christmas, title: 'Christmas Day' }, { day: christmas + 1, title: 'Boxing Day' })
  }
  return out
}

function applyOneOffs(year: number, entries: Entry[]): Entry[] {
  const prefix = `${String(year).padStart(4, '0')}-`
  for (const change of ONE_OFF_CHANGES) {
    if (change.kind === 'added') {
      if (change.date.startsWith(prefix)) entries.push({ day: toDayNumber(change.date), title: change.title })
    } else if (change.to.startsWith(prefix)) {
      const from = toDayNumber(change.from)
      const moved = entries.find((e) => e.day === from)
      // A data error, not a user error: the table of one-offs must name a regular holiday.
      if (!moved) throw new Error(`One-off bank holiday change: no regular holiday on ${change.from} to move`)
      moved.day = toDayNumber(change.to)
      moved.title = change.title
    }
  }
  return entries.sort((a, b) => a.day - b.day)
}

type YearTable = { readonly list: readonly BankHoliday[]; readonly days: ReadonlyMap<number, string> }

// Computed once per year and kept: the result depends only on the year.
const cache = new Map<number, YearTable>()

function yearTable(year: number): YearTable {
  let table = cache.get(year)
  if (!table) {
    assertYear(year)
    const entries = applyOneOffs(year, regularHolidays(year))
    table = {
      list: Object.freeze(entries.map((e) => Object.freeze({ date: fromDayNumber(e.day), title: e.title }))),
      days: new Map(entries.map((e) => [e.day, e.title])),
    }
    cache.set(year, table)
  }
  return table
}

/** The England and Wales bank holidays observed in a year, in date order. */
export function bankHolidaysFor(year: number): BankHoliday[] {
  return [...yearTable(year).list]
}

/** Day numbers (see days.ts) of a year's bank holidays, for fast working-day arithmetic. */
export function bankHolidayDayNumbers(year: number): ReadonlyMap<number, string> {
  return yearTable(year).days
}

/** The bank holiday observed on a day number, if any. */
export function bankHolidayOnDayNumber(dayNumber: number): string | undefined {
  return yearTable(civilOf(dayNumber).year).days.get(dayNumber)
}

/**
 * True when `date` is a day off as a bank holiday in England and Wales. Observed days count, not
 * nominal ones: 2022-12-25 (a Sunday) is false; its substitute 2022-12-27 is true.
 */
export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidayOnDayNumber(toDayNumber(date)) !== undefined
}

/** The bank holiday observed on `date`, or null. */
export function bankHolidayOn(date: IsoDate): BankHoliday | null {
  const title = bankHolidayOnDayNumber(toDayNumber(date))
  return title === undefined ? null : { date, title }
}
