/**
 * The OpenAPI 3.1 description of the JSON API (./routes.ts), served at GET /api/v1/openapi.json.
 * Request and response schemas are generated from the zod schemas the routes parse with and the presenters
 * are typed by (./schemas.ts); the paths, statuses and security below are written by hand: change them with
 * the routes.
 */
import { z } from 'zod/v4'
import * as s from './schemas.ts'

type Json = Record<string, unknown>
const REF = '#/components/schemas/'

/** JSON Schemas for each registered zod schema, cross-referenced by $ref within components.schemas. */
function componentSchemas(entries: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id })
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `${REF}${id}` }) as { schemas: Record<string, Json> }
  for (const schema of Object.values(schemas)) {
    delete schema.$schema
    delete schema.$id
  }
  return schemas
}

/** One query parameter per field of the query schema, each with its own JSON Schema. */
function queryParameters(schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const js = z.toJSONSchema(field as z.ZodType, { io: 'input' }) as Json
    delete js.$schema
    const { description, examples, ...rest } = js
    return { name, in: 'query', required: false, description, schema: rest, ...(Array.isArray(examples) ? { example: examples[0] } : {}) }
  })
}

const requestSchemas = componentSchemas(
  {
    CreatePersonRequest: s.createPersonBody,
    UpdatePersonRequest: s.updatePersonBody,
    ChangeAddressRequest: s.changeAddressBody,
    AddRelationshipRequest: s.addRelationshipBody,
    RecordContactRequest: s.recordContactBody,
    ScreenContactRequest: s.screenContactBody,
    DecideContactRequest: s.decideContactBody,
    AgencyCheckRequest: s.agencyCheckBody,
    AgencyCheckReturnRequest: s.agencyCheckReturnBody,
    ReferrerFeedbackRequest: s.feedbackBody,
  },
  'input',
)

const responseSchemas = componentSchemas(
  {
    PersonSummary: s.personSummaryJson,
    Person: s.personJson,
    RecordView: s.recordViewJson,
    SearchResponse: s.searchResponse,
    PersonResponse: s.personResponse,
    PersonCreatedResponse: s.createdResponse,
    PersonAmendedResponse: s.amendedResponse,
    AddressChangedResponse: s.movedResponse,
    RelationshipAddedResponse: s.relationshipAddedResponse,
    RecordAccessResponse: s.recordAccessResponse,
    QueueContact: s.queueContactJson,
    Contact: s.contactJson,
    ChronologyEntry: s.chronologyEntryJson,
    ContactQueueResponse: s.queueResponse,
    ContactResponse: s.contactResponse,
    ContactRecordedResponse: s.contactRecordedResponse,
    ScreeningRecordedResponse: s.screenedResponse,
    DecisionResponse: s.decisionResponse,
    RecordedResponse: s.recordedResponse,
    ChronologyResponse: s.chronologyResponse,
    Assessment: s.assessmentJson,
    AssessmentsResponse: s.assessmentsResponse,
    DataQualityResponse: s.dataQualityResponse,
    ValidationError: s.validationErrorJson,
    BadRequestError: s.badRequestJson,
    UnauthenticatedError: s.unauthenticatedJson,
    ForbiddenError: s.forbiddenJson,
    CsrfError: s.csrfJson,
    NotFoundError: s.notFoundJson,
    ConflictError: s.conflictJson,
    PossibleDuplicatesError: s.possibleDuplicatesJson,
    PayloadTooLargeError: s.payloadTooLargeJson,
    UnsupportedMediaTypeError: s.unsupportedMediaTypeJson,
    UnavailableError: s.unavailableJson,
    InternalError: s.internalJson,
  },
  'output',
)

const ref = (name: string): Json => ({ $ref: `${REF}${name}` })
const jsonContent = (schema: Json): Json => ({ 'application/json': { schema } })
const response = (description: string, schema: Json, extra: Json = {}): Json => ({ description, content: jsonContent(schema), ...extra })
const use = (name: string): Json => ({ $ref: `#/components/responses/${name}` })

/** Answers every authenticated route can give. */
const common = { '401': use('Unauthenticated'), '500': use('Internal'), '503': use('Unavailable') }
/** Answers every route that takes a JSON body can give, besides its own. */
const bodyCommon = { '400': use('BadRequest'), '403': use('ForbiddenOrCsrf'), '413': use('PayloadTooLarge'), '415': use('UnsupportedMediaType') }

