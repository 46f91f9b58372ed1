/**
 * The JSON API, mounted at /api/v1 (src/web/server.ts). Same use cases, access rules and audit as the web
 * pages. Sessions, the 401 for no session and the x-csrf-token check on unsafe methods are global hooks
 * (src/web/session.ts); use-case errors become JSON 4xx answers in src/web/errors.ts.
 * The routes here (and the front door's, in ./frontDoor.ts) are described in ./openapi.ts: change them together.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError, ValidationError, type AppContext } from '../app/context.ts'
import { requireCapability } from '../app/people/access.ts'
import { addRelationship } from '../app/people/addRelationship.ts'
import { amendPerson } from '../app/people/amendPerson.ts'
import { changeAddress } from '../app/people/changeAddress.ts'
import { createPerson, type CreatePersonInput } from '../app/people/createPerson.ts'
import { listRecordViews } from '../app/people/recordAccess.ts'
import { searchPeople, type SearchInput } from '../app/people/searchPeople.ts'
import { viewPerson } from '../app/people/viewPerson.ts'
import type { PersonDetailsInput } from '../domain/people/personDetails.ts'
import { isValidNhsNumber, isValidPostcode } from '../domain/people/identifiers.ts'
import { requestMeta } from '../web/session.ts'
import { frontDoorApiRoutes } from './frontDoor.ts'
import { caseworkApiRoutes } from './casework.ts'
import { openApiDocument } from './openapi.ts'
import { presentPerson, presentPersonSummary, presentRecordView } from './presenters.ts'
import {
  addRelationshipBody,
  changeAddressBody,
  createPersonBody,
  parseInput,
  searchQuery,
  updatePersonBody,
  type CreatePersonBody,
  type SearchQuery,
  type UpdatePersonBody,
} from './schemas.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/** The :id of the URL; anything that is not a UUID cannot name a person, so 404. */
function personId(req: FastifyRequest): string {
  const id = (req.params as { id?: unknown }).id
  if (typeof id !== 'string' || !UUID.test(id)) throw new NotFoundError('person')
  return id.toLowerCase()
}

const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v)

type DetailsBody = Omit<UpdatePersonBody, 'version'> | Omit<CreatePersonBody, 'address' | 'confirmedNotDuplicate'>

function detailsInput(b: DetailsBody): PersonDetailsInput {
  return {
    givenNames: b.givenNames,
    familyName: b.familyName,
    isUnborn: orUndefined(b.isUnborn),
    dateOfBirth: orUndefined(b.dateOfBirth),
    expectedDateOfBirth: orUndefined(b.expectedDateOfBirth),
    sex: b.sex,
    genderIdentity: orUndefined(b.genderIdentity),
    ethnicityCode: orUndefined(b.ethnicityCode),
    religion: orUndefined(b.religion),
    firstLanguage: orUndefined(b.firstLanguage),
    interpreterNeeded: orUndefined(b.interpreterNeeded),
    nhsNumber: orUndefined(b.nhsNumber),
    upn: orUndefined(b.upn),
    upnUnknownReason: b.upnUnknownReason,
    disabilities: orUndefined(b.disabilities),
  }
}

/** The domain names address errors of a new person addressLine1, addressPostcode…; the API names the JSON path. */
function addressFieldsAsPaths(e: ValidationError): ValidationError {
  return new ValidationError(
    e.errors.map((f) => {
      const m = /^address([A-Z]\w*)$/.exec(f.field)
      return m?.[1] ? { ...f, field: `address.${m[1].charAt(0).toLowerCase()}${m[1].slice(1)}` } : f
    }),
  )
}

type Criterion = keyof SearchInput
const Q_READ_AS: Record<Criterion, string> = { name: 'a name', nhsNumber: 'an NHS number', postcode: 'a postcode', dateOfBirth: 'a date of birth' }

/**
 * The search criteria from the query. `q` stands for one criterion, chosen by what it looks like: an NHS
 * number, else a postcode, else a name. Digits that are not a valid NHS number are refused: searched as a
 * name they would find nobody, and "not known to us" is the wrong answer to a mistyped NHS number.
 */
export function searchCriteria(query: SearchQuery): { input: SearchInput; fromQ: Criterion | null } {
  const input: SearchInput = { name: query.name, dateOfBirth: query.dateOfBirth, nhsNumber: query.nhsNumber, postcode: query.postcode }
  const q = query.q?.trim() ?? ''
  const given = (k: Criterion) => (input[k]?.trim() ?? '') !== ''
  if (!q) {
    if (!(['name', 'dateOfBirth', 'nhsNumber', 'postcode'] as const).some(given)) {
      throw new ValidationError([{ field: 'q', message: 'Give q, or at least one of name, dateOfBirth, nhsNumber and postcode' }])
    }
    return { input, fromQ: null }
  }
  let fromQ: Criterion
  if (isValidNhsNumber(q)) fromQ = 'nhsNumber'
  else if (/^[\d\s-]+$/.test(q)) {
    throw new ValidationError([{ field: 'q', message: 'Enter a valid NHS number, 10 digits like 999 000 0018 (the last digit is a check digit)' }])
  } else if (isValidPostcode(q)) fromQ = 'postcode'
  else fromQ = 'name'
  if (given(fromQ)) throw new ValidationError([{ field: 'q', message: `q was read as ${Q_READ_AS[fromQ]}, and ${fromQ} was given too: give one or the other` }])
  input[fromQ] = q
  return { input, fromQ }
}

