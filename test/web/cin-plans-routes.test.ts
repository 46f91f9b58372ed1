/**
 * CIN plan and visit pages through the real web server: error summaries linking to the right inputs,
 * oversized answers refused by the field, the step-down pre-fill, redirects, who may do what, escaping.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, routeSuite } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { cinPlanRow, conferenceRow, cpPlanRow } from '../helpers/childProtectionFixtures.ts'
import { addCalendarMonths, addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())
const parts = (iso: string, name: string): Record<string, string> => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' }
}

async function samsChild(): Promise<TestChild> {
  const sw = await actorFor(database, 'socialworker')
  return childWithReferral(database, { referralDate: addDays(today(), -60), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
}

describe('child in need plan pages', () => {
  it('the form; a bad submission gives an error summary whose links go to the right inputs', async () => {
    const c = await samsChild()
    const page = await get('socialworker', `/people/${c.personId}/cin-plans/new`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Start a child in need plan/)
    assert.match(page.body, /id="need3Action3DueDate-day"/)
    assert.match(page.body, /name="reviewFrequencyAmount"[^>]*value="3"/)
    assert.match(page.body, /<option value="workingDays" selected>working days<\/option>/)
    const res = await post('socialworker', `/people/${c.personId}/cin-plans`, {
      ...parts(addDays(today(), 3), 'startDate'),
      need1Need: 'Robin needs help with school attendance',
      need1Action2Action: 'Weekly check-in',
      ...parts('2020-01-01', 'need1Action2DueDate'),
      need2Services: 'Parenting course',
      reviewFrequencyAmount: 'often',
      reviewFrequencyUnit: 'months',
      visitFrequencyAmount: '20',
      visitFrequencyUnit: 'fortnights',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /href="#startDate-day">The plan start date cannot be in the future/)
    assert.match(res.body, /href="#need1Action2Owner">Enter who will do it \(action 2 of need 1\)/)
    assert.match(res.body, /href="#need2Need">Describe need 2/)
    assert.match(res.body, /href="#reviewFrequencyAmount">How often reviews are due must be a whole number/)
    assert.match(res.body, /href="#visitFrequencyUnit">Select how visits are counted from the list/)
    // Each input the summary links to exists, with its message beside it.
    assert.match(res.body, /id="need1Action2Owner-error"/)
    assert.match(res.body, /value="Weekly check-in"/, 'answers are kept')
    assert.equal(await count(sql`select count(*)::int as n from cin_plan where person_id = ${c.personId}`), 0)
  })

  it('the step-down link pre-fills the start date; saving redirects to the plan page, which shows the plan', async () => {
    const c = await samsChild()
    const start = addDays(today(), -2)
    const form = await get('socialworker', `/people/${c.personId}/cin-plans/new?startDate=${start}`)
    const [y, m, d] = start.split('-')
    assert.match(form.body, new RegExp(`name="startDate-day"[^>]*value="${Number(d)}"`))
    assert.match(form.body, new RegExp(`name="startDate-month"[^>]*value="${Number(m)}"`))
    assert.match(form.body, new RegExp(`name="startDate-year"[^>]*value="${y}"`))
    const res = await post('socialworker', `/people/${c.personId}/cin-plans`, {
      ...parts(start, 'startDate'),
      need1Need: 'Support for <script>alert(1)</script> mum',
      need1Services: 'Family support worker',
      need1Action1Action: 'Home visits twice weekly',
      need1Action1Owner: 'Family support worker',
      ...parts(addDays(start, 7), 'need1Action1DueDate'),
      reviewFrequencyAmount: '3',
      reviewFrequencyUnit: 'months',
      visitFrequencyAmount: '20',
      visitFrequencyUnit: 'workingDays',
    })
    assert.equal(res.statusCode, 302)
    const location = String(res.headers.location)
    assert.match(location, new RegExp(`^/people/${c.personId}/cin-plans/[0-9a-f-]{36}\\?started=1$`))
    const plan = await get('socialworker', location)
    assert.equal(plan.statusCode, 200)
    assert.match(plan.body, /Child in need plan started/)
    assert.match(plan.body, /Support for &lt;script&gt;alert\(1\)&lt;\/script&gt; mum/)
    assert.doesNotMatch(plan.body, /<script>alert/)
    assert.match(plan.body, /Every 3 months/)
    assert.match(plan.body, /Next review due/)
    assert.match(plan.body, /href="\/people\/[^"]+\/visits\/new">Record a visit/)
    const list = await get('socialworker', `/people/${c.personId}/cin-plans`)
    assert.equal(list.statusCode, 200)
    assert.ok(list.body.includes(location.replace('?started=1', '')))
  })

  it('1 MB of review notes: a message by the field, nothing saved', async () => {
    const c = await samsChild()
    const pid = await cinPlanRow(database, c, { startDate: addDays(today(), -20) })
    const res = await post('socialworker', `/people/${c.personId}/cin-plans/${pid}/reviews`, { ...parts(today(), 'heldOn'), notes: 'x'.repeat(1_000_000) })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /href="#notes">The review notes must be 20,000 characters or fewer/)
    assert.ok(res.body.length < 200_000, 'the paste is not sent back whole')
    assert.equal(await count(sql`select count(*)::int as n from cin_plan_review where cin_plan_id = ${pid}`), 0)
    const ok = await post('socialworker', `/people/${c.personId}/cin-plans/${pid}/reviews`, { ...parts(today(), 'heldOn'), notes: 'Going well' })
    assert.equal(ok.statusCode, 302)
    assert.equal(await count(sql`select count(*)::int as n from cin_plan_review where cin_plan_id = ${pid}`), 1)
  })

  it('ending: errors link to the fields; a stale version is a 409; ending redirects to the plan', async () => {
    const c = await samsChild()
    const pid = await cinPlanRow(database, c, { startDate: addDays(today(), -20) })
    const form = await get('socialworker', `/people/${c.personId}/cin-plans/${pid}/end`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /name="version" value="1"/)
    const bad = await post('socialworker', `/people/${c.personId}/cin-plans/${pid}/end`, { version: '1', ...parts(addDays(today(), 1), 'endDate') })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#endDate-day">The plan end date cannot be in the future/)
    assert.match(bad.body, /href="#reason">Select why the plan is ending/)
    const stale = await post('socialworker', `/people/${c.personId}/cin-plans/${pid}/end`, { version: '0', ...parts(today(), 'endDate'), reason: 'moved_away' })
    assert.equal(stale.statusCode, 409)
    const ok = await post('socialworker', `/people/${c.personId}/cin-plans/${pid}/end`, { version: '1', ...parts(today(), 'endDate'), reason: 'moved_away' })
    assert.equal(ok.statusCode, 302)
    const plan = await get('socialworker', String(ok.headers.location))
    assert.match(plan.body, /Ended on .*Moved away/)
  })

  it('who may: an auditor cannot open the forms; a social worker cannot open another caseload’s plan', async () => {
    const c = await samsChild()
    const pid = await cinPlanRow(database, c, { startDate: addDays(today(), -20) })
    assert.equal((await get('auditor', `/people/${c.personId}/cin-plans/new`)).statusCode, 403)
    assert.equal((await get('auditor', `/people/${c.personId}/visits/new`)).statusCode, 403)
    assert.equal((await get('auditor', `/people/${c.personId}/cin-plans/${pid}`)).statusCode, 200, 'read only')
    const other = await childWithReferral(database, { referralDate: addDays(today(), -10) })
    const otherPlan = await cinPlanRow(database, other, { startDate: addDays(today(), -5) })
    assert.equal((await get('socialworker', `/people/${other.personId}/cin-plans/${otherPlan}`)).statusCode, 403)
    assert.equal((await get('socialworker', `/people/${c.personId}/cin-plans/${otherPlan}`)).statusCode, 404, 'a plan of another child')
  })
})

describe('visit pages', () => {
  it('the form is pre-filled with today and the worker’s name; errors link to the inputs; 1 MB of notes is refused by the field', async () => {
    const c = await samsChild()
    await cinPlanRow(database, c, { startDate: addDays(today(), -20) })
    const form = await get('socialworker', `/people/${c.personId}/visits/new`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /name="visitedBy"[^>]*value="Sam Okafor"/)
    assert.match(form.body, /child in need plan, which started on/)
    const bad = await post('socialworker', `/people/${c.personId}/visits`, { ...parts(addDays(today(), 2), 'visitDate'), childSeen: 'no', visitedBy: 'Sam Okafor' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#visitDate-day">The date of the visit cannot be in the future/)
    assert.match(bad.body, /href="#bedroomSeen">Say whether the child’s bedroom was seen/)
    assert.match(bad.body, /href="#announced">Say whether the visit was announced/)
    assert.match(bad.body, /href="#notSeenReason">Enter the reason the child was not seen/)
    const huge = await post('socialworker', `/people/${c.personId}/visits`, { ...parts(today(), 'visitDate'), childSeen: 'yes', seenAlone: 'yes', bedroomSeen: 'yes', announced: 'announced', visitedBy: 'Sam Okafor', notes: 'x'.repeat(1_000_000) })
    assert.equal(huge.statusCode, 400)
    assert.match(huge.body, /href="#notes">The visit notes must be 20,000 characters or fewer/)
    assert.ok(huge.body.length < 200_000)
    assert.equal(await count(sql`select count(*)::int as n from visit where person_id = ${c.personId}`), 0)
  })

  it('a CP visit redirects to the CP plan page; the list shows it; a child with no plan gets a page saying so', async () => {
    const c = await samsChild()
    const start = addDays(today(), -10)
    const conf = await conferenceRow(database, c, { type: 'transfer_in', targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
    await cpPlanRow(database, c, { startConferenceId: conf, startDate: start, firstCoreGroupDue: addDays(start, 14), nextReviewDue: addCalendarMonths(start, 3) })
    const res = await post('socialworker', `/people/${c.personId}/visits`, { ...parts(today(), 'visitDate'), childSeen: 'yes', seenAlone: 'no', bedroomSeen: 'not_applicable', announced: 'announced', visitedBy: 'Sam Okafor' })
    assert.equal(res.statusCode, 302)
    assert.equal(res.headers.location, `/people/${c.personId}/cp-plan?visited=1`)
    const list = await get('socialworker', `/people/${c.personId}/visits`)
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /Child protection plan from/)
    assert.match(list.body, /Not applicable/)

    const none = await samsChild()
    const page = await get('socialworker', `/people/${none.personId}/visits/new`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /No open plan to visit against/)
    assert.match(page.body, new RegExp(`href="/people/${none.personId}/cin-plans/new"`))
  })
})
