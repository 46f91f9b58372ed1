/** Calendar dates as 'YYYY-MM-DD' strings: a date of birth or a referral date has no time zone. */
export type IsoDate = string

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/

export function isValidIsoDate(s: string): boolean {
  const m = ISO.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1850 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false
  return d <= daysInMonth(y, mo)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The calendar date in England (Europe/London) of an instant; the clock is passed in, never read. */
// Formatters are costly to build: made once, reused (they hold no clock).
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

export function londonDate(instant: Date): IsoDate {
  return LONDON_DATE.format(instant)
}

/** Builds an ISO date from day, month and year fields as typed into a GOV.UK date input. */
export function fromParts(day: string, month: string, year: string): IsoDate | null {
  const d = day.trim()
  const m = month.trim()
  const y = year.trim()
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  return isValidIsoDate(iso) ? iso : null
}

/** Age in whole years on a given date. */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number]
  let age = oy - by
  if (om < bm || (om === bm && od < bd)) age -= 1
  return age
}

export function formatDate(iso: IsoDate | null | undefined): string {
  if (!iso) return ''
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  return `${d} ${months[m - 1]} ${y}`
}

/**
 * The instant of a wall-clock date and time in England (Europe/London), e.g. a contact received at
 * 16:45 on 23 December. Pure: computes the zone offset for that moment rather than reading the clock.
 */
export function londonInstant(date: IsoDate, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  const guess = Date.UTC(y, mo - 1, d, h, mi)
  const offsetAt = (ms: number): number => {
    const parts = LONDON_PARTS.formatToParts(new Date(ms))
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value)
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - ms
  }
  const first = guess - offsetAt(guess)
  return new Date(guess - offsetAt(first))
}

/** 'HH:MM' in England of an instant. */
export function londonTime(instant: Date): string {
  return LONDON_TIME.format(instant)
}
