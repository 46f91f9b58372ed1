import type { FastifyInstance } from 'fastify'
import { addFrameworkPeriod, frameworkOptions, listFrameworkPeriods } from '../../app/admin/frameworks.ts'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { dateFromParts, parseBody, str } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

export const adminFrameworksRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/admin/frameworks', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>
    const periods = await listFrameworkPeriods(ctx, requestMeta(req))
    return render(req, reply, 'admin/frameworks.njk', { periods, options: frameworkOptions(), values: {}, added: q.added === '1' })
  })
  app.post('/admin/frameworks', async (req, reply) => {
    const meta = requestMeta(req)
    const b = parseBody(req, 1000)
    try {
      await addFrameworkPeriod(ctx, meta, { framework: str(b, 'framework'), effectiveFrom: dateFromParts(b, 'effectiveFrom'), internalTargets: str(b, 'internalTargets') })
      return reply.redirect('/admin/frameworks?added=1')
    } catch (e) {
      if (e instanceof ValidationError) {
        const periods = await listFrameworkPeriods(ctx, meta)
        return render(req, reply, 'admin/frameworks.njk', { periods, options: frameworkOptions(), values: b, added: false, ...formErrors(e.errors, { effectiveFrom: 'effectiveFrom-day', framework: 'framework' }) }, 400)
      }
      throw e
    }
  })
}
