import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { amendForm, amendSupervision } from '../../app/supervision/amendSupervision.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { recordSupervision, superviseeChoices, supervisionFormFor } from '../../app/supervision/recordSupervision.ts'
import { setSupervisionFrequency } from '../../app/supervision/setSupervisionFrequency.ts'
import { frequencyFormFor, supervisionOverview, viewSupervision } from '../../app/supervision/viewSupervision.ts'
import { can } from '../../domain/access/roles.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import {
  DEFAULT_SUPERVISION_FREQUENCY_DAYS,
  MAX_ACTIONS,
  MAX_CASES,
  MAX_SUPERVISION_FREQUENCY_DAYS,
  MIN_SUPERVISION_FREQUENCY_DAYS,
  NEWLY_QUALIFIED_SUPERVISION_FREQUENCY_DAYS,
} from '../../domain/supervision/supervision.ts'
import { dateFromParts, parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const FORM_KEY = '/supervision/new'
const uuid = z.string().uuid()
// Reflective notes may be 20,000 characters; a little more is accepted so the domain gives the message.
const body = (req: FastifyRequest): Body => parseBody(req, 22_000)
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

const FIELD_IDS: Record<string, string> = { heldOn: 'heldOn-day', ...Object.fromEntries(range(MAX_ACTIONS).map((n) => [`action${n}Due`, `action${n}Due-day`])) }
const defaults = { DEFAULT_SUPERVISION_FREQUENCY_DAYS, NEWLY_QUALIFIED_SUPERVISION_FREQUENCY_DAYS, MIN_SUPERVISION_FREQUENCY_DAYS, MAX_SUPERVISION_FREQUENCY_DAYS }

function dateParts(iso: string): Record<string, string> {
  const [y, m, d] = iso.split('-')
  return { 'heldOn-day': String(Number(d)), 'heldOn-month': String(Number(m)), 'heldOn-year': y ?? '' }
}

export const supervisionRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  // ---------------------------------------------------------------- overview
  app.get('/supervision', async (req, reply) => {
    const meta = requestMeta(req)
    const q = req.query as Body
    const team = str(q, 'team')
    const overview = await supervisionOverview(ctx, meta, team && uuid.safeParse(team).success ? team : team ? 'none' : undefined)
    const teamItems = overview.teams.map((t) => ({ value: t.id, text: t.name }))
    const banner = str(q, 'frequency') ? 'frequency' : null
    return render(req, reply, 'supervision/index.njk', { ...overview, teamItems, banner })
  })

  // ---------------------------------------------------------------- record
  const showForm = async (req: FastifyRequest, reply: FastifyReply, workerId: string | undefined, values: Body, extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    if (!workerId || !uuid.safeParse(workerId).success) {
      const choices = await superviseeChoices(ctx, meta)
      return render(req, reply, 'supervision/choose-worker.njk', { choices, values, ...extra }, status)
    }
    const data = await supervisionFormFor(ctx, meta, workerId)
    const childItems = [{ value: '', text: 'Select a child' }, ...data.children.map((c) => ({ value: c.personId, text: `${c.name} (${c.personRef})` }))]
    const actionChildItems = [{ value: '', text: 'No particular child' }, ...data.children.map((c) => ({ value: c.personId, text: `${c.name} (${c.personRef})` }))]
    const ownerItems = [
      { value: '', text: 'Select who owns the action' },
      { value: data.worker.id, text: `${data.worker.name} (the worker supervised)` },
      ...data.owners.filter((o) => o.id !== data.worker.id).map((o) => ({ value: o.id, text: `${o.name} (${o.jobRole})` })),
    ]
    return render(req, reply, 'supervision/form.njk', { ...data, childItems, actionChildItems, ownerItems, cases: range(MAX_CASES), actions: range(MAX_ACTIONS), values, ...extra }, status)
  }

  app.get('/supervision/new', async (req, reply) => {
    const meta = requestMeta(req)
    if (!can(meta.actor, 'supervision:record')) throw new ForbiddenError('role')
    const q = req.query as Body
    const draft = await loadDraft(ctx, meta, FORM_KEY)
    const draftWorker = draft ? str(draft.data, 'workerId') : undefined
    const workerId = str(q, 'worker') ?? draftWorker
    if (draft && draftWorker && draftWorker === workerId) return showForm(req, reply, workerId, draft.data, { draftRestoredAt: draft.savedAt })
    return showForm(req, reply, workerId, { workerId: workerId ?? '', ...dateParts(londonDate(ctx.now())) })
  })

  app.post('/supervision', async (req, reply) => {
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = body(req)
      const out = await recordSupervision(ctx, meta, {
        workerId: str(b, 'workerId'),
        heldOn: dateFromParts(b, 'heldOn'),
        cases: range(MAX_CASES).map((n) => ({ personId: str(b, `case${n}Person`), discussion: str(b, `case${n}Discussion`), decision: str(b, `case${n}Decision`), reasons: str(b, `case${n}Reasons`) })),
        actions: range(MAX_ACTIONS).map((n) => ({ text: str(b, `action${n}Text`), ownerWorkerId: str(b, `action${n}Owner`), dueDate: dateFromParts(b, `action${n}Due`), personId: str(b, `action${n}Person`) })),
        reflectiveNotes: str(b, 'reflectiveNotes'),
      })
      await clearDraft(ctx, meta, FORM_KEY)
      return reply.redirect(`/supervision/${out.id}?recorded=1`)
    } catch (e) {
      if (e instanceof ValidationError) {
        // A field too long to parse: keep the rest of what was typed, without the over-long answer.
        if (Object.keys(b).length === 0) b = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1].length <= 22_000))
        const workerId = str(b, 'workerId')
        const valid = e.errors.some((x) => x.field === 'workerId') ? undefined : workerId
        return showForm(req, reply, valid, b, formErrors(e.errors, FIELD_IDS), 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- frequency
  const workerParam = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { workerId?: string }).workerId)
    if (!p.success) throw new NotFoundError('worker')
    return p.data
  }

  app.get('/supervision/workers/:workerId/frequency', async (req, reply) => {
    const worker = await frequencyFormFor(ctx, requestMeta(req), workerParam(req))
    return render(req, reply, 'supervision/frequency.njk', { worker, values: { frequencyDays: worker.overrideDays === null ? '' : String(worker.overrideDays) }, ...defaults })
  })

  app.post('/supervision/workers/:workerId/frequency', async (req, reply) => {
    const meta = requestMeta(req)
    const workerId = workerParam(req)
    let b: Body = {}
    try {
      b = parseBody(req, 100)
      await setSupervisionFrequency(ctx, meta, workerId, str(b, 'frequencyDays'))
      const worker = await frequencyFormFor(ctx, meta, workerId)
      return reply.redirect(`/supervision?team=${worker.teamId}&frequency=1`)
    } catch (e) {
      if (e instanceof ValidationError) {
        const worker = await frequencyFormFor(ctx, meta, workerId)
        return render(req, reply, 'supervision/frequency.njk', { worker, values: b, ...defaults, ...formErrors(e.errors) }, 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- one record
  const recordId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('supervision record')
    return p.data
  }

  app.get('/supervision/:id', async (req, reply) => {
    const view = await viewSupervision(ctx, requestMeta(req), recordId(req))
    const q = req.query as Body
    return render(req, reply, 'supervision/record.njk', { ...view, banner: str(q, 'recorded') ? 'Supervision recorded' : str(q, 'amended') ? 'Supervision record amended' : null })
  })

  // ---------------------------------------------------------------- amend (the supervisor who wrote it)
  app.get('/supervision/:id/edit', async (req, reply) => {
    const form = await amendForm(ctx, requestMeta(req), recordId(req))
    const values: Body = { reflectiveNotes: form.reflectiveNotes ?? '', version: String(form.version), ...Object.fromEntries(form.cases.map((c, i) => [`case${i + 1}Discussion`, c.discussion])) }
    return render(req, reply, 'supervision/edit.njk', { form, values })
  })

  app.post('/supervision/:id/edit', async (req, reply) => {
    const id = recordId(req)
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = body(req)
      const version = Number.parseInt(str(b, 'version') ?? '', 10)
      await amendSupervision(ctx, meta, id, Number.isInteger(version) ? version : undefined, { discussions: range(MAX_CASES).map((n) => str(b, `case${n}Discussion`)), reflectiveNotes: str(b, 'reflectiveNotes') })
      return reply.redirect(`/supervision/${id}?amended=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const form = await amendForm(ctx, meta, id)
        const errors = e instanceof ValidationError ? e.errors : [{ field: e.field, message: e.message }]
        return render(req, reply, 'supervision/edit.njk', { form, values: b, ...formErrors(errors) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })
}
