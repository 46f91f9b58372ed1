/** Child protection conferences through the use cases: scheduling, the outcome, the plan it starts. */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { authoriseSection47Row, cinPlanRow, conferenceRow, cpPlanRow, section47Row } from '../helpers/childProtectionFixtures.ts'
import { recordConferenceOutcome, scheduleConference, viewConference, type ConferenceOutcomeFormInput } from '../../src/app/childProtection/conferences.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import type { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { addDays, isoWeekday } from '../../src/domain/calendar/days.ts'
import { firstRcpcDue } from '../../src/domain/childProtection/conference.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const q = async <T>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[]
const count = async (query: ReturnType<typeof sql>) => ((await database.db.execute(query)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

let cal: WorkingDayCalendar
before(async () => {
  cal = await loadCalendar(database.db)
})

const invitees = [
  { row: 1, name: 'DC Hollis', agency: 'police', role: 'Detective constable' },
  { row: 2, name: 'Nurse Patel', agency: 'health', role: 'School nurse' },
  { row: 3, name: 'Sam Okafor', agency: 'childrens_social_care', role: 'Social worker' },
]
const attendees = invitees.map((i) => ({ ...i, attended: 'yes' }))
const outcome = (heldOn: string, extra: Partial<ConferenceOutcomeFormInput> = {}): ConferenceOutcomeFormInput => ({
  heldOn,
  attendees,
  decision: 'plan',
  categories: ['NEG'],
  summary: 'Fictional: neglect of basic care over many months.',
  coreGroupMembers: [{ row: 1, name: 'Ms Smith', agency: 'other', role: 'Mother' }],
  visitFrequency: '10',
  ...extra,
})

/** A child allocated to Sam Okafor with a strategy discussion `wdAgo` working days ago and its section 47 enquiry. */
async function childWithS47(wdAgo = 20, allocated = true): Promise<{ child: TestChild; strategy: string; section47Id: string }> {
  const sw = await actorFor(database, 'socialworker')
  const strategy = cal.addWorkingDays(today(), -wdAgo)
  const child = await childWithReferral(database, { referralDate: addDays(strategy, -3), allocateTo: allocated ? { workerId: sw.workerId as string, teamId: sw.teamId as string } : null })
  const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: cal.addWorkingDays(strategy, 15), workerId: sw.workerId, teamId: sw.teamId })
  return { child, strategy, section47Id }
}

