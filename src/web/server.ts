import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifyView from '@fastify/view'
import nunjucks from 'nunjucks'
import type { AppContext } from '../app/context.ts'
import { registerSession } from './session.ts'
import { registerErrorHandling } from './errors.ts'
import { registerFilters } from './filters.ts'
import { healthRoutes } from './routes/health.ts'
import { authRoutes } from './routes/auth.ts'
import { homeRoutes } from './routes/home.ts'
import { peopleRoutes } from './routes/people.ts'
import { draftRoutes } from './routes/drafts.ts'
import { frontDoorRoutes } from './routes/frontDoor.ts'
import { policeNotificationsRoutes } from './routes/policeNotifications.ts'
import { edtHandoverRoutes } from './routes/edtHandover.ts'
import { partnerRoutes } from './routes/partner.ts'
import { adminRoutes } from './routes/admin.ts'
import { assessmentsRoutes } from './routes/assessments.ts'
import { oversightRoutes } from './routes/oversight.ts'
import { worklistsRoutes } from './routes/worklists.ts'
import { timelinessRoutes } from './routes/timeliness.ts'
import { indicatorSettingsRoutes } from './routes/indicatorSettings.ts'
import { returnsRoutes } from './routes/returns.ts'
import { dashboardRoutes } from './routes/dashboard.ts'
import { referralsRoutes } from './routes/referrals.ts'
import { adminFrameworksRoutes } from './routes/adminFrameworks.ts'
import { allocationRoutes } from './routes/allocation.ts'
import { transfersRoutes } from './routes/transfers.ts'
import { supervisionRoutes } from './routes/supervision.ts'
import { caseReviewsRoutes } from './routes/caseReviews.ts'
import { caseloadLimitsRoutes } from './routes/caseloadLimits.ts'
import { section47Routes } from './routes/section47.ts'
import { conferencesRoutes } from './routes/conferences.ts'
import { cinPlansRoutes } from './routes/cinPlans.ts'
import { visitsRoutes } from './routes/visits.ts'
import { planDueRoutes } from './routes/planDue.ts'
import { caseAuditRoutes } from './routes/caseAudit.ts'
import { apiRoutes } from '../api/routes.ts'

export type ServerOptions = {
  ctx: AppContext
  idleTimeoutMinutes: number
  secureCookies: boolean
  logLevel?: string
  /** Sign-in attempts per IP per minute before the rate limit refuses (tests lower it). */
  signInRateLimit?: number
}

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const govukDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')

/** 1 MB is ample for any form or JSON body Harbour takes; larger bodies get 413 with a clear message. */
export const BODY_LIMIT = 1024 * 1024

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    trustProxy: false,
  })

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT })
  await app.register(fastifyRateLimit, { global: false })

  await app.register(fastifyStatic, { root: path.join(govukDist, 'govuk', 'assets'), prefix: '/assets/', decorateReply: false })
  await app.register(fastifyStatic, {
    root: [path.join(govukDist, 'govuk'), path.join(here, 'public')],
    prefix: '/static/',
    allowedPath: (p) => /\.(css|js|mjs|map)$/.test(p),
    decorateReply: false,
  })

  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [path.join(here, 'views'), govukDist],
    options: { autoescape: true, onConfigure: (env: nunjucks.Environment) => registerFilters(env) },
  })

  registerErrorHandling(app)
  await registerSession(app, opts)

  await app.register(healthRoutes(opts.ctx))
  await app.register(authRoutes(opts))
  await app.register(homeRoutes())
  await app.register(peopleRoutes(opts.ctx))
  await app.register(draftRoutes(opts.ctx))
  await app.register(frontDoorRoutes(opts.ctx))
  await app.register(policeNotificationsRoutes(opts.ctx))
  await app.register(edtHandoverRoutes(opts.ctx))
  await app.register(partnerRoutes(opts.ctx))
  await app.register(adminRoutes(opts.ctx))
  await app.register(assessmentsRoutes(opts.ctx))
  await app.register(oversightRoutes(opts.ctx))
  await app.register(worklistsRoutes(opts.ctx))
  await app.register(timelinessRoutes(opts.ctx))
  await app.register(indicatorSettingsRoutes(opts.ctx))
  await app.register(returnsRoutes(opts.ctx))
  await app.register(dashboardRoutes(opts.ctx))
  await app.register(referralsRoutes(opts.ctx))
  await app.register(adminFrameworksRoutes(opts.ctx))
  await app.register(allocationRoutes(opts.ctx))
  await app.register(transfersRoutes(opts.ctx))
  await app.register(supervisionRoutes(opts.ctx))
  await app.register(caseReviewsRoutes(opts.ctx))
  await app.register(caseloadLimitsRoutes(opts.ctx))
  await app.register(section47Routes(opts.ctx))
  await app.register(conferencesRoutes(opts.ctx))
  await app.register(cinPlansRoutes(opts.ctx))
  await app.register(visitsRoutes(opts.ctx))
  await app.register(planDueRoutes(opts.ctx))
  await app.register(caseAuditRoutes(opts.ctx))
  await app.register(apiRoutes(opts.ctx), { prefix: '/api/v1' })
  return app
}
