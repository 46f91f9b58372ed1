/**
 * The front door in the JSON API (/api/v1/contacts…, /api/v1/people/{id}/chronology), driven as a client
 * would drive it (app.inject): status codes, JSON bodies of the documented shape, headers, and what a later
 * read shows. The database is shared with the other test files, so every child and contact is created
 * here and nothing depends on global counts.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import Fastify, { type FastifyInstance } from 'fastify'
import type { z } from 'zod/v4'
import { signIn, testContext, testDatabase, testServer, uniqueFamilyName, type Session } from '../helpers/harness.ts'
import { apiRoutes } from '../../src/api/routes.ts'
import * as shapes from '../../src/api/schemas.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { londonDate, londonTime } from '../../src/domain/shared/dates.ts'

type QueueJson = z.output<typeof shapes.queueResponse>['data']
type ContactJson = z.output<typeof shapes.contactJson>
type RecordedJson = z.output<typeof shapes.contactRecordedResponse>['data']
type DecisionJson = z.output<typeof shapes.decisionResponse>['data']
type ChronologyEntryJson = z.output<typeof shapes.chronologyEntryJson>
type RecordViewJson = z.output<typeof shapes.recordViewJson>
type FieldError = { field: string; message: string }
type ErrorJson = { code: string; message: string; field?: string; reason?: string; errors?: FieldError[] }
type Json = Record<string, unknown>

const database = testDatabase()
let app: FastifyInstance
before(async () => {
  app = await testServer(database)
})
after(async () => {
  await app.close()
  await database.close()
})

const sessions = new Map<string, Session>()
async function session(username: string): Promise<Session> {
  let s = sessions.get(username)
  if (!s) {
    s = await signIn(app, username)
    sessions.set(username, s)
  }
  return s
}

type CallOptions = {
  /** Who is signed in; no session when left out. */
  as?: string
  /** A JSON body (sent as application/json unless `contentType` says otherwise). */
  body?: unknown
  /** A raw body, sent as is. */
  raw?: string
  contentType?: string
  /** true (default for unsafe methods): send the session's token; false: none; a string: that token. */
  csrf?: boolean | string
}

type Answer<T> = { status: number; headers: Record<string, unknown>; body: string; json: T }

async function call<T = Json>(method: 'GET' | 'POST' | 'PUT', url: string, o: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = {}
  const s = o.as ? await session(o.as) : null
  if (s) headers.cookie = s.cookie
  const csrf = o.csrf ?? method !== 'GET'
  if (csrf === true && s) headers['x-csrf-token'] = s.csrf
  else if (typeof csrf === 'string') headers['x-csrf-token'] = csrf
  let payload: string | undefined
  if (o.raw !== undefined) payload = o.raw
  else if (o.body !== undefined) payload = JSON.stringify(o.body)
  if (payload !== undefined) headers['content-type'] = o.contentType ?? 'application/json'
  const res = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) })
  let json: unknown = undefined
  if (/^application\/json/.test(String(res.headers['content-type'] ?? ''))) json = JSON.parse(res.body)
  return { status: res.statusCode, headers: res.headers, body: res.body, json: json as T }
}

const get = <T = Json>(url: string, as?: string) => call<T>('GET', url, as ? { as } : {})

/** Asserts the status, and that the answer is JSON (never an HTML page or an empty body). */
function expectStatus<T>(res: Answer<T>, status: number, what = ''): T {
  assert.equal(res.status, status, `${what} expected ${status}, got ${res.status}: ${res.body.slice(0, 500)}`)
  assert.match(String(res.headers['content-type'] ?? ''), /^application\/json/, `${what} answer is JSON`)
  return res.json
}

/** Asserts a body has exactly the documented shape: it parses, and parsing drops nothing (no undocumented field). */
function conforms(schema: z.ZodType, value: unknown, what: string): void {
  const r = schema.safeParse(value)
  assert.ok(r.success, `${what} matches the documented shape: ${r.success ? '' : JSON.stringify(r.error.issues).slice(0, 500)}`)
  assert.deepEqual(r.data, value, `${what} has no undocumented fields`)
}

const ERROR_SHAPES: Record<string, z.ZodType> = {
  validation: shapes.validationErrorJson,
  bad_request: shapes.badRequestJson,
  unauthenticated: shapes.unauthenticatedJson,
  forbidden: shapes.forbiddenJson,
  csrf: shapes.csrfJson,
  not_found: shapes.notFoundJson,
  conflict: shapes.conflictJson,
  unsupported_media_type: shapes.unsupportedMediaTypeJson,
}

function expectError(res: Answer<unknown>, status: number, code: string, what = ''): ErrorJson {
  const e = expectStatus(res, status, what) as ErrorJson
  assert.equal(e.code, code, `${what} code`)
  assert.ok(typeof e.message === 'string' && e.message.length > 0, 'a message for people')
  const shape = ERROR_SHAPES[code]
  assert.ok(shape, `${code} is a documented error`)
  conforms(shape, e, `${what} ${code} error`)
  return e
}

const fieldsOf = (e: ErrorJson): string[] => (e.errors ?? []).map((f) => f.field).sort()
const messageFor = (e: ErrorJson, field: string): string => e.errors?.find((f) => f.field === field)?.message ?? ''

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const isInstant = (v: unknown): boolean => typeof v === 'string' && v.endsWith('Z') && !Number.isNaN(Date.parse(v))

// ------------------------------------------------------------------------------------------------ fixtures

type Child = { id: string; personRef: string; givenNames: string; familyName: string }

/** A child recorded through POST /api/v1/people, as the front door would before recording a contact. */
async function createChild(givenNames: string, dateOfBirth = '2016-05-05', familyName = uniqueFamilyName()): Promise<Child> {
  const res = await call<{ data: { id: string; personRef: string } }>('POST', '/api/v1/people', {
    as: 'frontdoor',
    body: { givenNames, familyName, dateOfBirth, sex: 'U', confirmedNotDuplicate: true },
  })
  const { data } = expectStatus(res, 201, 'create child')
  return { ...data, givenNames, familyName }
}

