/** Child in need plans and their reviews (issue 6). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { cinPlanEndForm, cinPlanForm, endCinPlanByWorker, listCinPlans, recordCinPlanReview, startCinPlan, viewCinPlan } from '../../app/childInNeed/cinPlans.ts'
import { can } from '../../domain/access/roles.ts'
import { CIN_PLAN_END_REASON, DEFAULT_CIN_REVIEW_FREQUENCY } from '../../domain/childInNeed/cinPlan.ts'
import { isValidIsoDate, londonDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { BEDROOM_SEEN_LABEL, DEFAULT_CIN_VISIT_FREQUENCY, frequencyLabel, type Frequency } from '../../domain/visits/visit.ts'
import { dateFromParts, parseBody as parseForm, str, type Body, redisplay, dateValue, formVersion, dateParts } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
// Length limits are the domain's (with a message by the field); the body limit stops anything larger.
const parseBody = (req: FastifyRequest): Body => parseForm(req, 1024 * 1024)

/** The form shows this many needs, each with this many action rows; blank ones are ignored. */
export const FORM_NEEDS = 3
export const FORM_ACTIONS = 3

const UNIT_ITEMS = [
  { value: 'months', text: 'months' },
  { value: 'weeks', text: 'weeks' },
  { value: 'workingDays', text: 'working days' },
]
const END_REASON_ITEMS = Object.entries(CIN_PLAN_END_REASON).map(([value, text]) => ({ value, text }))

/** The domain's field names (needs[0].actions[1].dueDate) → the form's input names (need1Action2DueDate). */
function inputName(field: string): string {
  const m = /^needs\[(\d+)\](?:\.(need|services|actions)(?:\[(\d+)\]\.(action|owner|agency|dueDate))?)?$/.exec(field)
  if (!m) return field
  const n = Number(m[1]) + 1
  if (!m[2] || m[2] === 'need') return `need${n}Need`
  if (m[2] === 'services') return `need${n}Services`
  if (!m[3] || !m[4]) return `need${n}Action1Action`
  return `need${n}Action${Number(m[3]) + 1}${m[4].charAt(0).toUpperCase()}${m[4].slice(1)}`
}
const isDateName = (name: string) => name.endsWith('DueDate') || name === 'startDate' || name === 'endDate' || name === 'heldOn'

/** Error summary links (#id of the input) and messages keyed by the form's input names. */
function errorsFor(errors: FieldError[]) {
  const ids: Record<string, string> = {}
  for (const e of errors) {
    const name = inputName(e.field)
    ids[e.field] = isDateName(name) ? `${name}-day` : name
  }
  const { errorList } = formErrors(errors, ids)
  const byName: Record<string, { text: string }> = {}
  for (const e of errors) {
    const name = inputName(e.field)
    if (!byName[name]) byName[name] = { text: e.message }
  }
  return { errorList, errors: byName }
}

const prefillDate = (name: string, iso: string): Record<string, string> => {
  const p = dateParts(iso)
  return { [`${name}-day`]: p.day ?? '', [`${name}-month`]: p.month ?? '', [`${name}-year`]: p.year ?? '' }
}

function needsFromBody(b: Body) {
  return Array.from({ length: FORM_NEEDS }, (_, i) => i + 1).map((n) => ({
    need: str(b, `need${n}Need`),
    services: str(b, `need${n}Services`),
    actions: Array.from({ length: FORM_ACTIONS }, (_, j) => j + 1).map((m) => ({
      action: str(b, `need${n}Action${m}Action`),
      owner: str(b, `need${n}Action${m}Owner`),
      agency: str(b, `need${n}Action${m}Agency`),
      dueDate: dateFromParts(b, `need${n}Action${m}DueDate`),
    })),
  }))
}

const frequencyText = (f: Frequency) => frequencyLabel(f)

