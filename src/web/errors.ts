import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../app/context.ts'
import { isApi } from './session.ts'
import { render } from './render.ts'

/** Errors that mean the database cannot be reached: the service is unavailable, not broken. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null
  if (!e) return false
  // Drizzle wraps the driver's error ("Failed query: …"); the reason is in its cause.
  const cause = (e as { cause?: unknown }).cause
  if (cause && cause !== e && isDatabaseUnavailable(cause)) return true
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(e.code)) return true
  const m = e.message ?? ''
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|Cannot use a pool after calling end/i.test(m)
}

async function send(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, template: string, extra: Record<string, unknown> = {}) {
  if (isApi(req) || req.url === '/health' || req.url === '/drafts') return reply.code(status).type('application/json').send({ code, message, ...extra })
  return render(req, reply, template, { message, ...extra }, status)
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (req, reply) => send(req, reply, 404, 'not_found', 'Page not found', 'errors/404.njk'))

  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    if (err instanceof ValidationError) {
      return send(req, reply, 400, 'validation', 'Check the answers given', 'errors/400.njk', { errors: err.errors })
    }
    if (err instanceof NotFoundError) return send(req, reply, 404, 'not_found', err.message, 'errors/404.njk')
    if (err instanceof ForbiddenError) {
      return send(req, reply, 403, 'forbidden', 'You do not have access to this', 'errors/403.njk', { reason: err.reason })
    }
    if (err instanceof ConflictError) return send(req, reply, 409, 'conflict', err.message, 'errors/409.njk', { field: err.field })
    if (isDatabaseUnavailable(err)) {
      req.log.error({ err }, 'database unavailable')
      return send(req, reply, 503, 'unavailable', 'Harbour cannot reach its database at the moment', 'errors/503.njk')
    }
    const status = err.statusCode ?? 500
    if (status === 413) return send(req, reply, 413, 'payload_too_large', 'The request was too large: the limit is 1 MB', 'errors/400.njk', { field: 'body' })
    if (status === 429) return send(req, reply, 429, 'rate_limited', 'Too many attempts. Wait a minute and try again.', 'errors/429.njk')
    if (status === 415) return send(req, reply, 415, 'unsupported_media_type', isApi(req) ? 'Send the body as JSON, with the header Content-Type: application/json' : 'Send the request as a form', 'errors/400.njk', { field: isApi(req) ? 'content-type' : 'body' })
    if (status >= 400 && status < 500) {
      return send(req, reply, status, 'bad_request', err.validation ? 'The request was not in the expected form' : err.message, 'errors/400.njk', {
        field: err.validation?.[0]?.instancePath?.replace(/^\//, '') || 'body',
      })
    }
    req.log.error({ err }, 'unexpected error')
    return send(req, reply, 500, 'internal', 'Sorry, there is a problem with the service', 'errors/500.njk')
  })
}
