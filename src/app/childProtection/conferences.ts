/**
 * Child protection conferences (issue 6): scheduling an initial (from a section 47 enquiry), transfer-in
 * or review conference against its target date; the conference page; recording the outcome — which in
 * one transaction starts a child protection plan (ending an open child in need plan: CIN census
 * 4001/4017), continues it, changes its category or ends it; and the list of scheduled conferences.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { cpPlanPeriods, lockOpenReferralForCasework } from '../../db/repositories/childProtectionFacts.ts'
import {
  allocatedWorkerOf,
  conferenceChairs,
  conferencesForSection47,
  currentOrLatestCpPlan,
  endCinPlanSteppedUp,
  getConference,
  insertConference,
  insertCpPlan,
  lockConference,
  lockOpenCinPlan,
  lockOpenCpPlan,
  recordConferenceOutcomeRow,
  referralDateOf,
  scheduledConferenceOf,
  scheduledConferences,
  type ChairOption,
  type ConferenceRow,
  type CpPlanRow,
  type ScheduledConferenceListRow,
  type WarningEntry,
} from '../../db/repositories/conferences.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { getSection47, type Section47Row as Section47ForConference } from '../../db/repositories/section47.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import type { Executor } from '../../db/database.ts'
import { can } from '../../domain/access/roles.ts'
import { CONFERENCE_TYPE, isConferenceType, type AbuseCategory, type ConferenceType } from '../../domain/childProtection/codes.ts'
import { firstRcpcDue, QUORUM_AGENCIES, scheduleIcpc, scheduleTransferIn, validateConferenceOutcome, type AttendeeInput } from '../../domain/childProtection/conference.ts'
import {
  conferenceDateErrors,
  isQuorate,
  scheduleReview,
  validatePeopleRows,
  validateVisitFrequency,
  weekendError,
  workingDaysLate,
  type PersonRowInput,
} from '../../domain/childProtection/conferenceRecords.ts'
import { DEFAULT_VISIT_WORKING_DAYS, startPlan } from '../../domain/childProtection/plan.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'
import { applyPlanTransition, categoriesText, occurredOn } from './cpPlans.ts'

/** Short names used in the chronology. */
const SHORT_NAME: Record<ConferenceType, string> = { initial: 'ICPC', transfer_in: 'Transfer-in conference', review: 'Review conference' }

const ONE_SCHEDULED = 'The child already has a conference scheduled: record its outcome before scheduling another'


const audit = (meta: RequestMeta, now: Date) => ({ userId: meta.actor.userId, username: meta.actor.username, ip: meta.ip, requestId: meta.requestId, at: now })

// ---------------------------------------------------------------- scheduling

export type ScheduleContext = {
  person: PersonRecord
  type: ConferenceType
  section47: Section47ForConference | null
  plan: CpPlanRow | null
  /** Known before the form is filled: ICPC (the enquiry's target) and review (the plan's next review due). */
  target: string | null
  chairs: ChairOption[]
  /** Why a conference of this type cannot be scheduled now, in plain English (the page says so). */
  problem: string | null
}

async function section47Problem(tx: Executor, s47: Section47ForConference | undefined): Promise<string | null> {
  if (!s47) return 'Start an initial child protection conference from the child’s section 47 enquiry'
  if (s47.icpcRequired === false) return `The outcome of the section 47 enquiry says a conference is not required${s47.conferenceNotRequiredReason ? ` (${s47.conferenceNotRequiredReason})` : ''}`
  const existing = await conferencesForSection47(tx, s47.id)
  const held = existing.find((c) => c.status === 'held')
  if (held) return `The initial child protection conference for this section 47 enquiry was held on ${formatDate(held.heldOn)}`
  return null
}

