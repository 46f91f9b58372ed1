/**
 * The JSON API at /api/v1, driven as a client would drive it (app.inject): status codes, JSON bodies,
 * headers, and what a later read shows. The database is shared with the other test files, so everything
 * changed here is created here (uniqueFamilyName) and nothing depends on global counts.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomInt, randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { z } from 'zod/v4'
import { signIn, testContext, testDatabase, testServer, uniqueDateOfBirth, uniqueFamilyName, type Session } from '../helpers/harness.ts'
import { apiRoutes } from '../../src/api/routes.ts'
import * as shapes from '../../src/api/schemas.ts'
import type { personJson, personSummaryJson, recordViewJson } from '../../src/api/schemas.ts'

type PersonJson = z.output<typeof personJson>
type SummaryJson = z.output<typeof personSummaryJson>
type RecordViewJson = z.output<typeof recordViewJson>
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

async function call<T = Json>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, o: CallOptions = {}): Promise<Answer<T>> {
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

/**
 * Asserts a body has exactly the documented shape: the zod schemas the OpenAPI document is generated from
 * parse it, and (zod objects dropping keys they do not know) parsing loses nothing, so no undocumented field.
 */
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
  possible_duplicates: shapes.possibleDuplicatesJson,
  payload_too_large: shapes.payloadTooLargeJson,
  unsupported_media_type: shapes.unsupportedMediaTypeJson,
}

function expectError(res: Answer<unknown>, status: number, code: string, what = ''): ErrorJson {
  const e = expectStatus(res, status, what) as ErrorJson
  assert.equal(e.code, code, `${what} code`)
  assert.equal(typeof e.message, 'string')
  assert.ok(e.message.length > 0, 'a message for people')
  const shape = ERROR_SHAPES[code]
  assert.ok(shape, `${code} is a documented error`)
  conforms(shape, e, `${what} ${code} error`)
  return e
}

const fieldsOf = (e: ErrorJson): string[] => (e.errors ?? []).map((f) => f.field).sort()
const messageFor = (e: ErrorJson, field: string): string => e.errors?.find((f) => f.field === field)?.message ?? ''

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A valid NHS number in the fictional 999 range, random so runs and other test files do not collide. */
function randomNhsNumber(): string {
  for (;;) {
    let body = '999'
    for (let i = 0; i < 6; i++) body += String(randomInt(10))
    let sum = 0
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i)
    const check = 11 - (sum % 11)
    if (check === 10) continue
    return body + String(check === 11 ? 0 : check)
  }
}

type Created = { id: string; personRef: string; familyName: string; givenNames: string }

/** Records a new person through the API (as frontdoor unless said) and returns its id and reference. */
async function createPerson(fields: Json = {}, as = 'frontdoor'): Promise<Created> {
  const familyName = (fields.familyName as string | undefined) ?? uniqueFamilyName('Apitest')
  const givenNames = (fields.givenNames as string | undefined) ?? 'Robin'
  const res = await call<{ data: { id: string; personRef: string } }>('POST', '/api/v1/people', {
    as,
    body: { givenNames, familyName, dateOfBirth: '2017-06-01', sex: 'U', confirmedNotDuplicate: true, ...fields },
  })
  const body = expectStatus(res, 201, 'create person')
  conforms(shapes.createdResponse, body, 'created')
  return { ...body.data, familyName, givenNames }
}

async function readPerson(id: string, as = 'frontdoor'): Promise<PersonJson> {
  const body = expectStatus(await get<{ data: PersonJson }>(`/api/v1/people/${id}`, as), 200, `GET person as ${as}`)
  conforms(shapes.personResponse, body, 'person')
  return body.data
}

async function search(query: string, as = 'frontdoor'): Promise<SummaryJson[]> {
  const body = expectStatus(await get<{ data: SummaryJson[] }>(`/api/v1/people?${query}`, as), 200, `search ${query}`)
  conforms(shapes.searchResponse, body, 'search results')
  return body.data
}

/**
 * People whose name (current or former) has exactly this family name. Name search is typo-tolerant, so
 * the other tests' similar unique names come back too; they are left out here.
 */
async function searchFamily(familyName: string, as = 'frontdoor'): Promise<SummaryJson[]> {
  const found = await search(new URLSearchParams({ name: familyName }).toString(), as)
  return found.filter((p) => p.familyName === familyName || (p.matchedName ?? '').split(' ').at(-1) === familyName)
}

async function recordViews(id: string, as: string): Promise<RecordViewJson[]> {
  const body = expectStatus(await get<{ data: RecordViewJson[] }>(`/api/v1/people/${id}/record-access`, as), 200, `record-access as ${as}`)
  conforms(shapes.recordAccessResponse, body, 'record access')
  return body.data
}

/** Every field PATCH needs, as read back from GET, so a test changes only what it means to. */
function detailsOf(p: PersonJson): Json {
  return {
    version: p.version,
    givenNames: p.givenNames,
    familyName: p.familyName,
    isUnborn: p.isUnborn,
    dateOfBirth: p.dateOfBirth,
    expectedDateOfBirth: p.expectedDateOfBirth,
    sex: p.sex,
    genderIdentity: p.genderIdentity,
    ethnicityCode: p.ethnicityCode,
    religion: p.religion,
    firstLanguage: p.firstLanguage,
    interpreterNeeded: p.interpreterNeeded,
    nhsNumber: p.nhsNumber,
    upn: p.upn,
    disabilities: p.disabilities,
  }
}

let leoCache: SummaryJson | null = null
async function leo(): Promise<SummaryJson> {
  if (!leoCache) {
    const found = await search('q=Ashwerth', 'socialworker')
    leoCache = found.find((p) => p.givenNames === 'Leo' && p.familyName === 'Ashworth') ?? null
    assert.ok(leoCache, 'Leo Ashworth is in the social worker’s caseload')
  }
  return leoCache
}

let freyaCache: SummaryJson | null = null
async function freya(): Promise<SummaryJson> {
  if (!freyaCache) {
    const found = await search('name=Freya+Tremayne', 'servicemanager')
    freyaCache = found.find((p) => p.givenNames === 'Freya' && p.familyName === 'Tremayne') ?? null
    assert.ok(freyaCache, 'the service manager, who has a grant, finds Freya Tremayne')
  }
  return freyaCache
}

// ------------------------------------------------------------------------------------------------

