/**
 * A child's assessments: the list with each one's clock, starting one, the record (read view with the
 * child-seen visits and the sign-off trail), the edit form (drafts kept), and the manager's decision.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { authoriseAssessment } from '../../app/assessments/authoriseAssessment.ts'
import { recordChildSeen } from '../../app/assessments/recordChildSeen.ts'
import { returnAssessment } from '../../app/assessments/returnAssessment.ts'
import { saveAssessment } from '../../app/assessments/saveAssessment.ts'
import { startAssessment } from '../../app/assessments/startAssessment.ts'
import { submitAssessment } from '../../app/assessments/submitAssessment.ts'
import { assessmentEditForm, listPersonAssessments, viewAssessment, type AssessmentView } from '../../app/assessments/viewAssessment.ts'
import { can } from '../../domain/access/roles.ts'
import { NARRATIVE_FIELDS, type AssessmentRecordInput } from '../../domain/assessments/assessment.ts'
import { ASSESSMENT_FACTOR, ASSESSMENT_FACTORS, ASSESSMENT_OUTCOME, ASSESSMENT_STATUS, PRIMARY_NEED } from '../../domain/assessments/codes.ts'
import { ASSESSMENT_KIND_LABEL } from '../../domain/assessments/frameworks.ts'
import { FRAMEWORK_TITLES } from '../../domain/timescales/rules.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, list, parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
/** Texts are checked by the domain (20,000 characters, with a message by the field); this only stops the absurd. */
const FORM_TEXT_CEILING = 4 * 1024 * 1024
const FIELD_IDS: Record<string, string> = { sharedOn: 'sharedOn-day', seenOn: 'seenOn-day', seenAlone: 'seenAlone', factors: 'factors', primaryNeedCode: 'primaryNeedCode', outcome: 'outcome', interpreterUsed: 'interpreterUsed', childSeen: 'child-seen', status: 'status', version: 'assessment-form', referral: 'start', startDate: 'startDate-day' }

export const LABELS = {
  kind: ASSESSMENT_KIND_LABEL,
  outcome: ASSESSMENT_OUTCOME,
  primaryNeed: PRIMARY_NEED,
  status: ASSESSMENT_STATUS,
  factor: ASSESSMENT_FACTOR,
  framework: { fa2000: 'Framework for Assessment 2000', wt2010: 'Working Together 2010', wt2023: 'Working Together 2013 onwards' },
  frameworkTitle: FRAMEWORK_TITLES,
  narrative: NARRATIVE_FIELDS,
}

const TEXT_FIELDS = [...Object.keys(NARRATIVE_FIELDS), 'sharedHow'] as const

function inputFromForm(b: Body): AssessmentRecordInput {
  const input: AssessmentRecordInput = {}
  for (const k of TEXT_FIELDS) (input as Record<string, string | undefined>)[k] = str(b, k)
  input.interpreterUsed = str(b, 'interpreterUsed') ?? null
  input.factors = list(b, 'factors')
  input.primaryNeedCode = str(b, 'primaryNeedCode')
  input.outcome = str(b, 'outcome')
  input.sharedOn = dateFromParts(b, 'sharedOn')
  return input
}

type FormValues = Record<string, unknown>

/** The form's values from the saved record. */
function valuesFromRecord(v: AssessmentView, historyPrefill: string | null): FormValues {
  const a = v.assessment
  const out: FormValues = { version: String(a.version) }
  for (const k of TEXT_FIELDS) out[k] = (a as unknown as Record<string, string | null>)[k] ?? ''
  if (!a.history && historyPrefill) out.history = historyPrefill
  out.interpreterUsed = a.interpreterUsed === null ? '' : a.interpreterUsed ? 'yes' : 'no'
  out.factors = a.factors
  out.primaryNeedCode = a.primaryNeedCode ?? ''
  out.outcome = a.outcome ?? ''
  const [y, m, d] = (a.sharedOn ?? '').split('-')
  out.sharedOn = a.sharedOn ? { day: String(Number(d)), month: String(Number(m)), year: y } : { day: '', month: '', year: '' }
  return out
}

/** The form's values from what was posted (or a draft): everything as typed. */
function valuesFromBody(b: Record<string, unknown>): FormValues {
  const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : Array.isArray(b[k]) ? String((b[k] as string[])[0] ?? '') : '')
  const out: FormValues = { version: s('version') }
  for (const k of TEXT_FIELDS) out[k] = s(k)
  out.interpreterUsed = s('interpreterUsed')
  const f = b.factors
  out.factors = Array.isArray(f) ? f : typeof f === 'string' ? [f] : []
  out.outcome = s('outcome')
  out.primaryNeedCode = s('primaryNeedCode')
  out.sharedOn = { day: s('sharedOn-day'), month: s('sharedOn-month'), year: s('sharedOn-year') }
  return out
}

