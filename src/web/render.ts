import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FieldError } from '../domain/shared/result.ts'
import { baseViewData } from './session.ts'

export async function render(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
  return reply.code(status).view(template, { ...(await baseViewData(req, reply)), ...data })
}

/** GOV.UK error summary and per-field messages from field errors; hrefs point at the field's id. */
export function formErrors(errors: FieldError[], fieldIds: Record<string, string> = {}) {
  const byField: Record<string, { text: string }> = {}
  for (const e of errors) if (!byField[e.field]) byField[e.field] = { text: e.message }
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${fieldIds[e.field] ?? e.field}` })),
    errors: byField,
  }
}