export const apiRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  // Bodies must be JSON: a form post to the API is refused, not half-understood.
  app.addHook('preValidation', async (req, reply) => {
    if (!BODY_METHODS.has(req.method)) return
    const type = String(req.headers['content-type'] ?? '')
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return reply
        .code(415)
        .type('application/json')
        .send({ code: 'unsupported_media_type', message: 'Send the body as JSON, with the header Content-Type: application/json', field: 'content-type' })
    }
  })
  // Records of children are never to be kept in a shared or browser cache.
  app.addHook('onSend', async (_req, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  })

  const created = (reply: FastifyReply, location: string | null, body: unknown) => {
    if (location) reply.header('location', location)
    return reply.code(201).send(body)
  }

  // ------------------------------------------------------------------------------ OpenAPI document
  app.get('/openapi.json', { config: { access: 'public' } }, async (_req, reply) => reply.header('cache-control', 'no-cache').send(openApiDocument))

  // ------------------------------------------------------------------------------ session
  // Who is signed in, and the CSRF token an API client must send as x-csrf-token on unsafe methods.
  app.get('/session', async (req) => {
    const meta = requestMeta(req)
    const a = meta.actor
    return { data: { username: a.username, displayName: a.displayName, role: a.role, scope: a.scope, csrfToken: req.csrfToken, expiresAt: req.sessionExpiresAt?.toISOString() ?? null } }
  })

  // ------------------------------------------------------------------------------ search
  app.get('/people', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:view')
    const query = parseInput(searchQuery, req.query ?? {}, 'query')
    const { input, fromQ } = searchCriteria(query)
    try {
      const results = await searchPeople(ctx, meta, input)
      return { data: results.map(presentPersonSummary) }
    } catch (e) {
      if (e instanceof ValidationError && fromQ) throw new ValidationError(e.errors.map((f) => (f.field === fromQ ? { ...f, field: 'q' } : f)))
      throw e
    }
  })

  // ------------------------------------------------------------------------------ one person (a view: audited)
  app.get('/people/:id', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:view')
    const person = await viewPerson(ctx, meta, personId(req), 'api')
    return { data: presentPerson(person) }
  })

  // ------------------------------------------------------------------------------ create
  app.post('/people', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:create')
    const b = parseInput(createPersonBody, req.body)
    const input: CreatePersonInput = {
      ...detailsInput(b),
      address: b.address
        ? { line1: b.address.line1, line2: orUndefined(b.address.line2), town: b.address.town, postcode: b.address.postcode, startDate: orUndefined(b.address.startDate) }
        : undefined,
      confirmedNotDuplicate: b.confirmedNotDuplicate === true,
    }
    let outcome: Awaited<ReturnType<typeof createPerson>>
    try {
      outcome = await createPerson(ctx, meta, input)
    } catch (e) {
      throw e instanceof ValidationError ? addressFieldsAsPaths(e) : e
    }
    if (outcome.kind === 'possible-duplicates') {
      const seen = outcome.matches.length
      const hidden = outcome.hiddenCount
      const counted = [seen ? `${seen} you can see` : '', hidden ? `${hidden} you cannot see` : ''].filter(Boolean).join(' and ')
      return reply.code(409).send({
        code: 'possible_duplicates',
        message: `This person may already be recorded (possible matches: ${counted}). Check the matches; if this is a different person, send the request again with "confirmedNotDuplicate": true.`,
        matches: outcome.matches.map(presentPersonSummary),
        hiddenCount: hidden,
      })
    }
    return created(reply, `${app.prefix}/people/${outcome.id}`, { data: { id: outcome.id, personRef: outcome.personRef } })
  })

  // ------------------------------------------------------------------------------ amend (full replacement of the details)
  app.patch('/people/:id', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:amend')
    const id = personId(req)
    const { version, ...details } = parseInput(updatePersonBody, req.body)
    const { changed } = await amendPerson(ctx, meta, id, version, detailsInput(details))
    // amendPerson moves the version on by one when anything changed, and not at all when nothing did.
    return { data: { changed, version: changed.length > 0 ? version + 1 : version } }
  })

  // ------------------------------------------------------------------------------ a move
  app.post('/people/:id/addresses', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:amend')
    const id = personId(req)
    const b = parseInput(changeAddressBody, req.body)
    await changeAddress(ctx, meta, id, b.version, { line1: b.line1, line2: orUndefined(b.line2), town: b.town, postcode: b.postcode, startDate: orUndefined(b.startDate) })
    // changeAddress always moves the version on by one.
    return created(reply, null, { data: { version: b.version + 1 } })
  })

  // ------------------------------------------------------------------------------ relationships
  app.post('/people/:id/relationships', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:amend')
    const id = personId(req)
    const b = parseInput(addRelationshipBody, req.body)
    await addRelationship(ctx, meta, id, {
      otherPersonRef: b.otherPersonRef,
      relationshipType: b.relationshipType,
      direction: b.direction,
      parentalResponsibility: b.parentalResponsibility,
      livesWith: b.livesWith,
      startDate: orUndefined(b.startDate),
    })
    return created(reply, null, { data: null })
  })

  // ------------------------------------------------------------------------------ who has viewed this record
  app.get('/people/:id/record-access', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'audit:view-record-access')
    const { views } = await listRecordViews(ctx, meta, personId(req))
    return { data: views.map(presentRecordView) }
  })

  // ------------------------------------------------------------------------------ the front door (contacts, decisions, chronology)
  // A child plugin, so the hooks above (JSON bodies only, no-store) apply to it too.
  await app.register(frontDoorApiRoutes(ctx))
  await app.register(caseworkApiRoutes(ctx))
}