/** Received a few minutes ago, in England. */
function justNow(): { receivedDate: string; receivedTime: string } {
  const t = new Date(Date.now() - 5 * 60_000)
  return { receivedDate: londonDate(t), receivedTime: londonTime(t) }
}

/** A whole, valid contact body about these children; `fields` override. */
function contactBody(childIds: string[], fields: Json = {}): Json {
  return {
    ...justNow(),
    channel: 'phone',
    sourceCode: '3B',
    referrerName: 'Priya Shah',
    referrerAgency: 'Harbourside Health Visiting',
    referrerRole: 'Health visitor',
    referrerPhone: '01632 960001',
    referrerEmail: 'priya.shah@example.org',
    concern: 'Baby not brought to two appointments; home conditions poor at the last visit.',
    parentsAware: 'yes',
    consent: 'given',
    noConsentReason: null,
    immediateSafety: null,
    childIds,
    ...fields,
  }
}

async function recordContact(body: Json, as = 'frontdoor'): Promise<RecordedJson & { location: string }> {
  const res = await call<{ data: RecordedJson }>('POST', '/api/v1/contacts', { as, body })
  const json = expectStatus(res, 201, 'record contact')
  conforms(shapes.contactRecordedResponse, json, 'contact recorded')
  return { ...json.data, location: String(res.headers.location) }
}

async function readContact(id: string, as = 'frontdoor'): Promise<ContactJson> {
  const json = expectStatus(await get<{ data: ContactJson }>(`/api/v1/contacts/${id}`, as), 200, `GET contact as ${as}`)
  conforms(shapes.contactResponse, json, 'contact')
  return json.data
}

async function readQueue(query = '', as = 'frontdoor'): Promise<QueueJson> {
  const json = expectStatus(await get<{ data: QueueJson }>(`/api/v1/contacts${query}`, as), 200, `queue ${query} as ${as}`)
  conforms(shapes.queueResponse, json, 'queue')
  return json.data
}

async function readChronology(personId: string, as = 'frontdoor'): Promise<ChronologyEntryJson[]> {
  const json = expectStatus(await get<{ data: ChronologyEntryJson[] }>(`/api/v1/people/${personId}/chronology`, as), 200, `chronology as ${as}`)
  conforms(shapes.chronologyResponse, json, 'chronology')
  return json.data
}

async function recordViews(personId: string): Promise<RecordViewJson[]> {
  const json = expectStatus(await get<{ data: RecordViewJson[] }>(`/api/v1/people/${personId}/record-access`, 'admin'), 200, 'record-access')
  return json.data
}

async function decide(contactId: string, body: Json, as = 'teammanager'): Promise<DecisionJson> {
  const json = expectStatus(await call<{ data: DecisionJson }>('POST', `/api/v1/contacts/${contactId}/decisions`, { as, body }), 201, `decide as ${as}`)
  conforms(shapes.decisionResponse, json, 'decision')
  return json.data
}

/** The working day `n` working days before today (and today is not counted). */
async function workingDaysAgo(n: number): Promise<string> {
  const calendar = await loadCalendar(database.db)
  return calendar.addWorkingDays(londonDate(new Date()), -n)
}

const FRONT_DOOR_ROUTES = [
  'get /contacts',
  'get /contacts/{id}',
  'get /people/{id}/chronology',
  'post /contacts',
  'post /contacts/{id}/agency-checks',
  'post /contacts/{id}/agency-checks/{checkId}/return',
  'post /contacts/{id}/decisions',
  'post /contacts/{id}/feedback',
  'put /contacts/{id}/screening',
]

// ------------------------------------------------------------------------------------------------

