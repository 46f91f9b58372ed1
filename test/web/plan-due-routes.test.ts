/** Re-planning over HTTP, and the CP/CIN due items on My work, Team and the child's record. */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, routeSuite } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { authoriseSection47Row, conferenceRow, cpPlanRow, section47Row } from '../helpers/childProtectionFixtures.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import type { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { icpcTargetDate } from '../../src/domain/childProtection/section47.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const today = londonDate(new Date())
let cal: WorkingDayCalendar
const wd = (n: number) => cal.addWorkingDays(today, n)
before(async () => {
  cal = await loadCalendar(database.db)
})

async function childOnCpPlan(startWd: number, allocateTo: { workerId: string; teamId: string }): Promise<{ child: TestChild; planId: string }> {
  const start = wd(-startWd)
  const strategy = cal.addWorkingDays(start, -10)
  const child = await childWithReferral(database, { referralDate: cal.addWorkingDays(strategy, -2), allocateTo, givenNames: 'Rowan' })
  const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: icpcTargetDate(strategy, cal) })
  await authoriseSection47Row(database, section47Id, cal.addWorkingDays(strategy, 5))
  const conf = await conferenceRow(database, child, { section47Id, targetDate: icpcTargetDate(strategy, cal), scheduledOn: start, heldOn: start, decision: 'plan' })
  const planId = await cpPlanRow(database, child, { startConferenceId: conf, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: cal.addCalendarMonths(start, 3), leadWorkerId: allocateTo.workerId })
  return { child, planId }
}

const dateFields = (iso: string) => {
  const [y, m, d] = iso.split('-')
  return { 'newDue-day': String(Number(d)), 'newDue-month': String(Number(m)), 'newDue-year': y ?? '' }
}

describe('re-planning over HTTP', () => {
  it('GET shows the item; POST with errors re-shows them by field (400); a valid POST saves and shows the new date', async () => {
    const sw = await actorFor(database, 'socialworker')
    const { child, planId } = await childOnCpPlan(15, { workerId: sw.workerId as string, teamId: sw.teamId as string })
    const url = `/people/${child.personId}/replan?item=core_group&subject=${planId}`
    const form = await get('teammanager', url)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Re-plan the core group meeting/)
    assert.ok(form.body.includes(formatDate(wd(-5))))
    assert.match(form.body, /Overdue/)

    const bad = await post('teammanager', `/people/${child.personId}/replan`, { item: 'core_group', subject: planId, ...dateFields(wd(-1)), reason: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /The new date cannot be in the past/)
    assert.match(bad.body, /href="#newDue-day"/)
    assert.match(bad.body, /Enter the reason for re-planning/)
    assert.match(bad.body, /href="#reason"/)

    const ok = await post('teammanager', `/people/${child.personId}/replan`, { item: 'core_group', subject: planId, ...dateFields(wd(3)), reason: 'Police officer unavailable; agreed with the chair' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, `/people/${child.personId}/replan?item=core_group&subject=${planId}&done=1`)
    const done = await get('teammanager', ok.headers.location as string)
    assert.equal(done.statusCode, 200)
    assert.match(done.body, new RegExp(`Core group meeting re-planned: now due ${formatDate(wd(3))}`))
    assert.match(done.body, /Police officer unavailable; agreed with the chair/)

    const record = await get('teammanager', `/people/${child.personId}`)
    assert.equal(record.statusCode, 200)
    assert.match(record.body, /id="cp-status-tag"[^>]*>\s*Child protection plan/)
    assert.match(record.body, /id="due-items"/)
    assert.ok(record.body.includes(`Re-planned from ${formatDate(wd(-5))} by Joanne Fletcher: Police officer unavailable`))
  })

  it('refuses a social worker (403), an unknown item (404) and a bad id (404)', async () => {
    const sw = await actorFor(database, 'socialworker')
    const { child, planId } = await childOnCpPlan(15, { workerId: sw.workerId as string, teamId: sw.teamId as string })
    assert.equal((await get('socialworker', `/people/${child.personId}/replan?item=core_group&subject=${planId}`)).statusCode, 403)
    assert.equal((await post('socialworker', `/people/${child.personId}/replan`, { item: 'core_group', subject: planId, ...dateFields(wd(3)), reason: 'x' })).statusCode, 403)
    assert.equal((await get('teammanager', `/people/${child.personId}/replan?item=cin_visit&subject=${planId}`)).statusCode, 404)
    assert.equal((await get('teammanager', `/people/${child.personId}/replan?item=core_group&subject=nope`)).statusCode, 404)
    assert.equal((await get('teammanager', `/people/not-a-uuid/replan?item=core_group&subject=${planId}`)).statusCode, 404)
    const [n] = (await database.db.execute(sql`select count(*)::int as n from plan_replan where person_id = ${child.personId}`)).rows as { n: number }[]
    assert.equal(n?.n, 0)
  })

  it('My work and Team show the overdue visit with a red tag; the social worker gets no re-plan link, the manager does', async () => {
    const sw = await actorFor(database, 'socialworker')
    const { child, planId } = await childOnCpPlan(20, { workerId: sw.workerId as string, teamId: sw.teamId as string })
    const mine = await get('socialworker', '/my-work')
    assert.equal(mine.statusCode, 200)
    assert.ok(mine.body.includes(`href="/people/${child.personId}/cp-plan">Child protection visit</a>`))
    assert.ok(!mine.body.includes(`/people/${child.personId}/replan?item=cp_visit`))
    const team = await get('teammanager', '/team')
    assert.equal(team.statusCode, 200)
    assert.match(team.body, /id="plan-due"/)
    assert.ok(team.body.includes(`/people/${child.personId}/replan?item=cp_visit&amp;subject=${planId}`) || team.body.includes(`/people/${child.personId}/replan?item=cp_visit&subject=${planId}`))
    assert.match(team.body, /Red: overdue/)
  })
})