describe('API: without a session', () => {
  it('answers 401 JSON, not a redirect to the sign-in page', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/people?q=Ashworth'],
      ['GET', '/api/v1/people'],
      ['GET', `/api/v1/people/${randomUUID()}`],
      ['GET', '/api/v1/session'],
      ['POST', '/api/v1/people'],
      ['PATCH', `/api/v1/people/${randomUUID()}`],
    ] as const) {
      const res = await call(method, url, method === 'GET' ? {} : { body: { givenNames: 'A' } })
      const e = expectError(res, 401, 'unauthenticated', `${method} ${url}`)
      assert.equal(res.headers.location, undefined)
      assert.doesNotMatch(e.message, /<[a-z]/i)
    }
  })

  it('refuses a session cookie that is not a real session with 401', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/people?q=Ashworth', headers: { cookie: 'harbour_session=not-a-session' } })
    assert.equal(res.statusCode, 401)
    assert.equal(res.json<ErrorJson>().code, 'unauthenticated')
  })
})

describe('API: the OpenAPI document', () => {
  type Operation = { operationId?: string; security?: unknown[]; responses?: Record<string, unknown>; parameters?: Json[]; requestBody?: Json }
  type Doc = { openapi: string; info: { title: string; version: string }; servers: { url: string }[]; paths: Record<string, Record<string, unknown>>; components: Json }
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

  async function fetchDoc(): Promise<Doc> {
    const res = await get<Doc>('/api/v1/openapi.json')
    return expectStatus(res, 200, 'openapi.json')
  }

  /** What the API router registers, collected with an onRoute hook on a bare Fastify instance. */
  async function registeredRoutes(): Promise<string[]> {
    const f = Fastify({ logger: false })
    const seen: string[] = []
    f.addHook('onRoute', (r) => {
      for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
        if (m === 'HEAD') continue // Fastify's automatic HEAD for each GET
        const path = r.url.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}')
        seen.push(`${m.toLowerCase()} ${path}`)
      }
    })
    await f.register(apiRoutes(testContext(database)), { prefix: '/api/v1' })
    await f.ready()
    await f.close()
    return [...new Set(seen)].sort()
  }

  it('is public, and looks like an OpenAPI 3.1 document', async () => {
    const doc = await fetchDoc()
    assert.match(doc.openapi, /^3\.1\.\d+$/)
    assert.equal(typeof doc.info.title, 'string')
    assert.equal(typeof doc.info.version, 'string')
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }])
    // The cookie and header it tells clients to send are the ones the server uses.
    const schemes = (doc.components.securitySchemes ?? {}) as Record<string, { type: string; in: string; name: string }>
    assert.deepEqual(
      Object.values(schemes).map((x) => `${x.type} ${x.in} ${x.name}`).sort(),
      ['apiKey cookie harbour_session', 'apiKey header x-csrf-token'],
    )
    assert.match((await session('frontdoor')).cookie, /^harbour_session=/)
    const ids = new Set<string>()
    for (const [path, item] of Object.entries(doc.paths)) {
      assert.match(path, /^\//, `${path} starts with /`)
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue
        const o = op as Operation
        assert.ok(o.operationId, `${method} ${path} has an operationId`)
        assert.ok(!ids.has(o.operationId), `operationId ${o.operationId} is unique`)
        ids.add(o.operationId)
        assert.ok(o.responses && Object.keys(o.responses).length > 0, `${method} ${path} has responses`)
        for (const status of Object.keys(o.responses)) assert.match(status, /^[1-5]\d\d$/, `${method} ${path}: status ${status}`)
        if (['post', 'patch', 'put', 'delete'].includes(method)) {
          assert.ok(o.requestBody, `${method} ${path} describes its body`)
          assert.ok(JSON.stringify(o.security).includes('csrfToken'), `${method} ${path} names the CSRF header`)
          for (const s of ['400', '401', '403', '413', '415']) assert.ok(o.responses[s], `${method} ${path} documents ${s}`)
        } else if (path !== '/openapi.json') {
          assert.ok(o.responses['401'], `${method} ${path} documents 401`)
        }
      }
      // Every {param} in the path is declared.
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        const params = JSON.stringify((item as { parameters?: unknown }).parameters ?? [])
        assert.ok(params.includes('PersonId') || params.includes(`"name":"${name}"`), `${path} declares {${name}}`)
      }
    }
  })

  it('has every $ref pointing at something in the document', async () => {
    const doc = await fetchDoc()
    const refs: string[] = []
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x)
          else walk(x)
        }
      }
    }
    walk(doc)
    assert.ok(refs.length > 10)
    for (const ref of new Set(refs)) {
      assert.match(ref, /^#\//, `${ref} is local`)
      let node: unknown = doc
      for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
      assert.ok(node !== undefined, `${ref} resolves`)
    }
  })

  it('lists exactly the routes the API router registers', async () => {
    const doc = await fetchDoc()
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m} ${path}`))
      .sort()
    const registered = await registeredRoutes()
    assert.deepEqual(documented, registered)
    // And what we know the API to be, so a route that vanished from both would be noticed too.
    assert.deepEqual(registered, [
      'get /contacts',
      'get /contacts/{id}',
      'get /openapi.json',
      'get /people',
      'get /people/{id}',
      'get /people/{id}/assessments',
      'get /people/{id}/chronology',
      'get /people/{id}/data-quality',
      'get /people/{id}/record-access',
      'get /session',
      'patch /people/{id}',
      'post /contacts',
      'post /contacts/{id}/agency-checks',
      'post /contacts/{id}/agency-checks/{checkId}/return',
      'post /contacts/{id}/decisions',
      'post /contacts/{id}/feedback',
      'post /people',
      'post /people/{id}/addresses',
      'post /people/{id}/relationships',
      'put /contacts/{id}/screening',
    ])
    // The real server answers on each documented route (not the 404 handler).
    for (const entry of documented) {
      const [method, path] = entry.split(' ') as [string, string]
      assert.ok(app.hasRoute({ method: method.toUpperCase() as 'GET', url: `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}` }), `${entry} is served`)
    }
  })

  it('documents the search query parameters the API accepts', async () => {
    const doc = await fetchDoc()
    const op = doc.paths['/people']?.get as Operation
    assert.deepEqual((op.parameters ?? []).map((p) => p.name).sort(), ['dateOfBirth', 'name', 'nhsNumber', 'postcode', 'q'])
    for (const p of op.parameters ?? []) assert.equal(p.in, 'query')
  })
})

describe('API: the session', () => {
  it('GET /session names the signed-in user and gives the CSRF token', async () => {
    const s = await session('socialworker')
    const res = await get<{ data: Json }>('/api/v1/session', 'socialworker')
    const { data } = expectStatus(res, 200)
    assert.deepEqual(Object.keys(data).sort(), ['csrfToken', 'displayName', 'expiresAt', 'role', 'scope', 'username'])
    assert.equal(data.username, 'socialworker')
    assert.equal(data.role, 'social_worker')
    assert.equal(data.scope, 'own_caseload')
    assert.equal(typeof data.displayName, 'string')
    assert.equal(data.csrfToken, s.csrf, 'the same token the web pages carry')
    assert.ok(typeof data.expiresAt === 'string' && Date.parse(data.expiresAt) > Date.now(), 'expires in the future')
    assert.equal(res.headers['cache-control'], 'no-store')
  })

  it('the token from GET /session is the one unsafe methods accept', async () => {
    const { data } = expectStatus(await get<{ data: { csrfToken: string } }>('/api/v1/session', 'frontdoor'), 200)
    const familyName = uniqueFamilyName('Apitest')
    const res = await call('POST', '/api/v1/people', {
      as: 'frontdoor',
      csrf: data.csrfToken,
      body: { givenNames: 'Tok', familyName, dateOfBirth: uniqueDateOfBirth(), sex: 'F' },
    })
    expectStatus(res, 201)
  })
})

describe('API: search', () => {
  it('finds Leo Ashworth by a misspelt surname for his social worker', async () => {
    const found = await search('q=Ashwerth', 'socialworker')
    const hit = found.find((p) => p.givenNames === 'Leo' && p.familyName === 'Ashworth')
    assert.ok(hit, `Leo found among ${found.map((p) => `${p.givenNames} ${p.familyName}`).join(', ')}`)
    assert.equal(hit.dateOfBirth, '2016-03-14')
    assert.match(hit.id, UUID)
    assert.match(hit.personRef, /^P\d{6}$/)
    assert.ok(hit.score > 0 && hit.score <= 1)
  })

  it('refuses the partner role with 403 (no access to people)', async () => {
    const e = expectError(await get('/api/v1/people?q=Ashworth', 'partner'), 403, 'forbidden')
    assert.equal(e.reason, 'role')
  })

  it('refuses a mistyped NHS number with 400 naming the field', async () => {
    const e1 = expectError(await get('/api/v1/people?nhsNumber=1234567890', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e1), ['nhsNumber'])
    assert.match(messageFor(e1, 'nhsNumber'), /NHS number/)
    // In the search box, digits that are not a valid NHS number are refused, not searched as a name.
    const e2 = expectError(await get('/api/v1/people?q=999+000+0019', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['q'])
    assert.match(messageFor(e2, 'q'), /NHS number/)
  })

  it('refuses a search with no criteria with 400', async () => {
    for (const query of ['', '?q=', '?q=++', '?name=']) {
      const e = expectError(await get(`/api/v1/people${query}`, 'frontdoor'), 400, 'validation', `search "${query}"`)
      assert.ok((e.errors ?? []).length > 0, 'names what is missing')
    }
    const e = expectError(await get('/api/v1/people', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e), ['q'])
  })

  it('refuses unknown or repeated query parameters with 400 naming them', async () => {
    const e = expectError(await get('/api/v1/people?q=Ashworth&surname=Ashworth', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e), ['surname'])
    const e2 = expectError(await get('/api/v1/people?name=Leo&name=Maisie', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['name'])
  })

  it('refuses q together with the criterion it stands for', async () => {
    const e = expectError(await get('/api/v1/people?q=Ashworth&name=Leo', 'frontdoor'), 400, 'validation')
    assert.deepEqual(fieldsOf(e), ['q'])
  })

  it('finds by NHS number and by postcode through q', async () => {
    const nhs = randomNhsNumber()
    const p = await createPerson({ nhsNumber: nhs, address: { line1: '9 Quay Lane', town: 'Harbourside', postcode: 'hs9 9qz' } })
    const byNhs = await search(`q=${nhs.slice(0, 3)}+${nhs.slice(3, 6)}+${nhs.slice(6)}`)
    assert.deepEqual(
      byNhs.map((x) => x.id),
      [p.id],
    )
    assert.equal(byNhs[0]?.nhsNumber, nhs)
    const byPostcode = await search('q=HS9+9QZ')
    assert.ok(byPostcode.some((x) => x.id === p.id))
    assert.ok(byPostcode.every((x) => x.postcode === 'HS9 9QZ' || x.postcode === null || typeof x.postcode === 'string'))
  })

  it('does not show a restricted child to someone without a grant', async () => {
    const f = await freya()
    const seen = await search('name=Tremayne', 'frontdoor')
    assert.ok(!seen.some((p) => p.id === f.id), 'Freya is not in frontdoor’s results')
  })

  it('a social worker finds only their own caseload', async () => {
    const other = await createPerson({ givenNames: 'Outside' })
    const asFrontdoor = await searchFamily(other.familyName, 'frontdoor')
    assert.deepEqual(
      asFrontdoor.map((p) => p.id),
      [other.id],
    )
    assert.deepEqual(await searchFamily(other.familyName, 'socialworker'), [])
  })
})

describe('API: opening a record', () => {
  it('gives the social worker Leo’s record, not cached', async () => {
    const l = await leo()
    const res = await get<{ data: PersonJson }>(`/api/v1/people/${l.id}`, 'socialworker')
    const p = expectStatus(res, 200).data
    assert.equal(p.id, l.id)
    assert.equal(p.personRef, l.personRef)
    assert.equal(p.givenNames, 'Leo')
    assert.equal(p.familyName, 'Ashworth')
    assert.equal(p.dateOfBirth, '2016-03-14')
    assert.equal(p.restricted, false)
    assert.ok(Number.isInteger(p.version))
    assert.ok(!Number.isNaN(Date.parse(p.createdAt)) && p.createdAt.endsWith('Z'), `createdAt ${p.createdAt} is ISO 8601 UTC`)
    assert.ok(!Number.isNaN(Date.parse(p.updatedAt)) && p.updatedAt.endsWith('Z'), `updatedAt ${p.updatedAt} is ISO 8601 UTC`)
    assert.ok(p.addresses.length >= 1, 'an address')
    assert.ok(
      p.relationships.some((r) => /Maisie/.test(r.otherName)),
      'his sister Maisie is shown',
    )
    assert.ok(p.allocations.length >= 1, 'allocated')
    assert.equal(res.headers['cache-control'], 'no-store')
    // An upper-case UUID names the same person.
    expectStatus(await get(`/api/v1/people/${l.id.toUpperCase()}`, 'socialworker'), 200)
  })

  it('writes each view to the audit log, seen through record-access by the team manager', async () => {
    const l = await leo()
    // The list is capped (newest 500), so new rows are found by id, not by counting.
    const before = new Set((await recordViews(l.id, 'teammanager')).map((v) => v.id))
    expectStatus(await get(`/api/v1/people/${l.id}`, 'socialworker'), 200)
    const afterOne = await recordViews(l.id, 'teammanager')
    const added = afterOne.filter((v) => !before.has(v.id))
    assert.equal(added.length, 1, 'one view written, and listing record access is not itself a view')
    const newest = afterOne[0]
    assert.ok(newest)
    assert.equal(newest.id, added[0]?.id, 'newest first')
    assert.equal(newest.username, 'socialworker')
    assert.equal(newest.via, 'api')
    assert.equal(newest.role, 'social_worker')
    assert.ok(newest.displayName)
    assert.ok(Date.now() - Date.parse(newest.at) < 60_000, `at ${newest.at} is recent`)
    const times = afterOne.map((v) => Date.parse(v.at))
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first')
    // Reading the list again adds nothing.
    assert.deepEqual(
      (await recordViews(l.id, 'teammanager')).filter((v) => !before.has(v.id)).map((v) => v.id),
      [newest.id],
    )
  })

  it('refuses a social worker a record outside their caseload with 403, and records no view', async () => {
    const p = await createPerson({ givenNames: 'Zed' })
    const e = expectError(await get(`/api/v1/people/${p.id}`, 'socialworker'), 403, 'forbidden')
    assert.equal(e.reason, 'scope')
    assert.doesNotMatch(JSON.stringify(e), new RegExp(p.familyName), 'nothing of the record in the answer')
    const views = await recordViews(p.id, 'admin')
    assert.equal(views.filter((v) => v.username === 'socialworker').length, 0)
  })

  it('answers 404 for an id that is not a UUID, and for an unknown UUID', async () => {
    for (const id of ['not-a-uuid', '123', `${randomUUID()}x`, "1'%20or%20'1'='1", randomUUID()]) {
      expectError(await get(`/api/v1/people/${id}`, 'frontdoor'), 404, 'not_found', `GET ${id}`)
    }
    expectError(await get(`/api/v1/people/${randomUUID()}/record-access`, 'admin'), 404, 'not_found')
    expectError(await get('/api/v1/people/nope/record-access', 'admin'), 404, 'not_found')
    expectError(await get('/api/v1/no-such-route', 'frontdoor'), 404, 'not_found')
  })

  it('record-access is for managers who may see the record', async () => {
    const l = await leo()
    expectError(await get(`/api/v1/people/${l.id}/record-access`, 'socialworker'), 403, 'forbidden')
    const outside = await createPerson()
    const e = expectError(await get(`/api/v1/people/${outside.id}/record-access`, 'teammanager'), 403, 'forbidden')
    assert.equal(e.reason, 'scope')
  })

  it('refuses a restricted record to council-scope frontdoor with 403, but not to the granted service manager', async () => {
    const f = await freya()
    const e = expectError(await get(`/api/v1/people/${f.id}`, 'frontdoor'), 403, 'forbidden')
    assert.equal(e.reason, 'restricted')
    assert.doesNotMatch(JSON.stringify(e), /Tremayne|Freya/)
    const p = await readPerson(f.id, 'servicemanager')
    assert.equal(p.restricted, true)
    assert.equal(p.familyName, 'Tremayne')
    const views = await recordViews(f.id, 'servicemanager')
    assert.equal(views.filter((v) => v.username === 'frontdoor').length, 0, 'the refused view is not recorded as a view')
  })
})

describe('API: recording a person', () => {
  it('answers 201 with a Location that opens the new record', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const dateOfBirth = uniqueDateOfBirth()
    const res = await call<{ data: { id: string; personRef: string } }>('POST', '/api/v1/people', {
      as: 'frontdoor',
      body: {
        givenNames: 'Ada Mae',
        familyName,
        dateOfBirth,
        sex: 'F',
        ethnicityCode: 'WBRI',
        firstLanguage: 'English',
        interpreterNeeded: false,
        disabilities: [],
        address: { line1: '4 Quay Lane', line2: null, town: 'Harbourside', postcode: 'hs1 4qt' },
      },
    })
    const { data } = expectStatus(res, 201)
    assert.match(data.id, UUID)
    assert.match(data.personRef, /^P\d{6}$/)
    assert.equal(res.headers.location, `/api/v1/people/${data.id}`)
    const opened = expectStatus(await get<{ data: PersonJson }>(String(res.headers.location), 'frontdoor'), 200).data
    assert.equal(opened.personRef, data.personRef)
    assert.equal(opened.givenNames, 'Ada Mae')
    assert.equal(opened.familyName, familyName)
    assert.equal(opened.dateOfBirth, dateOfBirth)
    assert.equal(opened.sex, 'F')
    assert.equal(opened.ethnicityCode, 'WBRI')
    assert.equal(opened.nhsNumber, null)
    assert.equal(opened.addresses.length, 1)
    assert.equal(opened.addresses[0]?.postcode, 'HS1 4QT')
    assert.equal(opened.addresses[0]?.endDate, null)
    assert.deepEqual(
      opened.names.map((n) => [n.nameType, n.givenNames, n.familyName]),
      [['current', 'Ada Mae', familyName]],
    )
  })

  it('lets a social worker open a record they created, though it is not yet allocated', async () => {
    const p = await createPerson({ givenNames: 'Nell' }, 'socialworker')
    const opened = await readPerson(p.id, 'socialworker')
    assert.equal(opened.familyName, p.familyName)
  })

  it('without the x-csrf-token header answers 403 naming it, and stores nothing', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const body = { givenNames: 'Csrf', familyName, dateOfBirth: '2018-03-03', sex: 'M' }
    const e = expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', csrf: false, body }), 403, 'csrf')
    assert.equal(e.field, 'x-csrf-token')
    assert.match(e.message, /x-csrf-token/)
    // A wrong token, and another session's token, are refused the same way.
    expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', csrf: 'wrong', body }), 403, 'csrf')
    const other = await session('socialworker')
    expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', csrf: other.csrf, body }), 403, 'csrf')
    // The form field the web pages use is not accepted instead of the header.
    const fd = await session('frontdoor')
    expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', csrf: false, body: { ...body, _csrf: fd.csrf } }), 403, 'csrf')
    assert.deepEqual(await searchFamily(familyName), [])
  })

  it('refuses invalid values with 400 listing each field, and stores nothing', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const e = expectError(
      await call('POST', '/api/v1/people', {
        as: 'frontdoor',
        body: {
          givenNames: 'x'.repeat(10_000),
          familyName: '<script>alert(1)</script>',
          dateOfBirth: '2099-01-01',
          sex: 'M',
          nhsNumber: '1234567890',
          upn: 'A000',
          address: { line1: '1 Road', town: 'Town', postcode: 'NOT A POSTCODE' },
        },
      }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e), ['address.postcode', 'dateOfBirth', 'familyName', 'givenNames', 'nhsNumber', 'upn'])
    assert.match(messageFor(e, 'givenNames'), /100 characters/)
    assert.match(messageFor(e, 'familyName'), /letters/)
    assert.match(messageFor(e, 'dateOfBirth'), /today or in the past/)
    assert.match(messageFor(e, 'nhsNumber'), /NHS number/)
    assert.match(messageFor(e, 'upn'), /pupil number/)
    assert.doesNotMatch(e.message, /<script>/)
    assert.equal(e.errors?.length, 6, 'one error per field')

    // HTML in a name on its own: refused, nothing stored under the family name.
    const e2 = expectError(
      await call('POST', '/api/v1/people', { as: 'frontdoor', body: { givenNames: '<img src=x onerror=alert(1)>', familyName, dateOfBirth: '2015-01-01', sex: 'F' } }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e2), ['givenNames'])
    assert.deepEqual(await searchFamily(familyName), [])
  })

  it('refuses a body of the wrong shape with 400 naming each field, never 500', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const e = expectError(
      await call('POST', '/api/v1/people', {
        as: 'frontdoor',
        body: { givenNames: 42, familyName, dateOfBirth: 20150101, sex: 'X', nickname: 'Bo', religion: 'r'.repeat(25_000), address: { line1: '1 Road', town: 'T', postcode: 'HS1 1AA', flat: 2 } },
      }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e), ['address.flat', 'dateOfBirth', 'givenNames', 'nickname', 'religion', 'sex'])
    assert.match(messageFor(e, 'givenNames'), /text/)
    assert.match(messageFor(e, 'religion'), /20,000 characters/)
    assert.match(messageFor(e, 'nickname'), /not part of this request/)
    // Missing required fields are named too.
    const e2 = expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', body: { dateOfBirth: '2015-01-01' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e2), ['familyName', 'givenNames', 'sex'])
    // Not an object at all, and not JSON at all.
    for (const raw of ['[]', 'null', '"text"', '42']) {
      const e3 = expectStatus(await call('POST', '/api/v1/people', { as: 'frontdoor', raw }), 400, `body ${raw}`) as ErrorJson
      assert.ok(['validation', 'bad_request'].includes(e3.code), `code ${e3.code}`)
    }
    const e4 = expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', raw: '{"givenNames": "Ada", ' }), 400, 'bad_request')
    assert.equal(e4.field, 'body')
    // A NUL character cannot be stored, so it is refused up front.
    const e5 = expectError(
      await call('POST', '/api/v1/people', { as: 'frontdoor', body: { givenNames: 'Ada', familyName, dateOfBirth: '2015-01-01', sex: 'F', religion: 'a\u0000b' } }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e5), ['religion'])
    assert.deepEqual(await searchFamily(familyName), [])
  })

  it('refuses a JSON body over 1 MB with 413 JSON (not 500), and stores nothing', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const res = await call('POST', '/api/v1/people', {
      as: 'frontdoor',
      body: { givenNames: 'Big', familyName, dateOfBirth: '2015-01-01', sex: 'M', confirmedNotDuplicate: true, religion: 'x'.repeat(20 * 1024 * 1024) },
    })
    const e = expectError(res, 413, 'payload_too_large')
    assert.equal(e.field, 'body')
    assert.match(e.message, /1 MB/)
    // Just over the limit too.
    const justOver = { givenNames: 'Big', familyName, dateOfBirth: '2015-01-01', sex: 'M', religion: 'x'.repeat(1024 * 1024) }
    expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', body: justOver }), 413, 'payload_too_large')
    assert.deepEqual(await searchFamily(familyName), [])
  })

  it('refuses a body that is not JSON with 415, and stores nothing', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const fields = { givenNames: 'Form', familyName, dateOfBirth: '2015-01-01', sex: 'M' }
    const s = await session('frontdoor')
    const attempts: [string, string][] = [
      ['application/x-www-form-urlencoded', new URLSearchParams({ ...fields, _csrf: s.csrf }).toString()],
      ['text/plain', JSON.stringify(fields)],
      ['application/xml', `<person><familyName>${familyName}</familyName></person>`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="familyName"\r\n\r\n${familyName}\r\n--x--\r\n`],
    ]
    for (const [contentType, raw] of attempts) {
      const e = expectError(await call('POST', '/api/v1/people', { as: 'frontdoor', raw, contentType }), 415, 'unsupported_media_type', contentType)
      assert.ok(e.field, 'names what is wrong')
    }
    // application/json with a charset is fine.
    expectStatus(await call('POST', '/api/v1/people', { as: 'frontdoor', contentType: 'application/json; charset=utf-8', raw: JSON.stringify({ ...fields, familyName: uniqueFamilyName('Apitest') }) }), 201)
    assert.deepEqual(await searchFamily(familyName), [])
  })

  it('warns of a likely duplicate with 409, and records only when told it is a different person', async () => {
    const dateOfBirth = uniqueDateOfBirth()
    const familyName = uniqueFamilyName('Apitest')
    const first = await createPerson({ givenNames: 'Jonah', familyName, dateOfBirth, sex: 'M' })
    const body = { givenNames: 'Jona', familyName, dateOfBirth, sex: 'M' }
    const res = await call<ErrorJson & { matches: SummaryJson[]; hiddenCount: number }>('POST', '/api/v1/people', { as: 'frontdoor', body })
    const dup = expectError(res, 409, 'possible_duplicates') as ErrorJson & { matches: SummaryJson[]; hiddenCount: number }
    assert.deepEqual(
      dup.matches.map((m) => m.id),
      [first.id],
    )
    assert.equal(dup.matches[0]?.personRef, first.personRef)
    assert.equal(dup.hiddenCount, 0)
    assert.match(dup.message, /confirmedNotDuplicate/)
    assert.equal(res.headers.location, undefined)
    assert.equal((await searchFamily(familyName)).length, 1, 'nothing stored on 409')
    const ok = await call<{ data: { id: string } }>('POST', '/api/v1/people', { as: 'frontdoor', body: { ...body, confirmedNotDuplicate: true } })
    const { data } = expectStatus(ok, 201)
    assert.notEqual(data.id, first.id)
    assert.deepEqual((await searchFamily(familyName)).map((p) => p.id).sort(), [first.id, data.id].sort())
  })

  it('counts likely duplicates the user may not see, without showing them', async () => {
    const dateOfBirth = uniqueDateOfBirth()
    const familyName = uniqueFamilyName('Apitest')
    await createPerson({ givenNames: 'Hidden', familyName, dateOfBirth, sex: 'F' })
    const res = await call('POST', '/api/v1/people', { as: 'socialworker', body: { givenNames: 'Hidden', familyName, dateOfBirth, sex: 'F' } })
    const dup = expectError(res, 409, 'possible_duplicates') as ErrorJson & { matches: SummaryJson[]; hiddenCount: number }
    assert.deepEqual(dup.matches, [])
    assert.equal(dup.hiddenCount, 1)
  })

  it('refuses an NHS number already recorded with 400 naming the field (even when confirmed)', async () => {
    const dateOfBirth = uniqueDateOfBirth()
    let first: Created | null = null
    let nhs = ''
    for (let i = 0; i < 5 && !first; i++) {
      nhs = randomNhsNumber()
      const familyName = uniqueFamilyName('Apitest')
      const res = await call<{ data: { id: string; personRef: string } }>('POST', '/api/v1/people', {
        as: 'frontdoor',
        body: { givenNames: 'Nhs', familyName, dateOfBirth, sex: 'F', nhsNumber: nhs },
      })
      if (res.status === 201) first = { ...res.json.data, familyName, givenNames: 'Nhs' }
      else assert.match(messageFor(expectError(res, 400, 'validation'), 'nhsNumber'), /already recorded/)
    }
    assert.ok(first, 'could record a person with a fresh NHS number')
    const spaced = `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`
    const familyName = uniqueFamilyName('Apitest')
    const e = expectError(
      await call('POST', '/api/v1/people', { as: 'frontdoor', body: { givenNames: 'Other', familyName, dateOfBirth: '2011-01-01', sex: 'M', nhsNumber: spaced, confirmedNotDuplicate: true } }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e), ['nhsNumber'])
    assert.match(messageFor(e, 'nhsNumber'), new RegExp(first.personRef))
    assert.deepEqual(await searchFamily(familyName), [])
    assert.equal((await readPerson(first.id)).nhsNumber, nhs)
  })

  it('refuses roles that may not record people with 403', async () => {
    for (const who of ['partner', 'analyst']) {
      const familyName = uniqueFamilyName('Apitest')
      const e = expectError(await call('POST', '/api/v1/people', { as: who, body: { givenNames: 'No', familyName, dateOfBirth: '2015-01-01', sex: 'M' } }), 403, 'forbidden', who)
      assert.equal(e.reason, 'role')
      assert.deepEqual(await searchFamily(familyName), [])
    }
  })
})

