import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'
import { checkHealth } from '../../app/health.ts'

/** GET /health: 200 when the database answers, 503 when it does not. Public, cheap, never cached. */
export const healthRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    const kind = ctx.database.kind
    try {
      await Promise.race([
        checkHealth(ctx),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database health check timed out')), 3000).unref()),
      ])
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: { kind, ok: true } })
    } catch {
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: { kind, ok: false } })
    }
  })
}
