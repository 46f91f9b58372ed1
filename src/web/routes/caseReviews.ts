import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { caseReviewForm, listReviewRounds, newRoundForm, saveCaseReview, startRound, viewRound } from '../../app/caseReviews/caseReviews.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { CASE_REVIEW_STATUS, type CaseReviewStatus } from '../../domain/caseReviews/caseReview.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const param = (req: FastifyRequest, name: string, what: string): string => {
  const p = uuid.safeParse((req.params as Record<string, string | undefined>)[name])
  if (!p.success) throw new NotFoundError(what)
  return p.data
}
/** Blank action slots on the review form. */
const ACTION_SLOTS = 3
const ACTION_NUMBERS = Array.from({ length: ACTION_SLOTS }, (_, i) => i + 1)
const FIELD_IDS: Record<string, string> = { dueDate: 'dueDate-day', planRobust: 'planRobust', ...Object.fromEntries(ACTION_NUMBERS.map((n) => [`action${n}DueDate`, `action${n}DueDate-day`])) }

const dateValue = (b: Body, name: string) => ({ day: str(b, `${name}-day`) ?? '', month: str(b, `${name}-month`) ?? '', year: str(b, `${name}-year`) ?? '' })

/** What was posted, for showing back on the form when the body itself was refused (an over-long answer). */
const rawValues = (req: FastifyRequest): Body =>
  Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, 25_000)]))

export const caseReviewsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/case-reviews', async (req, reply) => {
    const meta = requestMeta(req)
    const rounds = await listReviewRounds(ctx, meta)
    const { teams } = await newRoundForm(ctx, meta)
    return render(req, reply, 'caseReviews/list.njk', { rounds, canStart: teams.length > 0 })
  })

  // ---------------------------------------------------------------- start a round
  const showNew = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) => {
    const { teams } = await newRoundForm(ctx, requestMeta(req))
    const teamItems = teams.length === 1 ? teams.map((t) => ({ value: t.id, text: t.name })) : [{ value: '', text: 'Select a team' }, ...teams.map((t) => ({ value: t.id, text: t.name }))]
    return render(req, reply, 'caseReviews/new.njk', { teamItems, values: { dueDate: {} }, ...extra }, status)
  }
  app.get('/case-reviews/new', async (req, reply) => showNew(req, reply))

  app.post('/case-reviews', async (req, reply) => {
    let b: Body = {}
    try {
      b = parseBody(req, 2_000)
      const out = await startRound(ctx, requestMeta(req), { teamId: str(b, 'teamId'), title: str(b, 'title'), dueDate: dateFromParts(b, 'dueDate') })
      return reply.redirect(`/case-reviews/${out.id}?started=${out.cases}`)
    } catch (e) {
      if (e instanceof ValidationError) return showNew(req, reply, { values: { ...(Object.keys(b).length ? b : rawValues(req)), dueDate: dateValue(Object.keys(b).length ? b : rawValues(req), 'dueDate') }, ...formErrors(e.errors, FIELD_IDS) }, 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- a round
  app.get('/case-reviews/:roundId', async (req, reply) => {
    const roundId = param(req, 'roundId', 'case review round')
    const q = req.query as Body
    const status: CaseReviewStatus | null = str(q, 'status') === 'to_review' ? 'to_review' : str(q, 'status') === 'reviewed' ? 'reviewed' : null
    const view = await viewRound(ctx, requestMeta(req), roundId, status)
    return render(req, reply, 'caseReviews/round.njk', { ...view, status, started: str(q, 'started') ?? null, saved: str(q, 'saved') ?? null, CASE_REVIEW_STATUS })
  })

  // ---------------------------------------------------------------- review one case
  const showReview = async (req: FastifyRequest, reply: FastifyReply, roundId: string, personId: string, extra: Record<string, unknown>, status = 200) => {
    const data = await caseReviewForm(ctx, requestMeta(req), roundId, personId)
    const workerItems = [{ value: '', text: 'Select a worker' }, ...data.workers.map((w) => ({ value: w.id, text: w.name }))]
    return render(req, reply, 'caseReviews/review.njk', { ...data, workerItems, actionNumbers: ACTION_NUMBERS, ...extra }, status)
  }

  const formValues = (b: Body) => ({ ...b, ...Object.fromEntries(ACTION_NUMBERS.map((n) => [`action${n}DueDate`, dateValue(b, `action${n}DueDate`)])) })

  app.get('/case-reviews/:roundId/people/:personId', async (req, reply) => {
    const roundId = param(req, 'roundId', 'case review round')
    const personId = param(req, 'personId', 'person')
    const meta = requestMeta(req)
    const data = await caseReviewForm(ctx, meta, roundId, personId)
    const draft = await loadDraft(ctx, meta, `/case-reviews/${roundId}/people/${personId}`)
    const r = data.review
    const values = draft
      ? formValues(draft.data)
      : formValues({ version: String(r.version), planRobust: r.planRobust === null ? undefined : r.planRobust ? 'yes' : 'no', findings: r.findings ?? undefined })
    return showReview(req, reply, roundId, personId, { values, draftRestoredAt: draft?.savedAt })
  })

  app.post('/case-reviews/:roundId/people/:personId', async (req, reply) => {
    const roundId = param(req, 'roundId', 'case review round')
    const personId = param(req, 'personId', 'person')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = parseBody(req, 25_000)
      const actions = ACTION_NUMBERS.map((n) => ({ description: str(b, `action${n}Description`), workerId: str(b, `action${n}Worker`), dueDate: dateFromParts(b, `action${n}DueDate`) }))
      await saveCaseReview(ctx, meta, roundId, personId, Number.parseInt(str(b, 'version') ?? '', 10), { planRobust: str(b, 'planRobust'), findings: str(b, 'findings'), actions })
      await clearDraft(ctx, meta, `/case-reviews/${roundId}/people/${personId}`)
      return reply.redirect(`/case-reviews/${roundId}?saved=${personId}`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: e.field, message: e.message }]
        return showReview(req, reply, roundId, personId, { values: formValues(Object.keys(b).length ? b : rawValues(req)), ...formErrors(errors, FIELD_IDS) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })
}