/** A child with an open plan (NEG) started by a held ICPC `wdAgo` working days ago. */
async function childWithPlan(wdAgo = 30, opts: { scheduleReview?: boolean } = {}) {
  const sw = await actorFor(database, 'socialworker')
  const start = cal.addWorkingDays(today(), -wdAgo)
  const child = await childWithReferral(database, { referralDate: addDays(start, -30), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
  const { section47Id } = await section47Row(database, child, { heldOn: addDays(start, -20), icpcTargetDate: addDays(start, -1) })
  const icpc = await conferenceRow(database, child, { section47Id, targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
  const planId = await cpPlanRow(database, child, { startConferenceId: icpc, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: firstRcpcDue(start, cal), leadWorkerId: sw.workerId })
  let reviewId: string | null = null
  if (opts.scheduleReview) {
    const on = cal.addWorkingDays(today(), -2)
    reviewId = (await scheduleConference(ctx, await meta('chair'), child.personId, { type: 'review', conferenceOn: on, invitees })).id
  }
  return { child, start, planId, reviewId, section47Id }
}

const versionOf = async (id: string) => (await q<{ version: number }>(sql`select version from cp_conference where id = ${id}`))[0]?.version ?? -1

describe('initial child protection conference', () => {
  it('scheduled 12 working days after the strategy discussion, held: a plan (neglect), first review in 3 months, first core group in 10 working days', async () => {
    const { child, strategy, section47Id } = await childWithS47(20)
    const icpc = cal.addWorkingDays(strategy, 12)
    const sw = await meta('socialworker')
    const { id, warnings } = await scheduleConference(ctx, sw, child.personId, { type: 'initial', section47Id, conferenceOn: icpc, reportsSharedOn: cal.addWorkingDays(icpc, -3), invitees })
    assert.deepEqual(warnings, [])
    const page = await viewConference(ctx, sw, child.personId, id)
    assert.equal(page.timeliness.workingDaysLate, 0)
    assert.equal(page.conference.targetDate, cal.addWorkingDays(strategy, 15))
    assert.equal(page.conference.invitees.length, 3)

    const chair = await meta('chair')
    const out = await recordConferenceOutcome(ctx, chair, child.personId, id, await versionOf(id), outcome(icpc))
    assert.ok(out.planId)
    assert.equal(out.warnings.filter((w) => w.field === 'leadWorker').length, 0, 'Sam Okafor is a qualified social worker')
    const [plan] = await q<Record<string, unknown>>(
      sql`select start_date::text as start, initial_categories::text as init, latest_categories::text as latest, first_core_group_due::text as cg, next_review_due::text as review,
                 number_of_previous_plans as prev, other_la, visit_frequency_working_days as freq, lead_worker_id is not null as lead from cp_plan where id = ${out.planId}`,
    )
    assert.deepEqual(plan, { start: icpc, init: '{NEG}', latest: '{NEG}', cg: cal.addWorkingDays(icpc, 10), review: firstRcpcDue(icpc, cal), prev: 0, other_la: false, freq: 10, lead: true })
    assert.equal(firstRcpcDue(icpc, cal), cal.addCalendarMonths(icpc, 3))
    const [conf] = await q<Record<string, unknown>>(sql`select status, held_on::text as held, decision, quorate, jsonb_array_length(core_group_members) as members from cp_conference where id = ${id}`)
    assert.deepEqual(conf, { status: 'held', held: icpc, decision: 'plan', quorate: true, members: 1 })
    const chron = await q<{ kind: string; summary: string }>(sql`select kind, summary from chronology_entry where person_id = ${child.personId} order by recorded_at, kind`)
    assert.ok(chron.some((c) => c.kind === 'conference-scheduled'))
    assert.ok(chron.some((c) => c.kind === 'conference-held' && /^ICPC held on .*: child protection plan, category Neglect$/.test(c.summary)), JSON.stringify(chron))
    assert.ok(chron.some((c) => c.kind === 'cp-plan-started'))
    for (const action of ['conference.schedule', 'conference.outcome', 'cp-plan.start'])
      assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = ${action}`), 1, action)
  })

  it('a conference before the strategy discussion is refused; so is a Saturday (CIN census 8875)', async () => {
    const { child, strategy, section47Id } = await childWithS47(20)
    const sw = await meta('socialworker')
    await assert.rejects(
      scheduleConference(ctx, sw, child.personId, { type: 'initial', section47Id, conferenceOn: cal.addWorkingDays(strategy, -1), invitees }),
      (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'conferenceOn' && /cannot be before the strategy discussion/.test(x.message)),
    )
    let saturday = cal.addWorkingDays(strategy, 3)
    while (isoWeekday(saturday) !== 6) saturday = addDays(saturday, 1)
    await assert.rejects(
      scheduleConference(ctx, sw, child.personId, { type: 'initial', section47Id, conferenceOn: saturday, invitees }),
      (e: unknown) => e instanceof ValidationError && e.errors.some((x) => /Saturday \(CIN census rule 8875\)/.test(x.message)),
    )
    assert.equal(await count(sql`select count(*)::int as n from cp_conference where person_id = ${child.personId}`), 0)
  })

  it('late: saved with a warning saying how many working days late; a second scheduled conference is refused', async () => {
    const { child, strategy, section47Id } = await childWithS47(25)
    const sw = await meta('socialworker')
    const { warnings } = await scheduleConference(ctx, sw, child.personId, { type: 'initial', section47Id, conferenceOn: cal.addWorkingDays(strategy, 17), invitees })
    assert.ok(warnings.some((w) => /2 working days late/.test(w.message)), JSON.stringify(warnings))
    await assert.rejects(scheduleConference(ctx, sw, child.personId, { type: 'initial', section47Id, conferenceOn: cal.addWorkingDays(strategy, 18), invitees }), (e: unknown) => e instanceof ValidationError && /already has a conference scheduled/.test(e.message))
  })

  it('a plan decision without a category is refused, and nothing is saved', async () => {
    const { child, strategy, section47Id } = await childWithS47(20)
    const { id } = await scheduleConference(ctx, await meta('socialworker'), child.personId, { type: 'initial', section47Id, conferenceOn: cal.addWorkingDays(strategy, 10), invitees })
    await assert.rejects(
      recordConferenceOutcome(ctx, await meta('chair'), child.personId, id, await versionOf(id), outcome(cal.addWorkingDays(strategy, 10), { categories: [] })),
      (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'categories' && /at least one category/.test(x.message)),
    )
    assert.equal(await count(sql`select count(*)::int as n from cp_plan where person_id = ${child.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from cp_conference where id = ${id} and status = 'scheduled'`), 1)
  })

  it('held before the strategy discussion, or on a Sunday: refused', async () => {
    const { child, strategy, section47Id } = await childWithS47(20)
    const { id } = await scheduleConference(ctx, await meta('socialworker'), child.personId, { type: 'initial', section47Id, conferenceOn: cal.addWorkingDays(strategy, 10), invitees })
    const chair = await meta('chair')
    await assert.rejects(recordConferenceOutcome(ctx, chair, child.personId, id, await versionOf(id), outcome(addDays(strategy, -1))), (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'heldOn'))
    let sunday = cal.addWorkingDays(strategy, 2)
    while (isoWeekday(sunday) !== 7) sunday = addDays(sunday, 1)
    await assert.rejects(recordConferenceOutcome(ctx, chair, child.personId, id, await versionOf(id), outcome(sunday)), (e: unknown) => e instanceof ValidationError && /Sunday \(CIN census rule 8875\)/.test(e.message))
  })

  it('a second open plan is refused with a message; nothing half-saved', async () => {
    const { child, start, section47Id } = await childWithPlan(40)
    await authoriseSection47Row(database, section47Id, addDays(start, -2))
    const s47 = await section47Row(database, child, { heldOn: cal.addWorkingDays(start, 5), icpcTargetDate: cal.addWorkingDays(start, 20) })
    const on = cal.addWorkingDays(start, 15)
    const id = await conferenceRow(database, child, { section47Id: s47.section47Id, targetDate: cal.addWorkingDays(start, 20), scheduledOn: on })
    await assert.rejects(
      recordConferenceOutcome(ctx, await meta('chair'), child.personId, id, 1, outcome(on)),
      (e: unknown) => e instanceof ValidationError && /already has a child protection plan/.test(e.message),
    )
    assert.equal(await count(sql`select count(*)::int as n from cp_plan where person_id = ${child.personId}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from cp_conference where id = ${id} and status = 'scheduled'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'conference-held'`), 0)
  })

  it('an open child in need plan ends on the conference date (stepped up); with no allocated worker the plan still saves, with a warning', async () => {
    const { child, strategy, section47Id } = await childWithS47(20, false)
    const cinId = await cinPlanRow(database, child, { startDate: addDays(strategy, -2) })
    const chair = await meta('chair')
    const on = cal.addWorkingDays(strategy, 11)
    const { id } = await scheduleConference(ctx, chair, child.personId, { type: 'initial', section47Id, conferenceOn: on, invitees })
    const out = await recordConferenceOutcome(ctx, chair, child.personId, id, await versionOf(id), outcome(on))
    assert.ok(out.warnings.some((w) => w.message === 'The lead social worker must be a qualified social worker: ask a manager to allocate one'))
    const [cin] = await q<Record<string, unknown>>(sql`select end_date::text as ended, end_reason from cin_plan where id = ${cinId}`)
    assert.deepEqual(cin, { ended: on, end_reason: 'stepped_up_to_cp' })
    const [started] = await q<{ summary: string }>(sql`select summary from chronology_entry where person_id = ${child.personId} and kind = 'cp-plan-started'`)
    assert.match(started?.summary ?? '', /child in need plan .* ended the same day: stepped up to child protection/)
    const page = await viewConference(ctx, chair, child.personId, id)
    assert.ok(page.conference.warnings.some((w) => /qualified social worker/.test(w.message)))
  })

  it('stale version: 409; a social worker cannot record the outcome', async () => {
    const { child, strategy, section47Id } = await childWithS47(20)
    const on = cal.addWorkingDays(strategy, 10)
    const { id } = await scheduleConference(ctx, await meta('socialworker'), child.personId, { type: 'initial', section47Id, conferenceOn: on, invitees })
    await assert.rejects(recordConferenceOutcome(ctx, await meta('socialworker'), child.personId, id, 1, outcome(on)), ForbiddenError)
    await assert.rejects(recordConferenceOutcome(ctx, await meta('chair'), child.personId, id, 0, outcome(on)), ConflictError)
    await recordConferenceOutcome(ctx, await meta('teammanager'), child.personId, id, 1, outcome(on, { decision: 'no_plan', categories: [] }))
    await assert.rejects(recordConferenceOutcome(ctx, await meta('chair'), child.personId, id, 1, outcome(on)), (e: unknown) => e instanceof ConflictError && /already recorded by Joanne Fletcher/.test(e.message))
    assert.equal(await count(sql`select count(*)::int as n from cp_plan where person_id = ${child.personId}`), 0)
  })
})

describe('transfer-in conference', () => {
  it('target 15 working days after we were told; a plan from it is marked as from another council; refused when the child already has a plan', async () => {
    const sw = await actorFor(database, 'socialworker')
    const notified = cal.addWorkingDays(today(), -12)
    const child = await childWithReferral(database, { referralDate: addDays(notified, -1), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const on = cal.addWorkingDays(notified, 8)
    const { id } = await scheduleConference(ctx, await meta('socialworker'), child.personId, { type: 'transfer_in', notifiedOn: notified, conferenceOn: on, invitees })
    const page = await viewConference(ctx, await meta('chair'), child.personId, id)
    assert.equal(page.conference.targetDate, cal.addWorkingDays(notified, 15))
    assert.equal(page.conference.notifiedOn, notified)
    const out = await recordConferenceOutcome(ctx, await meta('chair'), child.personId, id, 1, outcome(on, { categories: ['PHY'] }))
    const [plan] = await q<Record<string, unknown>>(sql`select other_la, start_date::text as start from cp_plan where id = ${out.planId}`)
    assert.deepEqual(plan, { other_la: true, start: on })
    const [held] = await q<{ summary: string }>(sql`select summary from chronology_entry where person_id = ${child.personId} and kind = 'conference-held'`)
    assert.match(held?.summary ?? '', /^Transfer-in conference held on .*: child protection plan, category Physical abuse$/)
    await assert.rejects(scheduleConference(ctx, await meta('socialworker'), child.personId, { type: 'transfer_in', notifiedOn: notified, conferenceOn: today(), invitees }), (e: unknown) => e instanceof ValidationError && /already has a child protection plan/.test(e.message))
  })

  it('an enquiry whose outcome says no conference is needed cannot lead to an ICPC', async () => {
    const { child, strategy, section47Id } = await childWithS47(20)
    await database.db.execute(sql`update section47_enquiry set outcome = 'substantiated_no_risk', icpc_required = false, conference_not_required_reason = 'Fictional: risk reduced' where id = ${section47Id}`)
    await assert.rejects(scheduleConference(ctx, await meta('socialworker'), child.personId, { type: 'initial', section47Id, conferenceOn: cal.addWorkingDays(strategy, 10), invitees }), (e: unknown) => e instanceof ValidationError && /says a conference is not required/.test(e.message))
  })
})

describe('review conference', () => {
  it('change of category: latest category changes, initial stays, next review in 6 months', async () => {
    const { child, planId, reviewId } = await childWithPlan(30, { scheduleReview: true })
    assert.ok(reviewId)
    const on = cal.addWorkingDays(today(), -2)
    await recordConferenceOutcome(ctx, await meta('chair'), child.personId, reviewId, 1, outcome(on, { decision: 'change_category', categories: ['EMO'] }))
    const [plan] = await q<Record<string, unknown>>(sql`select initial_categories::text as init, latest_categories::text as latest, last_review_date::text as last, next_review_due::text as next, end_date from cp_plan where id = ${planId}`)
    assert.deepEqual(plan, { init: '{NEG}', latest: '{EMO}', last: on, next: cal.addCalendarMonths(on, 6), end_date: null })
    const [held] = await q<{ summary: string }>(sql`select summary from chronology_entry where person_id = ${child.personId} and kind = 'conference-held'`)
    assert.match(held?.summary ?? '', /category changed from Neglect to Emotional abuse/)
  })

  it('end of the plan at review, with a step-down to a child in need plan the same day', async () => {
    const { child, planId, reviewId } = await childWithPlan(30, { scheduleReview: true })
    assert.ok(reviewId)
    const on = cal.addWorkingDays(today(), -2)
    const out = await recordConferenceOutcome(ctx, await meta('chair'), child.personId, reviewId, 1, outcome(on, { decision: 'end_plan', categories: [], stepDownToCin: true }))
    assert.equal(out.cinPlanStart, on)
    const [plan] = await q<Record<string, unknown>>(sql`select end_date::text as ended, end_conference_id = ${reviewId} as by_conference from cp_plan where id = ${planId}`)
    assert.deepEqual(plan, { ended: on, by_conference: true })
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'cp-plan-ended'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'cp-plan.end'`), 1)
  })

  it('a review cannot be scheduled before the plan started', async () => {
    const { child, start } = await childWithPlan(10)
    await assert.rejects(scheduleConference(ctx, await meta('chair'), child.personId, { type: 'review', conferenceOn: cal.addWorkingDays(start, -1), invitees }), (e: unknown) => e instanceof ValidationError && /cannot be before the plan started/.test(e.message))
  })
})