async function scheduleFacts(tx: Executor, personId: string, type: ConferenceType, section47Id: string | null): Promise<Omit<ScheduleContext, 'person' | 'chairs'>> {
  if (type === 'initial') {
    const s47 = section47Id ? await getSection47(tx, section47Id, personId) : undefined
    return { type, section47: s47 ?? null, plan: null, target: s47?.icpcTargetDate ?? null, problem: await section47Problem(tx, s47) }
  }
  const latest = await currentOrLatestCpPlan(tx, personId)
  const open = latest && !latest.endDate ? latest : null
  if (type === 'review') return { type, section47: null, plan: open, target: open?.nextReviewDue ?? null, problem: open ? null : 'The child has no open child protection plan to review' }
  return { type, section47: null, plan: null, target: null, problem: open ? `The child already has a child protection plan (from ${formatDate(open.startDate)}): a transfer-in conference is for a child who moved here on another council’s plan` : null }
}

/** The scheduling form's context. */
export async function scheduleConferenceForm(ctx: AppContext, meta: RequestMeta, personId: string, q: { type?: string; section47Id?: string | null }): Promise<ScheduleContext> {
  requireCapability(meta.actor, 'conference:schedule')
  const type = isConferenceType(q.type) ? q.type : 'initial'
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const facts = await scheduleFacts(tx, personId, type, q.section47Id ?? null)
    const scheduled = await scheduledConferenceOf(tx, personId)
    await appendAudit(tx, { ...audit(meta, ctx.now()), action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'conference-schedule-form' } })
    return { person, chairs: await conferenceChairs(tx), ...facts, problem: facts.problem ?? (scheduled ? ONE_SCHEDULED : null) }
  })
}

export type ScheduleConferenceInput = {
  type?: string
  section47Id?: string | null
  notifiedOn?: string
  conferenceOn?: string
  reportsSharedOn?: string
  chairUserId?: string
  invitees: PersonRowInput[]
}

