import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, type AppContext } from '../../app/context.ts'
import { acknowledgeHandover, edtHandoverList } from '../../app/frontDoor/edtHandover.ts'
import { CONTACT_CHANNEL, RAG, REFERRAL_SOURCE, THRESHOLD_LEVEL } from '../../domain/frontDoor/codes.ts'
import { render } from '../render.ts'
import { requestMeta } from '../session.ts'

const params = z.object({ contactId: z.string().uuid() })
const CONTACT_REF = /^C\d{6,}$/

const labels = { channel: CONTACT_CHANNEL, source: REFERRAL_SOURCE, rag: RAG, threshold: THRESHOLD_LEVEL }

/**
 * The out-of-hours handover: contacts recorded out of hours wait here for the daytime front door to
 * acknowledge them, one by one; the first acknowledgement counts and a second is told who beat them.
 */
export const edtHandoverRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const page = async (req: FastifyRequest, extra: Record<string, unknown> = {}) => ({ handover: await edtHandoverList(ctx, requestMeta(req)), labels, ...extra })

  app.get('/edt-handover', async (req, reply) => {
    const acknowledged = String((req.query as Record<string, unknown>).acknowledged ?? '')
    return render(req, reply, 'edtHandover/list.njk', await page(req, { acknowledged: CONTACT_REF.test(acknowledged) ? acknowledged : null }))
  })

  app.post('/edt-handover/:contactId/acknowledge', async (req, reply) => {
    const p = params.safeParse(req.params)
    const meta = requestMeta(req)
    try {
      const out = await acknowledgeHandover(ctx, meta, p.success ? p.data.contactId : '')
      return reply.redirect(`/edt-handover?acknowledged=${encodeURIComponent(out.contactRef)}`, 303)
    } catch (e) {
      if (e instanceof ConflictError) return render(req, reply, 'edtHandover/list.njk', await page(req, { conflict: e.message }), 409)
      throw e
    }
  })
}
