import { can } from '../../domain/access/roles.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allocateChild, allocationForm, endAllocation, endAllocationForm, viewAllocation, type AllocateInput } from '../../app/allocation/allocate.ts'
import { caseloadTeams, CO_WORKING, teamCaseloads } from '../../app/allocation/caseloads.ts'
import { addOversightNote, listUnallocated, oversightNoteForm } from '../../app/allocation/unallocated.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { ALLOCATION_ROLES, CHANGE_REASONS } from '../../domain/allocation/allocation.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, parseBody, str, type Body } from '../forms.ts'
import { caseloadChartSvg } from '../presenters/caseloadChart.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const param = (req: FastifyRequest, name: 'id' | 'allocationId', what: string): string => {
  const p = uuid.safeParse((req.params as Record<string, string | undefined>)[name])
  if (!p.success) throw new NotFoundError(what)
  return p.data
}
const optionalUuid = (v: string | undefined): string | undefined => (v && uuid.safeParse(v).success ? v : undefined)
const changeReasonItems = (selected: string | undefined) => [
  { value: '', text: 'Select a reason' },
  ...Object.entries(CHANGE_REASONS).map(([value, text]) => ({ value, text: `${text} (${value})`, selected: value === selected })),
]
const statusTag = (status: string): string =>
  ({ 'In assessment': 'govuk-tag--blue', 'Child in need': 'govuk-tag--green', Referral: 'govuk-tag--grey', 'Child protection plan': 'govuk-tag--red', 'Section 47 enquiry': 'govuk-tag--orange', 'Looked after': 'govuk-tag--purple', [CO_WORKING]: 'govuk-tag--yellow' })[status] ??
  'govuk-tag--grey'
const views = { CHANGE_REASONS, ALLOCATION_ROLES, statusTag }

