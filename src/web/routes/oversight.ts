/**
 * Management oversight on a child's file: recording management decisions with directions, the oversight
 * view, case closure (propose, authorise or return, who was told), and the chronology (filter, print,
 * practitioners' own entries).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { addChronologyEntry, chronologyEntryForm, viewChronologyPage } from '../../app/chronology/chronology.ts'
import { authoriseClosure, closureProposalForm, proposeClosure, recordInformed, returnClosure, viewClosure } from '../../app/closure/closure.ts'
import { managementDecisionForm, recordManagementDecision } from '../../app/oversight/managementDecisions.ts'
import { viewOversight } from '../../app/oversight/viewOversight.ts'
import { can } from '../../domain/access/roles.ts'
import { CLOSURE_REASON } from '../../domain/closure/closure.ts'
import { CHRONOLOGY_FILTER, isChronologyFilter } from '../../domain/oversight/chronologyEntry.ts'
import { DECISION_STAGE, MAX_DIRECTIONS } from '../../domain/oversight/managementDecision.ts'
import { londonDate, londonTime } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, parseBody as parseForm, str, type Body, redisplay, dateValue, dateParts, formVersion } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
// Length limits are the domain's (with a message by the field); the body limit stops anything larger.
const parseBody = (req: FastifyRequest): Body => parseForm(req, 1024 * 1024)

const CLOSURE_REASON_ITEMS = Object.entries(CLOSURE_REASON).map(([value, text]) => ({ value, text: `${value} – ${text}` }))
const STAGE_ITEMS = Object.entries(DECISION_STAGE).map(([value, text]) => ({ value, text }))
const FILTER_ITEMS = Object.entries(CHRONOLOGY_FILTER).map(([value, text]) => ({ value, text }))

const DECISION_FIELD_IDS: Record<string, string> = { stage: 'stage' }
for (let n = 1; n <= MAX_DIRECTIONS; n++) DECISION_FIELD_IDS[`direction${n}DueDate`] = `direction${n}DueDate-day`
const CLOSURE_FIELD_IDS = { reasonCode: 'reasonCode', referrerInformedOn: 'referrerInformedOn-day', familyInformedOn: 'familyInformedOn-day', decision: 'decision', comments: 'comments' }
const CHRONOLOGY_FIELD_IDS = { occurredDate: 'occurredDate-day' }


export const oversightRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const personId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('person')
    return p.data
  }
  const closureId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { closureId?: string }).closureId)
    if (!p.success) throw new NotFoundError('closure')
    return p.data
  }

  // ---------------------------------------------------------------- management oversight view
  app.get('/people/:id/oversight', async (req, reply) => {
    const meta = requestMeta(req)
    const view = await viewOversight(ctx, meta, personId(req))
    return render(req, reply, 'oversight/oversight.njk', { ...view, stages: DECISION_STAGE, recorded: Boolean(str(req.query as Body, 'recorded')), canRecord: can(meta.actor, 'management-decision:record') })
  })

  // ---------------------------------------------------------------- record a management decision
  const decisionForm = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const { person, workers } = await managementDecisionForm(ctx, meta, id)
    const workerItems = [{ value: '', text: 'Select a worker' }, ...workers.map((w) => ({ value: w.id, text: `${w.name}${w.allocated ? ' (allocated)' : w.teamName ? ` (${w.teamName})` : ''}` }))]
    const directions = Array.from({ length: MAX_DIRECTIONS }, (_, i) => i + 1).map((n) => ({ n, text: values[`direction${n}Text`] ?? '', worker: values[`direction${n}Worker`] ?? '', due: dateValue(values, `direction${n}DueDate`) }))
    return render(req, reply, 'oversight/decision-form.njk', { person, values, directions, workerItems, stageItems: STAGE_ITEMS, draftRestoredAt, ...formErrors(errors, DECISION_FIELD_IDS) }, errors.length ? 400 : 200)
  }

  app.get('/people/:id/management-decisions/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'management-decision:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/management-decisions/new`)
    const q = req.query as Body
    return decisionForm(req, reply, id, draft ? draft.data : { stage: str(q, 'stage') ?? '' }, [], draft?.savedAt)
  })

  app.post('/people/:id/management-decisions', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      await recordManagementDecision(ctx, meta, id, {
        stage: str(b, 'stage'),
        decision: str(b, 'decision'),
        reasons: str(b, 'reasons'),
        directions: Array.from({ length: MAX_DIRECTIONS }, (_, i) => i + 1).map((n) => ({ text: str(b, `direction${n}Text`), dueDate: dateFromParts(b, `direction${n}DueDate`), workerId: str(b, `direction${n}Worker`) })),
      })
      await clearDraft(ctx, meta, `/people/${id}/management-decisions/new`)
      return reply.redirect(`/people/${id}/oversight?recorded=1`)
    } catch (e) {
      if (e instanceof ValidationError) return decisionForm(req, reply, id, redisplay(b), e.errors)
      throw e
    }
  })

  // ---------------------------------------------------------------- case closure
  const closurePage = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    const view = await viewClosure(ctx, meta, id)
    const q = req.query as Body
    const informedValues = (c: { referrerInformedOn: string | null; referrerInformedHow: string | null; familyInformedOn: string | null; familyInformedHow: string | null }) => ({
      referrerInformedOn: c.referrerInformedOn ? dateParts(c.referrerInformedOn) : { day: '', month: '', year: '' },
      referrerInformedHow: c.referrerInformedHow ?? '',
      familyInformedOn: c.familyInformedOn ? dateParts(c.familyInformedOn) : { day: '', month: '', year: '' },
      familyInformedHow: c.familyInformedHow ?? '',
    })
    const informedTarget = view.closures.find((c) => c.status !== 'returned') ?? null
    return render(
      req,
      reply,
      'closure/closure.njk',
      {
        ...view,
        reasons: CLOSURE_REASON,
        informedTarget,
        decided: view.closures.filter((c) => c.status !== 'proposed'),
        informedValues: informedTarget ? informedValues(informedTarget) : null,
        banner: str(q, 'proposed') ? 'proposed' : str(q, 'returned') ? 'returned' : str(q, 'informed') ? 'informed' : null,
        canPropose: can(meta.actor, 'closure:propose'),
        canAuthorise: can(meta.actor, 'closure:authorise'),
        actorUserId: meta.actor.userId,
        ...extra,
      },
      status,
    )
  }

  app.get('/people/:id/closure', async (req, reply) => closurePage(req, reply, personId(req)))

  const proposalForm = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const { person, referral, pending } = await closureProposalForm(ctx, meta, id)
    return render(
      req,
      reply,
      'closure/proposal-form.njk',
      { person, referral, pending, values: { ...values, referrerInformedOn: dateValue(values, 'referrerInformedOn'), familyInformedOn: dateValue(values, 'familyInformedOn') }, reasonItems: CLOSURE_REASON_ITEMS, draftRestoredAt, ...formErrors(errors, CLOSURE_FIELD_IDS) },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/closure/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'closure:propose')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/closure/new`)
    return proposalForm(req, reply, id, draft ? draft.data : {}, [], draft?.savedAt)
  })

  app.post('/people/:id/closure', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      await proposeClosure(ctx, meta, id, {
        reasonCode: str(b, 'reasonCode'),
        summary: str(b, 'summary'),
        referrerInformedOn: dateFromParts(b, 'referrerInformedOn'),
        referrerInformedHow: str(b, 'referrerInformedHow'),
        familyInformedOn: dateFromParts(b, 'familyInformedOn'),
        familyInformedHow: str(b, 'familyInformedHow'),
      })
      await clearDraft(ctx, meta, `/people/${id}/closure/new`)
      return reply.redirect(`/people/${id}/closure?proposed=1`)
    } catch (e) {
      if (e instanceof ValidationError) return proposalForm(req, reply, id, redisplay(b), e.errors)
      throw e
    }
  })

  app.post('/people/:id/closure/:closureId/authorise', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      const out = await authoriseClosure(ctx, meta, id, closureId(req), formVersion(b))
      // Rendered here rather than redirected: ending the allocations can take the child out of the
      // manager's scope, and the manager must still see that the closure went through.
      return render(req, reply, 'closure/authorised.njk', { out, reasons: CLOSURE_REASON })
    } catch (e) {
      if (e instanceof ValidationError) return closurePage(req, reply, id, formErrors(e.errors, CLOSURE_FIELD_IDS), 400)
      throw e
    }
  })

  app.post('/people/:id/closure/:closureId/return', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      await returnClosure(ctx, meta, id, closureId(req), formVersion(b), str(b, 'comments'))
      return reply.redirect(`/people/${id}/closure?returned=1`)
    } catch (e) {
      if (e instanceof ValidationError) return closurePage(req, reply, id, { returnComments: redisplay(b).comments, ...formErrors(e.errors, CLOSURE_FIELD_IDS) }, 400)
      throw e
    }
  })

  app.post('/people/:id/closure/:closureId/informed', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      await recordInformed(ctx, meta, id, closureId(req), formVersion(b), {
        referrerInformedOn: dateFromParts(b, 'referrerInformedOn'),
        referrerInformedHow: str(b, 'referrerInformedHow'),
        familyInformedOn: dateFromParts(b, 'familyInformedOn'),
        familyInformedHow: str(b, 'familyInformedHow'),
      })
      return reply.redirect(`/people/${id}/closure?informed=1`)
    } catch (e) {
      if (e instanceof ValidationError) {
        const v = redisplay(b)
        return closurePage(req, reply, id, { informedValues: { ...v, referrerInformedOn: dateValue(v, 'referrerInformedOn'), familyInformedOn: dateValue(v, 'familyInformedOn') }, ...formErrors(e.errors, CLOSURE_FIELD_IDS) }, 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- the child's chronology
  app.get('/people/:id/chronology', async (req, reply) => {
    const meta = requestMeta(req)
    const q = req.query as Body
    const kind = str(q, 'kind')
    const filter = isChronologyFilter(kind) ? kind : 'all'
    const order = str(q, 'order') === 'oldest' ? 'oldest' : 'newest'
    const page = await viewChronologyPage(ctx, meta, personId(req), filter, order)
    return render(req, reply, 'frontDoor/chronology.njk', { ...page, filter, order, orderItems: [{ value: 'newest', text: 'Newest first', selected: order === 'newest' }, { value: 'oldest', text: 'Oldest first (as for a court bundle)', selected: order === 'oldest' }], filterItems: FILTER_ITEMS.map((i) => ({ ...i, selected: i.value === filter })), canAdd: can(meta.actor, 'chronology:add'), added: Boolean(str(q, 'added')) })
  })

  const entryForm = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const person = await chronologyEntryForm(ctx, requestMeta(req), id)
    return render(req, reply, 'oversight/chronology-entry-form.njk', { person, values: { ...values, occurredDate: dateValue(values, 'occurredDate') }, draftRestoredAt, ...formErrors(errors, CHRONOLOGY_FIELD_IDS) }, errors.length ? 400 : 200)
  }

  app.get('/people/:id/chronology/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'chronology:add')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/chronology/new`)
    const now = ctx.now()
    const today = dateParts(londonDate(now))
    return entryForm(req, reply, id, draft ? draft.data : { 'occurredDate-day': today.day, 'occurredDate-month': today.month, 'occurredDate-year': today.year, occurredTime: londonTime(now) }, [], draft?.savedAt)
  })

  app.post('/people/:id/chronology', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      await addChronologyEntry(ctx, meta, id, { date: dateFromParts(b, 'occurredDate'), time: str(b, 'occurredTime'), summary: str(b, 'summary') })
      await clearDraft(ctx, meta, `/people/${id}/chronology/new`)
      return reply.redirect(`/people/${id}/chronology?added=1`)
    } catch (e) {
      if (e instanceof ValidationError) return entryForm(req, reply, id, redisplay(b), e.errors)
      throw e
    }
  })
}