describe('API front door: the OpenAPI document', () => {
  type Operation = { operationId?: string; tags?: string[]; security?: unknown[]; responses?: Record<string, unknown>; parameters?: Json[]; requestBody?: Json }
  type Doc = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

  async function registeredRoutes(): Promise<string[]> {
    const f = Fastify({ logger: false })
    const seen: string[] = []
    f.addHook('onRoute', (r) => {
      for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
        if (m === 'HEAD') continue
        seen.push(`${m.toLowerCase()} ${r.url.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}')}`)
      }
    })
    await f.register(apiRoutes(testContext(database)), { prefix: '/api/v1' })
    await f.ready()
    await f.close()
    return [...new Set(seen)].sort()
  }

  it('documents each front-door route, and the API router registers and serves exactly what is documented', async () => {
    const doc = expectStatus(await get<Doc>('/api/v1/openapi.json'), 200)
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m} ${path}`))
      .sort()
    const registered = await registeredRoutes()
    assert.deepEqual(documented, registered)
    for (const route of FRONT_DOOR_ROUTES) {
      assert.ok(registered.includes(route), `${route} is registered and documented`)
      const [method, path] = route.split(' ') as [string, string]
      assert.ok(app.hasRoute({ method: method.toUpperCase() as 'GET', url: `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}` }), `${route} is served`)
      const op = doc.paths[path]?.[method] as Operation
      assert.deepEqual(op.tags, ['Front door'], `${route} is tagged`)
      assert.ok(op.responses?.['401'] && op.responses['403'], `${route} documents 401 and 403`)
      if (path.includes('{')) assert.ok(op.responses['404'], `${route} documents 404`)
      if (method !== 'get') {
        const schemaRef = JSON.stringify(op.requestBody)
        const name = /#\/components\/schemas\/(\w+)/.exec(schemaRef)?.[1]
        assert.ok(name && doc.components.schemas[name], `${route} body schema ${name} is in the document`)
        assert.ok(op.responses['400'] && op.responses['413'] && op.responses['415'], `${route} documents 400, 413, 415`)
      }
    }
    const decisions = doc.paths['/contacts/{id}/decisions']?.post as Operation
    assert.ok(decisions.responses?.['409'], 'a second decision is documented as 409')
    const screening = doc.paths['/contacts/{id}/screening']?.put as Operation
    assert.ok(screening.responses?.['409'], 'a stale screening is documented as 409')
  })

  it('documents the queue’s query parameters', async () => {
    const doc = expectStatus(await get<Doc>('/api/v1/openapi.json'), 200)
    const op = doc.paths['/contacts']?.get as Operation
    assert.deepEqual((op.parameters ?? []).map((p) => [p.name, p.in, (p.schema as { enum?: string[] }).enum]), [
      ['show', 'query', ['all', 'police', 'edt']],
      ['sort', 'query', ['oldest', 'priority']],
    ])
  })
})

describe('API front door: sessions, CSRF and bodies', () => {
  it('answers 401 JSON without a session', async () => {
    const id = randomUUID()
    for (const [method, url] of [
      ['GET', '/api/v1/contacts'],
      ['POST', '/api/v1/contacts'],
      ['GET', `/api/v1/contacts/${id}`],
      ['PUT', `/api/v1/contacts/${id}/screening`],
      ['POST', `/api/v1/contacts/${id}/decisions`],
      ['GET', `/api/v1/people/${id}/chronology`],
    ] as const) {
      const res = await call(method, url, method === 'GET' ? {} : { body: {} })
      expectError(res, 401, 'unauthenticated', `${method} ${url}`)
    }
  })

  it('refuses an unsafe request without the x-csrf-token header (403) or not sent as JSON (415), recording nothing', async () => {
    const child = await createChild('Csrf')
    const body = contactBody([child.id])
    expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', csrf: false, body }), 403, 'csrf')
    expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', csrf: 'wrong', body }), 403, 'csrf')
    const e = expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', raw: 'concern=x', contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type')
    assert.equal(e.field, 'content-type')
    assert.deepEqual(await readChronology(child.id), [], 'no contact was recorded about the child')
  })

  it('answers with no-store, as the rest of the API does', async () => {
    const res = await get('/api/v1/contacts', 'frontdoor')
    expectStatus(res, 200)
    assert.equal(res.headers['cache-control'], 'no-store')
  })
})

describe('API front door: recording a contact', () => {
  it('answers 201 with a Location that opens the contact, with its children, deadline and chronology', async () => {
    const familyName = uniqueFamilyName()
    const older = await createChild('Ava', '2015-02-02', familyName)
    const younger = await createChild('Ben', '2019-09-09', familyName)
    const when = justNow()
    // Ids in capitals name the same children; a repeated child is one child.
    const out = await recordContact(contactBody([younger.id, older.id.toUpperCase(), younger.id], when))
    assert.match(out.id, UUID)
    assert.match(out.contactRef, /^C\d{6}$/)
    assert.equal(out.location, `/api/v1/contacts/${out.id}`)
    const calendar = await loadCalendar(database.db)
    assert.equal(out.decisionDueDate, calendar.addWorkingDays(when.receivedDate, 1), 'decided within one working day')
    assert.equal(typeof out.outOfHours, 'boolean')

    const res = await get<{ data: ContactJson }>(out.location, 'frontdoor')
    const c = expectStatus(res, 200).data
    conforms(shapes.contactResponse, res.json, 'contact')
    assert.equal(c.id, out.id)
    assert.equal(c.contactRef, out.contactRef)
    assert.ok(isInstant(c.receivedAt))
    assert.equal(londonDate(new Date(c.receivedAt)), when.receivedDate)
    assert.equal(londonTime(new Date(c.receivedAt)), when.receivedTime)
    assert.equal(c.channel, 'phone')
    assert.equal(c.sourceCode, '3B')
    assert.equal(c.referrerName, 'Priya Shah')
    assert.equal(c.referrerAgency, 'Harbourside Health Visiting')
    assert.equal(c.referrerEmail, 'priya.shah@example.org')
    assert.match(c.concern, /^Baby not brought/)
    assert.equal(c.parentsAware, 'yes')
    assert.equal(c.consent, 'given')
    assert.equal(c.noConsentReason, null)
    assert.equal(c.thresholdLevel, null)
    assert.equal(c.rag, null)
    assert.equal(c.screenedAt, null)
    assert.equal(c.decidedAt, null)
    assert.equal(c.decisionDueDate, out.decisionDueDate)
    assert.equal(c.outOfHours, out.outOfHours)
    assert.equal(c.submittedByPartner, false)
    assert.equal(c.createdByName, 'Hannah Mensah')
    assert.ok(isInstant(c.createdAt))
    assert.ok(Number.isInteger(c.version))
    assert.deepEqual(c.timeliness, { state: 'not-due', workingDaysWaiting: 0 })
    assert.deepEqual(
      c.children.map((x) => [x.personId, x.personRef, x.name, x.dateOfBirth, x.decision]),
      [
        [older.id, older.personRef, `Ava ${familyName}`, '2015-02-02', null],
        [younger.id, younger.personRef, `Ben ${familyName}`, '2019-09-09', null],
      ],
      'two children, eldest first, undecided',
    )
    assert.deepEqual(c.children[0]?.history, { openReferral: null, referrals: [], previousContacts: [], allocatedWorkers: [] })
    assert.deepEqual(c.checks, [])
    assert.deepEqual(c.feedback, [])

    for (const child of [older, younger]) {
      const entries = await readChronology(child.id)
      assert.equal(entries.length, 1)
      assert.equal(entries[0]?.kind, 'contact')
      assert.equal(entries[0]?.sourceType, 'contact')
      assert.equal(entries[0]?.sourceId, out.id)
      assert.equal(entries[0]?.occurredAt, c.receivedAt)
      assert.equal(entries[0]?.recordedByName, 'Hannah Mensah')
      assert.match(entries[0]?.summary ?? '', new RegExp(`^Contact ${out.contactRef} received from Health – health visitor \\(Harbourside Health Visiting\\)`))
    }
  })

  it('names the fields at fault with 400: missing childIds, a time in the future, an unknown source', async () => {
    const child = await createChild('Cal')
    const missing = { ...contactBody([child.id]) }
    delete missing.childIds
    const e1 = expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: missing }), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['childIds'])
    assert.match(messageFor(e1, 'childIds'), /required/)

    const e2 = expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: contactBody([]) }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['childIds'])
    assert.match(messageFor(e2, 'childIds'), /at least one child/)

    const soon = new Date(Date.now() + 2 * 60 * 60_000)
    const e3 = expectError(
      await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: contactBody([child.id], { receivedDate: londonDate(soon), receivedTime: londonTime(soon) }) }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e3), ['receivedDate'])
    assert.match(messageFor(e3, 'receivedDate'), /cannot be in the future/)

    const e4 = expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: contactBody([child.id], { sourceCode: '99' }) }), 400, 'validation')
    assert.deepEqual(fieldsOf(e4), ['sourceCode'])
    assert.match(messageFor(e4, 'sourceCode'), /Must be one of: .*3B/)

    // What the values mean, all at once: a time that is not a time, no reason for going without consent, no referrer.
    const e5 = expectError(
      await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: contactBody([child.id], { receivedTime: '25:61', consent: 'not_given', referrerName: null, referrerEmail: 'not-an-email' }) }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e5), ['noConsentReason', 'receivedTime', 'referrerEmail', 'referrerName'])
    assert.deepEqual(await readChronology(child.id), [], 'nothing recorded')
  })

  it('refuses a body of the wrong shape with 400 naming each field, never 500', async () => {
    const child = await createChild('Dee')
    const e = expectError(
      await call('POST', '/api/v1/contacts', {
        as: 'frontdoor',
        body: contactBody([child.id, 'P000001'], { channel: 'pigeon', concern: 42, parentsAware: true, urgent: true, immediateSafety: 'x'.repeat(25_000) }),
      }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e), ['channel', 'childIds[1]', 'concern', 'immediateSafety', 'parentsAware', 'urgent'])
    assert.match(messageFor(e, 'childIds[1]'), /UUID/)
    assert.match(messageFor(e, 'concern'), /text/)
    assert.match(messageFor(e, 'urgent'), /not part of this request/)
    for (const raw of ['[]', 'null', '"text"']) {
      const e2 = expectStatus(await call('POST', '/api/v1/contacts', { as: 'frontdoor', raw }), 400, `body ${raw}`) as ErrorJson
      assert.ok(['validation', 'bad_request'].includes(e2.code), `code ${e2.code}`)
    }
    expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', raw: '{"childIds": [' }), 400, 'bad_request')
    assert.deepEqual(await readChronology(child.id), [])
  })

  it('refuses a child who is not in the person index, or an adult, naming childIds', async () => {
    const e1 = expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: contactBody([randomUUID()]) }), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['childIds'])
    assert.match(messageFor(e1, 'childIds'), /not in the person index/)
    const adult = await createChild('Eve', '1990-01-01')
    const e2 = expectError(await call('POST', '/api/v1/contacts', { as: 'frontdoor', body: contactBody([adult.id]) }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['childIds'])
    assert.match(messageFor(e2, 'childIds'), /adult/)
    assert.deepEqual(await readChronology(adult.id), [])
  })

  it('refuses the partner role with 403 whatever the body, and lets a social worker record', async () => {
    const child = await createChild('Fin')
    const e = expectError(await call('POST', '/api/v1/contacts', { as: 'partner', body: contactBody([child.id]) }), 403, 'forbidden')
    assert.equal(e.reason, 'role')
    expectError(await call('POST', '/api/v1/contacts', { as: 'partner', body: { nonsense: true } }), 403, 'forbidden')
    assert.deepEqual(await readChronology(child.id), [])
    const out = await recordContact(contactBody([child.id]), 'socialworker')
    assert.equal((await readContact(out.id)).createdByName, 'Sam Okafor')
  })
})

describe('API front door: the queue', () => {
  it('lists undecided contacts with a summary, filtered by police or out of hours, sorted oldest first or by priority', async () => {
    const yesterday = await workingDaysAgo(1)
    const phone = await recordContact(contactBody([(await createChild('Gus')).id]))
    const police = await recordContact(contactBody([(await createChild('Hal')).id], { receivedDate: yesterday, receivedTime: '10:00', channel: 'police_notification', sourceCode: '6', referrerName: 'PC Dawson' }))
    const edt = await recordContact(contactBody([(await createChild('Ivy')).id], { receivedDate: yesterday, receivedTime: '22:30', channel: 'edt', sourceCode: '6', referrerName: 'PC Dawson' }))
    assert.equal(police.outOfHours, false, 'received at 10:00 on a working day')
    assert.equal(edt.outOfHours, true)
    const v = (await readContact(phone.id)).version
    expectStatus(await call('PUT', `/api/v1/contacts/${phone.id}/screening`, { as: 'frontdoor', body: { version: v, thresholdLevel: '4', rag: 'red', screeningNotes: null } }), 200)

    const all = await readQueue()
    assert.ok(all.summary.total >= 3)
    assert.equal(all.contacts.length, Math.min(all.summary.total, 200))
    assert.ok(all.summary.overdue >= 0 && all.summary.overdue <= all.summary.total)
    assert.ok(isInstant(all.summary.oldestReceivedAt))
    const received = all.contacts.map((c) => Date.parse(c.receivedAt))
    assert.deepEqual(received, [...received].sort((a, b) => a - b), 'oldest first')
    assert.equal(all.summary.oldestReceivedAt, all.contacts[0]?.receivedAt)
    assert.deepEqual(await readQueue('?show=all&sort=oldest'), all)

    const byPriority = await readQueue('?sort=priority')
    const rank = (rag: string | null) => ({ red: 0, amber: 1, green: 2 })[rag ?? ''] ?? 3
    const ranks = byPriority.contacts.map((c) => rank(c.rag))
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'red, amber, green, then not screened')
    const mine = byPriority.contacts.find((c) => c.id === phone.id)
    assert.ok(mine, 'the red contact is listed')
    assert.equal(mine.contactRef, phone.contactRef)
    assert.equal(mine.rag, 'red')
    assert.equal(mine.thresholdLevel, '4')
    assert.equal(mine.channel, 'phone')
    assert.equal(mine.sourceCode, '3B')
    assert.equal(mine.childCount, 1)
    assert.equal(mine.undecidedCount, 1)
    assert.match(mine.childNames, /^Gus /)
    assert.equal(mine.decisionDueDate, phone.decisionDueDate)
    assert.deepEqual(mine.timeliness, { state: 'not-due', workingDaysWaiting: 0 })

    const policeOnly = await readQueue('?show=police')
    assert.ok(policeOnly.contacts.every((c) => c.channel === 'police_notification'))
    assert.ok(policeOnly.contacts.some((c) => c.id === police.id))
    assert.ok(!policeOnly.contacts.some((c) => c.id === edt.id || c.id === phone.id))
    assert.ok(policeOnly.summary.total <= all.summary.total)
    const outOfHours = await readQueue('?show=edt')
    assert.ok(outOfHours.contacts.every((c) => c.outOfHours))
    assert.ok(outOfHours.contacts.some((c) => c.id === edt.id))
    assert.ok(!outOfHours.contacts.some((c) => c.id === police.id))
  })

  it('shows a contact past its deadline as overdue, and a decided one leaves the queue', async () => {
    const received = await workingDaysAgo(3)
    const child = await createChild('Jay')
    const old = await recordContact(contactBody([child.id], { receivedDate: received, receivedTime: '10:00' }))
    assert.equal(old.outOfHours, false)
    const queue = await readQueue()
    assert.ok(queue.summary.overdue >= 1)
    assert.ok(Date.parse(queue.summary.oldestReceivedAt ?? '') <= Date.parse((await readContact(old.id)).receivedAt))
    const listed = queue.contacts.find((c) => c.id === old.id)
    assert.ok(listed, 'the overdue contact is listed')
    assert.equal(listed.timeliness.state, 'overdue')
    assert.ok(listed.timeliness.workingDaysWaiting >= 2)
    assert.equal((await readContact(old.id)).timeliness.state, 'overdue')

    const d = await decide(old.id, { personId: child.id, outcome: 'nfa', reasons: 'Information already known; no further action.' })
    assert.deepEqual(d, { referral: null, contactDecided: true })
    const afterDecision = await readContact(old.id)
    assert.equal(afterDecision.timeliness.state, 'decided')
    assert.ok(isInstant(afterDecision.decidedAt))
    assert.ok(!(await readQueue()).contacts.some((c) => c.id === old.id), 'no longer in the queue')
  })

  it('refuses partner and social worker with 403, and unknown or repeated parameters with 400', async () => {
    for (const as of ['partner', 'socialworker']) {
      const e = expectError(await get('/api/v1/contacts', as), 403, 'forbidden', as)
      assert.equal(e.reason, 'role')
    }
    const e1 = expectError(await get('/api/v1/contacts?show=everything', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['show'])
    assert.match(messageFor(e1, 'show'), /all, police, edt/)
    const e2 = expectError(await get('/api/v1/contacts?sort=oldest&sort=priority&page=2', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['page', 'sort'])
    // The out-of-hours worker sees the queue too.
    await readQueue('?show=edt', 'edt')
  })
})

describe('API front door: opening a contact', () => {
  it('refuses roles without front-door access with 403, and answers 404 for an unknown or malformed id', async () => {
    const out = await recordContact(contactBody([(await createChild('Kai')).id]))
    for (const as of ['partner', 'socialworker', 'analyst']) expectError(await get(`/api/v1/contacts/${out.id}`, as), 403, 'forbidden', as)
    for (const id of [randomUUID(), 'not-a-uuid', `${out.id}x`]) expectError(await get(`/api/v1/contacts/${id}`, 'frontdoor'), 404, 'not_found', id)
    expectStatus(await get(`/api/v1/contacts/${out.id.toUpperCase()}`, 'frontdoor'), 200)
  })

  it('records each child’s appearance as a view of their record', async () => {
    const child = await createChild('Lux')
    const out = await recordContact(contactBody([child.id]))
    const before = new Set((await recordViews(child.id)).map((v) => v.id))
    await readContact(out.id, 'teammanager')
    const added = (await recordViews(child.id)).filter((v) => !before.has(v.id))
    assert.deepEqual(
      added.map((v) => [v.username, v.via]),
      [['teammanager', 'contact']],
    )
  })
})

describe('API front door: screening', () => {
  it('records the screening with 200 and the new version, shown when the contact is opened', async () => {
    const out = await recordContact(contactBody([(await createChild('Max')).id]))
    const v1 = (await readContact(out.id)).version
    const res = await call<{ data: { version: number } }>('PUT', `/api/v1/contacts/${out.id}/screening`, {
      as: 'frontdoor',
      body: { version: v1, thresholdLevel: '3', rag: 'amber', screeningNotes: 'Known to health; school to be checked.' },
    })
    const json = expectStatus(res, 200)
    conforms(shapes.screenedResponse, json, 'screened')
    assert.deepEqual(json, { data: { version: v1 + 1 } })
    const c = await readContact(out.id)
    assert.equal(c.version, v1 + 1)
    assert.equal(c.thresholdLevel, '3')
    assert.equal(c.rag, 'amber')
    assert.equal(c.screeningNotes, 'Known to health; school to be checked.')
    assert.equal(c.screenedByName, 'Hannah Mensah')
    assert.ok(isInstant(c.screenedAt))

    // Amended by the manager, with the version now; the notes cleared with null.
    expectStatus(await call('PUT', `/api/v1/contacts/${out.id}/screening`, { as: 'teammanager', body: { version: v1 + 1, thresholdLevel: '4', rag: 'red', screeningNotes: null } }), 200)
    const c2 = await readContact(out.id)
    assert.deepEqual([c2.thresholdLevel, c2.rag, c2.screeningNotes, c2.screenedByName, c2.version], ['4', 'red', null, 'Joanne Fletcher', v1 + 2])
  })

  it('refuses a stale version with 409, bad fields with 400, other roles with 403 and unknown contacts with 404, changing nothing', async () => {
    const out = await recordContact(contactBody([(await createChild('Nia')).id]))
    const v1 = (await readContact(out.id)).version
    const url = `/api/v1/contacts/${out.id}/screening`
    const stale = expectError(await call('PUT', url, { as: 'frontdoor', body: { version: v1 + 1, thresholdLevel: '2', rag: 'green', screeningNotes: null } }), 409, 'conflict')
    assert.equal(stale.field, 'version')
    const e1 = expectError(await call('PUT', url, { as: 'frontdoor', body: { version: v1, thresholdLevel: '5', rag: 'purple', screeningNotes: null } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['rag', 'thresholdLevel'])
    const e2 = expectError(await call('PUT', url, { as: 'frontdoor', body: { thresholdLevel: '2', rag: 'green' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['screeningNotes', 'version'])
    const e3 = expectError(await call('PUT', url, { as: 'frontdoor', body: { version: v1, thresholdLevel: '2', rag: 'green', screeningNotes: 'x'.repeat(10_001) } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e3), ['screeningNotes'])
    for (const as of ['partner', 'socialworker', 'edt']) {
      expectError(await call('PUT', url, { as, body: { version: v1, thresholdLevel: '2', rag: 'green', screeningNotes: null } }), 403, 'forbidden', as)
    }
    expectError(await call('PUT', url, { as: 'frontdoor', csrf: false, body: { version: v1, thresholdLevel: '2', rag: 'green', screeningNotes: null } }), 403, 'csrf')
    expectError(await call('PUT', `/api/v1/contacts/${randomUUID()}/screening`, { as: 'frontdoor', body: { version: 1, thresholdLevel: '2', rag: 'green', screeningNotes: null } }), 404, 'not_found')
    expectError(await call('PUT', '/api/v1/contacts/nope/screening', { as: 'frontdoor', body: { version: 1, thresholdLevel: '2', rag: 'green', screeningNotes: null } }), 404, 'not_found')
    const c = await readContact(out.id)
    assert.deepEqual([c.version, c.thresholdLevel, c.rag], [v1, null, null])
  })
})

describe('API front door: decisions', () => {
  it('a team manager decides one child for referral and the other for early help; the contact leaves the queue', async () => {
    const familyName = uniqueFamilyName()
    const referred = await createChild('Ola', '2014-04-04', familyName)
    const helped = await createChild('Pip', '2018-08-08', familyName)
    const out = await recordContact(contactBody([referred.id, helped.id]))
    const v = (await readContact(out.id)).version
    expectStatus(await call('PUT', `/api/v1/contacts/${out.id}/screening`, { as: 'frontdoor', body: { version: v, thresholdLevel: '3', rag: 'amber', screeningNotes: 'Screened' } }), 200)

    const first = await decide(out.id, { personId: referred.id, outcome: 'referral', reasons: 'Needs a child and family assessment.' })
    assert.equal(first.contactDecided, false, 'one child still to decide')
    assert.ok(first.referral)
    assert.match(first.referral.id, UUID)
    assert.match(first.referral.referralRef, /^R\d{6}$/)
    assert.equal(first.referral.isReReferral, false)
    assert.equal(first.referral.joinedOpenCase, false)
    const partly = await readContact(out.id)
    assert.equal(partly.decidedAt, null)
    assert.equal((await readQueue('?sort=priority')).contacts.find((c) => c.id === out.id)?.undecidedCount, 1)

    const second = await decide(out.id, { personId: helped.id.toUpperCase(), outcome: 'early_help', reasons: 'Family agree to early help support.' })
    assert.deepEqual(second, { referral: null, contactDecided: true })

    const c = await readContact(out.id)
    assert.ok(isInstant(c.decidedAt))
    assert.equal(c.timeliness.state, 'decided')
    const [a, b] = c.children
    assert.equal(a?.personId, referred.id)
    assert.equal(a?.decision?.outcome, 'referral')
    assert.equal(a?.decision?.reasons, 'Needs a child and family assessment.')
    assert.equal(a?.decision?.decidedByName, 'Joanne Fletcher')
    assert.ok(isInstant(a?.decision?.decidedAt))
    assert.deepEqual(a?.decision?.referral, { id: first.referral.id, referralRef: first.referral.referralRef, isReReferral: false })
    assert.deepEqual(a?.history.openReferral && { id: a.history.openReferral.id, ref: a.history.openReferral.referralRef }, { id: first.referral.id, ref: first.referral.referralRef })
    assert.equal(a?.history.referrals.length, 1)
    assert.equal(b?.personId, helped.id)
    assert.equal(b?.decision?.outcome, 'early_help')
    assert.equal(b?.decision?.referral, null)
    assert.equal(b?.history.openReferral, null)
    assert.ok(!(await readQueue('?sort=priority')).contacts.some((x) => x.id === out.id), 'decided contacts leave the queue')

    // The chronology tells the story, newest first.
    const entries = await readChronology(referred.id)
    const kinds = entries.map((e) => e.kind)
    assert.deepEqual([...kinds].sort(), ['contact', 'contact-decision', 'referral'])
    assert.equal(kinds.at(-1), 'contact', 'the contact came first')
    const times = entries.map((e) => Date.parse(e.occurredAt))
    assert.deepEqual(times, [...times].sort((x, y) => y - x), 'newest first')
    const decision = entries.find((e) => e.kind === 'contact-decision')
    assert.match(decision?.summary ?? '', new RegExp(`^Contact ${out.contactRef} decided: Referral to children’s social care\\. Reasons: Needs a child and family assessment\\.$`))
    assert.equal(decision?.sourceId, out.id)
    assert.equal(decision?.recordedByName, 'Joanne Fletcher')
    const referral = entries.find((e) => e.kind === 'referral')
    assert.match(referral?.summary ?? '', new RegExp(`^Referral ${first.referral.referralRef} opened from contact ${out.contactRef}$`))
    assert.deepEqual([referral?.sourceType, referral?.sourceId], ['referral', first.referral.id])
    const helpedEntries = await readChronology(helped.id)
    assert.deepEqual(
      helpedEntries.map((e) => e.kind),
      ['contact-decision', 'contact'],
    )
    assert.match(helpedEntries[0]?.summary ?? '', /decided: Early help\. Reasons: Family agree/)
  })

  it('a second decision on the same child is 409 naming outcome, and changes nothing', async () => {
    const child = await createChild('Quin')
    const out = await recordContact(contactBody([child.id]))
    await decide(out.id, { personId: child.id, outcome: 'information_advice', reasons: 'Advice given to the referrer.' })
    const e = expectError(await call('POST', `/api/v1/contacts/${out.id}/decisions`, { as: 'servicemanager', body: { personId: child.id, outcome: 'referral', reasons: 'Disagree' } }), 409, 'conflict')
    assert.equal(e.field, 'outcome')
    assert.match(e.message, /already been decided/)
    const c = await readContact(out.id)
    assert.equal(c.children[0]?.decision?.outcome, 'information_advice')
    assert.equal(c.children[0]?.decision?.decidedByName, 'Joanne Fletcher')
    assert.deepEqual(
      (await readChronology(child.id)).map((x) => x.kind),
      ['contact-decision', 'contact'],
    )
  })

  it('of two managers deciding the same child at once, one gets 201 and the other 409; one referral', async () => {
    const child = await createChild('Rae')
    const out = await recordContact(contactBody([child.id]))
    const answers = await Promise.all(
      ['teammanager', 'servicemanager'].map((as) => call('POST', `/api/v1/contacts/${out.id}/decisions`, { as, body: { personId: child.id, outcome: 'referral', reasons: `Decided by ${as}` } })),
    )
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409])
    const loser = answers.find((a) => a.status === 409)
    assert.ok(loser)
    assert.equal(expectError(loser, 409, 'conflict').field, 'outcome')
    const entries = await readChronology(child.id)
    assert.equal(entries.filter((x) => x.kind === 'referral').length, 1)
    assert.equal(entries.filter((x) => x.kind === 'contact-decision').length, 1)
  })

  it('refuses partner, social worker and front-door worker with 403', async () => {
    const child = await createChild('Sol')
    const out = await recordContact(contactBody([child.id]))
    for (const as of ['partner', 'socialworker', 'frontdoor', 'edt']) {
      const e = expectError(await call('POST', `/api/v1/contacts/${out.id}/decisions`, { as, body: { personId: child.id, outcome: 'nfa', reasons: 'No' } }), 403, 'forbidden', as)
      assert.equal(e.reason, 'role')
    }
    assert.equal((await readContact(out.id)).children[0]?.decision, null)
  })

  it('names the fields at fault with 400, and answers 404 for an unknown contact', async () => {
    const child = await createChild('Tam')
    const out = await recordContact(contactBody([child.id]))
    const url = `/api/v1/contacts/${out.id}/decisions`
    const e1 = expectError(await call('POST', url, { as: 'teammanager', body: { personId: child.id, outcome: 'adopt', reasons: 7 } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['outcome', 'reasons'])
    const e2 = expectError(await call('POST', url, { as: 'teammanager', body: { personId: child.id, outcome: 'nfa', reasons: '   ' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['reasons'])
    const e3 = expectError(await call('POST', url, { as: 'teammanager', body: { outcome: 'nfa', reasons: 'x' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e3), ['personId'])
    const e4 = expectError(await call('POST', url, { as: 'teammanager', body: { personId: 'P000001', outcome: 'nfa', reasons: 'x' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e4), ['personId'])
    const other = await createChild('Uma')
    const e5 = expectError(await call('POST', url, { as: 'teammanager', body: { personId: other.id, outcome: 'nfa', reasons: 'x' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e5), ['personId'])
    assert.match(messageFor(e5, 'personId'), /not one of the children on this contact/)
    expectError(await call('POST', `/api/v1/contacts/${randomUUID()}/decisions`, { as: 'teammanager', body: { personId: child.id, outcome: 'nfa', reasons: 'x' } }), 404, 'not_found')
    expectError(await call('POST', '/api/v1/contacts/123/decisions', { as: 'teammanager', body: { personId: child.id, outcome: 'nfa', reasons: 'x' } }), 404, 'not_found')
    expectError(await call('POST', url, { as: 'teammanager', csrf: false, body: { personId: child.id, outcome: 'nfa', reasons: 'x' } }), 403, 'csrf')
    assert.equal((await readContact(out.id)).children[0]?.decision, null)
  })
})

describe('API front door: agency checks and feedback to the referrer', () => {
  it('records a check requested and its return, once', async () => {
    const out = await recordContact(contactBody([(await createChild('Val')).id]))
    const res = await call('POST', `/api/v1/contacts/${out.id}/agency-checks`, { as: 'frontdoor', body: { agency: 'police' } })
    conforms(shapes.recordedResponse, expectStatus(res, 201), 'check requested')
    const [check] = (await readContact(out.id)).checks
    assert.ok(check)
    assert.match(check.id, UUID)
    assert.equal(check.agency, 'police')
    assert.ok(isInstant(check.requestedAt))
    assert.equal(check.requestedByName, 'Hannah Mensah')
    assert.deepEqual([check.returnedAt, check.returnedByName, check.summary], [null, null, null])

    const url = `/api/v1/contacts/${out.id}/agency-checks/${check.id}/return`
    const returned = await call('POST', url, { as: 'teammanager', body: { summary: 'Two domestic incidents at the address this year.' } })
    conforms(shapes.recordedResponse, expectStatus(returned, 200), 'check returned')
    const [after] = (await readContact(out.id)).checks
    assert.ok(isInstant(after?.returnedAt))
    assert.equal(after?.returnedByName, 'Joanne Fletcher')
    assert.equal(after?.summary, 'Two domestic incidents at the address this year.')

    const again = expectError(await call('POST', url, { as: 'frontdoor', body: { summary: 'Something else' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(again), ['summary'])
    assert.equal((await readContact(out.id)).checks[0]?.summary, 'Two domestic incidents at the address this year.')
  })

  it('refuses bad agency checks: 400 naming the field, 403 for other roles, 404 for unknown ids', async () => {
    const out = await recordContact(contactBody([(await createChild('Wes')).id]))
    const e1 = expectError(await call('POST', `/api/v1/contacts/${out.id}/agency-checks`, { as: 'frontdoor', body: { agency: 'mi5' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['agency'])
    const e2 = expectError(await call('POST', `/api/v1/contacts/${out.id}/agency-checks`, { as: 'frontdoor', body: {} }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['agency'])
    for (const as of ['partner', 'socialworker']) expectError(await call('POST', `/api/v1/contacts/${out.id}/agency-checks`, { as, body: { agency: 'health' } }), 403, 'forbidden', as)
    expectError(await call('POST', `/api/v1/contacts/${randomUUID()}/agency-checks`, { as: 'frontdoor', body: { agency: 'health' } }), 404, 'not_found')
    expectError(await call('POST', `/api/v1/contacts/${out.id}/agency-checks/nope/return`, { as: 'frontdoor', body: { summary: 'x' } }), 404, 'not_found')
    const e3 = expectError(await call('POST', `/api/v1/contacts/${out.id}/agency-checks/${randomUUID()}/return`, { as: 'frontdoor', body: { summary: 'x' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e3), ['summary'])
    const e4 = expectError(await call('POST', `/api/v1/contacts/${out.id}/agency-checks/${randomUUID()}/return`, { as: 'frontdoor', body: { summary: ' ' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e4), ['summary'])
    assert.deepEqual((await readContact(out.id)).checks, [])
  })

  it('records feedback to the referrer (today when no date is given), and refuses bad feedback naming the fields', async () => {
    const out = await recordContact(contactBody([(await createChild('Xia')).id]))
    const url = `/api/v1/contacts/${out.id}/feedback`
    const res = await call('POST', url, { as: 'frontdoor', body: { method: 'phone', summary: 'Told the health visitor the contact was passed for assessment.' } })
    conforms(shapes.recordedResponse, expectStatus(res, 201), 'feedback')
    assert.deepEqual((await readContact(out.id)).feedback, [
      { givenOn: londonDate(new Date()), method: 'phone', summary: 'Told the health visitor the contact was passed for assessment.', recordedByName: 'Hannah Mensah' },
    ])
    const tomorrow = londonDate(new Date(Date.now() + 36 * 60 * 60_000))
    const e1 = expectError(await call('POST', url, { as: 'frontdoor', body: { givenOn: tomorrow, method: 'email', summary: 'x' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['givenOn'])
    const e2 = expectError(await call('POST', url, { as: 'frontdoor', body: { givenOn: '2025-02-30', method: 'fax', summary: '' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['method'])
    const e3 = expectError(await call('POST', url, { as: 'frontdoor', body: { givenOn: '2025-02-30', method: 'email', summary: '' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e3), ['givenOn', 'summary'])
    expectError(await call('POST', url, { as: 'socialworker', body: { method: 'email', summary: 'x' } }), 403, 'forbidden')
    expectError(await call('POST', `/api/v1/contacts/${randomUUID()}/feedback`, { as: 'frontdoor', body: { method: 'email', summary: 'x' } }), 404, 'not_found')
    assert.equal((await readContact(out.id)).feedback.length, 1)
    // The contact itself now says the referrer has been told (it leaves the "awaiting feedback" list), from the first feedback's date.
    const flag = async () => ((await database.db.execute(sql`select feedback_given_on::text as d from contact where id = ${out.id}`)).rows[0] as { d: string | null }).d
    assert.equal(await flag(), londonDate(new Date()))
    expectStatus(await call('POST', url, { as: 'frontdoor', body: { method: 'email', summary: 'Also e-mailed the school.' } }), 201)
    assert.equal(await flag(), londonDate(new Date()))
  })
})

describe('API front door: a child’s chronology', () => {
  it('is a view of the record, audited; refused to roles without access to people; 404 for unknown people', async () => {
    const child = await createChild('Yan')
    await recordContact(contactBody([child.id]))
    const before = new Set((await recordViews(child.id)).map((v) => v.id))
    // A team manager sees only their team's records: this child is not theirs.
    assert.equal(expectError(await get(`/api/v1/people/${child.id}/chronology`, 'teammanager'), 403, 'forbidden').reason, 'scope')
    assert.equal((await readChronology(child.id, 'frontdoor')).length, 1)
    const added = (await recordViews(child.id)).filter((v) => !before.has(v.id))
    assert.deepEqual(
      added.map((v) => [v.username, v.via]),
      [['frontdoor', 'chronology']],
      'one view, by the front-door worker; the refused one is not recorded',
    )
    const e = expectError(await get(`/api/v1/people/${child.id}/chronology`, 'partner'), 403, 'forbidden')
    assert.equal(e.reason, 'role')
    expectError(await get(`/api/v1/people/${randomUUID()}/chronology`, 'frontdoor'), 404, 'not_found')
    expectError(await get('/api/v1/people/nope/chronology', 'frontdoor'), 404, 'not_found')
  })
})
