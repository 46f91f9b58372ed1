/**
 * Plain calendar-date arithmetic on 'YYYY-MM-DD' strings, with no time zone and no clock.
 * Internally a date is a day number: days since 1970-01-01 in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil / civil_from_days), so stepping a day never meets a DST change.
 */
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'

export type CivilDate = { readonly year: number; readonly month: number; readonly day: number }

/** Throws RangeError unless `iso` is a real date in 'YYYY-MM-DD' form (years 1850–2200, as isValidIsoDate). */
export function assertIsoDate(iso: IsoDate, what = 'date'): void {
  if (typeof iso !== 'string' || !isValidIsoDate(iso)) throw new RangeError(`The ${what} must be a real date in YYYY-MM-DD form; got ${JSON.stringify(iso)}`)
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`The ${what} must be a whole number; got ${String(n)}`)
}

export function parseIsoDate(iso: IsoDate): CivilDate {
  assertIsoDate(iso)
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) }
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Day number of a civil date (1970-01-01 = 0). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Civil date of a day number. */
export function civilOf(dayNumber: number): CivilDate {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Days in a month of any year (computed from day numbers, so it has no two-digit-year quirk). */
export function monthLength(year: number, month: number): number {
  return month === 12 ? 31 : dayNumberOf(year, month + 1, 1) - dayNumberOf(year, month, 1)
}

export function toDayNumber(iso: IsoDate): number {
  const { year, month, day } = parseIsoDate(iso)
  return dayNumberOf(year, month, day)
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilOf(dayNumber)
  return formatIsoDate(year, month, day)
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(iso))
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  assertInteger(days, 'number of days')
  return fromDayNumber(toDayNumber(iso) + days)
}

/** Adds weeks of 7 calendar days (REFERENCE §7: weeks = 7 calendar days). */
export function addWeeks(iso: IsoDate, weeks: number): IsoDate {
  assertInteger(weeks, 'number of weeks')
  return addDays(iso, weeks * 7)
}

/**
 * Adds calendar months: the same day of the month, or that month's last day when it is shorter
 * (31 January + 1 month = 28/29 February), as for statutory review intervals in months (REFERENCE §7).
 */
export function addCalendarMonths(iso: IsoDate, months: number): IsoDate {
  assertInteger(months, 'number of months')
  const { year, month, day } = parseIsoDate(iso)
  const total = year * 12 + (month - 1) + months
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12 + 1
  return formatIsoDate(ny, nm, Math.min(day, monthLength(ny, nm)))
}
