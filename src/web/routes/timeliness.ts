import type { FastifyInstance } from 'fastify'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { assessmentTimeliness } from '../../app/timeliness/assessmentTimeliness.ts'
import { dateFromParts, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const parts = (iso: string) => ({ day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) })

export const timelinessRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/timeliness', async (req, reply) => {
    const meta = requestMeta(req)
    const raw = (req.query ?? {}) as Record<string, string | string[] | undefined>
    const q: Body = {}
    for (const [k, v] of Object.entries(raw)) q[k] = (Array.isArray(v) ? v[0] : v)?.slice(0, 100)
    const fromRaw = dateFromParts(q, 'from')
    const toRaw = dateFromParts(q, 'to')
    const team = typeof q.team === 'string' && q.team !== '' ? q.team : undefined
    try {
      const report = await assessmentTimeliness(ctx, meta, { from: fromRaw, to: toRaw, team })
      const values = {
        ...Object.fromEntries(Object.entries(parts(report.from)).map(([k, v]) => [`from-${k}`, v])),
        ...Object.fromEntries(Object.entries(parts(report.to)).map(([k, v]) => [`to-${k}`, v])),
        team: report.team,
      }
      return render(req, reply, 'timeliness/report.njk', { report, values })
    } catch (e) {
      if (e instanceof ValidationError) {
        // Show the defaults with the error, and keep what was typed.
        const report = await assessmentTimeliness(ctx, meta, { team })
        return render(req, reply, 'timeliness/report.njk', { report, values: { ...q, team: report.team }, ...formErrors(e.errors, { from: 'from-day', to: 'to-day' }) }, 400)
      }
      throw e
    }
  })
}
