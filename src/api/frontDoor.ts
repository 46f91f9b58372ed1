/**
 * The front door in the JSON API, registered by ./routes.ts under /api/v1: the undecided queue, recording,
 * screening and deciding contacts, agency checks, feedback to the referrer, and a child's chronology.
 * The same use cases as the web pages (src/web/routes/frontDoor.ts), so the same roles, rules and audit.
 * Each route checks the role first (so a role that may not do something is told 403 whatever it sends),
 * then the URL's ids (not a UUID: 404), then the shape of the body (400 naming the fields); the use case
 * checks what the values mean. Described in ./openapi.ts: change the two together.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError, ValidationError, type AppContext } from '../app/context.ts'
import { recordAgencyCheckReturn, requestAgencyCheck } from '../app/frontDoor/agencyChecks.ts'
import { viewChronology } from '../app/frontDoor/chronology.ts'
import { decideContact } from '../app/frontDoor/decideContact.ts'
import { frontDoorQueue } from '../app/frontDoor/queue.ts'
import { recordContact } from '../app/frontDoor/recordContact.ts'
import { recordReferrerFeedback } from '../app/frontDoor/referrerFeedback.ts'
import { screenContact } from '../app/frontDoor/screenContact.ts'
import { viewContact } from '../app/frontDoor/viewContact.ts'
import { requireCapability } from '../app/people/access.ts'
import { requestMeta } from '../web/session.ts'
import { presentChronologyEntry, presentContact, presentContactRecorded, presentDecision, presentQueue } from './presenters.ts'
import {
  agencyCheckBody,
  agencyCheckReturnBody,
  contactQueueQuery,
  decideContactBody,
  feedbackBody,
  parseInput,
  recordContactBody,
  screenContactBody,
  type ContactQueueQuery,
} from './schemas.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A path parameter that must be a UUID; anything else cannot name a record, so 404. */
function pathId(req: FastifyRequest, name: string, what: string): string {
  const id = (req.params as Record<string, unknown>)[name]
  if (typeof id !== 'string' || !UUID.test(id)) throw new NotFoundError(what)
  return id.toLowerCase()
}

const contactId = (req: FastifyRequest) => pathId(req, 'id', 'contact')

const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v)

const QUEUE_SHOW: Record<NonNullable<ContactQueueQuery['show']>, 'police_notification' | 'edt' | undefined> = { all: undefined, police: 'police_notification', edt: 'edt' }

/** What decideContact says when the person is not a child on the contact: in the API that is the body's personId at fault. */
const NOT_ON_CONTACT = new NotFoundError('child on this contact').message

const created = (reply: FastifyReply, location: string | null, body: unknown) => {
  if (location) reply.header('location', location)
  return reply.code(201).send(body)
}

export const frontDoorApiRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  // ------------------------------------------------------------------------------ the undecided queue
  app.get('/contacts', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:view')
    const query = parseInput(contactQueueQuery, req.query ?? {}, 'query')
    const queue = await frontDoorQueue(ctx, meta, { channel: QUEUE_SHOW[query.show ?? 'all'], sort: query.sort ?? 'oldest' })
    return { data: presentQueue(queue) }
  })

  // ------------------------------------------------------------------------------ record a contact
  app.post('/contacts', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:record')
    const b = parseInput(recordContactBody, req.body)
    const out = await recordContact(ctx, meta, {
      receivedDate: b.receivedDate,
      receivedTime: b.receivedTime,
      channel: b.channel,
      sourceCode: b.sourceCode,
      referrerName: orUndefined(b.referrerName),
      referrerAgency: orUndefined(b.referrerAgency),
      referrerRole: orUndefined(b.referrerRole),
      referrerPhone: orUndefined(b.referrerPhone),
      referrerEmail: orUndefined(b.referrerEmail),
      concern: b.concern,
      parentsAware: b.parentsAware,
      consent: b.consent,
      noConsentReason: orUndefined(b.noConsentReason),
      immediateSafety: orUndefined(b.immediateSafety),
      // One child is one id, whatever the case of its letters (the use case ignores repeats).
      childIds: b.childIds.map((id) => id.toLowerCase()),
      adultIds: (b.adultIds ?? []).map((id) => id.toLowerCase()),
    })
    return created(reply, `${app.prefix}/contacts/${out.id}`, { data: presentContactRecorded(out) })
  })

  // ------------------------------------------------------------------------------ one contact (each child's appearance is an audited view)
  app.get('/contacts/:id', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:view')
    return { data: presentContact(await viewContact(ctx, meta, contactId(req))) }
  })

  // ------------------------------------------------------------------------------ screening
  app.put('/contacts/:id/screening', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:screen')
    const id = contactId(req)
    const b = parseInput(screenContactBody, req.body)
    await screenContact(ctx, meta, id, b.version, { thresholdLevel: b.thresholdLevel, rag: b.rag, screeningNotes: orUndefined(b.screeningNotes) })
    // Screening always moves the contact's version on by one.
    return { data: { version: b.version + 1 } }
  })

  // ------------------------------------------------------------------------------ a decision on one child
  app.post('/contacts/:id/decisions', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:decide')
    const id = contactId(req)
    const b = parseInput(decideContactBody, req.body)
    let outcome: Awaited<ReturnType<typeof decideContact>>
    try {
      outcome = await decideContact(ctx, meta, id, b.personId.toLowerCase(), { outcome: b.outcome, reasons: b.reasons })
    } catch (e) {
      if (e instanceof NotFoundError && e.message === NOT_ON_CONTACT) {
        throw new ValidationError([{ field: 'personId', message: 'This person is not one of the children on this contact' }])
      }
      throw e
    }
    return created(reply, null, { data: presentDecision(outcome) })
  })

  // ------------------------------------------------------------------------------ agency checks
  app.post('/contacts/:id/agency-checks', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:screen')
    const id = contactId(req)
    const b = parseInput(agencyCheckBody, req.body)
    await requestAgencyCheck(ctx, meta, id, b.agency)
    return created(reply, null, { data: null })
  })

  app.post('/contacts/:id/agency-checks/:checkId/return', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:screen')
    const id = contactId(req)
    const checkId = pathId(req, 'checkId', 'agency check')
    const b = parseInput(agencyCheckReturnBody, req.body)
    await recordAgencyCheckReturn(ctx, meta, id, checkId, b.summary)
    return { data: null }
  })

  // ------------------------------------------------------------------------------ feedback to the referrer
  app.post('/contacts/:id/feedback', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'contact:screen')
    const id = contactId(req)
    const b = parseInput(feedbackBody, req.body)
    await recordReferrerFeedback(ctx, meta, id, { givenOn: orUndefined(b.givenOn), method: b.method, summary: b.summary })
    return created(reply, null, { data: null })
  })

  // ------------------------------------------------------------------------------ a person's chronology (a view: audited)
  app.get('/people/:id/chronology', async (req) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'person:view')
    const { entries } = await viewChronology(ctx, meta, pathId(req, 'id', 'person'))
    return { data: entries.map(presentChronologyEntry) }
  })
}
