import type { FastifyInstance } from 'fastify'
import { addClosureDay, listClosureDays } from '../../app/admin/closureDays.ts'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'
import { dateFromParts } from '../forms.ts'

export const adminRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/admin/closure-days', async (req, reply) => {
    const days = await listClosureDays(ctx, requestMeta(req))
    return render(req, reply, 'admin/closure-days.njk', { days, values: {} })
  })
  app.post('/admin/closure-days', async (req, reply) => {
    const meta = requestMeta(req)
    // One value per field (a repeated field keeps its first), each of bounded length.
    const raw = (req.body ?? {}) as Record<string, string | string[] | undefined>
    const b: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(raw)) b[k] = (Array.isArray(v) ? v[0] : v)?.slice(0, 1000)
    try {
      await addClosureDay(ctx, meta, dateFromParts(b, 'day'), b.reason)
      return reply.redirect('/admin/closure-days?added=1')
    } catch (e) {
      if (e instanceof ValidationError) {
        return render(req, reply, 'admin/closure-days.njk', { days: await listClosureDays(ctx, meta), values: b, ...formErrors(e.errors, { day: 'day-day' }) }, 400)
      }
      throw e
    }
  })
}
