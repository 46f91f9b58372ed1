/**
 * The web front end's security behaviour, as a person (or an attacker) at the browser would notice it:
 * sign-in and lockout, sessions and their idle timeout, CSRF, headers, body limits, and what happens when
 * the database is down. Every request goes through the real Fastify server with `app.inject`.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import { connect, type Database } from '../../src/db/database.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { MAX_FAILED_SIGN_INS } from '../../src/app/auth/signIn.ts'
import { TEST_PASSWORD, csrfFrom, form, postForm, signIn, testDatabase, testServer, uniqueFamilyName, type Session } from '../helpers/harness.ts'

const database = testDatabase()
let app: FastifyInstance

before(async () => {
  app = await testServer(database)
})
after(async () => {
  await app.close()
  await database.close()
})

// ------------------------------------------------------------------ helpers

const setCookies = (res: LightMyRequestResponse): string[] => {
  const h = res.headers['set-cookie']
  return Array.isArray(h) ? h : h ? [h] : []
}
const cookiePairs = (res: LightMyRequestResponse): string => setCookies(res).map((c) => c.split(';')[0] ?? '').join('; ')

/** What a browser does before signing in: load the sign-in page, keep its cookie and hidden `_csrf`. */
async function openSignInPage(server: FastifyInstance): Promise<{ cookie: string; csrf: string }> {
  const page = await server.inject({ method: 'GET', url: '/sign-in' })
  assert.equal(page.statusCode, 200)
  return { cookie: cookiePairs(page), csrf: csrfFrom(page.body) }
}

async function postSignIn(server: FastifyInstance, pre: { cookie: string; csrf: string }, fields: Record<string, string>) {
  return server.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: pre.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: pre.csrf, ...fields }),
  })
}

const get = (server: FastifyInstance, url: string, s?: Session) => server.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} })

/** A user of our own, so locking it out cannot disturb any other test. */
async function throwawayUser(password: string): Promise<string> {
  const username = `lockout-${randomUUID().slice(0, 8)}`
  await insertUser(database.db, { username, displayName: 'Lockout Test', passwordHash: await hash(password), role: 'front_door_worker', scope: 'council' })
  return username
}

const personCount = async (familyName: string): Promise<number> =>
  ((await database.db.execute(sql`select count(*)::int as n from person where family_name = ${familyName}`)).rows[0] as { n: number }).n

