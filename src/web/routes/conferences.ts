/** Child protection conferences, CP plans and core groups (issue 6). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { conferenceOutcomeForm, listScheduledConferences, recordConferenceOutcome, scheduleConference, scheduleConferenceForm, viewConference } from '../../app/childProtection/conferences.ts'
import { coreGroupForm, recordCoreGroup, viewCpPlan } from '../../app/childProtection/cpPlans.ts'
import { can } from '../../domain/access/roles.ts'
import { ABUSE_CATEGORY, AGENCY, CONFERENCE_DECISION, CONFERENCE_TYPE, decisionsFor, isConferenceType, type ConferenceType } from '../../domain/childProtection/codes.ts'
import { CORE_GROUP_ACTION_ROWS, CORE_GROUP_ATTENDEE_ROWS, CORE_GROUP_MEMBER_ROWS, INVITEE_ROWS, type PersonRowInput } from '../../domain/childProtection/conferenceRecords.ts'
import { DEFAULT_VISIT_WORKING_DAYS } from '../../domain/childProtection/plan.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, list, parseBody as parseForm, str, type Body, redisplay, dateValue } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const parseBody = (req: FastifyRequest): Body => parseForm(req, 1024 * 1024)

const dateItems = (b: Record<string, unknown>, name: string) => {
  const v = dateValue(b, name)
  return [
    { name: 'day', classes: 'govuk-input--width-2', value: v.day },
    { name: 'month', classes: 'govuk-input--width-2', value: v.month },
    { name: 'year', classes: 'govuk-input--width-4', value: v.year },
  ]
}
function dateFields(name: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {}
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' }
}
const s = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '')

const AGENCY_ITEMS = (selected: string) => [{ value: '', text: 'Select the agency' }, ...Object.entries(AGENCY).map(([value, text]) => ({ value, text, selected: value === selected }))]
const CATEGORY_ITEMS = Object.entries(ABUSE_CATEGORY).map(([value, text]) => ({ value, text: `${text} (${value})` }))

/** Rows of people for a form: name, agency select, role; `attended` radios when asked. */
function peopleRows(values: Record<string, unknown>, prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => i + 1).map((row) => ({
    row,
    name: s(values[`${prefix}${row}Name`]),
    agencyItems: AGENCY_ITEMS(s(values[`${prefix}${row}Agency`])),
    role: s(values[`${prefix}${row}Role`]),
    attended: s(values[`${prefix}${row}Attended`]),
  }))
}
function peopleInput(b: Body, prefix: string, n: number): PersonRowInput[] {
  return Array.from({ length: n }, (_, i) => i + 1).map((row) => ({ row, name: str(b, `${prefix}${row}Name`) ?? '', agency: str(b, `${prefix}${row}Agency`) ?? '', role: str(b, `${prefix}${row}Role`) ?? '' }))
}

const SCHEDULE_FIELD_IDS: Record<string, string> = { conferenceOn: 'conferenceOn-day', notifiedOn: 'notifiedOn-day', reportsSharedOn: 'reportsSharedOn-day', chairUserId: 'chairUserId', type: 'conferenceOn-day' }
const OUTCOME_FIELD_IDS: Record<string, string> = { heldOn: 'heldOn-day', decision: 'decision', categories: 'categories', attendees: 'attendee1Name', leadWorker: 'decision' }
const CORE_GROUP_FIELD_IDS: Record<string, string> = { heldOn: 'heldOn-day' }
for (let n = 1; n <= CORE_GROUP_ACTION_ROWS; n++) CORE_GROUP_FIELD_IDS[`action${n}DueOn`] = `action${n}DueOn-day`

