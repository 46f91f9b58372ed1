/**
 * In a real browser: a child on a child protection plan whose statutory visit is overdue shows it overdue,
 * before anything not overdue, on the social worker's My work, on the manager's Team page and in the
 * child's summary. The manager re-plans it with a reason, and every page shows the new date.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral } from '../helpers/worklistFixtures.ts'
import { authoriseSection47Row, conferenceRow, cpPlanRow, section47Row } from '../helpers/childProtectionFixtures.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import type { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { icpcTargetDate } from '../../src/domain/childProtection/section47.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = londonDate(new Date())
let cal: WorkingDayCalendar
const wd = (n: number) => cal.addWorkingDays(today, n)
before(async () => {
  cal = await loadCalendar(database.db)
})

/** Rows of a table as text; true where the row is overdue. */
async function overdueFlags(rows: string[]): Promise<boolean[]> {
  return rows.map((r) => /Red: overdue|Overdue/.test(r))
}

describe('overdue child protection work and re-planning in the browser', () => {
  it('an overdue CP visit is first on My work, Team and the child’s summary; the manager re-plans it with a reason', async () => {
    const sw = await actorFor(database, 'socialworker')
    const mine = { workerId: sw.workerId as string, teamId: sw.teamId as string }
    // A plan that started 30 working days ago: a core group 2 days ago, but no visit since the plan began.
    const start = wd(-30)
    const strategy = cal.addWorkingDays(start, -10)
    const child = await childWithReferral(database, { referralDate: cal.addWorkingDays(strategy, -2), allocateTo: mine, givenNames: 'Ellis' })
    const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: icpcTargetDate(strategy, cal) })
    await authoriseSection47Row(database, section47Id, cal.addWorkingDays(strategy, 5))
    const conf = await conferenceRow(database, child, { section47Id, targetDate: icpcTargetDate(strategy, cal), scheduledOn: start, heldOn: start, decision: 'plan', categories: ['EMO'] })
    const planId = await cpPlanRow(database, child, { startConferenceId: conf, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: cal.addCalendarMonths(start, 3), categories: ['EMO'], leadWorkerId: mine.workerId })
    await database.db.execute(sql`insert into core_group_meeting (cp_plan_id, person_id, held_on, created_by) select ${planId}, ${child.personId}, ${wd(-2)}, id from user_account where username = 'socialworker'`)
    const visitDue = cal.addWorkingDays(start, 10)
    const newDue = wd(2)
    const reason = 'Family away for a funeral; visit booked for the day after they return'

    // The social worker's My work: the visit is red, overdue, and comes before anything not overdue.
    const swContext = await suite.browser.newContext()
    const swPage = await signInInBrowser(swContext, suite.baseUrl, 'socialworker')
    await swPage.getByRole('link', { name: 'My work', exact: true }).click()
    await swPage.getByRole('heading', { name: 'My work', level: 1 }).waitFor()
    await expectAccessible(swPage, 'My work')
    const swRow = swPage.locator('#my-items tbody tr', { hasText: child.name }).filter({ hasText: 'Child protection visit' })
    assert.match(await swRow.innerText(), new RegExp(`${formatDate(visitDue)}[\\s\\S]*Child protection visit[\\s\\S]*${child.name}[\\s\\S]*Red: overdue[\\s\\S]*20 working days overdue`))
    let rows = await swPage.locator('#my-items tbody tr').allInnerTexts()
    let at = rows.findIndex((r) => r.includes(child.name) && r.includes('Child protection visit'))
    assert.ok((await overdueFlags(rows.slice(0, at + 1))).every(Boolean), 'only overdue items come before it')
    assert.equal(await swRow.getByRole('link', { name: /Re-plan/ }).count(), 0, 'a social worker cannot re-plan')

    // The child's summary: the status tag, the plan, the visit overdue first.
    await swRow.getByRole('link', { name: child.name }).click()
    await swPage.getByRole('heading', { name: child.name, level: 1 }).waitFor()
    await expectAccessible(swPage, 'child’s record with a CP plan')
    assert.match(await swPage.locator('h1').innerText(), /Child protection plan/)
    assert.match(await swPage.locator('#cp-status').innerText(), new RegExp(`Since ${formatDate(start)}\\. Category: Emotional abuse\\. No previous plans`))
    const dueRows = await swPage.locator('#due-items tbody tr').allInnerTexts()
    assert.match(dueRows[0] ?? '', /Child protection visit[\s\S]*20 working days overdue[\s\S]*Overdue/)
    assert.ok(await swPage.getByRole('link', { name: 'Record a visit' }).isVisible())
    await screenshot(swPage, 'overdue-cp-visit-summary')

    // The manager's Team page: the same, with a link to re-plan.
    const tmContext = await suite.browser.newContext()
    const tmPage = await signInInBrowser(tmContext, suite.baseUrl, 'teammanager')
    await tmPage.goto(`${suite.baseUrl}/team`)
    await tmPage.locator('#plan-due-heading').waitFor()
    await expectAccessible(tmPage, 'Team')
    const tmRow = tmPage.locator('#plan-due tbody tr', { hasText: child.name }).filter({ hasText: 'Child protection visit' })
    assert.match(await tmRow.innerText(), new RegExp(`Child protection visit[\\s\\S]*Sam Okafor[\\s\\S]*${formatDate(visitDue)}[\\s\\S]*20 working days overdue[\\s\\S]*Red: overdue`))
    rows = await tmPage.locator('#plan-due tbody tr').allInnerTexts()
    at = rows.findIndex((r) => r.includes(child.name) && r.includes('Child protection visit'))
    assert.ok((await overdueFlags(rows.slice(0, at + 1))).every(Boolean), 'only overdue items come before it')
    await screenshot(tmPage, 'team-plan-due')

    // Re-plan: nothing entered → errors; then a date and a reason.
    await tmRow.getByRole('link', { name: /Re-plan/ }).click()
    await tmPage.getByRole('heading', { name: 'Re-plan the child protection visit' }).waitFor()
    await expectAccessible(tmPage, 're-plan form')
    await tmPage.getByRole('button', { name: 'Save the new date' }).click()
    await tmPage.getByText('There is a problem').waitFor()
    await expectAccessible(tmPage, 're-plan form with errors')
    assert.match(await tmPage.locator('.govuk-error-summary').innerText(), /Enter the new date for the child protection visit[\s\S]*Enter the reason for re-planning/)
    const [y, m, d] = newDue.split('-')
    await tmPage.locator('#newDue-day').fill(String(Number(d)))
    await tmPage.locator('#newDue-month').fill(String(Number(m)))
    await tmPage.locator('#newDue-year').fill(y ?? '')
    await tmPage.getByLabel('Reason for re-planning').fill(reason)
    await tmPage.getByRole('button', { name: 'Save the new date' }).click()
    await tmPage.getByText(`Child protection visit re-planned: now due ${formatDate(newDue)}`).waitFor()
    await expectAccessible(tmPage, 're-plan confirmation')

    // Team shows the new date and the reason; it is due soon, no longer overdue.
    await tmPage.getByRole('link', { name: 'Team', exact: true }).first().click()
    await tmPage.locator('#plan-due-heading').waitFor()
    await expectAccessible(tmPage, 'Team after the re-plan')
    const replanned = tmPage.locator('#plan-due tbody tr', { hasText: child.name }).filter({ hasText: 'Child protection visit' })
    assert.match(await replanned.innerText(), new RegExp(`Re-planned from ${formatDate(visitDue)} by Joanne Fletcher: ${reason}[\\s\\S]*${formatDate(newDue)}[\\s\\S]*2 working days left[\\s\\S]*Amber: due soon`))

    // The child's summary and the social worker's My work show it too.
    await tmPage.goto(`${suite.baseUrl}/people/${child.personId}`)
    await expectAccessible(tmPage, 'child’s record after the re-plan')
    const visitRow = tmPage.locator('#due-items tbody tr', { hasText: 'Child protection visit' })
    assert.match(await visitRow.innerText(), new RegExp(`Re-planned from ${formatDate(visitDue)} by Joanne Fletcher: ${reason}[\\s\\S]*${formatDate(newDue)}[\\s\\S]*Due soon`))
    await swPage.goto(`${suite.baseUrl}/my-work`)
    await expectAccessible(swPage, 'My work after the re-plan')
    const swAfter = swPage.locator('#my-items tbody tr', { hasText: child.name }).filter({ hasText: 'Child protection visit' })
    assert.match(await swAfter.innerText(), new RegExp(`${formatDate(newDue)}[\\s\\S]*Amber: due soon[\\s\\S]*Re-planned from ${formatDate(visitDue)}`))
    await swContext.close()
    await tmContext.close()
  })
})
