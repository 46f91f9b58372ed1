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
