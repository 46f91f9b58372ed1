import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { requestAgencyCheck, recordAgencyCheckReturn } from '../../app/frontDoor/agencyChecks.ts'
import { resolvePersonRefs } from '../../app/frontDoor/chronology.ts'
import { decideContact } from '../../app/frontDoor/decideContact.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { frontDoorQueue } from '../../app/frontDoor/queue.ts'
import { recordContact } from '../../app/frontDoor/recordContact.ts'
import { recordReferrerFeedback } from '../../app/frontDoor/referrerFeedback.ts'
import { screenContact } from '../../app/frontDoor/screenContact.ts'
import { viewContact } from '../../app/frontDoor/viewContact.ts'
import { can } from '../../domain/access/roles.ts'
import { AGENCY, CONSENT, CONTACT_CHANNEL, CONTACT_OUTCOME, FEEDBACK_METHOD, PARENTS_AWARE, RAG, REFERRAL_SOURCE, THRESHOLD_LEVEL } from '../../domain/frontDoor/codes.ts'
import { londonDate, londonTime } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'
import { dateFromParts, parseBody as parseForm, str, type Body, dateParts } from '../forms.ts'

// A contact's concern may be up to 20,000 characters and the posted form carries a little more.
const parseBody = (req: FastifyRequest): Body => parseForm(req, 25_000)
import { describeAge } from '../presenters/age.ts'

const uuid = z.string().uuid()


const items = (list: Record<string, string>, withBlank?: string) => [
  ...(withBlank ? [{ value: '', text: withBlank }] : []),
  ...Object.entries(list).map(([value, text]) => ({ value, text })),
]
const options = {
  channel: items(CONTACT_CHANNEL),
  source: items(Object.fromEntries(Object.entries(REFERRAL_SOURCE).map(([k, v]) => [k, `${k} – ${v}`])), 'Select the source'),
  parentsAware: items(PARENTS_AWARE),
  consent: items(CONSENT),
  threshold: items(THRESHOLD_LEVEL),
  rag: items(RAG),
  agency: items(AGENCY, 'Select an agency'),
  outcome: items(CONTACT_OUTCOME),
  feedbackMethod: items(FEEDBACK_METHOD),
}
const labels = { CONTACT_CHANNEL, REFERRAL_SOURCE, PARENTS_AWARE, CONSENT, THRESHOLD_LEVEL, RAG, AGENCY, CONTACT_OUTCOME, FEEDBACK_METHOD }
const FIELD_IDS = { receivedDate: 'receivedDate-day', givenOn: 'givenOn-day', childIds: 'childRefs', adultIds: 'adultRefs' }


