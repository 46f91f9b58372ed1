/**
 * A practitioner's own chronology entry: something significant that happened (a visit, a call, an
 * incident), dated and timed when it happened. Who recorded it and when is kept automatically, so a
 * late entry shows as late.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { isValidIsoDate, londonInstant, type IsoDate } from '../shared/dates.ts'

export const MAX_CHRONOLOGY_TEXT = 2_000

/** The chronology filter: which kinds of entry each choice shows. */
export const CHRONOLOGY_FILTER = {
  all: 'All entries',
  'contacts-referrals': 'Contacts and referrals',
  assessments: 'Assessments',
  'child-protection': 'Child protection and child in need',
  'management-decisions': 'Management decisions',
  practitioner: 'Practitioner entries',
} as const
export type ChronologyFilter = keyof typeof CHRONOLOGY_FILTER
export const isChronologyFilter = (s: string | undefined): s is ChronologyFilter => s !== undefined && Object.prototype.hasOwnProperty.call(CHRONOLOGY_FILTER, s)

export type ChronologyEntryInput = { date?: string | undefined; time?: string | undefined; summary?: string | undefined }
export type ValidChronologyEntry = { occurredAt: Date; summary: string }

/** Date and time (24-hour hh:mm, London) it happened — not in the future — and what happened. */
export function validateChronologyEntry(input: ChronologyEntryInput, now: Date): Result<ValidChronologyEntry> {
  const errors: FieldError[] = []
  const date = (input.date ?? '').trim()
  const time = (input.time ?? '').trim()
  let dateOk = false
  if (!date) errors.push({ field: 'occurredDate', message: 'Enter the date it happened' })
  else if (date === 'invalid' || !isValidIsoDate(date)) errors.push({ field: 'occurredDate', message: 'The date it happened must be a real date, like 14 3 2026' })
  else dateOk = true
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(time)
  let hhmm: string | null = null
  if (!time) errors.push({ field: 'occurredTime', message: 'Enter the time it happened, like 14:30' })
  else if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) errors.push({ field: 'occurredTime', message: 'Enter the time on the 24-hour clock, like 09:15 or 14:30' })
  else hhmm = `${String(m[1]).padStart(2, '0')}:${m[2]}`
  const summary = (input.summary ?? '').trim()
  if (!summary) errors.push({ field: 'summary', message: 'Enter what happened' })
  else if (summary.length > MAX_CHRONOLOGY_TEXT) errors.push({ field: 'summary', message: `What happened must be ${MAX_CHRONOLOGY_TEXT.toLocaleString('en-GB')} characters or fewer (it is ${summary.length.toLocaleString('en-GB')})` })
  let occurredAt: Date | null = null
  if (dateOk && hhmm) {
    occurredAt = londonInstant(date as IsoDate, hhmm)
    if (occurredAt.getTime() > now.getTime()) errors.push({ field: 'occurredDate', message: 'The date and time it happened cannot be in the future' })
  }
  if (errors.length || !occurredAt) return fail(errors)
  return ok({ occurredAt, summary })
}

/** True when an entry was written up at a noticeably different time from when it happened (over an hour). */
export function recordedLater(occurredAt: Date, recordedAt: Date): boolean {
  return Math.abs(recordedAt.getTime() - occurredAt.getTime()) > 60 * 60 * 1000
}

/** How long after the event it was written up, in words ("3 days after it happened"), or null when within the hour. */
export function recordingDelay(occurredAt: Date, recordedAt: Date): string | null {
  if (!recordedLater(occurredAt, recordedAt)) return null
  const minutes = Math.round((recordedAt.getTime() - occurredAt.getTime()) / 60_000)
  if (minutes < 0) return 'before the time given for the event'
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} after it happened`
  const days = Math.round(hours / 24)
  return `${days} day${days === 1 ? '' : 's'} after it happened`
}