describe('API: amending a person', () => {
  it('answers 200 with the changed fields and the new version, and the record shows them', async () => {
    const p = await createPerson({ givenNames: 'Mia' })
    const v1 = await readPerson(p.id)
    const res = await call<{ data: { changed: string[]; version: number } }>('PATCH', `/api/v1/people/${p.id}`, {
      as: 'frontdoor',
      body: { ...detailsOf(v1), religion: 'Quaker', firstLanguage: 'Welsh', interpreterNeeded: true, disabilities: ['HAND', 'VIS'] },
    })
    const { data } = expectStatus(res, 200)
    conforms(shapes.amendedResponse, res.json, 'amended')
    assert.deepEqual([...data.changed].sort(), ['disabilities', 'firstLanguage', 'interpreterNeeded', 'religion'])
    assert.equal(data.version, v1.version + 1)
    const v2 = await readPerson(p.id)
    assert.equal(v2.religion, 'Quaker')
    assert.equal(v2.firstLanguage, 'Welsh')
    assert.equal(v2.interpreterNeeded, true)
    assert.deepEqual([...v2.disabilities].sort(), ['HAND', 'VIS'])
    assert.equal(v2.version, data.version, 'the version answered is the version stored')
    // The same details again: nothing changed, version unchanged.
    const again = expectStatus(await call<{ data: { changed: string[]; version: number } }>('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: detailsOf(v2) }), 200).data
    assert.deepEqual(again, { changed: [], version: v2.version })
    assert.equal((await readPerson(p.id)).version, v2.version)
    // null clears an optional field.
    const cleared = expectStatus(await call<{ data: { changed: string[]; version: number } }>('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(v2), religion: null } }), 200).data
    assert.deepEqual(cleared.changed, ['religion'])
    assert.equal((await readPerson(p.id)).religion, null)
  })

  it('refuses a stale version with 409 and leaves the stored record unchanged', async () => {
    const p = await createPerson({ givenNames: 'Stale' })
    const opened = await readPerson(p.id)
    // Someone else saves first.
    expectStatus(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(opened), religion: 'First editor' } }), 200)
    const current = await readPerson(p.id)
    const e = expectError(
      await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(opened), religion: 'Second editor', givenNames: 'Overwritten' } }),
      409,
      'conflict',
    )
    assert.equal(e.field, 'version')
    const afterwards = await readPerson(p.id)
    assert.equal(afterwards.religion, 'First editor')
    assert.equal(afterwards.givenNames, 'Stale')
    assert.equal(afterwards.version, current.version)
    assert.deepEqual({ ...afterwards, updatedAt: null }, { ...current, updatedAt: null })
    // A version from the future is stale too.
    expectError(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(current), version: current.version + 5, religion: 'Future' } }), 409, 'conflict')
    assert.equal((await readPerson(p.id)).religion, 'First editor')
  })

  it('stores SQL-looking text literally and reads it back', async () => {
    const p = await createPerson({ givenNames: 'Bobby' })
    const v1 = await readPerson(p.id)
    const religion = "'; DROP TABLE person; --"
    const firstLanguage = 'Robert"); DELETE FROM audit_log; --'
    const { data } = expectStatus(
      await call<{ data: { changed: string[] } }>('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(v1), religion, firstLanguage } }),
      200,
    )
    assert.deepEqual([...data.changed].sort(), ['firstLanguage', 'religion'])
    const v2 = await readPerson(p.id)
    assert.equal(v2.religion, religion)
    assert.equal(v2.firstLanguage, firstLanguage)
    // The person table is still there, and search still works.
    assert.deepEqual(
      (await searchFamily(p.familyName)).map((x) => x.id),
      [p.id],
    )
    expectStatus(await get(`/api/v1/people/${(await leo()).id}`, 'socialworker'), 200)
  })

  it('keeps the old name as a previous name after a change of name', async () => {
    const p = await createPerson({ givenNames: 'Tia' })
    const v1 = await readPerson(p.id)
    const newFamily = uniqueFamilyName('Apinew')
    const { data } = expectStatus(await call<{ data: { changed: string[] } }>('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(v1), familyName: newFamily } }), 200)
    assert.deepEqual(data.changed, ['familyName'])
    const v2 = await readPerson(p.id)
    assert.equal(v2.familyName, newFamily)
    const names = v2.names.map((n) => `${n.nameType}:${n.familyName}`).sort()
    assert.deepEqual(names, [`current:${newFamily}`, `previous:${p.familyName}`])
    const found = await searchFamily(p.familyName)
    assert.equal(found[0]?.id, p.id)
    assert.equal(found[0]?.familyName, newFamily)
    assert.equal(found[0]?.matchedNameType, 'previous')
  })

  it('needs every field (a partial body is 400 naming what is missing), and refuses invalid values', async () => {
    const p = await createPerson({ givenNames: 'Part' })
    const v1 = await readPerson(p.id)
    const e = expectError(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { version: v1.version, religion: 'Only this' } }), 400, 'validation')
    const missing = fieldsOf(e)
    for (const f of ['givenNames', 'familyName', 'sex', 'dateOfBirth', 'nhsNumber', 'disabilities']) assert.ok(missing.includes(f), `names ${f}`)
    assert.ok(!missing.includes('religion'))
    assert.match(messageFor(e, 'givenNames'), /required/)
    const e2 = expectError(
      await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(v1), version: 'one', dateOfBirth: '2099-12-31', upn: 'nope' } }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e2), ['version'])
    const e3 = expectError(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(v1), dateOfBirth: '2099-12-31', upn: 'nope' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e3), ['dateOfBirth', 'upn'])
    const v2 = await readPerson(p.id)
    assert.equal(v2.version, v1.version)
    assert.equal(v2.dateOfBirth, v1.dateOfBirth)
  })

  it('refuses someone outside the record’s scope with 403, an unknown person with 404, no CSRF with 403', async () => {
    const p = await createPerson({ givenNames: 'Guard' })
    const v1 = await readPerson(p.id)
    const e = expectError(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'socialworker', body: { ...detailsOf(v1), religion: 'Nope' } }), 403, 'forbidden')
    assert.equal(e.reason, 'scope')
    expectError(await call('PATCH', `/api/v1/people/${randomUUID()}`, { as: 'frontdoor', body: detailsOf(v1) }), 404, 'not_found')
    expectError(await call('PATCH', '/api/v1/people/not-a-uuid', { as: 'frontdoor', body: detailsOf(v1) }), 404, 'not_found')
    expectError(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', csrf: false, body: { ...detailsOf(v1), religion: 'Nope' } }), 403, 'csrf')
    expectError(await call('PATCH', `/api/v1/people/${p.id}`, { as: 'analyst', body: { ...detailsOf(v1), religion: 'Nope' } }), 403, 'forbidden')
    const f = await freya()
    expectError(await call('PATCH', `/api/v1/people/${f.id}`, { as: 'frontdoor', body: { ...detailsOf(v1), religion: 'Nope' } }), 403, 'forbidden')
    assert.equal((await readPerson(p.id)).religion, null)
    assert.equal((await readPerson(p.id)).version, v1.version)
  })
})

