import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { listLimitRules, saveLimitRule, saveWorkerLimit, viewWorkerLimit } from '../../app/allocation/caseloadLimits.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { can } from '../../domain/access/roles.ts'
import { parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Caseload limits: the council's rules by job role, and one worker's newly-qualified flag and own limit. */
export const caseloadLimitsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const showRules = async (req: FastifyRequest, reply: FastifyReply, values: Body, errors: ReturnType<typeof formErrors> | null, status = 200) => {
    const meta = requestMeta(req)
    const { rules, jobRoles } = await listLimitRules(ctx, meta)
    const roleItems = [{ value: '', text: 'Select a job role' }, { value: '*', text: 'Every other job role (the council default)' }, ...jobRoles.map((r) => ({ value: r, text: r }))].map((i) => ({ ...i, selected: i.value === str(values, 'jobRole') }))
    return render(req, reply, 'allocation/limits.njk', { rules, roleItems, values, canConfigure: can(meta.actor, 'caseload:configure'), saved: str(req.query as Body, 'saved') === '1', ...(errors ?? {}) }, status)
  }
  app.get('/caseloads/limits', async (req, reply) => {
    // "Change" on a rule fills the form with its figures, and remembers them to detect a concurrent change.
    const role = str(req.query as Body, 'role')
    const { rules } = await listLimitRules(ctx, requestMeta(req))
    const rule = rules.find((r) => r.jobRole === role)
    const values: Body = rule
      ? { jobRole: rule.jobRole, childrenPerFte: String(rule.childrenPerFte), newlyQualifiedChildrenPerFte: String(rule.newlyQualifiedChildrenPerFte), expectedChildrenPerFte: String(rule.childrenPerFte), expectedNewlyQualifiedChildrenPerFte: String(rule.newlyQualifiedChildrenPerFte) }
      : {}
    return showRules(req, reply, values, null)
  })
  app.post('/caseloads/limits', async (req, reply) => {
    const b = parseBody(req)
    try {
      await saveLimitRule(ctx, requestMeta(req), {
        jobRole: str(b, 'jobRole'),
        childrenPerFte: str(b, 'childrenPerFte'),
        newlyQualifiedChildrenPerFte: str(b, 'newlyQualifiedChildrenPerFte'),
        expectedChildrenPerFte: str(b, 'expectedChildrenPerFte'),
        expectedNewlyQualifiedChildrenPerFte: str(b, 'expectedNewlyQualifiedChildrenPerFte'),
      })
      return reply.redirect('/caseloads/limits?saved=1')
    } catch (e) {
      if (e instanceof ValidationError) return showRules(req, reply, b, formErrors(e.errors, { jobRole: 'jobRole' }), 400)
      if (e instanceof ConflictError) return showRules(req, reply, b, formErrors([{ field: e.field, message: e.message }]), 409)
      throw e
    }
  })

  const workerId = (req: FastifyRequest): string => {
    const id = (req.params as { id?: string }).id ?? ''
    if (!UUID.test(id)) throw new NotFoundError('worker')
    return id.toLowerCase()
  }
  const showWorker = async (req: FastifyRequest, reply: FastifyReply, values: Body | null, errors: ReturnType<typeof formErrors> | null, status = 200) => {
    const worker = await viewWorkerLimit(ctx, requestMeta(req), workerId(req))
    const v = values ?? { newlyQualified: worker.newlyQualified ? 'yes' : 'no', caseloadLimit: worker.caseloadLimit === null ? '' : String(worker.caseloadLimit) }
    return render(req, reply, 'allocation/worker-limit.njk', { worker, values: v, ...(errors ?? {}) }, status)
  }
  app.get('/caseloads/workers/:id', async (req, reply) => showWorker(req, reply, null, null))
  app.post('/caseloads/workers/:id', async (req, reply) => {
    const b = parseBody(req)
    const id = workerId(req)
    try {
      await saveWorkerLimit(ctx, requestMeta(req), id, {
        newlyQualified: str(b, 'newlyQualified'),
        caseloadLimit: str(b, 'caseloadLimit'),
        expectedNewlyQualified: str(b, 'expectedNewlyQualified'),
        expectedCaseloadLimit: typeof b.expectedCaseloadLimit === 'string' ? b.expectedCaseloadLimit : undefined,
      })
      const worker = await viewWorkerLimit(ctx, requestMeta(req), id)
      return reply.redirect(`/caseloads${worker.teamId ? `?team=${worker.teamId}` : ''}`)
    } catch (e) {
      if (e instanceof ValidationError) return showWorker(req, reply, b, formErrors(e.errors, { newlyQualified: 'newlyQualified' }), 400)
      if (e instanceof ConflictError) return showWorker(req, reply, null, formErrors([{ field: e.field, message: e.message }]), 409)
      throw e
    }
  })
}