export const allocationRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  // ---------------------------------------------------------------- the child's allocation
  app.get('/people/:id/allocation', async (req, reply) => {
    const personId = param(req, 'id', 'person')
    const view = await viewAllocation(ctx, requestMeta(req), personId)
    const q = req.query as Body
    const banner = str(q, 'allocated') ? 'allocated' : str(q, 'ended') ? 'ended' : str(q, 'noted') ? 'noted' : null
    return render(req, reply, 'allocation/allocation.njk', { ...view, banner, ...views })
  })

  // ---------------------------------------------------------------- allocate / change / co-worker
  const showForm = async (req: FastifyRequest, reply: FastifyReply, personId: string, values: Body, extra: Record<string, unknown>, status = 200) => {
    const meta = requestMeta(req)
    const data = await allocationForm(ctx, meta, personId, optionalUuid(str(values, 'teamId')))
    // Drafts are kept only for records the manager may open (a child waiting for a worker may be outside that scope).
    const draftable = await loadDraft(ctx, meta, `/people/${personId}/allocation/new`).then(
      () => true,
      (e: unknown) => {
        if (e instanceof ForbiddenError) return false
        throw e
      },
    )
    const role = str(values, 'role') === 'co_worker' ? 'co_worker' : 'allocated_worker'
    const workerItems = [
      { value: '', text: 'Select a worker' },
      ...data.workers
        .filter((w) => !(data.current && w.workerId === data.current.workerId))
        .map((w) => ({ value: w.workerId, text: w.label, selected: w.workerId === str(values, 'workerId') })),
    ]
    const teamItems = data.teams.map((t) => ({ value: t.id, text: `${t.name} (${t.serviceName})`, selected: t.id === data.teamId }))
    const typed = str(values, 'startDate-day') !== undefined || str(values, 'startDate-month') !== undefined || str(values, 'startDate-year') !== undefined
    const startParts = typed
      ? { day: str(values, 'startDate-day') ?? '', month: str(values, 'startDate-month') ?? '', year: str(values, 'startDate-year') ?? '' }
      : { day: String(Number(data.today.slice(8))), month: String(Number(data.today.slice(5, 7))), year: data.today.slice(0, 4) }
    return render(
      req,
      reply,
      'allocation/form.njk',
      { ...data, role, values, workerItems, teamItems, changeReasonItems: changeReasonItems(str(values, 'changeReason')), startParts, draftable, ...views, ...extra },
      status,
    )
  }

  app.get('/people/:id/allocation/new', async (req, reply) => {
    const personId = param(req, 'id', 'person')
    const meta = requestMeta(req)
    const q = req.query as Body
    let values: Body = {}
    let draftRestoredAt: Date | undefined
    try {
      const draft = await loadDraft(ctx, meta, `/people/${personId}/allocation/new`)
      if (draft && (!str(q, 'teamId') || str(draft.data as Body, 'teamId') === str(q, 'teamId'))) {
        values = draft.data as Body
        draftRestoredAt = draft.savedAt
      }
    } catch (e) {
      // A child waiting for a worker is outside the ordinary record scope, so no draft can be kept for them.
      if (!(e instanceof ForbiddenError)) throw e
    }
    if (str(q, 'teamId')) values = { ...values, teamId: str(q, 'teamId') }
    if (str(q, 'role') === 'co_worker') values = { ...values, role: 'co_worker' }
    return showForm(req, reply, personId, values, { draftRestoredAt })
  })

  app.post('/people/:id/allocation', async (req, reply) => {
    const personId = param(req, 'id', 'person')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = parseBody(req)
      const startDate = dateFromParts(b, 'startDate')
      b = { ...b, startDate }
      const input: AllocateInput = {
        teamId: str(b, 'teamId'),
        workerId: str(b, 'workerId'),
        role: str(b, 'role'),
        startDate,
        reason: str(b, 'reason'),
        changeReason: str(b, 'changeReason'),
        overLimitReason: str(b, 'overLimitReason'),
        currentAllocationId: str(b, 'currentAllocationId'),
      }
      const out = await allocateChild(ctx, meta, personId, input)
      if (out.kind === 'over-limit') return showForm(req, reply, personId, b, { overLimitWarning: out.warning.message })
      try {
        await clearDraft(ctx, meta, `/people/${personId}/allocation/new`)
      } catch (e) {
        if (!(e instanceof ForbiddenError)) throw e
      }
      return reply.redirect(`/people/${personId}/allocation?allocated=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: e.field, message: e.message }]
        return showForm(req, reply, personId, b, { ...formErrors(errors, { startDate: 'startDate-day' }), keepOverLimit: str(b, 'overLimitReason') !== undefined }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- end an allocation
  const showEnd = async (req: FastifyRequest, reply: FastifyReply, values: Body, extra: Record<string, unknown> = {}, status = 200) => {
    const personId = param(req, 'id', 'person')
    const allocationId = param(req, 'allocationId', 'allocation')
    const data = await endAllocationForm(ctx, requestMeta(req), personId, allocationId)
    return render(req, reply, 'allocation/end.njk', { ...data, values, changeReasonItems: changeReasonItems(str(values, 'endReason')), ...views, ...extra }, status)
  }
  app.get('/people/:id/allocation/:allocationId/end', async (req, reply) => showEnd(req, reply, {}))
  app.post('/people/:id/allocation/:allocationId/end', async (req, reply) => {
    const personId = param(req, 'id', 'person')
    const allocationId = param(req, 'allocationId', 'allocation')
    let b: Body = {}
    try {
      b = parseBody(req)
      await endAllocation(ctx, requestMeta(req), personId, allocationId, { endDate: dateFromParts(b, 'endDate'), endReason: str(b, 'endReason') })
      return reply.redirect(`/people/${personId}/allocation?ended=1`)
    } catch (e) {
      if (e instanceof ValidationError) return showEnd(req, reply, b, formErrors(e.errors, { endDate: 'endDate-day' }), 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- children waiting
  app.get('/unallocated', async (req, reply) => {
    const team = optionalUuid(str(req.query as Body, 'team'))
    const list = await listUnallocated(ctx, requestMeta(req), team)
    const teamItems = [{ value: '', text: 'All your teams' }, ...list.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === list.selectedTeamId }))]
    return render(req, reply, 'allocation/unallocated.njk', { ...list, teamItems, ...views })
  })

  const showNote = async (req: FastifyRequest, reply: FastifyReply, values: Body, extra: Record<string, unknown> = {}, status = 200) => {
    const personId = param(req, 'id', 'person')
    const data = await oversightNoteForm(ctx, requestMeta(req), personId)
    return render(req, reply, 'allocation/oversight-note.njk', { ...data, values, ...extra }, status)
  }
  app.get('/people/:id/unallocated-oversight/new', async (req, reply) => showNote(req, reply, {}))
  app.post('/people/:id/unallocated-oversight', async (req, reply) => {
    const personId = param(req, 'id', 'person')
    let b: Body = {}
    try {
      b = parseBody(req)
      await addOversightNote(ctx, requestMeta(req), personId, { note: str(b, 'note'), nextReviewOn: dateFromParts(b, 'nextReviewOn') })
      return reply.redirect(`/unallocated?noted=1`)
    } catch (e) {
      if (e instanceof ValidationError) return showNote(req, reply, b, formErrors(e.errors, { nextReviewOn: 'nextReviewOn-day' }), 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- caseloads
  app.get('/caseloads', async (req, reply) => {
    const meta = requestMeta(req)
    const { teams, defaultTeamId } = await caseloadTeams(ctx, meta)
    const wanted = str(req.query as Body, 'team')
    const teamId = wanted ? optionalUuid(wanted) : defaultTeamId
    if (wanted && !teamId) throw new NotFoundError('team')
    const team = teams.find((t) => t.id === teamId)
    if (teamId && !team) throw new ForbiddenError('scope')
    const workers = teamId ? await teamCaseloads(ctx, meta, teamId) : []
    const statuses = [...new Set(workers.flatMap((w) => Object.keys(w.byStatus)))].sort((a, b) => (a === CO_WORKING ? 1 : b === CO_WORKING ? -1 : a.localeCompare(b)))
    const teamItems = teams.map((t) => ({ value: t.id, text: `${t.name} (${t.serviceName})`, selected: t.id === teamId }))
    return render(req, reply, 'allocation/caseloads.njk', { team, teams, teamItems, workers, statuses, chart: caseloadChartSvg(workers), canChangeLimits: can(meta.actor, 'allocation:manage'), ...views })
  })
}
