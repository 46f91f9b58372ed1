/** Strategy discussions and section 47 enquiries (issue 6). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { authoriseSection47, recordSection47Outcome, returnSection47, section47OutcomeForm, viewSection47 } from '../../app/childProtection/section47.ts'
import { recordStrategyDiscussion, STRATEGY_SOURCE, strategyDiscussionForm, viewStrategyDiscussion } from '../../app/childProtection/strategyDiscussions.ts'
import { can } from '../../domain/access/roles.ts'
import { AGENCY, S47_OUTCOME, STRATEGY_DECISION } from '../../domain/childProtection/codes.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, parseBody as parseForm, str, type Body, redisplay, dateValue, formVersion } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
// Length limits are the domain's (with a message by the field); the body limit stops anything larger.
const parseBody = (req: FastifyRequest): Body => parseForm(req, 1024 * 1024)

export const PARTICIPANT_ROWS = 6
export const ACTION_ROWS = 4

const DECISION_ITEMS = Object.entries(STRATEGY_DECISION).map(([value, text]) => ({ value, text }))
const OUTCOME_ITEMS = Object.entries(S47_OUTCOME).map(([value, text]) => ({ value, text }))
const rowNumbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

const STRATEGY_FIELD_IDS: Record<string, string> = {
  heldOn: 'heldOn-day',
  heldAt: 'heldAt',
  participants: 'participant1Name',
  decision: 'decision',
  informationShared: 'informationShared',
  riskAnalysis: 'riskAnalysis',
  immediateProtectiveActions: 'immediateProtectiveActions',
  actions: 'action1Action',
  source: 'source',
}
for (const n of rowNumbers(ACTION_ROWS)) STRATEGY_FIELD_IDS[`action${n}DueOn`] = `action${n}DueOn-day`
const OUTCOME_FIELD_IDS = { childSeen: 'childSeen', childSeenOn: 'childSeenOn-day', childSeenAlone: 'childSeenAlone', outcome: 'outcome', status: 'outcome', conferenceNotRequiredReason: 'conferenceNotRequiredReason', summary: 'summary' }
const DECISION_FIELD_IDS = { comments: 'comments', status: 'decision', authorisedBy: 'decision', authorisedOn: 'decision', decision: 'decision' }

const text = (b: Record<string, unknown>, k: string): string => (typeof b[k] === 'string' ? (b[k] as string) : '')
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * The domain numbers the rows it was given (participants[0].name); the form numbers its rows 1..6 and
 * blank rows are left out, so each error is moved back to the row it came from.
 */
function rowErrors(errors: readonly FieldError[], participantRows: number[], actionRows: number[]): FieldError[] {
  return errors.map((e) => {
    const p = /^participants\[(\d+)\]\.(name|agency|role)$/.exec(e.field)
    if (p) return { ...e, field: `participant${participantRows[Number(p[1])] ?? Number(p[1]) + 1}${cap(p[2] ?? '')}` }
    const a = /^actions\[(\d+)\]\.(action|owner|dueOn)$/.exec(e.field)
    if (a) return { ...e, field: `action${actionRows[Number(a[1])] ?? Number(a[1]) + 1}${cap(a[2] ?? '')}` }
    return e
  })
}

