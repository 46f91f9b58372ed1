/** Re-planning a missed conference, review, core group or visit (issue 6). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { recordReplan, replanForm } from '../../app/childProtection/planDue.ts'
import { MAX_REPLAN_REASON } from '../../domain/childProtection/dueItems.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const FIELD_IDS = { newDue: 'newDue-day', reason: 'reason', item: 'newDue-day' }
const REDISPLAY_MAX = 20_000

export const planDueRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const personId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('person')
    return p.data
  }
  const subjectOf = (v: string | undefined): string | undefined => (v && uuid.safeParse(v).success ? v : undefined)

  const page = async (req: FastifyRequest, reply: FastifyReply, id: string, q: { item: string | undefined; subject: string | undefined }, values: Record<string, unknown>, errors: FieldError[] = [], done = false) => {
    const form = await replanForm(ctx, requestMeta(req), id, { item: q.item, subjectId: subjectOf(q.subject) })
    return render(req, reply, 'planDue/replan.njk', { ...form, values, done, maxReason: MAX_REPLAN_REASON, ...formErrors(errors, FIELD_IDS) }, errors.length ? 400 : 200)
  }

  app.get('/people/:id/replan', async (req, reply) => {
    const q = req.query as Body
    return page(req, reply, personId(req), { item: str(q, 'item'), subject: str(q, 'subject') }, { newDue: { day: '', month: '', year: '' }, reason: '' }, [], str(q, 'done') === '1')
  })

  app.post('/people/:id/replan', async (req, reply) => {
    const id = personId(req)
    const q = req.query as Body
    const b = parseBody(req, 1024 * 1024)
    const item = str(b, 'item') ?? str(q, 'item')
    const subject = subjectOf(str(b, 'subject') ?? str(q, 'subject'))
    try {
      const out = await recordReplan(ctx, requestMeta(req), id, { item, subjectId: subject, newDue: dateFromParts(b, 'newDue'), reason: str(b, 'reason') })
      return reply.redirect(`/people/${id}/replan?item=${out.item}&subject=${subject ?? ''}&done=1`, 303)
    } catch (e) {
      if (e instanceof ValidationError) {
        const reason = str(b, 'reason') ?? ''
        const values = {
          newDue: { day: str(b, 'newDue-day') ?? '', month: str(b, 'newDue-month') ?? '', year: str(b, 'newDue-year') ?? '' },
          reason: reason.length > REDISPLAY_MAX ? reason.slice(0, REDISPLAY_MAX) : reason,
        }
        return page(req, reply, id, { item, subject }, values, e.errors)
      }
      throw e
    }
  })
}
