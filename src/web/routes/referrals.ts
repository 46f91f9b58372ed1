/** Recording a referral's primary need (CIN census PrimaryNeedCode) before or apart from the assessment. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { recordReferralPrimaryNeed, viewReferralPrimaryNeed } from '../../app/referrals/primaryNeed.ts'
import { viewPerson } from '../../app/people/viewPerson.ts'
import { PRIMARY_NEED } from '../../domain/assessments/codes.ts'
import { parseBody, str } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()

export const referralsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const ids = (req: FastifyRequest) => {
    const p = req.params as { id?: string; rid?: string }
    const a = uuid.safeParse(p.id)
    const b = uuid.safeParse(p.rid)
    if (!a.success) throw new NotFoundError('person')
    if (!b.success) throw new NotFoundError('referral')
    return { personId: a.data, referralId: b.data }
  }
  const show = async (req: FastifyRequest, reply: FastifyReply, values: { primaryNeedCode: string; previous: string } | null, extra: Record<string, unknown> = {}, status = 200) => {
    const { personId, referralId } = ids(req)
    const meta = requestMeta(req)
    const referral = await viewReferralPrimaryNeed(ctx, meta, personId, referralId)
    const person = await viewPerson(ctx, meta, personId)
    const v = values ?? { primaryNeedCode: referral.primaryNeedCode ?? '', previous: referral.primaryNeedCode ?? '' }
    return render(
      req,
      reply,
      'referrals/primary-need.njk',
      { person, referral, values: v, items: Object.entries(PRIMARY_NEED).map(([value, text]) => ({ value, text: `${text} (${value})`, checked: v.primaryNeedCode === value })), ...extra },
      status,
    )
  }

  app.get('/people/:id/referrals/:rid/primary-need', async (req, reply) => show(req, reply, null))

  app.post('/people/:id/referrals/:rid/primary-need', async (req, reply) => {
    const { personId, referralId } = ids(req)
    const b = parseBody(req)
    const input = { primaryNeedCode: str(b, 'primaryNeedCode'), previous: str(b, 'previous') }
    try {
      await recordReferralPrimaryNeed(ctx, requestMeta(req), personId, referralId, input)
      return reply.redirect(`/people/${personId}?primaryNeed=1`)
    } catch (e) {
      const values = { primaryNeedCode: input.primaryNeedCode ?? '', previous: input.previous ?? '' }
      if (e instanceof ValidationError) return show(req, reply, values, formErrors(e.errors, { primaryNeedCode: 'primaryNeedCode' }), 400)
      if (e instanceof ConflictError) return show(req, reply, null, formErrors([{ field: 'primaryNeedCode', message: e.message }], { primaryNeedCode: 'primaryNeedCode' }), 409)
      throw e
    }
  })
}