export const section47Routes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const param = (req: FastifyRequest, name: string, what: string): string => {
    const p = uuid.safeParse((req.params as Record<string, string | undefined>)[name])
    if (!p.success) throw new NotFoundError(what)
    return p.data
  }
  const personId = (req: FastifyRequest) => param(req, 'id', 'person')

  // ---------------------------------------------------------------- strategy discussion: the form
  const strategyForm = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const view = await strategyDiscussionForm(ctx, meta, id)
    const agencyItems = (selected: string) => [{ value: '', text: 'Select an agency' }, ...Object.entries(AGENCY).map(([value, t]) => ({ value, text: t, selected: value === selected }))]
    const participants = rowNumbers(PARTICIPANT_ROWS).map((n) => ({ n, name: text(values, `participant${n}Name`), role: text(values, `participant${n}Role`), agencyItems: agencyItems(text(values, `participant${n}Agency`)) }))
    const actions = rowNumbers(ACTION_ROWS).map((n) => ({ n, action: text(values, `action${n}Action`), owner: text(values, `action${n}Owner`), due: dateValue(values, `action${n}DueOn`) }))
    const source = text(values, 'source')
    return render(
      req,
      reply,
      'section47/strategy-form.njk',
      {
        ...view,
        values: { ...values, heldOn: dateValue(values, 'heldOn') },
        participants,
        actions,
        decisionItems: DECISION_ITEMS,
        sourceLabel: source ? ((STRATEGY_SOURCE as Record<string, string>)[source] ?? null) : null,
        draftRestoredAt,
        ...formErrors(errors, STRATEGY_FIELD_IDS),
      },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/strategy-discussions/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'strategy-discussion:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/strategy-discussions/new`)
    const q = req.query as Body
    const fromLink = { source: str(q, 'source') ?? '', sourceId: str(q, 'sourceId') ?? '' }
    return strategyForm(req, reply, id, draft ? { ...fromLink, ...draft.data } : fromLink, [], draft?.savedAt)
  })

  app.post('/people/:id/strategy-discussions', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    const filled = (keys: string[]) => keys.some((k) => (str(b, k) ?? '').trim() !== '')
    const participantRows = rowNumbers(PARTICIPANT_ROWS).filter((n) => filled([`participant${n}Name`, `participant${n}Agency`, `participant${n}Role`]))
    const actionRows = rowNumbers(ACTION_ROWS).filter((n) => filled([`action${n}Action`, `action${n}Owner`, `action${n}DueOn-day`, `action${n}DueOn-month`, `action${n}DueOn-year`]))
    try {
      const out = await recordStrategyDiscussion(ctx, meta, id, {
        heldOn: dateFromParts(b, 'heldOn') ?? null,
        heldAt: str(b, 'heldAt') ?? null,
        participants: participantRows.map((n) => ({ name: str(b, `participant${n}Name`) ?? null, agency: str(b, `participant${n}Agency`) ?? null, role: str(b, `participant${n}Role`) ?? null })),
        decision: str(b, 'decision') ?? null,
        informationShared: str(b, 'informationShared') ?? null,
        riskAnalysis: str(b, 'riskAnalysis') ?? null,
        immediateProtectiveActions: str(b, 'immediateProtectiveActions') ?? null,
        actions: actionRows.map((n) => ({ action: str(b, `action${n}Action`) ?? null, owner: str(b, `action${n}Owner`) ?? null, dueOn: dateFromParts(b, `action${n}DueOn`) ?? null })),
        source: str(b, 'source') ?? null,
        sourceId: str(b, 'sourceId') ?? null,
      })
      await clearDraft(ctx, meta, `/people/${id}/strategy-discussions/new`)
      return reply.redirect(`/people/${id}/strategy-discussions/${out.id}?recorded=1`, 303)
    } catch (e) {
      if (e instanceof ValidationError) return strategyForm(req, reply, id, redisplay(b), rowErrors(e.errors, participantRows, actionRows))
      throw e
    }
  })

  // ---------------------------------------------------------------- strategy discussion: the record
  app.get('/people/:id/strategy-discussions/:sid', async (req, reply) => {
    const meta = requestMeta(req)
    const view = await viewStrategyDiscussion(ctx, meta, personId(req), param(req, 'sid', 'strategy discussion'))
    return render(req, reply, 'section47/strategy-discussion.njk', { ...view, agencies: AGENCY, decisions: STRATEGY_DECISION, sources: STRATEGY_SOURCE, recorded: Boolean(str(req.query as Body, 'recorded')) })
  })

  // ---------------------------------------------------------------- section 47 enquiry
  const enquiryPage = async (req: FastifyRequest, reply: FastifyReply, id: string, eid: string, extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    const view = await viewSection47(ctx, meta, id, eid)
    const q = req.query as Body
    return render(
      req,
      reply,
      'section47/section47.njk',
      {
        ...view,
        outcomes: S47_OUTCOME,
        banner: str(q, 'recorded') ? 'recorded' : str(q, 'returned') ? 'returned' : str(q, 'authorised') ? 'authorised' : null,
        canRecord: can(meta.actor, 's47:record'),
        canAuthorise: can(meta.actor, 's47:authorise'),
        canSchedule: can(meta.actor, 'conference:schedule'),
        actorUserId: meta.actor.userId,
        ...extra,
      },
      status,
    )
  }

  app.get('/people/:id/section-47/:eid', async (req, reply) => enquiryPage(req, reply, personId(req), param(req, 'eid', 'section 47 enquiry')))

  const outcomeForm = async (req: FastifyRequest, reply: FastifyReply, id: string, eid: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const { person, enquiry } = await section47OutcomeForm(ctx, requestMeta(req), id, eid)
    const v = { ...values, childSeenOn: dateValue(values, 'childSeenOn'), version: text(values, 'version') || String(enquiry.version) }
    return render(req, reply, 'section47/outcome-form.njk', { person, enquiry, values: v, outcomeItems: OUTCOME_ITEMS, draftRestoredAt, ...formErrors(errors, OUTCOME_FIELD_IDS) }, errors.length ? 400 : 200)
  }

  app.get('/people/:id/section-47/:eid/outcome', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const eid = param(req, 'eid', 'section 47 enquiry')
    if (!can(meta.actor, 's47:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/section-47/${eid}/outcome`)
    return outcomeForm(req, reply, id, eid, draft ? draft.data : {}, [], draft?.savedAt)
  })

  app.post('/people/:id/section-47/:eid/outcome', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const eid = param(req, 'eid', 'section 47 enquiry')
    const b = parseBody(req)
    try {
      await recordSection47Outcome(ctx, meta, id, eid, formVersion(b), {
        childSeen: str(b, 'childSeen') ?? null,
        childSeenOn: dateFromParts(b, 'childSeenOn') ?? null,
        childSeenAlone: str(b, 'childSeenAlone') ?? null,
        outcome: str(b, 'outcome') ?? null,
        conferenceNotRequiredReason: str(b, 'conferenceNotRequiredReason') ?? null,
        summary: str(b, 'summary') ?? null,
      })
      await clearDraft(ctx, meta, `/people/${id}/section-47/${eid}/outcome`)
      return reply.redirect(`/people/${id}/section-47/${eid}?recorded=1`, 303)
    } catch (e) {
      if (e instanceof ValidationError) return outcomeForm(req, reply, id, eid, redisplay(b), e.errors)
      throw e
    }
  })

  app.post('/people/:id/section-47/:eid/return', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const eid = param(req, 'eid', 'section 47 enquiry')
    const b = parseBody(req)
    try {
      await returnSection47(ctx, meta, id, eid, formVersion(b), str(b, 'comments') ?? null)
      return reply.redirect(`/people/${id}/section-47/${eid}?returned=1`, 303)
    } catch (e) {
      if (e instanceof ValidationError) return enquiryPage(req, reply, id, eid, { returnComments: redisplay(b).comments, ...formErrors(e.errors, DECISION_FIELD_IDS) }, 400)
      throw e
    }
  })

  app.post('/people/:id/section-47/:eid/authorise', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const eid = param(req, 'eid', 'section 47 enquiry')
    const b = parseBody(req)
    try {
      await authoriseSection47(ctx, meta, id, eid, formVersion(b))
      return reply.redirect(`/people/${id}/section-47/${eid}?authorised=1`, 303)
    } catch (e) {
      if (e instanceof ValidationError) return enquiryPage(req, reply, id, eid, formErrors(e.errors, DECISION_FIELD_IDS), 400)
      throw e
    }
  })
}
