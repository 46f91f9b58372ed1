import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ValidationError } from '../app/context.ts'

/** A posted form: one string per field, or a list for repeated fields (checkboxes). */
export type Body = Record<string, string | string[] | undefined>

export const str = (b: Body, k: string): string | undefined => {
  const v = b[k]
  return Array.isArray(v) ? v[0] : v
}

export const list = (b: Body, k: string): string[] => {
  const v = b[k]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** Joins a GOV.UK date input (day, month, year) into what the domain validates; blank stays blank. */
export function dateFromParts(b: Body, name: string): string | undefined {
  const d = (str(b, `${name}-day`) ?? '').trim()
  const m = (str(b, `${name}-month`) ?? '').trim()
  const y = (str(b, `${name}-year`) ?? '').trim()
  if (!d && !m && !y) return undefined
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid'
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

/**
 * Every text field has a ceiling, so a pasted novel is refused with a message by the field, not stored.
 * The domain's own limits (e.g. 20,000 for a concern) are checked after this.
 */
export function parseBody(req: FastifyRequest, maxText = 20_000): Body {
  const form = z.record(z.union([z.string().max(maxText), z.array(z.string().max(200)).max(50)]))
  const parsed = form.safeParse(req.body ?? {})
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'body')
    throw new ValidationError([{ field, message: 'This answer is too long' }])
  }
  return parsed.data as Body
}

/** A redisplayed answer is cut short: a 1 MB paste is refused by the field, not sent back to the browser. */
export const REDISPLAY_MAX = 20_000
export function redisplay(b: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(b)) if (k !== '_csrf') out[k] = typeof v === 'string' && v.length > REDISPLAY_MAX ? v.slice(0, REDISPLAY_MAX) : v
  return out
}

/** The three boxes of a GOV.UK date input, as typed (for redisplay). */
export const dateValue = (b: Record<string, unknown>, name: string): { day: string; month: string; year: string } => ({
  day: String(b[`${name}-day`] ?? ''),
  month: String(b[`${name}-month`] ?? ''),
  year: String(b[`${name}-year`] ?? ''),
})

/** An ISO date as the three boxes of a GOV.UK date input ("2026-03-04" → 4 / 3 / 2026). */
export function dateParts(iso: string): { day: string; month: string; year: string } {
  const [y, m, d] = iso.split('-')
  return { day: String(Number(d)), month: String(Number(m)), year: y ?? '' }
}

/** The form's `version` (optimistic locking); -1 when missing, so a stale or forged form is refused. */
export function formVersion(b: Body): number {
  const v = Number.parseInt(str(b, 'version') ?? '', 10)
  return Number.isFinite(v) ? v : -1
}