export const cinPlansRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const personId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('person')
    return p.data
  }
  const planId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { pid?: string }).pid)
    if (!p.success) throw new NotFoundError('child in need plan')
    return p.data
  }

  // ---------------------------------------------------------------- start a plan
  const startForm = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const context = await cinPlanForm(ctx, meta, id)
    const needs = Array.from({ length: FORM_NEEDS }, (_, i) => i + 1).map((n) => ({
      n,
      need: values[`need${n}Need`] ?? '',
      services: values[`need${n}Services`] ?? '',
      actions: Array.from({ length: FORM_ACTIONS }, (_, j) => j + 1).map((m) => ({
        m,
        name: `need${n}Action${m}`,
        action: values[`need${n}Action${m}Action`] ?? '',
        owner: values[`need${n}Action${m}Owner`] ?? '',
        agency: values[`need${n}Action${m}Agency`] ?? '',
        due: dateValue(values, `need${n}Action${m}DueDate`),
      })),
    }))
    const unitItems = (selected: unknown) => UNIT_ITEMS.map((i) => ({ ...i, selected: i.value === selected }))
    return render(
      req,
      reply,
      'cinPlans/start-form.njk',
      { ...context, values: { ...values, startDate: dateValue(values, 'startDate') }, needs, reviewUnitItems: unitItems(values.reviewFrequencyUnit), visitUnitItems: unitItems(values.visitFrequencyUnit), draftRestoredAt, ...errorsFor(errors) },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/cin-plans/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'cin-plan:manage')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/cin-plans/new`)
    if (draft) return startForm(req, reply, id, draft.data, [], draft.savedAt)
    const q = req.query as Body
    const startDate = str(q, 'startDate')
    const defaults: Record<string, unknown> = {
      reviewFrequencyAmount: String(DEFAULT_CIN_REVIEW_FREQUENCY.amount),
      reviewFrequencyUnit: DEFAULT_CIN_REVIEW_FREQUENCY.unit,
      visitFrequencyAmount: String(DEFAULT_CIN_VISIT_FREQUENCY.amount),
      visitFrequencyUnit: DEFAULT_CIN_VISIT_FREQUENCY.unit,
      ...(startDate && /^\d{4}-\d{2}-\d{2}$/.test(startDate) && isValidIsoDate(startDate) ? prefillDate('startDate', startDate) : {}),
    }
    return startForm(req, reply, id, defaults)
  })

  app.post('/people/:id/cin-plans', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      const { id: pid } = await startCinPlan(ctx, meta, id, {
        startDate: dateFromParts(b, 'startDate'),
        needs: needsFromBody(b),
        reviewFrequency: { amount: str(b, 'reviewFrequencyAmount'), unit: str(b, 'reviewFrequencyUnit') },
        visitFrequency: { amount: str(b, 'visitFrequencyAmount'), unit: str(b, 'visitFrequencyUnit') },
      })
      await clearDraft(ctx, meta, `/people/${id}/cin-plans/new`)
      return reply.redirect(`/people/${id}/cin-plans/${pid}?started=1`)
    } catch (e) {
      if (e instanceof ValidationError) return startForm(req, reply, id, redisplay(b), e.errors)
      throw e
    }
  })

  // ---------------------------------------------------------------- the child's plans
  app.get('/people/:id/cin-plans', async (req, reply) => {
    const meta = requestMeta(req)
    const view = await listCinPlans(ctx, meta, personId(req))
    return render(req, reply, 'cinPlans/list.njk', { ...view, reasons: CIN_PLAN_END_REASON, canManage: can(meta.actor, 'cin-plan:manage') })
  })

  // ---------------------------------------------------------------- the plan page (with the review form)
  const planPage = async (req: FastifyRequest, reply: FastifyReply, id: string, pid: string, extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    const view = await viewCinPlan(ctx, meta, id, pid)
    const q = req.query as Body
    const banner = str(q, 'started') ? 'started' : str(q, 'reviewed') ? 'reviewed' : str(q, 'ended') ? 'ended' : str(q, 'visited') ? 'visited' : null
    return render(
      req,
      reply,
      'cinPlans/plan.njk',
      {
        ...view,
        reviewFrequencyText: frequencyText(view.plan.reviewFrequency),
        visitFrequencyText: frequencyText(view.plan.visitFrequency),
        reasons: CIN_PLAN_END_REASON,
        bedroomLabels: BEDROOM_SEEN_LABEL,
        banner,
        canManage: can(meta.actor, 'cin-plan:manage'),
        canVisit: can(meta.actor, 'plan:record'),
        reviewValues: { heldOn: { day: '', month: '', year: '' }, notes: '' },
        ...extra,
      },
      status,
    )
  }

  app.get('/people/:id/cin-plans/:pid', async (req, reply) => planPage(req, reply, personId(req), planId(req)))

  app.post('/people/:id/cin-plans/:pid/reviews', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const pid = planId(req)
    const b = parseBody(req)
    try {
      await recordCinPlanReview(ctx, meta, id, pid, { heldOn: dateFromParts(b, 'heldOn'), notes: str(b, 'notes') })
      return reply.redirect(`/people/${id}/cin-plans/${pid}?reviewed=1#reviews`)
    } catch (e) {
      if (e instanceof ValidationError) {
        const v = redisplay(b)
        return planPage(req, reply, id, pid, { reviewValues: { heldOn: dateValue(v, 'heldOn'), notes: v.notes ?? '' }, ...errorsFor(e.errors) }, 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- end the plan
  const endForm = async (req: FastifyRequest, reply: FastifyReply, id: string, pid: string, values: Record<string, unknown>, errors: FieldError[] = []) => {
    const view = await cinPlanEndForm(ctx, requestMeta(req), id, pid)
    const ver = values.version ?? String(view.plan.version)
    return render(
      req,
      reply,
      'cinPlans/end-form.njk',
      { ...view, values: { ...values, endDate: dateValue(values, 'endDate') }, version: ver, reasonItems: END_REASON_ITEMS, ...errorsFor(errors) },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/cin-plans/:pid/end', async (req, reply) => {
    const meta = requestMeta(req)
    if (!can(meta.actor, 'cin-plan:manage')) return render(req, reply, 'errors/403.njk', {}, 403)
    return endForm(req, reply, personId(req), planId(req), prefillDate('endDate', londonDate(ctx.now())))
  })

  app.post('/people/:id/cin-plans/:pid/end', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const pid = planId(req)
    const b = parseBody(req)
    try {
      await endCinPlanByWorker(ctx, meta, id, pid, formVersion(b), { endDate: dateFromParts(b, 'endDate'), reason: str(b, 'reason'), reasonDetail: str(b, 'reasonDetail') })
      return reply.redirect(`/people/${id}/cin-plans/${pid}?ended=1`)
    } catch (e) {
      if (e instanceof ValidationError) return endForm(req, reply, id, pid, redisplay(b), e.errors)
      throw e
    }
  })
}