/** Schedule a conference. Warnings (late, reports shared late) are kept with it and shown on its page. */
export async function scheduleConference(ctx: AppContext, meta: RequestMeta, personId: string, input: ScheduleConferenceInput): Promise<{ id: string; warnings: WarningEntry[] }> {
  requireCapability(meta.actor, 'conference:schedule')
  const now = ctx.now()
  const type = isConferenceType(input.type) ? input.type : null
  if (!type) throw new ValidationError([{ field: 'type', message: 'Choose which kind of conference to schedule' }])
  try {
    return await ctx.database.db.transaction(async (tx) => {
      await loadPersonWithAccess(tx, meta.actor, personId)
      const calendar = await loadCalendar(tx)
      const facts = await scheduleFacts(tx, personId, type, input.section47Id ?? null)
      if (facts.problem) throw new ValidationError([{ field: 'conferenceOn', message: facts.problem }])
      if (await scheduledConferenceOf(tx, personId)) throw new ValidationError([{ field: 'conferenceOn', message: ONE_SCHEDULED }])

      const errors: FieldError[] = [...conferenceDateErrors(input.conferenceOn)]
      const invitees = validatePeopleRows(errors, 'invitee', 'invitee', input.invitees)
      const chairs = await conferenceChairs(tx)
      const chairUserId = (input.chairUserId ?? '').trim() || null
      if (chairUserId && !chairs.some((c) => c.id === chairUserId)) errors.push({ field: 'chairUserId', message: 'Select a conference chair from the list' })

      let referralId: string
      let target: string
      let scheduledOn: string | null = null
      let reportsSharedOn: string | null = null
      let notifiedOn: string | null = null
      let warnings: WarningEntry[] = []
      if (type === 'initial') {
        const s47 = facts.section47 as Section47ForConference
        referralId = s47.referralId
        const r = scheduleIcpc({ conferenceOn: input.conferenceOn, reportsSharedOn: input.reportsSharedOn }, { strategyDate: s47.strategyHeldOn }, calendar)
        // The target is the enquiry's own (set when it started); lateness is measured against it.
        target = s47.icpcTargetDate
        if (!r.ok) errors.push(...r.errors)
        else {
          scheduledOn = r.value.scheduled.conferenceOn
          reportsSharedOn = r.value.scheduled.reportsSharedOn
          const late = workingDaysLate(target, scheduledOn, calendar)
          warnings = [
            ...(late > 0 ? [{ field: 'conferenceOn', message: `The initial child protection conference is after its target date (${formatDate(target)}): ${late} working day${late === 1 ? '' : 's'} late` }] : []),
            ...r.value.warnings.filter((w) => w.field !== 'conferenceOn'),
          ]
        }
      } else if (type === 'transfer_in') {
        const referral = await lockOpenReferralForCasework(tx, personId)
        if (!referral) throw new ValidationError([{ field: 'notifiedOn', message: 'The child has no open referral: a transfer-in conference needs an open case (record the referral first)' }])
        referralId = referral.id
        const r = scheduleTransferIn({ notifiedOn: input.notifiedOn, conferenceOn: input.conferenceOn, reportsSharedOn: input.reportsSharedOn }, calendar)
        target = ''
        if (!r.ok) errors.push(...r.errors)
        else {
          if (r.value.scheduled.notifiedOn < referral.referralDate) errors.push({ field: 'notifiedOn', message: `The date we were told cannot be before the referral (${formatDate(referral.referralDate)})` })
          if (r.value.scheduled.notifiedOn > londonDate(now)) errors.push({ field: 'notifiedOn', message: 'The date we were told the child moved here cannot be in the future' })
          scheduledOn = r.value.scheduled.conferenceOn
          reportsSharedOn = r.value.scheduled.reportsSharedOn
          notifiedOn = r.value.scheduled.notifiedOn
          target = r.value.scheduled.target
          warnings = r.value.warnings
        }
      } else {
        const plan = facts.plan as CpPlanRow
        referralId = plan.referralId
        target = plan.nextReviewDue
        const r = scheduleReview({ conferenceOn: input.conferenceOn, reportsSharedOn: input.reportsSharedOn }, { target, planStart: plan.startDate, lastReviewDate: plan.lastReviewDate }, calendar)
        if (!r.ok) errors.push(...r.errors)
        else {
          scheduledOn = r.value.scheduled.conferenceOn
          reportsSharedOn = r.value.scheduled.reportsSharedOn
          warnings = r.value.warnings
        }
      }
      if (errors.length || !scheduledOn) throw new ValidationError(dedupe(errors))

      const { id } = await insertConference(
        tx,
        { personId, referralId, type, section47Id: type === 'initial' ? (facts.section47?.id ?? null) : null, cpPlanId: type === 'review' ? (facts.plan?.id ?? null) : null, targetDate: target, notifiedOn, scheduledOn, reportsSharedOn, chairUserId, invitees, warnings, createdBy: meta.actor.userId },
        now,
      )
      const late = workingDaysLate(target, scheduledOn, calendar)
      await addChronology(
        tx,
        {
          personId,
          occurredAt: now,
          kind: 'conference-scheduled',
          summary: `${CONFERENCE_TYPE[type]} scheduled for ${formatDate(scheduledOn)} (target ${formatDate(target)}${late ? `: ${late} working day${late === 1 ? '' : 's'} late` : ''})`,
          sourceType: 'cp_conference',
          sourceId: id,
          recordedBy: meta.actor.userId,
        },
        now,
      )
      await appendAudit(tx, { ...audit(meta, now), action: 'conference.schedule', entityType: 'cp_conference', entityId: id, personId, after: { type, section47Id: facts.section47?.id ?? null, cpPlanId: facts.plan?.id ?? null, targetDate: target, notifiedOn, scheduledOn, reportsSharedOn, chairUserId, invitees, warnings } })
      return { id, warnings }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'cp_conference_one_scheduled_per_child')) throw new ValidationError([{ field: 'conferenceOn', message: ONE_SCHEDULED }])
    throw e
  }
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const k = `${e.field}|${e.message}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

// ---------------------------------------------------------------- the conference page

export type ConferenceTimeliness = { target: string; on: string; workingDaysLate: number }

export type ConferencePage = {
  person: PersonRecord
  conference: ConferenceRow
  timeliness: ConferenceTimeliness
  categoryText: string
  canRecord: boolean
}

function timelinessOf(c: ConferenceRow, calendar: Parameters<typeof workingDaysLate>[2]): ConferenceTimeliness {
  const on = c.heldOn ?? c.scheduledOn
  return { target: c.targetDate, on, workingDaysLate: workingDaysLate(c.targetDate, on, calendar) }
}

export async function viewConference(ctx: AppContext, meta: RequestMeta, personId: string, conferenceId: string): Promise<ConferencePage> {
  requireCapability(meta.actor, 'person:view')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const conference = await getConference(tx, conferenceId, personId)
    if (!conference) throw new NotFoundError('conference')
    const calendar = await loadCalendar(tx)
    await appendAudit(tx, { ...audit(meta, ctx.now()), action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'conference', conferenceId } })
    return { person, conference, timeliness: timelinessOf(conference, calendar), categoryText: categoriesText(conference.categories), canRecord: conference.status === 'scheduled' && can(meta.actor, 'conference:record') }
  })
}

// ---------------------------------------------------------------- recording the outcome

export type OutcomeContext = {
  person: PersonRecord
  conference: ConferenceRow
  plan: CpPlanRow | null
  notBefore: string
  /** If the conference is held on its scheduled date: the first review would be due by this date. */
  firstReviewIfHeldAsScheduled: string
}

async function notBeforeOf(tx: Executor, c: ConferenceRow, plan: CpPlanRow | null): Promise<string> {
  if (c.type === 'initial') return c.strategyHeldOn ?? c.scheduledOn
  if (c.type === 'transfer_in') return c.notifiedOn ?? c.scheduledOn
  if (plan) return plan.lastReviewDate && plan.lastReviewDate > plan.startDate ? plan.lastReviewDate : plan.startDate
  return (await referralDateOf(tx, c.referralId)) ?? c.scheduledOn
}

export async function conferenceOutcomeForm(ctx: AppContext, meta: RequestMeta, personId: string, conferenceId: string): Promise<OutcomeContext> {
  requireCapability(meta.actor, 'conference:record')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const conference = await getConference(tx, conferenceId, personId)
    if (!conference) throw new NotFoundError('conference')
    if (conference.status !== 'scheduled') throw new ConflictError(`The outcome of this conference was already recorded${conference.recordedByName ? ` by ${conference.recordedByName}` : ''}`, 'decision')
    const latest = await currentOrLatestCpPlan(tx, personId)
    const plan = conference.type === 'review' && latest && !latest.endDate ? latest : null
    const calendar = await loadCalendar(tx)
    await appendAudit(tx, { ...audit(meta, ctx.now()), action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'conference-outcome-form', conferenceId } })
    return { person, conference, plan, notBefore: await notBeforeOf(tx, conference, plan), firstReviewIfHeldAsScheduled: firstRcpcDue(conference.scheduledOn, calendar) }
  })
}

export type ConferenceOutcomeFormInput = {
  heldOn?: string
  attendees: AttendeeInput[]
  decision?: string
  categories: string[]
  childParticipation?: string
  dissent?: string
  summary?: string
  coreGroupMembers: PersonRowInput[]
  visitFrequency?: string
  stepDownToCin?: boolean
}

export type RecordedOutcome = { conferenceId: string; planId: string | null; cinPlanStart: string | null; warnings: WarningEntry[] }

const LEAD_SW_WARNING = 'The lead social worker must be a qualified social worker: ask a manager to allocate one'

function decisionText(type: ConferenceType, decision: string, categories: readonly string[], previous: readonly string[]): string {
  const cats = categoriesText(categories)
  switch (decision) {
    case 'plan':
      return `child protection plan, categor${categories.length === 1 ? 'y' : 'ies'} ${cats}`
    case 'no_plan':
      return 'no child protection plan'
    case 'continue':
      return `the child protection plan continues, categor${categories.length === 1 ? 'y' : 'ies'} ${cats}`
    case 'change_category':
      return `the child protection plan continues, category changed from ${categoriesText(previous)} to ${cats}`
    case 'end_plan':
      return 'the child protection plan ends'
    default:
      return `${CONFERENCE_TYPE[type]}: ${decision}`
  }
}

/**
 * Record what the conference decided, once (409 when stale or already recorded). In the same transaction:
 * initial / transfer-in 'plan' starts the plan (and ends an open CIN plan the same day); a review
 * continues the plan, changes its category or ends it. Any refusal leaves nothing saved.
 */
export async function recordConferenceOutcome(
  ctx: AppContext,
  meta: RequestMeta,
  personId: string,
  conferenceId: string,
  expectedVersion: number,
  input: ConferenceOutcomeFormInput,
): Promise<RecordedOutcome> {
  requireCapability(meta.actor, 'conference:record')
  const now = ctx.now()
  const today = londonDate(now)
  try {
    return await ctx.database.db.transaction(async (tx) => {
      await loadPersonWithAccess(tx, meta.actor, personId)
      const c = await lockConference(tx, conferenceId, personId)
      if (!c) throw new NotFoundError('conference')
      if (c.status !== 'scheduled') throw new ConflictError(`The outcome of this conference was already recorded${c.recordedByName ? ` by ${c.recordedByName}` : ''}`, 'decision')
      if (c.version !== expectedVersion) throw new ConflictError('Someone else changed this conference while you were recording it. Reload the page to see the latest version', 'decision')
      const calendar = await loadCalendar(tx)
      const planRow = c.type === 'review' ? ((await lockOpenCpPlan(tx, personId)) ?? null) : null
      if (c.type === 'review' && (!planRow || planRow.id !== c.cpPlanId)) throw new ConflictError('The child protection plan under review has already ended', 'decision')
      const notBefore = await notBeforeOf(tx, c, planRow)

      const v = validateConferenceOutcome(
        { heldOn: input.heldOn, attendees: input.attendees, decision: input.decision, categories: input.categories, childParticipation: input.childParticipation, dissent: input.dissent, summary: input.summary },
        { type: c.type, notBefore, today, ...(planRow ? { currentCategories: planRow.latestCategories as AbuseCategory[] } : {}) },
      )
      const errors: FieldError[] = v.ok ? [] : [...v.errors]
      const heldOnRaw = (input.heldOn ?? '').trim()
      if (/^\d{4}-\d{2}-\d{2}$/.test(heldOnRaw)) errors.push(...weekendError('heldOn', heldOnRaw, 'The conference'))
      const startsPlan = input.decision === 'plan' && c.type !== 'review'
      const coreGroupMembers = startsPlan ? validatePeopleRows(errors, 'member', 'core group member', input.coreGroupMembers) : []
      const visitFrequency = startsPlan ? validateVisitFrequency(errors, input.visitFrequency, DEFAULT_VISIT_WORKING_DAYS) : DEFAULT_VISIT_WORKING_DAYS
      if (!v.ok || errors.length) throw new ValidationError(dedupe(errors))
      const { outcome } = v.value

      const late = workingDaysLate(c.targetDate, outcome.heldOn, calendar)
      const warnings: WarningEntry[] = [
        ...c.warnings.filter((w) => w.field !== 'conferenceOn'),
        ...(late > 0 ? [{ field: 'heldOn', message: `The ${CONFERENCE_TYPE[c.type].toLowerCase()} was held after its target date (${formatDate(c.targetDate)}): ${late} working day${late === 1 ? '' : 's'} late` }] : []),
        ...v.value.warnings,
      ]

      let planId: string | null = null
      let cinPlanStart: string | null = null
      let planSummary: string | null = null
      const previousCategories = planRow?.latestCategories ?? []

      if (startsPlan) {
        const referral = await lockOpenReferralForCasework(tx, personId)
        if (!referral) throw new ValidationError([{ field: 'decision', message: 'The child’s case is closed: a child protection plan needs an open referral' }])
        if (outcome.heldOn < referral.referralDate) throw new ValidationError([{ field: 'heldOn', message: `The conference cannot be before the referral (${formatDate(referral.referralDate)})` }])
        const previous = await cpPlanPeriods(tx, personId)
        const p = startPlan({ conferenceId: c.id, conferenceDate: outcome.heldOn, categories: outcome.categories, previousPlans: previous }, calendar)
        if (!p.ok) throw new ValidationError(p.errors.map((e) => ({ field: e.field === 'conferenceDate' ? 'decision' : e.field, message: e.message })))
        const plan = p.value
        const worker = await allocatedWorkerOf(tx, personId)
        if (!worker || !worker.qualifiedSocialWorker) warnings.push({ field: 'leadWorker', message: LEAD_SW_WARNING })
        const cin = await lockOpenCinPlan(tx, personId)
        if (cin && cin.startDate > outcome.heldOn)
          throw new ValidationError([{ field: 'heldOn', message: `The child’s child in need plan started on ${formatDate(cin.startDate)}, after this conference: a child protection plan cannot overlap it. Correct the child in need plan first` }])
        const { id } = await insertCpPlan(
          tx,
          {
            personId,
            referralId: referral.id,
            startConferenceId: c.id,
            startDate: plan.startDate,
            categories: plan.initialCategories,
            numberOfPreviousPlans: plan.numberOfPreviousPlans,
            repeatWithin2Years: plan.repeatWithin2Years,
            leadWorkerId: worker?.id ?? null,
            visitFrequencyWorkingDays: visitFrequency,
            firstCoreGroupDue: plan.firstCoreGroupDue,
            nextReviewDue: plan.nextReviewDue,
            otherLa: c.type === 'transfer_in',
            createdBy: meta.actor.userId,
          },
          now,
        )
        planId = id
        let cinEnded = false
        if (cin) cinEnded = await endCinPlanSteppedUp(tx, cin.id, outcome.heldOn, meta.actor.userId)
        planSummary =
          `Child protection plan started on ${formatDate(plan.startDate)}, ${categoriesText(plan.initialCategories)}` +
          `${plan.numberOfPreviousPlans ? `; ${plan.numberOfPreviousPlans} previous plan${plan.numberOfPreviousPlans === 1 ? '' : 's'}${plan.repeatWithin2Years ? ' (a repeat plan within 2 years)' : ''}` : ''}` +
          `. Lead social worker: ${worker?.name ?? 'none allocated'}. First core group due by ${formatDate(plan.firstCoreGroupDue)}, first review conference by ${formatDate(plan.nextReviewDue)}, visits every ${visitFrequency} working days.` +
          (cinEnded && cin ? ` The child in need plan (from ${formatDate(cin.startDate)}) ended the same day: stepped up to child protection (a child in need plan cannot stay open alongside a child protection plan).` : '')
        await addChronology(tx, { personId, occurredAt: occurredOn(plan.startDate, now), kind: 'cp-plan-started', summary: planSummary, sourceType: 'cp_plan', sourceId: id, recordedBy: meta.actor.userId }, now)
        await appendAudit(tx, {
          ...audit(meta, now),
          action: 'cp-plan.start',
          entityType: 'cp_plan',
          entityId: id,
          personId,
          after: { ...plan, leadWorkerId: worker?.id ?? null, visitFrequencyWorkingDays: visitFrequency, otherLa: c.type === 'transfer_in', cinPlanEnded: cinEnded && cin ? { id: cin.id, endDate: outcome.heldOn, endReason: 'stepped_up_to_cp' } : null },
        })
      } else if (c.type === 'review' && planRow) {
        if (outcome.decision === 'end_plan') {
          const t = await applyPlanTransition(tx, ctx, meta, planRow, { type: 'end', conferenceId: c.id, endedOn: outcome.heldOn, stepDownToCin: Boolean(input.stepDownToCin) }, calendar)
          cinPlanStart = t.cinPlanStart
        } else if (outcome.decision === 'continue' || outcome.decision === 'change_category') {
          await applyPlanTransition(tx, ctx, meta, planRow, { type: 'review', conferenceId: c.id, heldOn: outcome.heldOn, decision: outcome.decision, categories: outcome.categories }, calendar)
        }
        planId = planRow.id
      }

      const quorate = isQuorate(outcome.attendees, QUORUM_AGENCIES)
      if (
        !(await recordConferenceOutcomeRow(
          tx,
          c.id,
          expectedVersion,
          { heldOn: outcome.heldOn, attendees: outcome.attendees, decision: outcome.decision, categories: outcome.categories, quorate, childParticipation: outcome.childParticipation, dissent: outcome.dissent, summary: outcome.summary, coreGroupMembers, warnings, recordedBy: meta.actor.userId },
          now,
        ))
      )
        throw new ConflictError('Someone else recorded this conference while you were recording it. Reload the page to see it', 'decision')

      await addChronology(
        tx,
        { personId, occurredAt: occurredOn(outcome.heldOn, now), kind: 'conference-held', summary: `${SHORT_NAME[c.type]} held on ${formatDate(outcome.heldOn)}: ${decisionText(c.type, outcome.decision, outcome.categories, previousCategories)}`, sourceType: 'cp_conference', sourceId: c.id, recordedBy: meta.actor.userId },
        now,
      )
      await appendAudit(tx, {
        ...audit(meta, now),
        action: 'conference.outcome',
        entityType: 'cp_conference',
        entityId: c.id,
        personId,
        before: { status: 'scheduled', version: c.version },
        after: { status: 'held', ...outcome, quorate, coreGroupMembers, visitFrequency: startsPlan ? visitFrequency : null, warnings, cpPlanId: planId, stepDownToCin: cinPlanStart !== null },
      })
      return { conferenceId: c.id, planId, cinPlanStart, warnings }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'cp_plan_one_open_per_child')) throw new ValidationError([{ field: 'decision', message: 'The child already has an open child protection plan: a child can only have one plan at a time' }])
    if (isUniqueViolation(e, 'cp_plan_start_conference_id_unique')) throw new ConflictError('Someone else recorded this conference while you were recording it. Reload the page to see it', 'decision')
    throw e
  }
}

// ---------------------------------------------------------------- the list of scheduled conferences

export type ConferenceListRow = ScheduledConferenceListRow & { workingDaysLate: number; restricted: boolean }

/** Scheduled conferences: a chair's (theirs and unassigned), or those of children in the viewer's scope. */
export async function listScheduledConferences(ctx: AppContext, meta: RequestMeta): Promise<{ rows: ConferenceListRow[]; mode: 'chair' | 'scope' }> {
  if (!can(meta.actor, 'conference:schedule') && !can(meta.actor, 'conference:record')) throw new ForbiddenError('role')
  const mode = meta.actor.role === 'conference_chair' ? 'chair' : 'scope'
  return ctx.database.db.transaction(async (tx) => {
    const calendar = await loadCalendar(tx)
    const list = await scheduledConferences(tx, meta.actor, mode)
    return { mode, rows: list.map((r) => ({ ...r, workingDaysLate: workingDaysLate(r.targetDate, r.scheduledOn, calendar), restricted: r.childName === 'Restricted record' })) }
  })
}