describe('API: addresses and relationships', () => {
  it('records a move with 201, keeping the previous address as history', async () => {
    const p = await createPerson({ givenNames: 'Kit', address: { line1: '1 Old Street', town: 'Harbourside', postcode: 'HS1 1AA', startDate: '2020-01-01' } })
    const v1 = await readPerson(p.id)
    const res = await call<{ data: { version: number } }>('POST', `/api/v1/people/${p.id}/addresses`, {
      as: 'frontdoor',
      body: { version: v1.version, line1: '2 New Road', line2: 'Flat 3', town: 'Harbourside', postcode: 'hs2 2bb', startDate: '2024-11-01' },
    })
    const { data } = expectStatus(res, 201)
    conforms(shapes.movedResponse, res.json, 'moved')
    assert.equal(data.version, v1.version + 1)
    const v2 = await readPerson(p.id)
    assert.equal(v2.version, data.version)
    assert.equal(v2.addresses.length, 2)
    const current = v2.addresses.filter((a) => a.endDate === null)
    assert.equal(current.length, 1)
    assert.equal(current[0]?.line1, '2 New Road')
    assert.equal(current[0]?.line2, 'Flat 3')
    assert.equal(current[0]?.postcode, 'HS2 2BB')
    assert.equal(current[0]?.startDate, '2024-11-01')
    assert.equal(v2.addresses[0]?.line1, '2 New Road', 'current address first')
    const old = v2.addresses.find((a) => a.line1 === '1 Old Street')
    assert.equal(old?.endDate, '2024-10-31')
    // Found by the new postcode.
    assert.ok((await search('postcode=HS2+2BB')).some((x) => x.id === p.id))
  })

  it('refuses a move with a stale version (409) or bad fields (400), changing nothing', async () => {
    const p = await createPerson({ givenNames: 'Mo', address: { line1: '5 Harbour Row', town: 'Harbourside', postcode: 'HS5 5AA' } })
    const v1 = await readPerson(p.id)
    const e = expectError(
      await call('POST', `/api/v1/people/${p.id}/addresses`, { as: 'frontdoor', body: { version: v1.version + 1, line1: '6 Elsewhere', town: 'Harbourside', postcode: 'HS6 6AA' } }),
      409,
      'conflict',
    )
    assert.equal(e.field, 'version')
    const e2 = expectError(
      await call('POST', `/api/v1/people/${p.id}/addresses`, { as: 'frontdoor', body: { version: v1.version, line1: '', town: 'Harbourside', postcode: 'NOPE', startDate: '2099-01-01' } }),
      400,
      'validation',
    )
    assert.deepEqual(fieldsOf(e2), ['line1', 'postcode', 'startDate'])
    const e3 = expectError(await call('POST', `/api/v1/people/${p.id}/addresses`, { as: 'frontdoor', body: { line1: '6 Elsewhere', town: 'Harbourside', postcode: 'HS6 6AA' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(e3), ['version'])
    expectError(await call('POST', `/api/v1/people/${randomUUID()}/addresses`, { as: 'frontdoor', body: { version: 1, line1: '6 Elsewhere', town: 'Harbourside', postcode: 'HS6 6AA' } }), 404, 'not_found')
    const v2 = await readPerson(p.id)
    assert.equal(v2.version, v1.version)
    assert.deepEqual(
      v2.addresses.map((a) => a.line1),
      ['5 Harbour Row'],
    )
  })

  it('records a relationship with 201, shown on both people', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const child = await createPerson({ givenNames: 'Poppy', familyName, dateOfBirth: '2018-08-08', sex: 'F' })
    const mother = await createPerson({ givenNames: 'Jane', familyName, dateOfBirth: '1988-01-01', sex: 'F' })
    const res = await call<{ data: null }>('POST', `/api/v1/people/${child.id}/relationships`, {
      as: 'frontdoor',
      body: { otherPersonRef: mother.personRef.toLowerCase(), relationshipType: 'parent', direction: 'other-is', parentalResponsibility: true, livesWith: true, startDate: '2018-08-08' },
    })
    assert.deepEqual(expectStatus(res, 201), { data: null })
    conforms(shapes.relationshipAddedResponse, res.json, 'relationship added')

    const fromChild = (await readPerson(child.id)).relationships
    assert.equal(fromChild.length, 1)
    const r1 = fromChild[0]
    assert.ok(r1)
    assert.equal(r1.otherPersonId, mother.id)
    assert.equal(r1.otherPersonRef, mother.personRef)
    assert.match(r1.otherName, /Jane/)
    assert.equal(r1.otherDateOfBirth, '1988-01-01')
    assert.equal(r1.relationshipType, 'parent')
    assert.equal(r1.otherIsSubject, true, 'the mother is the parent of this child')
    assert.equal(r1.parentalResponsibility, true)
    assert.equal(r1.livesWith, true)
    assert.equal(r1.startDate, '2018-08-08')
    assert.equal(r1.endDate, null)
    assert.equal(r1.otherVisible, true)

    const fromMother = (await readPerson(mother.id)).relationships
    assert.equal(fromMother.length, 1)
    const r2 = fromMother[0]
    assert.ok(r2)
    assert.equal(r2.id, r1.id, 'one relationship, seen from both sides')
    assert.equal(r2.otherPersonId, child.id)
    assert.match(r2.otherName, /Poppy/)
    assert.equal(r2.relationshipType, 'parent')
    assert.equal(r2.otherIsSubject, false, 'the mother is the parent of the other person')
    assert.equal(r2.parentalResponsibility, true)
  })

  it('refuses a second current relationship, an unknown reference, oneself and bad values with 400', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const a = await createPerson({ givenNames: 'Alfie', familyName, dateOfBirth: '2016-01-01', sex: 'M' })
    const b = await createPerson({ givenNames: 'Bea', familyName, dateOfBirth: '2017-01-01', sex: 'F' })
    const url = `/api/v1/people/${a.id}/relationships`
    expectStatus(await call('POST', url, { as: 'frontdoor', body: { otherPersonRef: b.personRef, relationshipType: 'sibling', direction: 'this-is' } }), 201)
    const again = expectError(await call('POST', `/api/v1/people/${b.id}/relationships`, { as: 'frontdoor', body: { otherPersonRef: a.personRef, relationshipType: 'sibling', direction: 'this-is' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(again), ['otherPersonRef'])
    const unknown = expectError(await call('POST', url, { as: 'frontdoor', body: { otherPersonRef: 'P999999', relationshipType: 'sibling', direction: 'this-is' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(unknown), ['otherPersonRef'])
    const self = expectError(await call('POST', url, { as: 'frontdoor', body: { otherPersonRef: a.personRef, relationshipType: 'sibling', direction: 'this-is' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(self), ['otherPersonRef'])
    const bad = expectError(await call('POST', url, { as: 'frontdoor', body: { otherPersonRef: 'nope', relationshipType: 'cousin', direction: 'sideways', startDate: '2099-01-01' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(bad), ['direction', 'relationshipType'])
    const bad2 = expectError(await call('POST', url, { as: 'frontdoor', body: { otherPersonRef: 'nope', relationshipType: 'sibling', direction: 'this-is', startDate: '2099-01-01' } }), 400, 'validation')
    assert.deepEqual(fieldsOf(bad2), ['otherPersonRef', 'startDate'])
    expectError(await call('POST', url, { as: 'frontdoor', csrf: false, body: { otherPersonRef: b.personRef, relationshipType: 'sibling', direction: 'this-is' } }), 403, 'csrf')
    assert.equal((await readPerson(a.id)).relationships.length, 1)
    assert.equal((await readPerson(b.id)).relationships.length, 1)
  })

  it('refuses a relationship to a record the user may not see with 403, recording nothing', async () => {
    const f = await freya()
    const a = await createPerson({ givenNames: 'Lone' })
    const e = expectError(
      await call('POST', `/api/v1/people/${a.id}/relationships`, { as: 'frontdoor', body: { otherPersonRef: f.personRef, relationshipType: 'sibling', direction: 'this-is' } }),
      403,
      'forbidden',
    )
    assert.equal(e.reason, 'restricted')
    assert.deepEqual((await readPerson(a.id)).relationships, [])
    const freyaNow = await readPerson(f.id, 'servicemanager')
    assert.ok(!freyaNow.relationships.some((r) => r.otherPersonId === a.id))
  })
})

describe('API: requests at the same time', () => {
  it('of three amendments sent at once with the same version, one is saved and the others get 409', async () => {
    const p = await createPerson({ givenNames: 'Race' })
    const v1 = await readPerson(p.id)
    const answers = await Promise.all(['One', 'Two', 'Three'].map((religion) => call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(v1), religion } })))
    const statuses = answers.map((a) => a.status).sort()
    assert.deepEqual(statuses, [200, 409, 409])
    const saved = answers.findIndex((a) => a.status === 200)
    const v2 = await readPerson(p.id)
    assert.equal(v2.religion, ['One', 'Two', 'Three'][saved])
    assert.equal(v2.version, v1.version + 1)
  })

  it('of three moves sent at once with the same version, one is recorded and the others get 409', async () => {
    const p = await createPerson({ givenNames: 'Mover' })
    const v1 = await readPerson(p.id)
    const lines = ['1 A Road', '2 B Road', '3 C Road']
    const answers = await Promise.all(lines.map((line1) => call('POST', `/api/v1/people/${p.id}/addresses`, { as: 'frontdoor', body: { version: v1.version, line1, town: 'Harbourside', postcode: 'HS1 1AA' } })))
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409])
    const v2 = await readPerson(p.id)
    assert.deepEqual(
      v2.addresses.map((a) => a.line1),
      [lines[answers.findIndex((a) => a.status === 201)]],
    )
  })

  it('two people recorded at once with the same NHS number: one 201, the other 400 naming nhsNumber', async () => {
    const nhs = randomNhsNumber()
    const familyName = uniqueFamilyName('Apitest')
    const answers = await Promise.all(
      ['Aa', 'Bb'].map((givenNames) => call('POST', '/api/v1/people', { as: 'frontdoor', body: { givenNames, familyName, dateOfBirth: '2014-02-02', sex: 'M', nhsNumber: nhs, confirmedNotDuplicate: true } })),
    )
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 400])
    const refused = answers.find((a) => a.status === 400)
    assert.ok(refused)
    assert.deepEqual(fieldsOf(expectError(refused, 400, 'validation')), ['nhsNumber'])
  })

  it('two records amended at once to the same NHS number: one 200, the other 400 naming nhsNumber', async () => {
    const nhs = randomNhsNumber()
    const a = await readPerson((await createPerson({ givenNames: 'Cc' })).id)
    const b = await readPerson((await createPerson({ givenNames: 'Dd' })).id)
    const answers = await Promise.all([a, b].map((p) => call('PATCH', `/api/v1/people/${p.id}`, { as: 'frontdoor', body: { ...detailsOf(p), nhsNumber: nhs } })))
    assert.deepEqual(answers.map((x) => x.status).sort(), [200, 400])
  })

  it('the same two people linked twice at once get one current relationship', async () => {
    const familyName = uniqueFamilyName('Apitest')
    const child = await createPerson({ givenNames: 'Ee', familyName, dateOfBirth: '2016-06-06' })
    const parent = await createPerson({ givenNames: 'Ff', familyName, dateOfBirth: '1986-06-06' })
    const answers = await Promise.all(
      ['parent', 'carer'].map((relationshipType) =>
        call('POST', `/api/v1/people/${child.id}/relationships`, { as: 'frontdoor', body: { otherPersonRef: parent.personRef, relationshipType, direction: 'other-is' } }),
      ),
    )
    assert.deepEqual(answers.map((x) => x.status).sort(), [201, 400])
    assert.equal((await readPerson(child.id)).relationships.length, 1)
  })
})
