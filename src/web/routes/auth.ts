import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { signIn, signOut } from '../../app/auth/signIn.ts'
import { PRE_SESSION_CSRF_COOKIE, SESSION_COOKIE, preSessionCsrf } from '../session.ts'
import { formErrors, render } from '../render.ts'
import type { ServerOptions } from '../server.ts'

const signInForm = z.object({
  username: z.string().max(200).default(''),
  password: z.string().max(1000).default(''),
  returnTo: z.string().max(2000).optional(),
})

/** Only same-site paths, so the sign-in page cannot be used to send someone elsewhere. */
const safeReturnTo = (r: string | undefined): string => (r && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/\\') ? r : '/')

export const authRoutes = (opts: ServerOptions) => async (app: FastifyInstance) => {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies }

  app.get('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    if (req.actor) return reply.redirect('/')
    const q = req.query as { returnTo?: string; expired?: string; signedOut?: string }
    const csrf = preSessionCsrf(req, reply, opts.secureCookies)
    return render(req, reply, 'auth/sign-in.njk', { preCsrf: csrf, returnTo: safeReturnTo(q.returnTo), expired: q.expired === '1', signedOut: q.signedOut })
  })

  app.post(
    '/sign-in',
    {
      config: { access: 'public', rateLimit: { max: opts.signInRateLimit ?? 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const parsed = signInForm.safeParse(req.body ?? {})
      const form = parsed.success ? parsed.data : { username: '', password: '', returnTo: '/' }
      const again = async (message: string, field: 'username' | 'password', status: number) => {
        const csrf = req.cookies[PRE_SESSION_CSRF_COOKIE] ?? preSessionCsrf(req, reply, opts.secureCookies)
        return render(req, reply, 'auth/sign-in.njk', { preCsrf: csrf, returnTo: safeReturnTo(form.returnTo), username: form.username, ...formErrors([{ field, message }]) }, status)
      }
      if (!form.username.trim()) return again('Enter your user name', 'username', 400)
      if (!form.password) return again('Enter your password', 'password', 400)
      const outcome = await signIn(opts.ctx, form.username, form.password, opts.idleTimeoutMinutes, req.ip)
      if (outcome.kind === 'locked') {
        return again('This account is locked for 15 minutes after too many wrong passwords. Try again later or ask an administrator.', 'username', 423)
      }
      if (outcome.kind === 'invalid') return again('The user name or password is not right', 'username', 401)
      reply.clearCookie(PRE_SESSION_CSRF_COOKIE, { path: '/' })
      reply.setCookie(SESSION_COOKIE, outcome.token, cookieOptions)
      return reply.redirect(safeReturnTo(form.returnTo))
    },
  )

  app.post('/sign-out', async (req, reply) => {
    const timeout = (req.body as { reason?: string } | undefined)?.reason === 'timeout'
    if (req.actor && req.sessionId) await signOut(opts.ctx, req.sessionId, req.actor, req.ip, timeout ? 'timeout' : 'sign-out')
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect(`/sign-in?signedOut=${timeout ? 'timeout' : '1'}`)
  })

  // Called by the timeout warning's "Stay signed in": any signed-in request slides the idle timeout.
  app.post('/session/keep-alive', async (req, reply) => reply.send({ expiresAt: req.sessionExpiresAt?.toISOString() ?? null }))
}
