/**
 * Conference, CP plan and core group pages through the real web server: error summaries linking to the
 * fields, who may see and do what, the redirect after a step-down, the chair's list.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, routeSuite } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { conferenceRow, cpPlanRow, section47Row } from '../helpers/childProtectionFixtures.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import type { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { firstRcpcDue } from '../../src/domain/childProtection/conference.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())
let cal: WorkingDayCalendar
before(async () => {
  cal = await loadCalendar(database.db)
})

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' }
}

async function childWithS47(allocated = true): Promise<{ child: TestChild; strategy: string; section47Id: string }> {
  const sw = await actorFor(database, 'socialworker')
  const strategy = cal.addWorkingDays(today(), -20)
  const child = await childWithReferral(database, { referralDate: addDays(strategy, -3), allocateTo: allocated ? { workerId: sw.workerId as string, teamId: sw.teamId as string } : null })
  const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: cal.addWorkingDays(strategy, 15) })
  return { child, strategy, section47Id }
}

const invitees = {
  invitee1Name: 'DC Hollis',
  invitee1Agency: 'police',
  invitee1Role: 'Detective constable',
  invitee2Name: 'Nurse Patel',
  invitee2Agency: 'health',
  invitee3Name: 'Sam Okafor',
  invitee3Agency: 'childrens_social_care',
}
const attended = {
  attendee1Name: 'DC Hollis',
  attendee1Agency: 'police',
  attendee1Attended: 'yes',
  attendee2Name: 'Nurse Patel',
  attendee2Agency: 'health',
  attendee2Attended: 'yes',
  attendee3Name: 'Sam Okafor',
  attendee3Agency: 'childrens_social_care',
  attendee3Attended: 'yes',
}
const conferenceIdFrom = (location: unknown): string => {
  const m = /\/conferences\/([0-9a-f-]{36})/.exec(String(location))
  assert.ok(m, `no conference in ${String(location)}`)
  return m[1] as string
}

describe('scheduling a conference', () => {
  it('the form shows the target; errors link to the fields; a good form schedules and the page says on time', async () => {
    const { child, strategy, section47Id } = await childWithS47()
    const url = `/people/${child.personId}/conferences/new?type=initial&section47=${section47Id}`
    const form = await get('socialworker', url)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Schedule the initial child protection conference/)
    assert.match(form.body, /15 working days after the strategy discussion/)
    assert.match(form.body, /Aisha Rahman/)

    const bad = await post('socialworker', `/people/${child.personId}/conferences`, { type: 'initial', section47: section47Id, invitee1Name: 'DC Hollis' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /href="#conferenceOn-day">Enter the date of the conference/)
    assert.match(bad.body, /href="#invitee1Agency">Select the agency of invitee 1/)
    assert.match(bad.body, /value="DC Hollis"/)

    const ok = await post('socialworker', `/people/${child.personId}/conferences`, { type: 'initial', section47: section47Id, ...dateFields('conferenceOn', cal.addWorkingDays(strategy, 12)), ...invitees })
    assert.equal(ok.statusCode, 302)
    const page = await get('socialworker', String(ok.headers.location))
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Conference scheduled/)
    assert.match(page.body, /On time/)
    assert.match(page.body, /Nurse Patel/)
    assert.doesNotMatch(page.body, /Record the outcome of the conference/, 'a social worker cannot record the outcome')
  })

  it('out of the social worker’s caseload: 403 for the form, the conference and the plan', async () => {
    const { child, strategy, section47Id } = await childWithS47(false)
    assert.equal((await get('socialworker', `/people/${child.personId}/conferences/new?type=initial&section47=${section47Id}`)).statusCode, 403)
    const cid = await conferenceRow(database, child, { section47Id, targetDate: cal.addWorkingDays(strategy, 15), scheduledOn: cal.addWorkingDays(strategy, 10) })
    assert.equal((await get('socialworker', `/people/${child.personId}/conferences/${cid}`)).statusCode, 403)
    assert.equal((await get('socialworker', `/people/${child.personId}/cp-plan`)).statusCode, 403)
    assert.equal((await post('socialworker', `/people/${child.personId}/conferences`, { type: 'initial', section47: section47Id, ...dateFields('conferenceOn', today()) })).statusCode, 403)
    assert.equal(await count(sql`select count(*)::int as n from cp_conference where person_id = ${child.personId}`), 1)
  })
})

describe('recording the outcome', () => {
  it('a social worker is refused; the chair sees invitees pre-filled, errors link to fields, then a plan starts', async () => {
    const { child, strategy, section47Id } = await childWithS47()
    const on = cal.addWorkingDays(strategy, 12)
    const res = await post('socialworker', `/people/${child.personId}/conferences`, { type: 'initial', section47: section47Id, ...dateFields('conferenceOn', on), ...invitees })
    const cid = conferenceIdFrom(res.headers.location)
    const url = `/people/${child.personId}/conferences/${cid}/outcome`
    assert.equal((await get('socialworker', url)).statusCode, 403)
    assert.equal((await post('socialworker', url, { version: '1', ...dateFields('heldOn', on), ...attended, decision: 'plan', categories: 'NEG' })).statusCode, 403)
    const form = await get('chair', url)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /name="attendee2Name"[^>]*value="Nurse Patel"/)

    const bad = await post('chair', url, { version: '1', ...dateFields('heldOn', on), ...attended, attendee2Attended: '', decision: 'plan' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#categories">Select at least one category of abuse/)
    assert.match(bad.body, /href="#attendee2Attended">Select yes if person 2 attended/)
    assert.equal(await count(sql`select count(*)::int as n from cp_plan where person_id = ${child.personId}`), 0)

    const good = await post('chair', url, { version: '1', ...dateFields('heldOn', on), ...attended, decision: 'plan', categories: 'NEG', visitFrequency: '10', member1Name: 'Ms Smith', member1Agency: 'other', member1Role: 'Mother' })
    assert.equal(good.statusCode, 302)
    assert.equal(good.headers.location, `/people/${child.personId}/conferences/${cid}?recorded=1`)
    const page = await get('chair', String(good.headers.location))
    assert.match(page.body, /Conference outcome recorded/)
    assert.match(page.body, /Neglect/)
    assert.match(page.body, /Ms Smith/)
    const stale = await post('chair', url, { version: '1', ...dateFields('heldOn', on), ...attended, decision: 'plan', categories: 'NEG' })
    assert.equal(stale.statusCode, 409)

    const plan = await get('socialworker', `/people/${child.personId}/cp-plan`)
    assert.equal(plan.statusCode, 200)
    assert.match(plan.body, /Next core group meeting/)
    assert.match(plan.body, /Sam Okafor/)
    assert.match(plan.body, /Schedule the review conference/)
  })

  it('a review ending the plan with a step-down: the chair is shown who starts the child in need plan, with the link', async () => {
    const sw = await actorFor(database, 'socialworker')
    const start = cal.addWorkingDays(today(), -40)
    const child = await childWithReferral(database, { referralDate: addDays(start, -30), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const { section47Id } = await section47Row(database, child, { heldOn: addDays(start, -20), icpcTargetDate: addDays(start, -1) })
    const icpc = await conferenceRow(database, child, { section47Id, targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
    const planId = await cpPlanRow(database, child, { startConferenceId: icpc, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: firstRcpcDue(start, cal) })
    const on = cal.addWorkingDays(today(), -1)
    const review = await conferenceRow(database, child, { type: 'review', cpPlanId: planId, targetDate: firstRcpcDue(start, cal), scheduledOn: on })
    const url = `/people/${child.personId}/conferences/${review}/outcome`
    const form = await get('chair', url)
    assert.match(form.body, /Start a child in need plan from the same day \(step-down\)/)
    const res = await post('chair', url, { version: '1', ...dateFields('heldOn', on), ...attended, decision: 'end_plan', stepDownToCin: 'yes' })
    assert.equal(res.statusCode, 302)
    // The chair cannot start a CIN plan (the social worker or a manager does): the banner says so and links to it.
    assert.equal(res.headers.location, `/people/${child.personId}/conferences/${review}?recorded=1&stepDown=${on}`)
    const held = await get('chair', res.headers.location as string)
    assert.match(held.body, /The child protection plan has ended/)
    assert.ok(held.body.includes(`href="/people/${child.personId}/cin-plans/new?startDate=${on}"`))
    const page = await get('chair', `/people/${child.personId}/cp-plan`)
    assert.match(page.body, /This plan ended on/)
  })
})

describe('the conference list and core groups', () => {
  it('the chair sees unassigned conferences; the manager sees their team’s; an auditor is refused', async () => {
    const { child, strategy, section47Id } = await childWithS47()
    await post('socialworker', `/people/${child.personId}/conferences`, { type: 'initial', section47: section47Id, ...dateFields('conferenceOn', cal.addWorkingDays(strategy, 17)), ...invitees })
    const name = (await database.db.execute(sql`select full_name as n from person where id = ${child.personId}`)).rows[0] as { n: string }
    for (const u of ['chair', 'teammanager', 'socialworker']) {
      const list = await get(u, '/conferences')
      assert.equal(list.statusCode, 200, u)
      assert.ok(list.body.includes(name.n), `${u} sees the child`)
      assert.match(list.body, /2 working days late/)
    }
    assert.equal((await get('auditor', '/conferences')).statusCode, 403)
  })

  it('core group: an empty form gives errors linking to the fields', async () => {
    const sw = await actorFor(database, 'socialworker')
    const start = cal.addWorkingDays(today(), -15)
    const child = await childWithReferral(database, { referralDate: addDays(start, -30), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const { section47Id } = await section47Row(database, child, { heldOn: addDays(start, -20), icpcTargetDate: addDays(start, -1) })
    const icpc = await conferenceRow(database, child, { section47Id, targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
    await cpPlanRow(database, child, { startConferenceId: icpc, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: firstRcpcDue(start, cal) })
    const url = `/people/${child.personId}/cp-plan/core-groups/new`
    assert.equal((await get('socialworker', url)).statusCode, 200)
    const bad = await post('socialworker', url, { attendee1Name: 'Sam Okafor', action1Text: 'Nursery place' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#heldOn-day">Enter the date the core group met/)
    assert.match(bad.body, /href="#attendee1Agency">Select the agency of person 1/)
    assert.match(bad.body, /href="#action1DueOn-day">Enter the date action 1 is due/)
    const ok = await post('socialworker', url, { ...dateFields('heldOn', cal.addWorkingDays(today(), -1)), attendee1Name: 'Sam Okafor', attendee1Agency: 'childrens_social_care', attendee1Attended: 'yes' })
    assert.equal(ok.statusCode, 302)
    const page = await get('socialworker', String(ok.headers.location))
    assert.match(page.body, /Core group meeting recorded/)
  })
})