const PERSON_FORM = { givenNames: 'Ada', isUnborn: 'no', 'dateOfBirth-day': '9', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2017', sex: 'F', interpreterNeeded: 'no', confirmedNotDuplicate: 'yes' }

// ------------------------------------------------------------------ tests

describe('without a session', () => {
  const id = randomUUID()
  const pages = ['/', '/people', '/people?name=Ashworth', '/people/new', `/people/${id}`, `/people/${id}/edit`, `/people/${id}/address`, `/people/${id}/relationships/new`, `/people/${id}/record-access`]

  for (const url of pages) {
    it(`GET ${url} redirects to the sign-in page, remembering where the user was going`, async () => {
      const res = await get(app, url)
      assert.equal(res.statusCode, 302)
      assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent(url)}`)
    })
  }

  it('every form POST redirects to sign-in and does nothing', async () => {
    for (const url of ['/people', `/people/${id}/edit`, `/people/${id}/address`, `/people/${id}/relationships`, '/sign-out', '/session/keep-alive']) {
      const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ givenNames: 'X' }) })
      assert.equal(res.statusCode, 302, url)
      assert.equal(res.headers.location, '/sign-in', url)
    }
  })

  it('the JSON API answers 401 rather than redirecting', async () => {
    const res = await get(app, '/api/v1/people?name=Ashworth')
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().code, 'unauthenticated')
  })

  it('signing in from the redirect returns the user to the page they asked for, and never off-site', async () => {
    const page = await get(app, '/sign-in?returnTo=%2Fpeople%2Fnew')
    assert.match(page.body, /name="returnTo" value="\/people\/new"/)
    const pre = { cookie: cookiePairs(page), csrf: csrfFrom(page.body) }
    const res = await postSignIn(app, pre, { username: 'frontdoor', password: TEST_PASSWORD, returnTo: '/people/new' })
    assert.equal(res.statusCode, 302)
    assert.equal(res.headers.location, '/people/new')

    for (const evil of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const pre2 = await openSignInPage(app)
      const r = await postSignIn(app, pre2, { username: 'frontdoor', password: TEST_PASSWORD, returnTo: evil })
      assert.equal(r.statusCode, 302)
      assert.equal(r.headers.location, '/', `returnTo ${evil}`)
    }
  })

  it('GET /health is public and reports the database', async () => {
    const res = await get(app, '/health')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /application\/json/)
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.deepEqual(res.json(), { status: 'ok', database: { kind: process.env.HARBOUR_TEST_DB_KIND, ok: true } })
  })

  it('an unknown address shows the GOV.UK "Page not found" page, signed in or not', async () => {
    const res = await get(app, '/no-such-page')
    assert.equal(res.statusCode, 404)
    assert.match(String(res.headers['content-type']), /text\/html/)
    assert.match(res.body, /<h1 class="govuk-heading-l">Page not found<\/h1>/)
    assert.match(res.body, /<title>Page not found – Harbour<\/title>/)

    const s = await signIn(app, 'frontdoor')
    const signedIn = await get(app, '/people/x/y/z', s)
    assert.equal(signedIn.statusCode, 404)
    assert.match(signedIn.body, /Page not found/)
  })
})

describe('when the database is down', () => {
  let down: Database
  let downApp: FastifyInstance
  before(async () => {
    // Nothing listens on port 1: every connection is refused at once.
    down = connect('postgres://postgres@127.0.0.1:1/none', 'postgres')
    downApp = await testServer(down)
  })
  after(async () => {
    await downApp.close()
    await down.close()
  })

  it('/health answers 503 unavailable', async () => {
    const res = await get(downApp, '/health')
    assert.equal(res.statusCode, 503)
    assert.equal(res.json().status, 'unavailable')
    assert.equal(res.json().database.ok, false)
  })

  it('the sign-in page still shows (it needs no database)', async () => {
    const res = await get(downApp, '/sign-in')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /Sign in to Harbour/)
  })

  it('signing in shows "Sorry, the service is unavailable" (503), not a 500', async () => {
    const pre = await openSignInPage(downApp)
    const res = await postSignIn(downApp, pre, { username: 'frontdoor', password: TEST_PASSWORD, returnTo: '/' })
    assert.equal(res.statusCode, 503)
    assert.match(res.body, /Sorry, the service is unavailable/)
    assert.doesNotMatch(res.body, /problem with the service/)
  })

  it('a page opened with an existing session cookie shows the unavailable page (503), not a 500', async () => {
    const res = await downApp.inject({ method: 'GET', url: '/people', headers: { cookie: 'harbour_session=some-session-token' } })
    assert.equal(res.statusCode, 503)
    assert.match(res.body, /Sorry, the service is unavailable/)
  })
})

describe('CSRF protection', () => {
  it('a form with a forged or missing _csrf is refused (403) and nothing is stored', async () => {
    const s = await signIn(app, 'frontdoor')
    const familyName = uniqueFamilyName('Csrfcheck')
    const forged = await postForm(app, { cookie: s.cookie, csrf: 'forged-token-forged-token-forged' }, '/people', { ...PERSON_FORM, familyName })
    assert.equal(forged.statusCode, 403)
    assert.match(forged.body, /Your form could not be sent/)

    const missing = await app.inject({
      method: 'POST',
      url: '/people',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ ...PERSON_FORM, familyName }),
    })
    assert.equal(missing.statusCode, 403)
    assert.match(missing.body, /Your form could not be sent/)

    // Another user's perfectly valid token is still the wrong token for this session.
    const other = await signIn(app, 'edt')
    const crossed = await postForm(app, { cookie: s.cookie, csrf: other.csrf }, '/people', { ...PERSON_FORM, familyName })
    assert.equal(crossed.statusCode, 403)

    const search = await get(app, `/people?name=${encodeURIComponent(`Ada ${familyName}`)}`, s)
    assert.equal(search.statusCode, 200)
    assert.doesNotMatch(search.body, new RegExp(`>Ada ${familyName}</a>`))
    assert.equal(await personCount(familyName), 0)

    // The same form with the session's real token works, so the refusals above were the token's doing.
    const ok = await postForm(app, s, '/people', { ...PERSON_FORM, familyName })
    assert.equal(ok.statusCode, 302)
    assert.equal(await personCount(familyName), 1)
  })

  it('an amendment with a forged token changes nothing', async () => {
    const s = await signIn(app, 'frontdoor')
    const familyName = uniqueFamilyName('Csrfamend')
    const created = await postForm(app, s, '/people', { ...PERSON_FORM, familyName })
    assert.equal(created.statusCode, 302)
    const id = /^\/people\/([0-9a-f-]{36})\?created=1$/.exec(String(created.headers.location))?.[1]
    assert.ok(id)
    const res = await postForm(app, { cookie: s.cookie, csrf: 'x'.repeat(32) }, `/people/${id}/edit`, { ...PERSON_FORM, familyName, religion: 'Forged', version: '1' })
    assert.equal(res.statusCode, 403)
    const page = await get(app, `/people/${id}`, s)
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /Forged/)
  })

  it('the sign-in form is protected too: no token, or a token not matching the cookie, is refused', async () => {
    const pre = await openSignInPage(app)
    const none = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: pre.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ username: 'frontdoor', password: TEST_PASSWORD }),
    })
    assert.equal(none.statusCode, 403)
    assert.match(none.body, /Your form could not be sent/)
    assert.ok(!setCookies(none).some((c) => c.startsWith('harbour_session=')), 'no session was started')

    const wrong = await postSignIn(app, { cookie: pre.cookie, csrf: 'a'.repeat(32) }, { username: 'frontdoor', password: TEST_PASSWORD })
    assert.equal(wrong.statusCode, 403)
    const noCookie = await postSignIn(app, { cookie: '', csrf: pre.csrf }, { username: 'frontdoor', password: TEST_PASSWORD })
    assert.equal(noCookie.statusCode, 403)
  })
})

describe('signing in', () => {
  it('a wrong password is refused (401) with the GOV.UK error summary', async () => {
    const username = await throwawayUser('the-right-password')
    const pre = await openSignInPage(app)
    const res = await postSignIn(app, pre, { username, password: 'not-the-password' })
    assert.equal(res.statusCode, 401)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(res.body, /The user name or password is not right/)
    assert.match(res.body, /<title>Error: Sign in – Harbour<\/title>/)
    assert.ok(!setCookies(res).some((c) => c.startsWith('harbour_session=')))
    // The same words for an unknown user name, so the page does not reveal which user names exist.
    const unknown = await postSignIn(app, pre, { username: `nobody-${randomUUID()}`, password: 'whatever' })
    assert.equal(unknown.statusCode, 401)
    assert.match(unknown.body, /The user name or password is not right/)
  })

  it('blank fields are refused (400), naming the field', async () => {
    const pre = await openSignInPage(app)
    const noName = await postSignIn(app, pre, { username: '  ', password: 'x' })
    assert.equal(noName.statusCode, 400)
    assert.match(noName.body, /<a href="#username">Enter your user name<\/a>/)
    const noPassword = await postSignIn(app, pre, { username: 'frontdoor', password: '' })
    assert.equal(noPassword.statusCode, 400)
    assert.match(noPassword.body, /<a href="#password">Enter your password<\/a>/)
    assert.match(noPassword.body, /name="username"[^>]*value="frontdoor"/, 'the user name typed is kept')
  })

  it(`${MAX_FAILED_SIGN_INS} wrong passwords lock the account (423), and then even the right password is refused`, async () => {
    const password = 'right-password-for-lockout'
    const username = await throwawayUser(password)
    const pre = await openSignInPage(app)
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      const res = await postSignIn(app, pre, { username, password: `wrong-${i}` })
      assert.equal(res.statusCode, 401, `attempt ${i}`)
    }
    const fifth = await postSignIn(app, pre, { username, password: 'wrong-5' })
    assert.equal(fifth.statusCode, 423)
    assert.match(fifth.body, /locked/)
    const right = await postSignIn(app, pre, { username, password })
    assert.equal(right.statusCode, 423)
    assert.match(right.body, /This account is locked for 15 minutes/)
    assert.ok(!setCookies(right).some((c) => c.startsWith('harbour_session=')), 'a locked account gets no session')
  })

  it('a few wrong passwords and then the right one signs in and resets the count', async () => {
    const password = 'right-password-for-reset'
    const username = await throwawayUser(password)
    const pre = await openSignInPage(app)
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) assert.equal((await postSignIn(app, pre, { username, password: 'wrong' })).statusCode, 401)
    assert.equal((await postSignIn(app, pre, { username, password })).statusCode, 302)
    // The count starts again: another four wrong passwords do not lock the account.
    const pre2 = await openSignInPage(app)
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) assert.equal((await postSignIn(app, pre2, { username, password: 'wrong' })).statusCode, 401)
    assert.equal((await postSignIn(app, pre2, { username, password })).statusCode, 302)
  })

  it('the rate limit refuses the 4th sign-in in a minute when set to 3 (429)', async () => {
    const limited = await testServer(database, { signInRateLimit: 3 })
    try {
      const pre = await openSignInPage(limited)
      const username = `nobody-${randomUUID()}`
      for (let i = 1; i <= 3; i++) assert.equal((await postSignIn(limited, pre, { username, password: 'x' })).statusCode, 401, `attempt ${i}`)
      const fourth = await postSignIn(limited, pre, { username: 'frontdoor', password: TEST_PASSWORD })
      assert.equal(fourth.statusCode, 429)
      assert.match(fourth.body, /Too many attempts/)
      assert.ok(!setCookies(fourth).some((c) => c.startsWith('harbour_session=')), 'even the right password is not let in')
      // The page itself is not rate limited.
      assert.equal((await get(limited, '/sign-in')).statusCode, 200)
    } finally {
      await limited.close()
    }
  })
})

describe('sessions', () => {
  it('signing out ends the session: the old cookie no longer works', async () => {
    const s = await signIn(app, 'frontdoor')
    assert.equal((await get(app, '/people', s)).statusCode, 200)
    const out = await postForm(app, s, '/sign-out', {})
    assert.equal(out.statusCode, 302)
    assert.equal(out.headers.location, '/sign-in?signedOut=1')
    assert.ok(setCookies(out).some((c) => /^harbour_session=;/.test(c)), 'the cookie is cleared')
    const after = await get(app, '/people', s)
    assert.equal(after.statusCode, 302)
    assert.match(String(after.headers.location), /^\/sign-in\?/)
    const page = await get(app, '/sign-in?signedOut=1')
    assert.match(page.body, /You have signed out/)
  })

  it('after 31 idle minutes the next request goes to sign-in, saying why', async () => {
    let clock = new Date()
    const timed = await testServer(database, { now: () => clock, idleTimeoutMinutes: 30 })
    try {
      const s = await signIn(timed, 'frontdoor')
      assert.equal((await get(timed, '/people', s)).statusCode, 200)
      clock = new Date(clock.getTime() + 31 * 60_000)
      const res = await get(timed, '/people', s)
      assert.equal(res.statusCode, 302)
      assert.equal(res.headers.location, '/sign-in?returnTo=%2Fpeople&expired=1')
      const page = await get(timed, String(res.headers.location))
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /You were signed out because you had not used Harbour for a while/)
    } finally {
      await timed.close()
    }
  })

  it('using Harbour slides the idle timeout forward', async () => {
    let clock = new Date()
    const timed = await testServer(database, { now: () => clock, idleTimeoutMinutes: 30 })
    try {
      const s = await signIn(timed, 'frontdoor')
      clock = new Date(clock.getTime() + 29 * 60_000)
      assert.equal((await get(timed, '/people', s)).statusCode, 200, 'still signed in after 29 minutes')
      clock = new Date(clock.getTime() + 29 * 60_000)
      assert.equal((await get(timed, '/people', s)).statusCode, 200, '58 minutes after sign-in, but only 29 idle')
      clock = new Date(clock.getTime() + 31 * 60_000)
      const res = await get(timed, '/', s)
      assert.equal(res.statusCode, 302)
      assert.equal(res.headers.location, '/sign-in?returnTo=%2F&expired=1')
    } finally {
      await timed.close()
    }
  })
})

describe('headers and cookies', () => {
  it('every page carries a CSP whose nonce matches the inline script, fresh on each response', async () => {
    const nonces: string[] = []
    for (let i = 0; i < 2; i++) {
      const res = await get(app, '/sign-in')
      const csp = String(res.headers['content-security-policy'] ?? '')
      assert.ok(csp, 'a Content-Security-Policy header')
      assert.match(csp, /default-src 'self'/)
      assert.match(csp, /frame-ancestors 'none'/)
      const nonce = /<script nonce="([^"]+)">/.exec(res.body)?.[1]
      assert.ok(nonce, 'the inline script has a nonce')
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? ''
      assert.ok(scriptSrc.includes(`'nonce-${nonce}'`), `script-src allows the page's nonce: ${scriptSrc}`)
      assert.doesNotMatch(scriptSrc, /'unsafe-inline'/)
      nonces.push(nonce)
    }
    assert.notEqual(nonces[0], nonces[1])
  })

  it('a signed-in page has the same protection', async () => {
    const s = await signIn(app, 'frontdoor')
    const res = await get(app, '/people', s)
    const nonce = /<script nonce="([^"]+)">/.exec(res.body)?.[1]
    assert.ok(nonce)
    assert.ok(String(res.headers['content-security-policy']).includes(`'nonce-${nonce}'`))
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
  })

  it('cookies are HttpOnly and SameSite=Lax', async () => {
    const page = await get(app, '/sign-in')
    const pre = setCookies(page).find((c) => c.startsWith('harbour_pre_csrf='))
    assert.ok(pre)
    assert.match(pre, /; HttpOnly/)
    assert.match(pre, /; SameSite=Lax/)

    const res = await postSignIn(app, { cookie: cookiePairs(page), csrf: csrfFrom(page.body) }, { username: 'frontdoor', password: TEST_PASSWORD })
    assert.equal(res.statusCode, 302)
    const session = setCookies(res).find((c) => c.startsWith('harbour_session='))
    assert.ok(session)
    assert.match(session, /; HttpOnly/)
    assert.match(session, /; SameSite=Lax/)
    assert.match(session, /; Path=\//)
  })
})

describe('request bodies', () => {
  it('a 20 MB form is refused with 413 and a page saying so, not a 500', async () => {
    const s = await signIn(app, 'frontdoor')
    const familyName = uniqueFamilyName('Hugebody')
    const res = await app.inject({
      method: 'POST',
      url: '/people',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${form({ _csrf: s.csrf, ...PERSON_FORM, familyName })}&religion=${'a'.repeat(20 * 1024 * 1024)}`,
    })
    assert.equal(res.statusCode, 413)
    assert.match(String(res.headers['content-type']), /text\/html/)
    assert.match(res.body, /too large/)
    assert.equal(await personCount(familyName), 0)
  })
})
