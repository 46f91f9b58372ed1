/** Statutory visits to children on CP and CIN plans (issue 6). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { VISIT_PLAN_LABEL, recordVisit, viewVisits, visitForm } from '../../app/visits/visits.ts'
import { can } from '../../domain/access/roles.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { BEDROOM_SEEN_LABEL, frequencyLabel } from '../../domain/visits/visit.ts'
import { dateFromParts, parseBody as parseForm, str, type Body, redisplay, dateValue } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const parseBody = (req: FastifyRequest): Body => parseForm(req, 1024 * 1024)

const FIELD_IDS = { visitDate: 'visitDate-day', childSeen: 'childSeen', seenAlone: 'seenAlone', bedroomSeen: 'bedroomSeen', announced: 'announced', visitedBy: 'visitedBy', notes: 'notes', notSeenReason: 'notSeenReason' }


export const visitsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const personId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('person')
    return p.data
  }

  const form = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const { person, plan } = await visitForm(ctx, meta, id)
    if (!plan && !errors.length) return render(req, reply, 'visits/no-plan.njk', { person, canStartCinPlan: can(meta.actor, 'cin-plan:manage') })
    // A draft or a redisplay keeps the plan the form was first shown for; otherwise it is the open plan now.
    const planType = (values.planType as string | undefined) || plan?.type || ''
    const planId = (values.planId as string | undefined) || plan?.id || ''
    return render(
      req,
      reply,
      'visits/form.njk',
      {
        person,
        plan,
        planLabel: plan ? VISIT_PLAN_LABEL[plan.type] : '',
        frequencyText: plan ? frequencyLabel(plan.visitFrequency) : '',
        values: { ...values, planType, planId, visitDate: dateValue(values, 'visitDate') },
        draftRestoredAt,
        ...formErrors(errors, FIELD_IDS),
      },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/visits/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'plan:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/visits/new`)
    if (draft) return form(req, reply, id, draft.data, [], draft.savedAt)
    const [y, m, d] = londonDate(ctx.now()).split('-')
    return form(req, reply, id, { 'visitDate-day': String(Number(d)), 'visitDate-month': String(Number(m)), 'visitDate-year': y, visitedBy: meta.actor.displayName })
  })

  app.post('/people/:id/visits', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      const out = await recordVisit(ctx, meta, id, {
        planType: str(b, 'planType'),
        planId: str(b, 'planId'),
        visitDate: dateFromParts(b, 'visitDate'),
        childSeen: str(b, 'childSeen'),
        seenAlone: str(b, 'seenAlone'),
        bedroomSeen: str(b, 'bedroomSeen'),
        announced: str(b, 'announced'),
        visitedBy: str(b, 'visitedBy'),
        notes: str(b, 'notes'),
        notSeenReason: str(b, 'notSeenReason'),
      })
      await clearDraft(ctx, meta, `/people/${id}/visits/new`)
      return reply.redirect(out.planType === 'cp' ? `/people/${id}/cp-plan?visited=1` : `/people/${id}/cin-plans/${out.planId}?visited=1`)
    } catch (e) {
      if (e instanceof ValidationError) return form(req, reply, id, redisplay(b), e.errors)
      throw e
    }
  })

  app.get('/people/:id/visits', async (req, reply) => {
    const meta = requestMeta(req)
    const view = await viewVisits(ctx, meta, personId(req))
    return render(req, reply, 'visits/list.njk', { ...view, planLabels: VISIT_PLAN_LABEL, bedroomLabels: BEDROOM_SEEN_LABEL, canRecord: can(meta.actor, 'plan:record') })
  })
}