function formOptions(v: AssessmentView, values: FormValues) {
  const factors = new Set((values.factors as string[]) ?? [])
  return {
    factors: ASSESSMENT_FACTORS.map(([value, text]) => ({ value, text: `${text} (${value})`, checked: factors.has(value) })),
    primaryNeeds: (Object.entries(PRIMARY_NEED) as [string, string][]).map(([value, text]) => ({ value, text: `${text} (${value})`, checked: values.primaryNeedCode === value })),
    outcomes: v.outcomes.map((value) => ({ value, text: ASSESSMENT_OUTCOME[value], checked: values.outcome === value })),
    interpreter: [
      { value: 'yes', text: 'Yes', checked: values.interpreterUsed === 'yes' },
      { value: 'no', text: 'No', checked: values.interpreterUsed === 'no' },
    ],
  }
}

export const assessmentsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const ids = (req: FastifyRequest): { personId: string; assessmentId: string } => {
    const p = req.params as { id?: string; aid?: string }
    const a = uuid.safeParse(p.id)
    if (!a.success) throw new NotFoundError('person')
    const b = uuid.safeParse(p.aid)
    if (!b.success) throw new NotFoundError('assessment')
    return { personId: a.data, assessmentId: b.data }
  }
  const personIdOf = (req: FastifyRequest): string => {
    const a = uuid.safeParse((req.params as { id?: string }).id)
    if (!a.success) throw new NotFoundError('person')
    return a.data
  }
  const draftKey = (personId: string, assessmentId: string) => `/people/${personId}/assessments/${assessmentId}/edit`

  const showList = async (req: FastifyRequest, reply: FastifyReply, personId: string, errors: FieldError[] = [], status = 200, b: Body = {}) => {
    const meta = requestMeta(req)
    const page = await listPersonAssessments(ctx, meta, personId)
    const startValues = { day: str(b, 'startDate-day') ?? '', month: str(b, 'startDate-month') ?? '', year: str(b, 'startDate-year') ?? '' }
    return render(req, reply, 'assessments/list.njk', { ...page, labels: LABELS, startValues, ...formErrors(errors, FIELD_IDS) }, status)
  }

  const showAssessment = async (req: FastifyRequest, reply: FastifyReply, personId: string, assessmentId: string, extra: { errors?: FieldError[]; status?: number; seenValues?: Body; decisionValues?: Body; banner?: string | null } = {}) => {
    const meta = requestMeta(req)
    const view = await viewAssessment(ctx, meta, personId, assessmentId)
    const sv = extra.seenValues ?? {}
    return render(
      req,
      reply,
      'assessments/assessment.njk',
      {
        ...view,
        labels: LABELS,
        banner: extra.banner ?? null,
        canRecordStrategy: can(requestMeta(req).actor, 'strategy-discussion:record'),
        seenValues: { seenOn: { day: str(sv, 'seenOn-day') ?? '', month: str(sv, 'seenOn-month') ?? '', year: str(sv, 'seenOn-year') ?? '' }, seenAlone: str(sv, 'seenAlone') ?? '', note: str(sv, 'note') ?? '' },
        decisionValues: { comments: str(extra.decisionValues ?? {}, 'comments') ?? '' },
        ...formErrors(extra.errors ?? [], FIELD_IDS),
      },
      extra.status ?? 200,
    )
  }

  // ---------------------------------------------------------------- the child's assessments
  app.get('/people/:id/assessments', async (req, reply) => showList(req, reply, personIdOf(req)))

  app.post('/people/:id/assessments', async (req, reply) => {
    const personId = personIdOf(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'assessment:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const b = parseBody(req)
    try {
      const out = await startAssessment(ctx, meta, personId, { startDate: dateFromParts(b, 'startDate') })
      return reply.redirect(`/people/${personId}/assessments/${out.id}/edit?started=1`)
    } catch (e) {
      if (e instanceof ValidationError) return showList(req, reply, personId, e.errors, 400, b)
      if (e instanceof ConflictError) return showList(req, reply, personId, [{ field: e.field, message: e.message }], 409, b)
      throw e
    }
  })

  // ---------------------------------------------------------------- one assessment
  app.get('/people/:id/assessments/:aid', async (req, reply) => {
    const { personId, assessmentId } = ids(req)
    const q = req.query as Body
    return showAssessment(req, reply, personId, assessmentId, { banner: str(q, 'done') ?? null })
  })

  const showForm = async (req: FastifyRequest, reply: FastifyReply, personId: string, assessmentId: string, opts: { values?: FormValues; errors?: FieldError[]; status?: number; draftRestoredAt?: Date | null; started?: boolean; currentVersion?: boolean } = {}) => {
    const meta = requestMeta(req)
    const view = await assessmentEditForm(ctx, meta, personId, assessmentId)
    if (!view.may.edit) return reply.redirect(`/people/${personId}/assessments/${assessmentId}`)
    const values = opts.values ?? valuesFromRecord(view, view.historyPrefill)
    // After a conflict the form carries the version now saved, so saving again (having looked) keeps what was typed.
    if (opts.currentVersion) values.version = String(view.assessment.version)
    return render(
      req,
      reply,
      'assessments/form.njk',
      {
        ...view,
        labels: LABELS,
        values,
        options: formOptions(view, values),
        draftKey: draftKey(personId, assessmentId),
        draftRestoredAt: opts.draftRestoredAt ?? null,
        historyPrefilled: !view.assessment.history && Boolean(view.historyPrefill) && !opts.values,
        started: Boolean(opts.started),
        ...formErrors(opts.errors ?? [], FIELD_IDS),
      },
      opts.status ?? 200,
    )
  }

  app.get('/people/:id/assessments/:aid/edit', async (req, reply) => {
    const { personId, assessmentId } = ids(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'assessment:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, draftKey(personId, assessmentId))
    const q = req.query as Body
    return showForm(req, reply, personId, assessmentId, { values: draft ? valuesFromBody(draft.data) : undefined, draftRestoredAt: draft?.savedAt ?? null, started: Boolean(str(q, 'started')) })
  })

  // A pasted 1 MB analysis must reach the domain's limit (a message by the field, everything else kept), not a 413.
  app.post('/people/:id/assessments/:aid', { bodyLimit: 4 * 1024 * 1024 }, async (req, reply) => {
    const { personId, assessmentId } = ids(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'assessment:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const b = parseBody(req, FORM_TEXT_CEILING)
    const version = Number.parseInt(str(b, 'version') ?? '', 10)
    try {
      await saveAssessment(ctx, meta, personId, assessmentId, version, inputFromForm(b))
      await clearDraft(ctx, meta, draftKey(personId, assessmentId))
      return reply.redirect(`/people/${personId}/assessments/${assessmentId}?done=saved`)
    } catch (e) {
      if (e instanceof ValidationError) return showForm(req, reply, personId, assessmentId, { values: valuesFromBody(b), errors: e.errors, status: 400 })
      if (e instanceof ConflictError) return showForm(req, reply, personId, assessmentId, { values: valuesFromBody(b), errors: [{ field: e.field, message: e.message }], status: 409, currentVersion: true })
      throw e
    }
  })

  app.post('/people/:id/assessments/:aid/child-seen', async (req, reply) => {
    const { personId, assessmentId } = ids(req)
    const meta = requestMeta(req)
    const b = parseBody(req, FORM_TEXT_CEILING)
    try {
      await recordChildSeen(ctx, meta, personId, assessmentId, { seenOn: dateFromParts(b, 'seenOn'), seenAlone: str(b, 'seenAlone'), note: str(b, 'note') })
      return reply.redirect(`/people/${personId}/assessments/${assessmentId}?done=seen#child-seen`)
    } catch (e) {
      if (e instanceof ValidationError) return showAssessment(req, reply, personId, assessmentId, { errors: e.errors, status: 400, seenValues: b })
      throw e
    }
  })

  app.post('/people/:id/assessments/:aid/submit', async (req, reply) => {
    const { personId, assessmentId } = ids(req)
    const meta = requestMeta(req)
    parseBody(req)
    try {
      await submitAssessment(ctx, meta, personId, assessmentId)
      return reply.redirect(`/people/${personId}/assessments/${assessmentId}?done=submitted`)
    } catch (e) {
      if (e instanceof ValidationError) return showAssessment(req, reply, personId, assessmentId, { errors: e.errors, status: 400 })
      if (e instanceof ConflictError) return showAssessment(req, reply, personId, assessmentId, { errors: [{ field: 'status', message: e.message }], status: 409 })
      throw e
    }
  })

  for (const action of ['return', 'authorise'] as const) {
    app.post(`/people/:id/assessments/:aid/${action}`, async (req, reply) => {
      const { personId, assessmentId } = ids(req)
      const meta = requestMeta(req)
      const b = parseBody(req, FORM_TEXT_CEILING)
      try {
        if (action === 'return') await returnAssessment(ctx, meta, personId, assessmentId, str(b, 'comments'))
        else await authoriseAssessment(ctx, meta, personId, assessmentId, str(b, 'comments'))
        return reply.redirect(`/people/${personId}/assessments/${assessmentId}?done=${action === 'return' ? 'returned' : 'authorised'}`)
      } catch (e) {
        if (e instanceof ValidationError) return showAssessment(req, reply, personId, assessmentId, { errors: e.errors, status: 400, decisionValues: b })
        if (e instanceof ConflictError) return showAssessment(req, reply, personId, assessmentId, { errors: [{ field: 'status', message: e.message }], status: 409, decisionValues: b })
        throw e
      }
    })
  }
}