export const conferencesRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const personId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { id?: string }).id)
    if (!p.success) throw new NotFoundError('person')
    return p.data
  }
  const conferenceId = (req: FastifyRequest): string => {
    const p = uuid.safeParse((req.params as { cid?: string }).cid)
    if (!p.success) throw new NotFoundError('conference')
    return p.data
  }
  const optionalUuid = (v: string | undefined): string | null => {
    const p = uuid.safeParse(v ?? '')
    return p.success ? p.data : null
  }

  // ---------------------------------------------------------------- the list of scheduled conferences
  app.get('/conferences', async (req, reply) => {
    const meta = requestMeta(req)
    if (!can(meta.actor, 'conference:schedule') && !can(meta.actor, 'conference:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const { rows, mode } = await listScheduledConferences(ctx, meta)
    return render(req, reply, 'conferences/list.njk', { rows, mode, types: CONFERENCE_TYPE })
  })

  // ---------------------------------------------------------------- scheduling
  const scheduleForm = async (req: FastifyRequest, reply: FastifyReply, id: string, type: ConferenceType, section47Id: string | null, values: Record<string, unknown>, errors: FieldError[] = []) => {
    const meta = requestMeta(req)
    const form = await scheduleConferenceForm(ctx, meta, id, { type, section47Id })
    const chairItems = [{ value: '', text: 'Not chosen yet' }, ...form.chairs.map((c) => ({ value: c.id, text: c.name, selected: c.id === s(values.chairUserId) }))]
    return render(
      req,
      reply,
      'conferences/schedule-form.njk',
      {
        ...form,
        typeName: CONFERENCE_TYPE[type],
        values,
        conferenceOnItems: dateItems(values, 'conferenceOn'),
        notifiedOnItems: dateItems(values, 'notifiedOn'),
        reportsSharedOnItems: dateItems(values, 'reportsSharedOn'),
        chairItems,
        invitees: peopleRows(values, 'invitee', INVITEE_ROWS),
        ...formErrors(errors, SCHEDULE_FIELD_IDS),
      },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/conferences/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'conference:schedule')) return render(req, reply, 'errors/403.njk', {}, 403)
    const q = req.query as Body
    const t = str(q, 'type')
    const type = isConferenceType(t) ? t : 'initial'
    return scheduleForm(req, reply, id, type, optionalUuid(str(q, 'section47')), {})
  })

  app.post('/people/:id/conferences', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    const t = str(b, 'type')
    const type = isConferenceType(t) ? t : 'initial'
    const section47Id = optionalUuid(str(b, 'section47'))
    try {
      const out = await scheduleConference(ctx, meta, id, {
        type,
        section47Id,
        notifiedOn: dateFromParts(b, 'notifiedOn'),
        conferenceOn: dateFromParts(b, 'conferenceOn'),
        reportsSharedOn: dateFromParts(b, 'reportsSharedOn'),
        chairUserId: str(b, 'chairUserId'),
        invitees: peopleInput(b, 'invitee', INVITEE_ROWS),
      })
      return reply.redirect(`/people/${id}/conferences/${out.id}?scheduled=1`)
    } catch (e) {
      if (e instanceof ValidationError) return scheduleForm(req, reply, id, type, section47Id, redisplay(b), e.errors)
      throw e
    }
  })

  // ---------------------------------------------------------------- the conference page
  app.get('/people/:id/conferences/:cid', async (req, reply) => {
    const meta = requestMeta(req)
    const page = await viewConference(ctx, meta, personId(req), conferenceId(req))
    const q = req.query as Body
    return render(req, reply, 'conferences/conference.njk', {
      ...page,
      types: CONFERENCE_TYPE,
      decisions: CONFERENCE_DECISION,
      agencies: AGENCY,
      banner: str(q, 'scheduled') ? 'scheduled' : str(q, 'recorded') ? 'recorded' : null,
      stepDownFrom: /^\d{4}-\d{2}-\d{2}$/.test(str(q, 'stepDown') ?? '') ? str(q, 'stepDown') : null,
    })
  })

  // ---------------------------------------------------------------- recording the outcome
  const outcomeForm = async (req: FastifyRequest, reply: FastifyReply, id: string, cid: string, values: Record<string, unknown> | null, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const form = await conferenceOutcomeForm(ctx, meta, id, cid)
    const c = form.conference
    const v: Record<string, unknown> = values ?? {
      version: String(c.version),
      ...dateFields('heldOn', c.scheduledOn),
      visitFrequency: String(DEFAULT_VISIT_WORKING_DAYS),
      ...Object.fromEntries(c.invitees.flatMap((p, i) => [[`attendee${i + 1}Name`, p.name], [`attendee${i + 1}Agency`, p.agency], [`attendee${i + 1}Role`, p.role ?? '']])),
    }
    const attendeeRows = Math.max(8, c.invitees.length + 4)
    const decisionItems = decisionsFor(c.type).map((d) => ({ value: d, text: CONFERENCE_DECISION[d] }))
    const categories = list(v as Body, 'categories')
    return render(
      req,
      reply,
      'conferences/outcome-form.njk',
      {
        ...form,
        typeName: CONFERENCE_TYPE[c.type],
        values: v,
        heldOnItems: dateItems(v, 'heldOn'),
        attendees: peopleRows(v, 'attendee', attendeeRows),
        members: peopleRows(v, 'member', CORE_GROUP_MEMBER_ROWS),
        decisionItems,
        categoryItems: CATEGORY_ITEMS,
        categories,
        startsPlan: c.type !== 'review',
        currentCategories: form.plan ? form.plan.latestCategories.map((x) => ABUSE_CATEGORY[x as keyof typeof ABUSE_CATEGORY] ?? x).join(', ') : null,
        draftRestoredAt,
        ...formErrors(errors, OUTCOME_FIELD_IDS),
      },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/conferences/:cid/outcome', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const cid = conferenceId(req)
    if (!can(meta.actor, 'conference:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/conferences/${cid}/outcome`)
    return outcomeForm(req, reply, id, cid, draft ? draft.data : null, [], draft?.savedAt)
  })

  app.post('/people/:id/conferences/:cid/outcome', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const cid = conferenceId(req)
    const b = parseBody(req)
    // The domain numbers attendees among the rows with a name or an agency: keep the form row of each.
    const rows: number[] = []
    const attendees = []
    for (let row = 1; row <= 64; row++) {
      const name = str(b, `attendee${row}Name`) ?? ''
      const agency = str(b, `attendee${row}Agency`) ?? ''
      if (!name.trim() && !agency.trim()) continue
      rows.push(row)
      attendees.push({ name, agency, role: str(b, `attendee${row}Role`) ?? '', attended: str(b, `attendee${row}Attended`) ?? '' })
    }
    const version = Number.parseInt(str(b, 'version') ?? '', 10)
    try {
      const out = await recordConferenceOutcome(ctx, meta, id, cid, Number.isFinite(version) ? version : -1, {
        heldOn: dateFromParts(b, 'heldOn'),
        attendees,
        decision: str(b, 'decision'),
        categories: list(b, 'categories'),
        childParticipation: str(b, 'childParticipation'),
        dissent: str(b, 'dissent'),
        summary: str(b, 'summary'),
        coreGroupMembers: peopleInput(b, 'member', CORE_GROUP_MEMBER_ROWS),
        visitFrequency: str(b, 'visitFrequency'),
        stepDownToCin: str(b, 'stepDownToCin') === 'yes',
      })
      await clearDraft(ctx, meta, `/people/${id}/conferences/${cid}/outcome`)
      // Step-down: whoever may start the CIN plan goes straight to it; a chair is told who does.
      if (out.cinPlanStart && can(meta.actor, 'cin-plan:manage')) return reply.redirect(`/people/${id}/cin-plans/new?startDate=${out.cinPlanStart}`)
      if (out.cinPlanStart) return reply.redirect(`/people/${id}/conferences/${cid}?recorded=1&stepDown=${out.cinPlanStart}`)
      return reply.redirect(`/people/${id}/conferences/${cid}?recorded=1`)
    } catch (e) {
      if (e instanceof ValidationError) {
        const errors = e.errors.map((x) => {
          const m = /^attendees\[(\d+)\]\.(name|agency|role|attended)$/.exec(x.field)
          if (!m) return x
          const row = rows[Number(m[1])] ?? 1
          const part = m[2] as string
          return { field: `attendee${row}${part.charAt(0).toUpperCase()}${part.slice(1)}`, message: x.message.replace(/person \d+/, `person ${row}`) }
        })
        return outcomeForm(req, reply, id, cid, redisplay(b), errors)
      }
      throw e
    }
  })

  // ---------------------------------------------------------------- the CP plan
  app.get('/people/:id/cp-plan', async (req, reply) => {
    const meta = requestMeta(req)
    const page = await viewCpPlan(ctx, meta, personId(req))
    const q = req.query as Body
    return render(req, reply, 'conferences/cp-plan.njk', {
      ...page,
      agencies: AGENCY,
      decisions: CONFERENCE_DECISION,
      canRecord: can(meta.actor, 'plan:record'),
      canSchedule: can(meta.actor, 'conference:schedule'),
      banner: str(q, 'coreGroup') ? 'coreGroup' : str(q, 'visited') ? 'visited' : null,
    })
  })

  const coreForm = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, errors: FieldError[] = [], draftRestoredAt?: Date) => {
    const meta = requestMeta(req)
    const form = await coreGroupForm(ctx, meta, id)
    const actions = Array.from({ length: CORE_GROUP_ACTION_ROWS }, (_, i) => i + 1).map((row) => ({ row, text: s(values[`action${row}Text`]), owner: s(values[`action${row}Owner`]), dueItems: dateItems(values, `action${row}DueOn`) }))
    return render(
      req,
      reply,
      'conferences/core-group-form.njk',
      { ...form, values, heldOnItems: dateItems(values, 'heldOn'), attendees: peopleRows(values, 'attendee', CORE_GROUP_ATTENDEE_ROWS), actions, draftRestoredAt, ...formErrors(errors, CORE_GROUP_FIELD_IDS) },
      errors.length ? 400 : 200,
    )
  }

  app.get('/people/:id/cp-plan/core-groups/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    if (!can(meta.actor, 'plan:record')) return render(req, reply, 'errors/403.njk', {}, 403)
    const draft = await loadDraft(ctx, meta, `/people/${id}/cp-plan/core-groups/new`)
    return coreForm(req, reply, id, draft ? draft.data : {}, [], draft?.savedAt)
  })

  app.post('/people/:id/cp-plan/core-groups/new', async (req, reply) => {
    const meta = requestMeta(req)
    const id = personId(req)
    const b = parseBody(req)
    try {
      await recordCoreGroup(ctx, meta, id, {
        heldOn: dateFromParts(b, 'heldOn'),
        attendees: peopleInput(b, 'attendee', CORE_GROUP_ATTENDEE_ROWS).map((p) => ({ ...p, attended: str(b, `attendee${p.row}Attended`) ?? '' })),
        notes: str(b, 'notes'),
        actions: Array.from({ length: CORE_GROUP_ACTION_ROWS }, (_, i) => i + 1).map((row) => ({ row, action: str(b, `action${row}Text`) ?? '', owner: str(b, `action${row}Owner`) ?? '', dueOn: dateFromParts(b, `action${row}DueOn`) ?? '' })),
      })
      await clearDraft(ctx, meta, `/people/${id}/cp-plan/core-groups/new`)
      return reply.redirect(`/people/${id}/cp-plan?coreGroup=1`)
    } catch (e) {
      if (e instanceof ValidationError) return coreForm(req, reply, id, redisplay(b), e.errors)
      throw e
    }
  })
}
