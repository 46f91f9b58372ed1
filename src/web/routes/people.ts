import { GRADE_LABEL } from '../../domain/caseAudit/grades.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { addRelationship } from '../../app/people/addRelationship.ts'
import { addOtherName } from '../../app/people/addOtherName.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { amendPerson } from '../../app/people/amendPerson.ts'
import { changeAddress } from '../../app/people/changeAddress.ts'
import { createPerson } from '../../app/people/createPerson.ts'
import { listRecordViews } from '../../app/people/recordAccess.ts'
import { searchPeople } from '../../app/people/searchPeople.ts'
import { viewPerson } from '../../app/people/viewPerson.ts'
import { personPage } from '../../app/people/personPage.ts'
import { childDataQuality } from '../../app/returns/dataQuality.ts'
import { PRIMARY_NEED } from '../../domain/assessments/codes.ts'
import { fixLinkFor } from '../presenters/dataQuality.ts'
import { can } from '../../domain/access/roles.ts'
import { DISABILITY, ETHNICITY, RELATIONSHIP, UPN_UNKNOWN } from '../../domain/people/codes.ts'
import type { PersonDetailsInput } from '../../domain/people/personDetails.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { formErrors, render } from '../render.ts'
import { dateFromParts, list, parseBody, str, type Body } from '../forms.ts'
import { requestMeta } from '../session.ts'
import { personPagePresenter, personFormValues } from '../presenters/person.ts'

const idParams = z.object({ id: z.string().uuid() })





function detailsFromForm(b: Body): PersonDetailsInput {
  return {
    givenNames: str(b, 'givenNames'),
    familyName: str(b, 'familyName'),
    isUnborn: str(b, 'isUnborn') === 'yes',
    dateOfBirth: dateFromParts(b, 'dateOfBirth'),
    expectedDateOfBirth: dateFromParts(b, 'expectedDateOfBirth'),
    sex: str(b, 'sex'),
    genderIdentity: str(b, 'genderIdentity'),
    ethnicityCode: str(b, 'ethnicityCode'),
    religion: str(b, 'religion'),
    firstLanguage: str(b, 'firstLanguage'),
    interpreterNeeded: str(b, 'interpreterNeeded') === 'yes',
    nhsNumber: str(b, 'nhsNumber'),
    upn: str(b, 'upn'),
    upnUnknownReason: str(b, 'upnUnknownReason') ?? null,
    disabilities: list(b, 'disabilities'),
  }
}

/** Date fields' errors point at the day box, as the Design System asks. */
const FIELD_IDS = { dateOfBirth: 'dateOfBirth-day', expectedDateOfBirth: 'expectedDateOfBirth-day', addressStartDate: 'addressStartDate-day', startDate: 'startDate-day', sex: 'sex', isUnborn: 'isUnborn', nameType: 'nameType' }

const options = {
  ethnicity: [{ value: '', text: 'Not recorded' }, ...Object.entries(ETHNICITY).map(([value, text]) => ({ value, text }))],
  // 'No disability' last, after "or", and exclusive (GOV.UK checkboxes "none" option).
  disability: [
    ...Object.entries(DISABILITY)
      .filter(([value]) => value !== 'NONE')
      .map(([value, text]) => ({ value, text })),
    { divider: 'or' },
    { value: 'NONE', text: DISABILITY.NONE, behaviour: 'exclusive' },
  ],
  upnUnknown: [{ value: '', text: 'Not recorded' }, ...Object.entries(UPN_UNKNOWN).map(([value, text]) => ({ value, text: `${text} (${value})` }))],
  relationship: [{ value: '', text: 'Select a relationship' }, ...Object.entries(RELATIONSHIP).map(([value, r]) => ({ value, text: r.label }))],
}

