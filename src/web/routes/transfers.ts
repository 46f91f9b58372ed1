import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { acceptTransfer, declineTransfer, withdrawTransfer } from '../../app/transfers/decideTransfer.ts'
import { proposeTransfer, transferForm } from '../../app/transfers/proposeTransfer.ts'
import { transfersOverview, viewTransfer } from '../../app/transfers/viewTransfers.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { describeWait, TRANSFER_STATUS } from '../../domain/transfers/transfer.ts'
import { parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const idParam = (req: FastifyRequest, what: string): string => {
  const p = uuid.safeParse((req.params as { id?: string }).id)
  if (!p.success) throw new NotFoundError(what)
  return p.data
}
const version = (b: Body): number | undefined => {
  const n = Number.parseInt(str(b, 'version') ?? '', 10)
  return Number.isInteger(n) ? n : undefined
}
// A transfer summary may be 10,000 characters; the form allows a little more so the domain gives the message.
const body = (req: FastifyRequest): Body => parseBody(req, 12_000)
const views = { describeWait, TRANSFER_STATUS }

/** What was posted, for showing back on the form when the body itself was refused (an over-long answer). */
const rawValues = (req: FastifyRequest): Body =>
  Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).slice(0, 12_000)]))

export const transfersRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  // ---------------------------------------------------------------- propose
  const showForm = async (req: FastifyRequest, reply: FastifyReply, personId: string, extra: Record<string, unknown>, status = 200) => {
    const meta = requestMeta(req)
    const data = await transferForm(ctx, meta, personId)
    const teamItems = [{ value: '', text: 'Select a team' }, ...data.teams.map((t) => ({ value: t.id, text: `${t.name} (${t.serviceName})` }))]
    return render(req, reply, 'transfers/propose.njk', { ...data, teamItems, values: {}, ...extra }, status)
  }

  app.get('/people/:id/transfer/new', async (req, reply) => {
    const personId = idParam(req, 'person')
    const meta = requestMeta(req)
    const formKey = `/people/${personId}/transfer/new`
    // Drafts are kept only for records the author can open; a child waiting in the team's queue (no
    // open allocation) may be transferable yet not openable, so the form then simply has no draft.
    const draft = await loadDraft(ctx, meta, formKey).catch((e: unknown) => {
      if (e instanceof ForbiddenError) return undefined
      throw e
    })
    return showForm(req, reply, personId, { values: draft?.data ?? {}, draftRestoredAt: draft?.savedAt })
  })

  app.post('/people/:id/transfer', async (req, reply) => {
    const personId = idParam(req, 'person')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = body(req)
      const out = await proposeTransfer(ctx, meta, personId, { toTeamId: str(b, 'toTeamId'), summary: str(b, 'summary') })
      await clearDraft(ctx, meta, `/people/${personId}/transfer/new`)
      return reply.redirect(`/transfers/${out.id}?proposed=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: e.field, message: e.message }]
        return showForm(req, reply, personId, { values: Object.keys(b).length ? b : rawValues(req), ...formErrors(errors) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- lists
  app.get('/transfers', async (req, reply) => {
    const overview = await transfersOverview(ctx, requestMeta(req))
    return render(req, reply, 'transfers/list.njk', { ...overview, ...views })
  })

  // ---------------------------------------------------------------- one transfer
  const showTransfer = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) => {
    const id = idParam(req, 'transfer')
    const view = await viewTransfer(ctx, requestMeta(req), id)
    const q = req.query as Body
    const banner = str(q, 'proposed') ? 'proposed' : str(q, 'accepted') ? 'accepted' : str(q, 'declined') ? 'declined' : str(q, 'withdrawn') ? 'withdrawn' : null
    return render(req, reply, 'transfers/transfer.njk', { ...view, banner, values: {}, ...views, ...extra }, status)
  }

  app.get('/transfers/:id', async (req, reply) => showTransfer(req, reply))

  const decide = (action: 'accept' | 'decline' | 'withdraw', reasonsField: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const id = idParam(req, 'transfer')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = body(req)
      const input = { version: version(b), reasons: str(b, reasonsField) }
      if (action === 'accept') await acceptTransfer(ctx, meta, id, input)
      else if (action === 'decline') await declineTransfer(ctx, meta, id, input)
      else await withdrawTransfer(ctx, meta, id, input)
      return reply.redirect(`/transfers/${id}?${action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'withdrawn'}=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: reasonsField, message: e.message }]
        return showTransfer(req, reply, { values: Object.keys(b).length ? b : rawValues(req), ...formErrors(errors) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  }
  app.post('/transfers/:id/accept', decide('accept', 'acceptReasons'))
  app.post('/transfers/:id/decline', decide('decline', 'declineReasons'))
  app.post('/transfers/:id/withdraw', decide('withdraw', 'withdraw'))
}