export const frontDoorRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const contactId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('contact')
    return p.data
  }

  // ---------------------------------------------------------------- the queue
  app.get('/front-door', async (req, reply) => {
    const meta = requestMeta(req)
    const q = req.query as Body
    const channel = str(q, 'show') === 'police' ? 'police_notification' : str(q, 'show') === 'edt' ? 'edt' : undefined
    const sort = str(q, 'sort') === 'priority' ? 'priority' : 'oldest'
    const pageNumber = Number.parseInt(str(q, 'page') ?? '1', 10)
    const queue = await frontDoorQueue(ctx, meta, { channel, sort }, Number.isFinite(pageNumber) ? pageNumber : 1)
    const now = ctx.now()
    const rows = queue.rows.map((r) => ({ ...r, age: describeAge(r.receivedAt, now) }))
    const oldestAge = queue.summary.oldestReceivedAt ? describeAge(queue.summary.oldestReceivedAt, now) : null
    const link = (p: number) => `/front-door?show=${encodeURIComponent(str(q, 'show') ?? 'all')}&sort=${sort}&page=${p}`
    const pagination = queue.pages > 1 ? {
      previous: queue.page > 1 ? { href: link(queue.page - 1) } : undefined,
      next: queue.page < queue.pages ? { href: link(queue.page + 1) } : undefined,
      items: Array.from({ length: queue.pages }, (_, i) => i + 1)
        .filter((p) => p === 1 || p === queue.pages || Math.abs(p - queue.page) <= 2)
        .flatMap((p, i, all) => [...(i > 0 && p - (all[i - 1] ?? p) > 1 ? [{ ellipsis: true }] : []), { number: p, href: link(p), current: p === queue.page }]),
    } : null
    return render(req, reply, 'frontDoor/queue.njk', { queue, rows, oldestAge, pagination, show: str(q, 'show') ?? 'all', sort, labels, canRecord: can(meta.actor, 'contact:record') })
  })

  // ---------------------------------------------------------------- record a contact
  app.get('/contacts/new', async (req, reply) => {
    const meta = requestMeta(req)
    if (!can(meta.actor, 'contact:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const now = ctx.now()
    const q = req.query as Body
    const draft = await loadDraft(ctx, meta, '/contacts/new')
    const values = draft
      ? { ...draft.data, receivedDate: { day: str(draft.data, 'receivedDate-day') ?? '', month: str(draft.data, 'receivedDate-month') ?? '', year: str(draft.data, 'receivedDate-year') ?? '' } }
      : { receivedDate: dateParts(londonDate(now)), receivedTime: londonTime(now), channel: meta.actor.role === 'edt_worker' ? 'edt' : 'phone', childRefs: str(q, 'child') ?? '' }
    return render(req, reply, 'frontDoor/contact-form.njk', { values, options, draftRestoredAt: draft?.savedAt })
  })

  app.post('/contacts', async (req, reply) => {
    const meta = requestMeta(req)
    const b = parseBody(req)
    const values = { ...b, receivedDate: { day: str(b, 'receivedDate-day') ?? '', month: str(b, 'receivedDate-month') ?? '', year: str(b, 'receivedDate-year') ?? '' } }
    try {
      const childIds = (str(b, 'childRefs') ?? '').trim() ? await resolvePersonRefs(ctx, str(b, 'childRefs') ?? '') : []
      const adultIds = (str(b, 'adultRefs') ?? '').trim() ? await resolvePersonRefs(ctx, str(b, 'adultRefs') ?? '', 'adultRefs') : []
      const out = await recordContact(ctx, meta, {
        receivedDate: dateFromParts(b, 'receivedDate'),
        receivedTime: str(b, 'receivedTime'),
        channel: str(b, 'channel'),
        sourceCode: str(b, 'sourceCode'),
        referrerName: str(b, 'referrerName'),
        referrerAgency: str(b, 'referrerAgency'),
        referrerRole: str(b, 'referrerRole'),
        referrerPhone: str(b, 'referrerPhone'),
        referrerEmail: str(b, 'referrerEmail'),
        concern: str(b, 'concern'),
        parentsAware: str(b, 'parentsAware'),
        consent: str(b, 'consent'),
        noConsentReason: str(b, 'noConsentReason'),
        immediateSafety: str(b, 'immediateSafety'),
        childIds,
        adultIds,
      })
      await clearDraft(ctx, meta, '/contacts/new')
      return reply.redirect(`/contacts/${out.id}?recorded=1`)
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, 'frontDoor/contact-form.njk', { values, options, ...formErrors(e.errors, FIELD_IDS) }, 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- the contact
  const showContact = async (req: FastifyRequest, reply: Parameters<typeof render>[1], extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    const view = await viewContact(ctx, meta, contactId(req))
    const q = req.query as Body
    return render(
      req,
      reply,
      'frontDoor/contact.njk',
      {
        view,
        labels,
        options,
        banner: str(q, 'recorded') ? 'recorded' : str(q, 'decided') ? 'decided' : str(q, 'screened') ? 'screened' : str(q, 'check') ? 'check' : str(q, 'feedback') ? 'feedback' : null,
        canScreen: can(meta.actor, 'contact:screen'),
        canDecide: can(meta.actor, 'contact:decide'),
        canViewPeople: can(meta.actor, 'person:view'),
        values: {},
        ...extra,
      },
      status,
    )
  }

  app.get('/contacts/:id', async (req, reply) => showContact(req, reply))

  app.post('/contacts/:id/screening', async (req, reply) => {
    const id = contactId(req)
    const b = parseBody(req)
    try {
      await screenContact(ctx, requestMeta(req), id, Number.parseInt(str(b, 'version') ?? '', 10), { thresholdLevel: str(b, 'thresholdLevel'), rag: str(b, 'rag'), screeningNotes: str(b, 'screeningNotes') })
      return reply.redirect(`/contacts/${id}?screened=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: 'thresholdLevel', message: e.message }]
        return showContact(req, reply, { screeningValues: b, ...formErrors(errors) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })

  app.post('/contacts/:id/decisions/:personId', async (req, reply) => {
    const id = contactId(req)
    const personId = uuid.safeParse((req.params as { personId?: string }).personId)
    if (!personId.success) throw new NotFoundError('child on this contact')
    const b = parseBody(req)
    try {
      await decideContact(ctx, requestMeta(req), id, personId.data, { outcome: str(b, 'outcome'), reasons: str(b, 'reasons') })
      return reply.redirect(`/contacts/${id}?decided=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: 'outcome', message: e.message }]
        const prefixed = errors.map((x) => ({ field: `${x.field}-${personId.data}`, message: x.message }))
        return showContact(req, reply, { decisionValues: { [personId.data]: b }, ...formErrors(prefixed) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })

  app.post('/contacts/:id/checks', async (req, reply) => {
    const id = contactId(req)
    const b = parseBody(req)
    try {
      await requestAgencyCheck(ctx, requestMeta(req), id, str(b, 'agency'))
      return reply.redirect(`/contacts/${id}?check=1#checks`)
    } catch (e) {
      if (e instanceof ValidationError) return showContact(req, reply, formErrors(e.errors), 400)
      throw e
    }
  })

  app.post('/contacts/:id/checks/:checkId/return', async (req, reply) => {
    const id = contactId(req)
    const checkId = uuid.safeParse((req.params as { checkId?: string }).checkId)
    if (!checkId.success) throw new NotFoundError('agency check')
    const b = parseBody(req)
    try {
      await recordAgencyCheckReturn(ctx, requestMeta(req), id, checkId.data, str(b, 'summary'))
      return reply.redirect(`/contacts/${id}?check=1#checks`)
    } catch (e) {
      if (e instanceof ValidationError) return showContact(req, reply, formErrors(e.errors.map((x) => ({ field: `${x.field}-${checkId.data}`, message: x.message }))), 400)
      throw e
    }
  })

  app.post('/contacts/:id/feedback', async (req, reply) => {
    const id = contactId(req)
    const b = parseBody(req)
    try {
      await recordReferrerFeedback(ctx, requestMeta(req), id, { givenOn: dateFromParts(b, 'givenOn'), method: str(b, 'method'), summary: str(b, 'summary') })
      return reply.redirect(`/contacts/${id}?feedback=1#feedback`)
    } catch (e) {
      if (e instanceof ValidationError) return showContact(req, reply, { feedbackValues: b, ...formErrors(e.errors, FIELD_IDS) }, 400)
      throw e
    }
  })

  // The child's chronology page (/people/:id/chronology) lives in ./oversight.ts with its filter, print view and entries.
}