export const peopleRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const personId = (req: FastifyRequest): string => {
    const p = idParams.safeParse(req.params)
    if (!p.success) throw new NotFoundError('person')
    return p.data.id
  }

  // ---------------------------------------------------------------- search
  app.get('/people', async (req, reply) => {
    const q = req.query as Body
    const searched = ['name', 'nhsNumber', 'postcode', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'].some((k) => (str(q, k) ?? '').trim() !== '')
    const values = { name: str(q, 'name') ?? '', nhsNumber: str(q, 'nhsNumber') ?? '', postcode: str(q, 'postcode') ?? '', dateOfBirth: { day: str(q, 'dateOfBirth-day') ?? '', month: str(q, 'dateOfBirth-month') ?? '', year: str(q, 'dateOfBirth-year') ?? '' } }
    const meta = requestMeta(req)
    if (!can(meta.actor, 'person:view')) return render(req, reply, 'errors/403.njk', {}, 403)
    if (!searched) return render(req, reply, 'people/search.njk', { values, searched: false, canCreate: can(meta.actor, 'person:create') })
    try {
      const results = await searchPeople(ctx, meta, {
        name: values.name,
        nhsNumber: values.nhsNumber,
        postcode: values.postcode,
        dateOfBirth: dateFromParts(q, 'dateOfBirth'),
      })
      return render(req, reply, 'people/search.njk', { values, searched: true, results, canCreate: can(meta.actor, 'person:create') })
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, 'people/search.njk', { values, searched: false, ...formErrors(e.errors, FIELD_IDS) }, 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- create
  app.get('/people/new', async (req, reply) => {
    const meta = requestMeta(req)
    if (!can(meta.actor, 'person:create')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, '/people/new')
    return render(req, reply, 'people/person-form.njk', { mode: 'create', values: draft ? formValues(draft.data) : formValues({}), draftRestoredAt: draft?.savedAt, options })
  })

  app.post('/people', async (req, reply) => {
    const meta = requestMeta(req)
    const b = parseBody(req)
    const input = {
      ...detailsFromForm(b),
      address: { line1: str(b, 'addressLine1'), line2: str(b, 'addressLine2'), town: str(b, 'addressTown'), postcode: str(b, 'addressPostcode'), startDate: dateFromParts(b, 'addressStartDate') },
      confirmedNotDuplicate: str(b, 'confirmedNotDuplicate') === 'yes',
    }
    try {
      const outcome = await createPerson(ctx, meta, input)
      if (outcome.kind === 'possible-duplicates') {
        return render(req, reply, 'people/possible-duplicates.njk', { matches: outcome.matches, hiddenCount: outcome.hiddenCount, fields: hiddenFields(b) })
      }
      await clearDraft(ctx, meta, '/people/new')
      return reply.redirect(`/people/${outcome.id}?created=1`)
    } catch (e) {
      if (e instanceof ValidationError) {
        return render(req, reply, 'people/person-form.njk', { mode: 'create', values: formValues(b), options, ...formErrors(e.errors, FIELD_IDS) }, 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- view
  app.get('/people/:id', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    const { person, history, summary, caseAudits } = await personPage(ctx, meta, id)
    const dq = await childDataQuality(ctx, meta, id)
    const q = req.query as Body
    return render(req, reply, 'people/person.njk', {
      caseSummary: summary,
      caseAudits,
      gradeLabels: GRADE_LABEL,
      dataQuality: dq.issues.map((i) => ({ ...i, fix: fixLinkFor(i) })),
      assessmentStatusLabels: { in_progress: 'in progress', submitted: 'awaiting authorisation', returned: 'returned to the worker', authorised: 'authorised' },
      ...personPagePresenter(person, history),
      labels: { primaryNeed: PRIMARY_NEED },
      canRecordPrimaryNeed: can(meta.actor, 'assessment:record'),
      banner: str(q, 'primaryNeed') ? 'primaryNeed' : str(q, 'created') ? 'created' : str(q, 'amended') ? 'amended' : str(q, 'moved') ? 'moved' : str(q, 'related') ? 'related' : str(q, 'named') ? 'named' : null,
      canAmend: can(meta.actor, 'person:amend'),
      canRecordContact: can(meta.actor, 'contact:record'),
      canSeeAccess: can(meta.actor, 'audit:view-record-access'),
      // Links to the child's casework pages; each page checks access again on the server.
      casework: {
        assessments: can(meta.actor, 'person:view'),
        oversight: can(meta.actor, 'person:view'),
        allocation: can(meta.actor, 'person:view'),
        closure: can(meta.actor, 'closure:propose') || can(meta.actor, 'closure:authorise'),
        transfer: can(meta.actor, 'transfer:manage'),
      },
    })
  })

  // ---------------------------------------------------------------- amend
  app.get('/people/:id/edit', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'person:amend')) return render(req, reply, 'errors/403.njk', {}, 403)
    const person = await viewPerson(ctx, meta, id)
    const draft = await loadDraft(ctx, meta, `/people/${id}/edit`)
    const draftVersion = Number.parseInt(String(draft?.data.version ?? ''), 10)
    return render(req, reply, 'people/person-form.njk', {
      mode: 'amend', person, options,
      values: draft ? formValues(draft.data) : personFormValues(person),
      version: draft && Number.isInteger(draftVersion) ? draftVersion : person.version,
      draftRestoredAt: draft?.savedAt,
    })
  })

  app.post('/people/:id/edit', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    const b = parseBody(req)
    const version = Number.parseInt(str(b, 'version') ?? '', 10)
    try {
      if (!Number.isInteger(version)) throw new ValidationError([{ field: 'version', message: 'The form was incomplete: open the record and try again' }])
      await amendPerson(ctx, meta, id, version, detailsFromForm(b))
      await clearDraft(ctx, meta, `/people/${id}/edit`)
      return reply.redirect(`/people/${id}?amended=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: 'version', message: e.message }]
        const person = await viewPerson(ctx, meta, id)
        return render(req, reply, 'people/person-form.njk', { mode: 'amend', person, values: formValues(b), version: e instanceof ConflictError ? person.version : version, conflict: e instanceof ConflictError, options, ...formErrors(errors, FIELD_IDS) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- change of address
  app.get('/people/:id/address', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'person:amend')) return render(req, reply, 'errors/403.njk', {}, 403)
    const person = await viewPerson(ctx, meta, id)
    const draft = await loadDraft(ctx, meta, `/people/${id}/address`)
    const draftVersion = Number.parseInt(String(draft?.data.version ?? ''), 10)
    return render(req, reply, 'people/address-form.njk', {
      person,
      values: draft ? formValues(draft.data) : formValues({}),
      version: draft && Number.isInteger(draftVersion) ? draftVersion : person.version,
      draftRestoredAt: draft?.savedAt,
    })
  })

  app.post('/people/:id/address', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    const b = parseBody(req)
    const version = Number.parseInt(str(b, 'version') ?? '', 10)
    try {
      await changeAddress(ctx, meta, id, version, { line1: str(b, 'line1'), line2: str(b, 'line2'), town: str(b, 'town'), postcode: str(b, 'postcode'), startDate: dateFromParts(b, 'startDate') })
      await clearDraft(ctx, meta, `/people/${id}/address`)
      return reply.redirect(`/people/${id}?moved=1`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors: FieldError[] = e instanceof ValidationError ? e.errors : [{ field: 'version', message: e.message }]
        const person = await viewPerson(ctx, meta, id)
        return render(req, reply, 'people/address-form.njk', { person, values: formValues(b), version: person.version, ...formErrors(errors, FIELD_IDS) }, e instanceof ConflictError ? 409 : 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- relationships
  app.get('/people/:id/relationships/new', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'person:amend')) return render(req, reply, 'errors/403.njk', {}, 403)
    const person = await viewPerson(ctx, meta, id)
    const draft = await loadDraft(ctx, meta, `/people/${id}/relationships/new`)
    return render(req, reply, 'people/relationship-form.njk', { person, values: formValues(draft?.data ?? {}), draftRestoredAt: draft?.savedAt, options })
  })

  app.post('/people/:id/relationships', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    const b = parseBody(req)
    try {
      await addRelationship(ctx, meta, id, {
        otherPersonRef: str(b, 'otherPersonRef'),
        relationshipType: str(b, 'relationshipType'),
        direction: str(b, 'direction'),
        parentalResponsibility: str(b, 'parentalResponsibility') === 'yes',
        livesWith: str(b, 'livesWith') === 'yes',
        startDate: dateFromParts(b, 'startDate'),
      })
      await clearDraft(ctx, meta, `/people/${id}/relationships/new`)
      return reply.redirect(`/people/${id}?related=1#relationships`)
    } catch (e) {
      if (e instanceof ValidationError) {
        const person = await viewPerson(ctx, meta, id)
        return render(req, reply, 'people/relationship-form.njk', { person, values: formValues(b), options, ...formErrors(e.errors, FIELD_IDS) }, 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- other names (aliases, previous names)
  app.get('/people/:id/names/new', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    if (!can(meta.actor, 'person:amend')) return render(req, reply, 'errors/403.njk', {}, 403)
    const person = await viewPerson(ctx, meta, id)
    return render(req, reply, 'people/name-form.njk', { person, values: {} })
  })

  app.post('/people/:id/names', async (req, reply) => {
    const id = personId(req)
    const meta = requestMeta(req)
    const b = parseBody(req)
    try {
      await addOtherName(ctx, meta, id, { nameType: str(b, 'nameType'), givenNames: str(b, 'givenNames'), familyName: str(b, 'familyName') })
      return reply.redirect(`/people/${id}?named=1`)
    } catch (e) {
      if (e instanceof ValidationError) {
        const person = await viewPerson(ctx, meta, id)
        return render(req, reply, 'people/name-form.njk', { person, values: b, ...formErrors(e.errors, FIELD_IDS) }, 400)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- who has viewed this record
  app.get('/people/:id/record-access', async (req, reply) => {
    const id = personId(req)
    const { person, views } = await listRecordViews(ctx, requestMeta(req), id)
    return render(req, reply, 'people/record-access.njk', { person, views })
  })
}

/** Echoes what was typed back into the form after an error, in the shape the templates read. */
function formValues(b: Body): Record<string, unknown> {
  const v: Record<string, unknown> = { ...b }
  for (const name of ['dateOfBirth', 'expectedDateOfBirth', 'addressStartDate', 'startDate']) {
    v[name] = { day: str(b, `${name}-day`) ?? '', month: str(b, `${name}-month`) ?? '', year: str(b, `${name}-year`) ?? '' }
  }
  v.disabilities = list(b, 'disabilities')
  return v
}

/** The create form's answers, carried through the "possible duplicates" page as hidden fields. */
function hiddenFields(b: Body): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = []
  for (const [name, value] of Object.entries(b)) {
    if (name === '_csrf' || name === 'confirmedNotDuplicate') continue
    for (const v of Array.isArray(value) ? value : [value ?? '']) out.push({ name, value: v })
  }
  return out
}
