import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { connect, type Database, type DatabaseKind } from '../../src/db/database.ts'
import type { AppContext } from '../../src/app/context.ts'
import { buildServer } from '../../src/web/server.ts'
import { loadActor } from '../../src/db/repositories/users.ts'
import type { Actor } from '../../src/domain/access/roles.ts'
import { sql } from 'drizzle-orm'

/** The database `npm test` prepared (migrated, demo council loaded). */
export function testDatabase(): Database {
  const url = process.env.HARBOUR_TEST_DATABASE_URL
  const kind = (process.env.HARBOUR_TEST_DB_KIND ?? 'postgres') as DatabaseKind
  assert.ok(url, 'Run tests with `npm test`, which prepares the database (HARBOUR_TEST_DATABASE_URL is not set)')
  return connect(url, kind)
}

export const TEST_PASSWORD = process.env.HARBOUR_TEST_PASSWORD ?? 'harbour-test-password'

export function testContext(database: Database, now: () => Date = () => new Date()): AppContext {
  return { database, now }
}

export async function testServer(database: Database, opts: { idleTimeoutMinutes?: number; signInRateLimit?: number; now?: () => Date } = {}): Promise<FastifyInstance> {
  return buildServer({
    ctx: testContext(database, opts.now),
    idleTimeoutMinutes: opts.idleTimeoutMinutes ?? 30,
    secureCookies: false,
    logLevel: 'silent',
    signInRateLimit: opts.signInRateLimit ?? 1000,
  })
}

export async function actorFor(database: Database, username: string): Promise<Actor> {
  const row = (await database.db.execute(sql`select id from user_account where username = ${username}`)).rows[0] as { id: string } | undefined
  assert.ok(row, `no user ${username}`)
  const actor = await loadActor(database.db, row.id)
  assert.ok(actor)
  return actor
}

export type Session = { cookie: string; csrf: string }

function cookiesFrom(setCookie: string | string[] | undefined): string[] {
  return (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(';')[0] ?? '')
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html)
  assert.ok(m, 'no CSRF token on the page')
  return m[1] as string
}

/** Signs in through the real sign-in form (with its CSRF token) and returns the session cookie and token. */
export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const page = await app.inject({ method: 'GET', url: '/sign-in' })
  const pre = cookiesFrom(page.headers['set-cookie']).join('; ')
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), username, password, returnTo: '/' }).toString(),
  })
  assert.equal(res.statusCode, 302, `sign-in as ${username} failed: ${res.statusCode}`)
  const cookie = cookiesFrom(res.headers['set-cookie']).filter((c) => c.startsWith('harbour_session=')).join('; ')
  const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } })
  return { cookie, csrf: csrfFrom(home.body) }
}

export function form(data: Record<string, string | string[]>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(data)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
  return p.toString()
}

export async function postForm(app: FastifyInstance, s: Session, url: string, data: Record<string, string | string[]>) {
  return app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: s.csrf, ...data }) })
}

/**
 * A fictional, unique family name so each test's people are its own. Random letters throughout: a shared
 * prefix would make every test person sound alike to the duplicate check (trigrams, Double Metaphone).
 */
export function uniqueFamilyName(_prefix = ''): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const bytes = randomBytes(10)
  let s = ''
  for (const b of bytes) s += letters[b % 26]
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/**
 * A random date of birth (2008–2020) for tests that rely on duplicate detection: likely matches are found by
 * date of birth plus a similar or sound-alike name, so two tests sharing a fixed date could match each other.
 */
export function uniqueDateOfBirth(): string {
  const day = randomBytes(2).readUInt16BE(0) % 4748 // days from 2008-01-01 to 2020-12-31
  return new Date(Date.UTC(2008, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
}

/**
 * A route-test file's set-up: the prepared database, a server started before the tests and closed after,
 * and one sign-in per demo user, kept for the file. `get`/`post` act as that user.
 */
export function routeSuite() {
  const database = testDatabase()
  let server: FastifyInstance | undefined
  const sessions = new Map<string, Session>()
  before(async () => {
    server = await testServer(database)
  })
  after(async () => {
    await server?.close()
    await database.close()
  })
  const app = (): FastifyInstance => {
    if (!server) throw new Error('the route suite’s server has not started')
    return server
  }
  const as = async (username: string): Promise<Session> => {
    let s = sessions.get(username)
    if (!s) sessions.set(username, (s = await signIn(app(), username)))
    return s
  }
  return {
    database,
    app,
    as,
    get: async (username: string, url: string) => app().inject({ method: 'GET', url, headers: { cookie: (await as(username)).cookie } }),
    post: async (username: string, url: string, data: Record<string, string | string[]>) => postForm(app(), await as(username), url, data),
  }
}

