import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { resumeSession } from '../app/auth/signIn.ts'
import { can, type Actor } from '../domain/access/roles.ts'
import type { RequestMeta } from '../app/context.ts'
import type { ServerOptions } from './server.ts'

export const SESSION_COOKIE = 'harbour_session'
export const PRE_SESSION_CSRF_COOKIE = 'harbour_pre_csrf'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
    sessionId: string | null
    csrfToken: string | null
    sessionExpiresAt: Date | null
  }
  interface FastifyContextConfig {
    /** 'public' routes need no session (sign-in, health, assets). Everything else does. */
    access?: 'public'
    /** Do not slide the idle timeout (background polls must not keep a session alive). */
    passive?: boolean
  }
}

export const isApi = (req: FastifyRequest): boolean => req.url.startsWith('/api/')
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  if (!req.actor) throw new Error('requestMeta called without a signed-in actor')
  return { actor: req.actor, ip: req.ip, requestId: String(req.id) }
}

/** A token for forms shown before sign-in (double-submit cookie), so the sign-in form is CSRF-protected too. */
export function preSessionCsrf(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = req.cookies[PRE_SESSION_CSRF_COOKIE]
  if (existing && /^[\w-]{20,}$/.test(existing)) return existing
  const token = randomBytes(24).toString('base64url')
  reply.setCookie(PRE_SESSION_CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure })
  return token
}

export const registerSession = fp(async (app: FastifyInstance, opts: ServerOptions) => {
  app.decorateRequest('actor', null)
  app.decorateRequest('sessionId', null)
  app.decorateRequest('csrfToken', null)
  app.decorateRequest('sessionExpiresAt', null)

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/assets/') || req.url.startsWith('/static/') || req.url === '/health') return
    const token = req.cookies[SESSION_COOKIE]
    if (token) {
      const s = await resumeSession(opts.ctx, token, opts.idleTimeoutMinutes, !req.routeOptions.config?.passive)
      if (s) {
        req.actor = s.actor
        req.sessionId = s.sessionId
        req.csrfToken = s.csrfToken
        req.sessionExpiresAt = s.expiresAt
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' })
      }
    }
    if (req.routeOptions.config?.access === 'public' || !req.routeOptions.url) return
    if (!req.actor) {
      if (isApi(req)) return reply.code(401).send({ code: 'unauthenticated', message: 'Sign in first: this API needs a session' })
      const returnTo = req.method === 'GET' ? `?returnTo=${encodeURIComponent(req.url)}` : ''
      return reply.redirect(`/sign-in${token ? (returnTo ? `${returnTo}&` : '?') + 'expired=1' : returnTo}`)
    }
  })

  // CSRF: every state-changing request must carry the session's token (form field `_csrf`, or the
  // `x-csrf-token` header for the JSON API). Checked after the body is parsed.
  app.addHook('preHandler', async (req, reply) => {
    if (!UNSAFE.has(req.method)) return
    const body = req.body as Record<string, unknown> | undefined
    const sent = (isApi(req) ? req.headers['x-csrf-token'] : body?._csrf) as string | undefined
    const expected = req.actor ? req.csrfToken : req.cookies[PRE_SESSION_CSRF_COOKIE]
    if (typeof sent === 'string' && expected && safeEqual(sent, expected)) return
    req.log.warn({ url: req.url }, 'CSRF token missing or wrong')
    if (isApi(req)) return reply.code(403).send({ code: 'csrf', field: 'x-csrf-token', message: 'The x-csrf-token header is missing or wrong' })
    return reply.code(403).view('errors/csrf.njk', await baseViewData(req, reply))
  })
})

/** Data every page needs: who is signed in, the CSRF token, the CSP nonce, and the idle timeout. */
export async function baseViewData(req: FastifyRequest, reply: FastifyReply): Promise<Record<string, unknown>> {
  return {
    actor: req.actor,
    csrfToken: req.csrfToken,
    cspNonce: reply.cspNonce?.script,
    sessionExpiresAt: req.sessionExpiresAt?.toISOString() ?? null,
    currentPath: req.url.split('?')[0],
    navigation: req.actor ? navigation(req.actor, req.url.split('?')[0] ?? '/') : [],
  }
}

function navigation(actor: Actor, path: string): { href: string; text: string; active: boolean }[] {
  const items = [{ href: '/', text: 'Home', active: path === '/' }]
  if (can(actor, 'person:view')) items.push({ href: '/people', text: 'Search people', active: path.startsWith('/people') && path !== '/people/new' })
  if (can(actor, 'person:create')) items.push({ href: '/people/new', text: 'Add a person', active: path === '/people/new' })
  if (can(actor, 'contact:view')) items.push({ href: '/front-door', text: 'Front door', active: path.startsWith('/front-door') || path.startsWith('/contacts') })
  if (can(actor, 'police-notification:triage')) items.push({ href: '/police-notifications', text: 'Police notifications', active: path.startsWith('/police-notifications') })
  if (can(actor, 'edt-handover:acknowledge')) items.push({ href: '/edt-handover', text: 'Out-of-hours handover', active: path.startsWith('/edt-handover') })
  if (can(actor, 'calendar:manage')) items.push({ href: '/admin/closure-days', text: 'Closure days', active: path.startsWith('/admin/closure-days') })
  if (can(actor, 'worklist:own') && actor.workerId) items.push({ href: '/my-work', text: 'My work', active: path.startsWith('/my-work') })
  if (can(actor, 'supervision:view-own') && !can(actor, 'worklist:team') && actor.workerId) items.push({ href: '/supervision', text: 'Supervision', active: path.startsWith('/supervision') })
  if (can(actor, 'worklist:team')) items.push({ href: '/team', text: 'Team', active: path.startsWith('/team') || path.startsWith('/unallocated') || path.startsWith('/caseloads') || path.startsWith('/transfers') || path.startsWith('/supervision') || path.startsWith('/case-reviews') })
  if (can(actor, 'conference:record')) items.push({ href: '/conferences', text: 'Conferences', active: path.startsWith('/conferences') })
  if (can(actor, 'timeliness:view')) items.push({ href: '/timeliness', text: 'Timeliness', active: path.startsWith('/timeliness') })
  if (can(actor, 'indicators:view')) items.push({ href: '/dashboard', text: 'Dashboard', active: path.startsWith('/dashboard') })
  if (can(actor, 'case-audit:conduct') || can(actor, 'case-audit:moderate') || can(actor, 'audit-programme:manage')) items.push({ href: '/case-audits', text: 'Case audits', active: path.startsWith('/case-audits') || path.startsWith('/audit-tools') || path.startsWith('/audit-learning') })
  if (can(actor, 'data-quality:view')) items.push({ href: '/data-quality', text: 'Data quality', active: path.startsWith('/data-quality') })
  if (can(actor, 'returns:generate')) items.push({ href: '/returns', text: 'Returns', active: path.startsWith('/returns') })
  if (can(actor, 'framework:manage')) items.push({ href: '/admin/frameworks', text: 'Assessment frameworks', active: path.startsWith('/admin/frameworks') })
  if (can(actor, 'partner:refer')) items.push({ href: '/partner/referrals', text: 'Your referrals', active: path.startsWith('/partner') })
  return items
}
