/** Checking the reporting window asked for (both days included). */
import { addCalendarMonths } from '../../calendar/days.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../../shared/dates.ts'
import type { FieldError } from '../../shared/result.ts'
import type { AnnexAWindow } from './facts.ts'

/** Ofsted asks for six months, sometimes more; two years bounds the workbook's size. */
export const MAX_WINDOW_MONTHS = 24

export function validateAnnexAWindow(input: { from: string; to: string }, today: IsoDate): { ok: true; window: AnnexAWindow } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = []
  const from = input.from.trim()
  const to = input.to.trim()
  if (!isValidIsoDate(from)) errors.push({ field: 'from', message: 'Enter the start of the period as a real date (YYYY-MM-DD)' })
  if (!isValidIsoDate(to)) errors.push({ field: 'to', message: 'Enter the end of the period as a real date (YYYY-MM-DD)' })
  if (errors.length) return { ok: false, errors }
  if (to > today) errors.push({ field: 'to', message: `The end of the period cannot be in the future (today is ${formatDate(today)})` })
  if (from > to) errors.push({ field: 'from', message: 'The start of the period must be on or before its end' })
  else if (to >= addCalendarMonths(from, MAX_WINDOW_MONTHS)) errors.push({ field: 'to', message: 'The period can be at most 2 years long' })
  return errors.length ? { ok: false, errors } : { ok: true, window: { from, to } }
}
