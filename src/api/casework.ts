/**
 * The JSON API for casework (read-only so far): a child's assessments with due dates and RAG.
 * Same use cases, access rules and audit as the web pages; described in ./openapi.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { listPersonAssessments, type AssessmentListItem } from '../app/assessments/viewAssessment.ts'
import { NotFoundError, type AppContext } from '../app/context.ts'
import { childDataQuality } from '../app/returns/dataQuality.ts'
import { requestMeta } from '../web/session.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function personId(req: FastifyRequest): string {
  const id = (req.params as { id?: unknown }).id
  if (typeof id !== 'string' || !UUID.test(id)) throw new NotFoundError('person')
  return id.toLowerCase()
}

export function presentAssessment(a: AssessmentListItem) {
  const open = a.status !== 'authorised'
  return {
    id: a.id,
    assessmentRef: a.assessmentRef,
    referralRef: a.referralRef,
    kind: a.kind,
    framework: a.framework,
    status: a.status,
    startDate: a.startDate,
    dueDate: a.dueDate,
    workingDaysLeft: open && a.clock ? a.clock.workingDaysLeft : null,
    rag: open && a.clock ? a.clock.rag : null,
    workerName: a.workerName,
    teamName: a.teamName,
    outcome: a.outcome,
    completedOn: a.completedOn,
    inTimescale: a.inTimescale,
  }
}

export const caseworkApiRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/people/:id/data-quality', async (req) => {
    const dq = await childDataQuality(ctx, requestMeta(req), personId(req), { audit: true })
    return {
      checkedOn: dq.checkedOn,
      data: dq.issues.map((i) => ({ rule: i.rule, severity: i.severity, field: i.field, message: i.message, referralRef: i.referralRef, firstSeenOn: i.firstSeenOn })),
    }
  })

  app.get('/people/:id/assessments', async (req) => {
    const { assessments } = await listPersonAssessments(ctx, requestMeta(req), personId(req))
    return { data: assessments.map(presentAssessment) }
  })
}