const unsafeSecurity = [{ sessionCookie: [], csrfToken: [] }]
const personIdParam = { $ref: '#/components/parameters/PersonId' }
/** Written out in full (not a $ref) so each path shows its {id} is a contact's. */
const contactIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The contact’s id (a UUID, from the queue or from recording it). Anything that is not a UUID gets 404.',
  schema: { type: 'string', format: 'uuid' },
}
const contactNotFound = use('ContactNotFound')
const jsonBody = (name: string, description: string): Json => ({ required: true, description, content: jsonContent(ref(name)) })

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Harbour API',
    version: '1.0.0',
    description: [
      'The JSON API of Harbour, the children’s social care case record. It uses the same rules as the web pages: the same roles, the same record access (restricted records, caseload/team/service scope), and the same audit log. Opening a person’s record (GET /people/{id}) is recorded as a view, exactly as opening the page is.',
      '',
      '**Signing in.** The API uses the web session: sign in at /sign-in and send the `harbour_session` cookie. Requests without a valid session get 401.',
      '',
      '**CSRF.** POST, PATCH, PUT and DELETE must also send the session’s CSRF token in the `x-csrf-token` header (the token the signed-in web pages carry in their forms’ `_csrf` field). Without it the answer is 403 with code `csrf`.',
      '',
      '**Bodies** are JSON (`Content-Type: application/json`), at most 1 MB, no string longer than 20,000 characters. Unknown fields are refused. Every 4xx answer is JSON with a stable `code` and a plain-English `message`; a 400 lists each field at fault in `errors`.',
      '',
      '**Dates** are `YYYY-MM-DD` strings (calendar dates in England); instants are ISO 8601 strings in UTC.',
    ].join('\n'),
  },
  servers: [{ url: '/api/v1' }],
  security: [{ sessionCookie: [] }],
  tags: [
    { name: 'People', description: 'The person index: search, records, addresses, relationships' },
    { name: 'Front door', description: 'Contacts about children: the undecided queue, recording, screening, agency checks, decisions, feedback to the referrer; and a child’s chronology' },
    { name: 'Casework', description: 'Assessments on statutory timescales' },
    { name: 'Meta' },
  ],
  paths: {
    '/openapi.json': {
      get: {
        tags: ['Meta'],
        operationId: 'getOpenApi',
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/session': {
      get: {
        tags: ['Meta'],
        operationId: 'getSession',
        summary: 'Who is signed in, and the CSRF token for unsafe methods',
        responses: {
          '200': response('The signed-in user and the token to send as x-csrf-token', {
            type: 'object',
            required: ['data'],
            properties: {
              data: {
                type: 'object',
                required: ['username', 'displayName', 'role', 'scope', 'csrfToken', 'expiresAt'],
                properties: {
                  username: { type: 'string' },
                  displayName: { type: 'string' },
                  role: { type: 'string' },
                  scope: { type: 'string' },
                  csrfToken: { type: 'string' },
                  expiresAt: { type: ['string', 'null'], format: 'date-time' },
                },
              },
            },
          }),
          ...common,
        },
      },
    },
    '/people': {
      get: {
        tags: ['People'],
        operationId: 'searchPeople',
        summary: 'Search the person index',
        description:
          'Searches people you may see. Give `q` (read as an NHS number, a postcode or a name, whichever it is), or any of `name`, `dateOfBirth`, `nhsNumber`, `postcode`; criteria combine with AND. Needs a role that may view people. A search is not a record view and is not audited as one. Unknown query parameters are refused.',
        parameters: queryParameters(s.searchQuery),
        responses: {
          '200': response('People matching, best first (at most 50)', ref('SearchResponse')),
          '400': use('Validation'),
          '403': use('Forbidden'),
          ...common,
        },
      },
      post: {
        tags: ['People'],
        operationId: 'createPerson',
        summary: 'Record a new person',
        description:
          'Records a person (and their current address, if given). If they may be recorded already (the same NHS number is refused with 400; a similar name with the same date of birth gives 409 `possible_duplicates`), nothing is saved: check the matches, and if this is a different person send the same request with `confirmedNotDuplicate: true`. Needs a role that may create people.',
        security: unsafeSecurity,
        requestBody: jsonBody('CreatePersonRequest', 'The person’s details'),
        responses: {
          '201': response('Recorded', ref('PersonCreatedResponse'), {
            headers: { Location: { description: 'The new record: /api/v1/people/{id}', schema: { type: 'string' } } },
          }),
          '409': response('Nothing saved: this person may already be recorded', ref('PossibleDuplicatesError')),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/people/{id}': {
      parameters: [personIdParam],
      get: {
        tags: ['People'],
        operationId: 'getPerson',
        summary: 'Open a person’s record',
        description: 'The record with names, addresses, relationships, professionals and open allocations. Every call is written to the audit log as a view of the record (via `api`).',
        responses: {
          '200': response('The record', ref('PersonResponse')),
          '403': use('Forbidden'),
          '404': use('NotFound'),
          ...common,
        },
      },
      patch: {
        tags: ['People'],
        operationId: 'amendPerson',
        summary: 'Amend a person’s details',
        description:
          'Replaces all of the person’s details (as the web form does): every field must be sent, null clearing an optional one. Send the `version` you last read; if someone has changed the record since, nothing is saved and the answer is 409. A change of name keeps the old one as a previous name. Before and after are audited.',
        security: unsafeSecurity,
        requestBody: jsonBody('UpdatePersonRequest', 'All of the person’s details, and the version last read'),
        responses: {
          '200': response('Saved (or nothing had changed)', ref('PersonAmendedResponse')),
          '404': use('NotFound'),
          '409': use('Conflict'),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/people/{id}/addresses': {
      parameters: [personIdParam],
      post: {
        tags: ['People'],
        operationId: 'changeAddress',
        summary: 'Record a move to a new address',
        description: 'The current address is ended (the day before the new one starts) and kept in the history. Send the `version` you last read; the record’s version moves on by one.',
        security: unsafeSecurity,
        requestBody: jsonBody('ChangeAddressRequest', 'The new address, and the version last read'),
        responses: {
          '201': response('Recorded', ref('AddressChangedResponse')),
          '404': use('NotFound'),
          '409': use('Conflict'),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/people/{id}/relationships': {
      parameters: [personIdParam],
      post: {
        tags: ['People'],
        operationId: 'addRelationship',
        summary: 'Link this person to another recorded person',
        description:
          'One relationship, shown from both sides. You must be able to see both records; the two may not already have a current relationship (400, field `otherPersonRef`). Read it back with GET /people/{id}.',
        security: unsafeSecurity,
        requestBody: jsonBody('AddRelationshipRequest', 'The relationship'),
        responses: {
          '201': response('Recorded', ref('RelationshipAddedResponse')),
          '404': use('NotFound'),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/people/{id}/record-access': {
      parameters: [personIdParam],
      get: {
        tags: ['People'],
        operationId: 'listRecordViews',
        summary: 'Who has viewed this record',
        description: 'Every view of the record (web page or API), newest first. For managers, auditors and administrators who may see the record. This list is not itself audited as a view.',
        responses: {
          '200': response('Views of the record', ref('RecordAccessResponse')),
          '403': use('Forbidden'),
          '404': use('NotFound'),
          ...common,
        },
      },
    },
    '/people/{id}/chronology': {
      parameters: [personIdParam],
      get: {
        tags: ['Front door'],
        operationId: 'getChronology',
        summary: 'A person’s chronology',
        description:
          'What has happened to the person, newest first: contacts received, decisions on them, referrals opened, police notifications. For anyone who may see the record; every call is written to the audit log as a view of the record (via `chronology`).',
        responses: {
          '200': response('The chronology', ref('ChronologyResponse')),
          '403': use('Forbidden'),
          '404': use('NotFound'),
          ...common,
        },
      },
    },
    '/people/{id}/assessments': {
      parameters: [personIdParam],
      get: {
        tags: ['Casework'],
        operationId: 'listAssessments',
        summary: 'A child’s assessments, with due dates and RAG',
        description:
          'Initial, core and single assessments of the child, newest first, each with its framework, due date and, while open, the working days left and RAG; once authorised, the completion date and whether it was within timescale. For anyone who may see the record; every call is written to the audit log as a view of the record (via `assessments`).',
        responses: {
          '200': response('The assessments', ref('AssessmentsResponse')),
          '403': use('Forbidden'),
          '404': use('NotFound'),
          ...common,
        },
      },
    },
    '/people/{id}/data-quality': {
      parameters: [personIdParam],
      get: {
        tags: ['Casework'],
        operationId: 'childDataQuality',
        summary: 'What in a child’s record would fail the CIN census',
        description:
          'The CIN census 2025-26 validation rules run on the child’s record as it stands (this collection year, as at today), re-checked first if anything changed: each failure with its rule, severity, the census element and a plain-English message. For anyone who may see the record; every call is written to the audit log as a view of the record (via `data-quality`).',
        responses: {
          '200': response('The open failures', ref('DataQualityResponse')),
          '403': use('Forbidden'),
          '404': use('NotFound'),
          ...common,
        },
      },
    },
    '/contacts': {
      get: {
        tags: ['Front door'],
        operationId: 'listUndecidedContacts',
        summary: 'The front-door queue: every contact still to be decided',
        description:
          'Undecided contacts (those with a child still to be decided), with how many there are, how many are past their one-working-day decision deadline and when the longest-waiting one arrived. For front-door workers, EDT workers and managers. Not audited as a view of anyone’s record. Unknown query parameters are refused.',
        parameters: queryParameters(s.contactQueueQuery),
        responses: {
          '200': response('The queue (at most 200 contacts listed; the summary counts them all)', ref('ContactQueueResponse')),
          '400': use('Validation'),
          '403': use('Forbidden'),
          ...common,
        },
      },
      post: {
        tags: ['Front door'],
        operationId: 'recordContact',
        summary: 'Record a contact about one or more children',
        description:
          'Records a contact as received, with its decision deadline (one working day after receipt) fixed now. Each child must already be in the person index (POST /people) and be under 18; otherwise the answer is 400 naming `childIds`. Every child’s chronology gets an entry; a contact received out of hours goes on the next morning’s handover. Needs a role that may record contacts.',
        security: unsafeSecurity,
        requestBody: jsonBody('RecordContactRequest', 'The contact'),
        responses: {
          '201': response('Recorded', ref('ContactRecordedResponse'), {
            headers: { Location: { description: 'The new contact: /api/v1/contacts/{id}', schema: { type: 'string' } } },
          }),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/contacts/{id}': {
      parameters: [contactIdParam],
      get: {
        tags: ['Front door'],
        operationId: 'getContact',
        summary: 'Open a contact',
        description:
          'The contact with its screening, its timeliness, each child (with their decision, and what Harbour already knows of them: open case, referrals, previous contacts, allocated workers), the agency checks and the feedback to the referrer. Front-door work is council-wide, so access is by role. Each child shown is written to the audit log as a view of their record (via `contact`).',
        responses: {
          '200': response('The contact', ref('ContactResponse')),
          '403': use('Forbidden'),
          '404': contactNotFound,
          ...common,
        },
      },
    },
    '/contacts/{id}/screening': {
      parameters: [contactIdParam],
      put: {
        tags: ['Front door'],
        operationId: 'screenContact',
        summary: 'Record or amend the screening of a contact',
        description:
          'The threshold level, the RAG priority and notes, replacing any earlier screening (which stays in the audit log). Send the `version` you last read; if the contact has changed since (screened by someone else, or decided), nothing is saved and the answer is 409.',
        security: unsafeSecurity,
        requestBody: jsonBody('ScreenContactRequest', 'The screening, and the version last read'),
        responses: {
          '200': response('Saved', ref('ScreeningRecordedResponse')),
          '404': contactNotFound,
          '409': use('Conflict'),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/contacts/{id}/decisions': {
      parameters: [contactIdParam],
      post: {
        tags: ['Front door'],
        operationId: 'decideContact',
        summary: 'Decide what happens for one child on a contact',
        description:
          'A qualified team or service manager’s decision, with reasons, on one child (decisions are child by child). A manager who is not a qualified social worker is refused with 400 naming `outcome`; a `personId` that is not a child on this contact is 400 naming `personId`. `referral` and `strategy_discussion` open a referral, flagged as a re-referral if within 12 months of the last, or, if the child already has an open case, join it. Once every child is decided the contact leaves the queue. A child already decided (for instance by another manager a moment before) is 409 with `field` `outcome`, and nothing changes.',
        security: unsafeSecurity,
        requestBody: jsonBody('DecideContactRequest', 'The child and the decision'),
        responses: {
          '201': response('Decided', ref('DecisionResponse')),
          '404': contactNotFound,
          '409': response('This child had already been decided: nothing was changed', ref('ConflictError')),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/contacts/{id}/agency-checks': {
      parameters: [contactIdParam],
      post: {
        tags: ['Front door'],
        operationId: 'requestAgencyCheck',
        summary: 'Record that an agency has been asked for a MASH check',
        description: 'Who asked and when are recorded. Read the check (and its id, to record the return) with GET /contacts/{id}.',
        security: unsafeSecurity,
        requestBody: jsonBody('AgencyCheckRequest', 'The agency asked'),
        responses: {
          '201': response('Recorded', ref('RecordedResponse')),
          '404': contactNotFound,
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/contacts/{id}/agency-checks/{checkId}/return': {
      parameters: [
        contactIdParam,
        {
          name: 'checkId',
          in: 'path',
          required: true,
          description: 'The check’s id (checks[].id in GET /contacts/{id}). Anything that is not a UUID gets 404.',
          schema: { type: 'string', format: 'uuid' },
        },
      ],
      post: {
        tags: ['Front door'],
        operationId: 'returnAgencyCheck',
        summary: 'Record what an agency said in answer to a check',
        description: 'A check is returned once. A check that has already been returned, or that is not on this contact, is refused with 400 naming `summary`, and nothing changes.',
        security: unsafeSecurity,
        requestBody: jsonBody('AgencyCheckReturnRequest', 'What the agency said'),
        responses: {
          '200': response('Recorded', ref('RecordedResponse')),
          '404': response('The contact id or the check id is not a UUID', ref('NotFoundError')),
          ...bodyCommon,
          ...common,
        },
      },
    },
    '/contacts/{id}/feedback': {
      parameters: [contactIdParam],
      post: {
        tags: ['Front door'],
        operationId: 'recordReferrerFeedback',
        summary: 'Record the feedback given to the referrer',
        description: 'When, how and what the referrer was told of the outcome (Working Together: referrers are told). Read it back with GET /contacts/{id}.',
        security: unsafeSecurity,
        requestBody: jsonBody('ReferrerFeedbackRequest', 'The feedback'),
        responses: {
          '201': response('Recorded', ref('RecordedResponse')),
          '404': contactNotFound,
          ...bodyCommon,
          ...common,
        },
      },
    },
  },
  components: {
    schemas: { ...requestSchemas, ...responseSchemas },
    parameters: {
      PersonId: {
        name: 'id',
        in: 'path',
        required: true,
        description: 'The person’s id (a UUID, from search or creation). Anything that is not a UUID gets 404.',
        schema: { type: 'string', format: 'uuid' },
      },
    },
    responses: {
      Validation: response('The query is not in the expected form, or its values are not valid: each field at fault is named', ref('ValidationError')),
      BadRequest: response('The body is not valid JSON, is not in the expected form, or its values are not valid: each field at fault is named', {
        oneOf: [ref('ValidationError'), ref('BadRequestError')],
      }),
      Unauthenticated: response('No valid session: sign in first', ref('UnauthenticatedError')),
      Forbidden: response('Your role, or the record’s restriction or your scope, does not allow this', ref('ForbiddenError')),
      ForbiddenOrCsrf: response('Not allowed (see `reason`), or the x-csrf-token header is missing or wrong (code `csrf`)', {
        oneOf: [ref('ForbiddenError'), ref('CsrfError')],
      }),
      NotFound: response('No such person', ref('NotFoundError')),
      ContactNotFound: response('No such contact (or the id is not a UUID)', ref('NotFoundError')),
      Conflict: response('Someone else changed the record after the version you sent: nothing was saved. Read the record again and reapply your change.', ref('ConflictError')),
      PayloadTooLarge: response('The body is larger than 1 MB (BODY_LIMIT in src/web/server.ts)', ref('PayloadTooLargeError')),
      UnsupportedMediaType: response('The body was not sent as application/json', ref('UnsupportedMediaTypeError')),
      Unavailable: response('Harbour cannot reach its database at the moment', ref('UnavailableError')),
      Internal: response('Something went wrong in Harbour', ref('InternalError')),
    },
    securitySchemes: {
      sessionCookie: {
        type: 'apiKey',
        in: 'cookie',
        name: 'harbour_session',
        description: 'The session cookie set by signing in at /sign-in. It ends after the idle timeout, or on signing out.',
      },
      csrfToken: {
        type: 'apiKey',
        in: 'header',
        name: 'x-csrf-token',
        description: 'The session’s CSRF token. Needed, with the session cookie, on POST, PATCH, PUT and DELETE.',
      },
    },
  },
}
