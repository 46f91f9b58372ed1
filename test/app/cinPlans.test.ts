/** Child in need plans through the use cases: the CIN census rules at entry, reviews, ending, races. */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { conferenceRow, cpPlanRow } from '../helpers/childProtectionFixtures.ts'
import { endCinPlanByWorker, listCinPlans, recordCinPlanReview, startCinPlan, viewCinPlan } from '../../src/app/childInNeed/cinPlans.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { addCalendarMonths, addDays } from '../../src/domain/calendar/days.ts'
import type { CinPlanInput } from '../../src/domain/childInNeed/cinPlan.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

async function samsChild(referralDaysAgo = 60): Promise<TestChild> {
  const sw = await actorFor(database, 'socialworker')
  return childWithReferral(database, { referralDate: addDays(today(), -referralDaysAgo), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
}

const plan = (startDate: string, extra: Partial<CinPlanInput> = {}): CinPlanInput => ({
  startDate,
  needs: [
    {
      need: 'Robin is often absent from school',
      services: 'Education welfare officer; after-school club',
      actions: [
        { action: 'Attendance plan agreed with school', owner: 'Ms Reid', agency: 'Greenfield Primary', dueDate: addDays(startDate, 14) },
        { action: '', owner: '', agency: '', dueDate: '' },
      ],
    },
    { need: '', services: '', actions: [{}] },
  ],
  ...extra,
})

/** An open CP plan started by a held ICPC `daysAgo` days ago. */
async function openCpPlan(child: TestChild, daysAgo: number): Promise<string> {
  const start = addDays(today(), -daysAgo)
  const icpc = await conferenceRow(database, child, { type: 'transfer_in', targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
  return cpPlanRow(database, child, { startConferenceId: icpc, startDate: start, firstCoreGroupDue: addDays(start, 14), nextReviewDue: addCalendarMonths(start, 3) })
}

/** Ends a CP plan by a review conference held on `on`. */
async function endCpPlan(child: TestChild, cpPlanId: string, on: string): Promise<void> {
  const rcpc = await conferenceRow(database, child, { type: 'review', cpPlanId, targetDate: on, scheduledOn: on, heldOn: on, decision: 'end_plan' })
  await database.db.execute(sql`update cp_plan set end_date = ${on}, end_conference_id = ${rcpc} where id = ${cpPlanId}`)
}

async function rejects(p: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected a validation error, got ${String(e)}`)
    const hit = e.errors.find((x) => x.field === field)
    assert.ok(hit, `no error on ${field}: ${JSON.stringify(e.errors)}`)
    assert.match(hit.message, message)
    return true
  })
}

describe('child in need plans', () => {
  it('a social worker starts a plan: saved with the allocated worker, chronology and audit; the plan page shows when the review and visit are due', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    const start = addDays(today(), -7)
    const { id, stepDownFromChildProtection } = await startCinPlan(ctx, sw, child.personId, plan(start, { reviewFrequency: { amount: '6', unit: 'weeks' } }))
    assert.equal(stepDownFromChildProtection, false)
    const row = (await database.db.execute(sql`select start_date::text as start, worker_id as "workerId", team_id as "teamId", needs, review_frequency as rf, visit_frequency as vf, step_down_from_cp as sd from cin_plan where id = ${id}`)).rows[0] as Record<string, unknown>
    assert.equal(row.start, start)
    assert.equal(row.workerId, sw.actor.workerId)
    assert.equal(row.teamId, sw.actor.teamId)
    assert.deepEqual(row.rf, { amount: 6, unit: 'weeks' })
    assert.deepEqual(row.vf, { amount: 20, unit: 'workingDays' }, 'visits default to every 20 working days')
    assert.equal(row.sd, false)
    const needs = row.needs as { need: string; actions: unknown[] }[]
    assert.equal(needs.length, 1, 'the blank need is ignored')
    assert.equal(needs[0]?.actions.length, 1, 'the blank action row is ignored')
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'cin-plan-started' and source_id = ${id}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${id} and action = 'cin-plan.start'`), 1)

    const page = await viewCinPlan(ctx, sw, child.personId, id)
    assert.equal(page.review?.dueDate, addDays(start, 42), 'first review 6 weeks after the start')
    assert.ok(page.visit && page.visit.dueDate > start && page.visit.lastVisit === null)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'person.view' and after->>'via' = 'cin-plan'`), 1)
    const list = await listCinPlans(ctx, sw, child.personId)
    assert.deepEqual(list.plans.map((p) => p.id), [id])
  })

  it('refused while a child protection plan is open, saying why; nothing saved', async () => {
    const child = await samsChild()
    await openCpPlan(child, 20)
    await rejects(startCinPlan(ctx, await meta('socialworker'), child.personId, plan(addDays(today(), -1))), 'startDate', /child protection plan since .*step-down, on the day it ends/)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan where person_id = ${child.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'cin-plan-started'`), 0)
  })

  it('a step-down on the day the CP plan ended is allowed and flagged (also in the chronology)', async () => {
    const child = await samsChild()
    const cp = await openCpPlan(child, 40)
    const ended = addDays(today(), -3)
    await endCpPlan(child, cp, ended)
    // The day before it ended, the CP plan was still open.
    await rejects(startCinPlan(ctx, await meta('socialworker'), child.personId, plan(addDays(ended, -1))), 'startDate', /cannot start while it was open/)
    const { id, stepDownFromChildProtection } = await startCinPlan(ctx, await meta('socialworker'), child.personId, plan(ended))
    assert.equal(stepDownFromChildProtection, true)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan where id = ${id} and step_down_from_cp`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where source_id = ${id} and kind = 'cin-plan-started' and summary like '%step-down from a child protection plan%'`), 1)
  })

  it('a second open plan, a date before the referral or in the future, and a plan without needs are refused', async () => {
    const child = await samsChild(30)
    const sw = await meta('socialworker')
    await rejects(startCinPlan(ctx, sw, child.personId, plan(addDays(today(), -31))), 'startDate', /cannot be before the referral/)
    await rejects(startCinPlan(ctx, sw, child.personId, plan(addDays(today(), 1))), 'startDate', /cannot be in the future/)
    await rejects(startCinPlan(ctx, sw, child.personId, { startDate: today(), needs: [{ need: '', actions: [] }] }), 'needs[0].need', /at least one/)
    await rejects(
      startCinPlan(ctx, sw, child.personId, { startDate: today(), needs: [{ need: 'Housing', actions: [{}, { action: 'Refer to housing', owner: '', dueDate: 'invalid' }] }] }),
      'needs[0].actions[1].owner',
      /Enter who will do it \(action 2 of need 1\)/,
    )
    await startCinPlan(ctx, sw, child.personId, plan(addDays(today(), -10)))
    await rejects(startCinPlan(ctx, sw, child.personId, plan(today())), 'startDate', /already has a child in need plan, open since/)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan where person_id = ${child.personId}`), 1)
  })

  it('a child without an open referral cannot have a plan started', async () => {
    const child = await samsChild()
    await database.db.execute(sql`update referral set closed_on = ${today()}, closure_reason = 'RC8' where id = ${child.referralId}`)
    await rejects(startCinPlan(ctx, await meta('socialworker'), child.personId, plan(today())), 'startDate', /no open referral/)
  })

  it('a review is recorded: the next review is due a frequency after it; a review before the last is refused', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    const start = addDays(today(), -50)
    const { id } = await startCinPlan(ctx, sw, child.personId, plan(start))
    const heldOn = addDays(today(), -2)
    await recordCinPlanReview(ctx, sw, child.personId, id, { heldOn, notes: 'Attendance up to 90%. Plan continues.' })
    const page = await viewCinPlan(ctx, sw, child.personId, id)
    assert.deepEqual(page.reviews.map((r) => r.heldOn), [heldOn])
    assert.equal(page.review?.dueDate, addCalendarMonths(heldOn, 3))
    assert.equal(page.review?.rag, 'green')
    await rejects(recordCinPlanReview(ctx, sw, child.personId, id, { heldOn: addDays(heldOn, -1) }), 'heldOn', /cannot be before the last review/)
    await rejects(recordCinPlanReview(ctx, sw, child.personId, id, { heldOn: addDays(today(), 1) }), 'heldOn', /cannot be in the future/)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan_review where cin_plan_id = ${id}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'cin-plan-review'`), 1)
  })

  it('an overdue review shows red', async () => {
    const child = await samsChild(200)
    const sw = await meta('socialworker')
    const { id } = await startCinPlan(ctx, sw, child.personId, plan(addDays(today(), -120)))
    const page = await viewCinPlan(ctx, sw, child.personId, id)
    assert.equal(page.review?.overdue, true)
    assert.equal(page.review?.rag, 'red')
    assert.equal(page.visit?.rag, 'red', 'no visit in 120 days')
  })

  it('the plan ends with a reason; a stale version is refused with 409 and nothing changes; an ended plan cannot end again', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    const { id } = await startCinPlan(ctx, sw, child.personId, plan(addDays(today(), -30)))
    const before = await viewCinPlan(ctx, sw, child.personId, id)
    await rejects(endCinPlanByWorker(ctx, sw, child.personId, id, before.plan.version, { endDate: today(), reason: 'other' }), 'reasonDetail', /Give the details/)
    await assert.rejects(endCinPlanByWorker(ctx, sw, child.personId, id, before.plan.version + 5, { endDate: today(), reason: 'services_not_needed' }), ConflictError)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan where id = ${id} and end_date is null`), 1)
    const out = await endCinPlanByWorker(ctx, sw, child.personId, id, before.plan.version, { endDate: today(), reason: 'services_not_needed' })
    assert.deepEqual(out, { endDate: today(), reason: 'services_not_needed' })
    const after = await viewCinPlan(ctx, sw, child.personId, id)
    assert.equal(after.plan.endDate, today())
    assert.equal(after.plan.endedByName, 'Sam Okafor')
    assert.equal(after.review, null, 'no review is due on an ended plan')
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where source_id = ${id} and kind = 'cin-plan-ended'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${id} and action = 'cin-plan.end'`), 1)
    await assert.rejects(endCinPlanByWorker(ctx, sw, child.personId, id, after.plan.version, { endDate: today(), reason: 'services_not_needed' }), (e: unknown) => e instanceof ConflictError && /already ended/.test(e.message))
    // A plan that ended today is no longer open today: a new one may start.
    const next = await startCinPlan(ctx, sw, child.personId, plan(today()))
    assert.ok(next.id)
  })

  it('a social worker outside the child’s caseload is refused; so are roles without the capability', async () => {
    const child = await childWithReferral(database, { referralDate: addDays(today(), -30) })
    await assert.rejects(startCinPlan(ctx, await meta('socialworker'), child.personId, plan(today())), ForbiddenError)
    await assert.rejects(startCinPlan(ctx, await meta('auditor'), child.personId, plan(today())), ForbiddenError)
    await assert.rejects(listCinPlans(ctx, await meta('socialworker'), child.personId), ForbiddenError)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan where person_id = ${child.personId}`), 0)
  })
})
