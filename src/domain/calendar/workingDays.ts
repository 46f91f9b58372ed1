/**
 * Working-day arithmetic for statutory timescales (REFERENCE §7; Working Together counts in "working
 * days"). A working day is Monday–Friday that is not an England and Wales bank holiday and not one of
 * the council's own closure days (optional, per council: statutory timeliness reporting normally
 * ignores them, so the default calendar has none).
 *
 * Clock convention: the day of the anchor event is day 0 and never counts, even when it is a working
 * day; a Saturday contact with a 1-working-day rule is due on Monday.
 */
import type { IsoDate } from '../shared/dates.ts'
import { bankHolidayDayNumbers, bankHolidayOnDayNumber } from './bankHolidays.ts'
import { addCalendarMonths, addWeeks, assertIsoDate, civilOf, fromDayNumber, toDayNumber, weekdayOfDayNumber } from './days.ts'

export type WorkingDayCalendarOptions = {
  /** Council closure days (e.g. 24–31 December), added by an administrator; weekends and bank holidays among them change nothing. */
  readonly closureDays?: readonly IsoDate[]
}

// 1970-01-05, a Monday, as day number: the origin for counting weekdays arithmetically.
const A_MONDAY = 4

/** Weekdays (Mon–Fri) in [A_MONDAY, day], extended below the origin so that differences count (a, b]. */
function weekdaysUpTo(day: number): number {
  const o = day - A_MONDAY + 1
  const weeks = Math.floor(o / 7)
  return weeks * 5 + Math.min(o - weeks * 7, 5)
}

function isWeekday(day: number): boolean {
  return weekdayOfDayNumber(day) <= 5
}

export class WorkingDayCalendar {
  /** The council closure days that fall on weekdays that are not bank holidays, in date order. */
  readonly closureDays: readonly IsoDate[]
  private readonly closures: ReadonlySet<number>
  private readonly closureList: readonly number[]

  constructor(options: WorkingDayCalendarOptions = {}) {
    const days = new Set<number>()
    for (const d of options.closureDays ?? []) {
      assertIsoDate(d, 'closure day')
      const n = toDayNumber(d)
      if (isWeekday(n) && bankHolidayOnDayNumber(n) === undefined) days.add(n)
    }
    this.closureList = Object.freeze([...days].sort((a, b) => a - b))
    this.closures = days
    this.closureDays = Object.freeze(this.closureList.map(fromDayNumber))
  }

  private isWorkingDayNumber(day: number): boolean {
    return isWeekday(day) && !this.closures.has(day) && bankHolidayOnDayNumber(day) === undefined
  }

  /** Monday–Friday, not a bank holiday, not a council closure day. */
  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date))
  }

  /**
   * The n-th working day strictly after `date` (`date` itself never counts); n = 0 returns `date`
   * unchanged; a negative n counts back to the |n|-th working day strictly before `date`.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isSafeInteger(n)) throw new RangeError(`The number of working days must be a whole number; got ${String(n)}`)
    let day = toDayNumber(date)
    const step = n < 0 ? -1 : 1
    for (let left = Math.abs(n); left > 0; ) {
      day += step
      if (this.isWorkingDayNumber(day)) left -= 1
    }
    return fromDayNumber(day)
  }

  /**
   * Working days in (a, b]: the start day excluded, the end day included, so a task done on its start
   * day took 0 and "within N working days" ⇔ workingDaysBetween(start, done) ≤ N. If b is before a the
   * result is negative: minus the working days in (b, a].
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const from = toDayNumber(a)
    const to = toDayNumber(b)
    if (to < from) return -this.countInRange(to, from)
    return this.countInRange(from, to)
  }

  /** Working days in (from, to], from ≤ to, without stepping day by day. */
  private countInRange(from: number, to: number): number {
    let count = weekdaysUpTo(to) - weekdaysUpTo(from)
    if (count === 0) return 0
    const firstYear = civilOf(from + 1).year
    const lastYear = civilOf(to).year
    for (let year = firstYear; year <= lastYear; year++)
      for (const day of bankHolidayDayNumbers(year).keys()) if (day > from && day <= to && isWeekday(day)) count -= 1
    // closureList excludes weekends and bank holidays already, so nothing is subtracted twice.
    for (const day of this.closureList) if (day > from && day <= to) count -= 1
    return count
  }

  /** Same day of the month n months on, or that month's last day (31 Jan + 1 month = 28/29 Feb). */
  addCalendarMonths(date: IsoDate, n: number): IsoDate {
    return addCalendarMonths(date, n)
  }

  /** n weeks of 7 calendar days. */
  addWeeks(date: IsoDate, n: number): IsoDate {
    return addWeeks(date, n)
  }
}

/** The England and Wales calendar with no council closure days: the one statutory reporting uses. */
export const ENGLAND_AND_WALES_CALENDAR = new WorkingDayCalendar()
