import { clearDraft, loadDraft } from '../../app/drafts.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { policeNotificationQueue, recordPoliceNotification, triagePoliceNotification, viewPoliceNotification } from '../../app/frontDoor/policeNotifications.ts'
import { can } from '../../domain/access/roles.ts'
import { INCIDENT_TYPE, RISK_LEVEL, TRIAGE_OUTCOME } from '../../domain/frontDoor/policeNotification.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'
import { dateFromParts, parseBody, str, type Body } from '../forms.ts'

const idParams = z.object({ id: z.string().uuid() })




/** Date fields' errors point at the day box; radios at their first option. */
const FIELD_IDS = { receivedDate: 'receivedDate-day', incidentDate: 'incidentDate-day', incidentType: 'incidentType', riskLevel: 'riskLevel', childrenPresent: 'childrenPresent', outcome: 'outcome' }

const RISK_TAG: Record<string, string> = { high: 'govuk-tag--red', medium: 'govuk-tag--orange', standard: 'govuk-tag--green' }

const labels = { incidentType: INCIDENT_TYPE, riskLevel: RISK_LEVEL, outcome: TRIAGE_OUTCOME, riskTag: RISK_TAG }

const options = {
  incidentType: Object.entries(INCIDENT_TYPE).map(([value, text]) => ({ value, text })),
  riskLevel: Object.entries(RISK_LEVEL).map(([value, text]) => ({ value, text })),
}

/** Echoes what was typed back into the form after an error, in the shape the template reads. */
function formValues(b: Body): Record<string, unknown> {
  const v: Record<string, unknown> = { ...b }
  for (const name of ['receivedDate', 'incidentDate']) v[name] = { day: str(b, `${name}-day`) ?? '', month: str(b, `${name}-month`) ?? '', year: str(b, `${name}-year`) ?? '' }
  return v
}

export const policeNotificationsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const notificationId = (req: FastifyRequest): string => {
    const p = idParams.safeParse(req.params)
    if (!p.success) throw new NotFoundError('police notification')
    return p.data.id
  }
  const allowed = (req: FastifyRequest): boolean => can(requestMeta(req).actor, 'police-notification:triage')
  const refuse = (req: FastifyRequest, reply: FastifyReply) => render(req, reply, 'errors/403.njk', {}, 403)

  const showNotification = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) => {
    const view = await viewPoliceNotification(ctx, requestMeta(req), id)
    return render(req, reply, 'policeNotifications/notification.njk', { ...view, labels, values: {}, ...extra }, status)
  }

  // ---------------------------------------------------------------- the queue
  app.get('/police-notifications', async (req, reply) => {
    if (!allowed(req)) return refuse(req, reply)
    const queue = await policeNotificationQueue(ctx, requestMeta(req))
    return render(req, reply, 'policeNotifications/queue.njk', { ...queue, labels })
  })

  // ---------------------------------------------------------------- record one
  app.get('/police-notifications/new', async (req, reply) => {
    if (!allowed(req)) return refuse(req, reply)
    const draft = await loadDraft(ctx, requestMeta(req), '/police-notifications/new')
    return render(req, reply, 'policeNotifications/form.njk', { values: formValues(draft?.data ?? {}), draftRestoredAt: draft?.savedAt, options })
  })

  app.post('/police-notifications/new', async (req, reply) => {
    if (!allowed(req)) return refuse(req, reply)
    const b = parseBody(req)
    const input = {
      policeReference: str(b, 'policeReference'),
      receivedDate: dateFromParts(b, 'receivedDate'),
      receivedTime: str(b, 'receivedTime'),
      incidentDate: dateFromParts(b, 'incidentDate'),
      incidentType: str(b, 'incidentType'),
      riskLevel: str(b, 'riskLevel'),
      childrenPresent: str(b, 'childrenPresent'),
      summary: str(b, 'summary'),
      childRefs: str(b, 'childRefs') ?? '',
    }
    try {
      const { id } = await recordPoliceNotification(ctx, requestMeta(req), input)
      await clearDraft(ctx, requestMeta(req), '/police-notifications/new')
      return reply.redirect(`/police-notifications/${id}?recorded=1`)
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, 'policeNotifications/form.njk', { values: formValues(b), options, ...formErrors(e.errors, FIELD_IDS) }, 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- one notification, and its triage
  app.get('/police-notifications/:id', async (req, reply) => {
    if (!allowed(req)) return refuse(req, reply)
    const id = notificationId(req)
    const q = req.query as Body
    return showNotification(req, reply, id, { banner: str(q, 'recorded') ? 'recorded' : str(q, 'triaged') ? 'triaged' : null })
  })

  app.post('/police-notifications/:id/triage', async (req, reply) => {
    if (!allowed(req)) return refuse(req, reply)
    const id = notificationId(req)
    const b = parseBody(req)
    try {
      await triagePoliceNotification(ctx, requestMeta(req), id, { outcome: str(b, 'outcome'), reasons: str(b, 'reasons') })
      return reply.redirect(`/police-notifications/${id}?triaged=1`)
    } catch (e) {
      if (e instanceof ConflictError) return showNotification(req, reply, id, { conflict: e.message }, 409)
      if (e instanceof ValidationError) {
        const errors: FieldError[] = e.errors
        return showNotification(req, reply, id, { values: b, ...formErrors(errors, FIELD_IDS) }, 400)
      }
      throw e
    }
  })
}
