/**
 * In a real browser: a social worker starts a child in need plan, sees the first visit overdue, records a
 * visit and a review, and sees when the next ones are due; the visits page shows when the child was last
 * seen. Every page is checked with axe.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { actorFor } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral } from '../helpers/worklistFixtures.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { addCalendarMonths, addDays } from '../../src/domain/calendar/days.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = () => londonDate(new Date())

async function fillDate(page: Page, id: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-')
  await page.locator(`#${id}-day`).fill(String(Number(d)))
  await page.locator(`#${id}-month`).fill(String(Number(m)))
  await page.locator(`#${id}-year`).fill(y ?? '')
}

describe('child in need plans and visits in the browser', () => {
  it('a social worker starts a CIN plan, records a visit and a review, and sees when the next are due', async () => {
    const sw = await actorFor(database, 'socialworker')
    const child = await childWithReferral(database, { referralDate: addDays(today(), -60), givenNames: 'Kit', allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const calendar = await loadCalendar(database.db)
    const start = addDays(today(), -35)

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'socialworker')
    await page.goto(`${suite.baseUrl}/people/${child.personId}/cin-plans`)
    await expectAccessible(page, 'CIN plans list (empty)')
    assert.match(await page.locator('main').innerText(), /Kit has had no child in need plan/)
    await page.getByRole('link', { name: 'Start a child in need plan' }).click()
    await page.getByRole('heading', { name: 'Start a child in need plan' }).waitFor()
    await expectAccessible(page, 'CIN plan form')

    // Nothing filled in: the error summary says what is missing.
    await page.getByRole('button', { name: 'Start the plan' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'CIN plan form with errors')
    await page.getByRole('link', { name: 'Enter the date the plan started' }).click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'startDate-day', 'the summary link moves to the input')

    await fillDate(page, 'startDate', start)
    await page.locator('#need1Need').fill('Kit is often absent from school and arrives hungry')
    await page.locator('#need1Services').fill('Breakfast club; education welfare officer')
    await page.locator('#need1Action1Action').fill('Agree an attendance plan with school')
    await page.locator('#need1Action1Owner').fill('Ms Reid, head of year')
    await page.locator('#need1Action1Agency').fill('Greenfield Primary')
    await fillDate(page, 'need1Action1DueDate', addDays(start, 14))
    await page.getByRole('button', { name: 'Start the plan' }).click()

    await page.getByText('Child in need plan started').waitFor()
    await expectAccessible(page, 'CIN plan page (new)')
    const summary = page.locator('#plan-summary')
    assert.match(await summary.innerText(), new RegExp(`Start date\\s+${formatDate(start)}`))
    assert.match(await summary.innerText(), /Every 3 months/)
    assert.match(await summary.innerText(), /Every 20 working days/)
    assert.match(await summary.innerText(), new RegExp(`Next review due\\s+${formatDate(addCalendarMonths(start, 3))}`))
    // 35 days without a visit: the first visit (20 working days after the start) is overdue.
    assert.match(await summary.innerText(), new RegExp(`Next visit due\\s+${formatDate(calendar.addWorkingDays(start, 20))}\\s+Overdue`))
    assert.match(await page.locator('main').innerText(), /Agree an attendance plan with school\s+Ms Reid, head of year\s+Greenfield Primary/)

    // A visit today.
    await page.getByRole('link', { name: 'Record a visit' }).click()
    await page.getByRole('heading', { name: 'Record a statutory visit' }).waitFor()
    await expectAccessible(page, 'visit form')
    assert.equal(await page.locator('#visitedBy').inputValue(), 'Sam Okafor')
    await page.locator('#childSeen').check()
    await page.locator('#seenAlone').check()
    await page.locator('#bedroomSeen').check()
    await page.locator('#announced-2').check()
    await page.locator('#notes').fill('Kit showed me his room and talked about football club.')
    await page.getByRole('button', { name: 'Save the visit' }).click()
    await page.getByText('Visit recorded').waitFor()
    await expectAccessible(page, 'CIN plan page after a visit')
    assert.match(await summary.innerText(), new RegExp(`Next visit due\\s+${formatDate(calendar.addWorkingDays(today(), 20))}\\s+On track`))
    assert.match(await page.locator('#visits-table').innerText(), new RegExp(`${formatDate(today())}\\s+Yes\\s+Yes\\s+Yes\\s+Sam Okafor`))

    // A review today.
    await fillDate(page, 'heldOn', today())
    await page.getByLabel('Review notes (optional)').fill('Attendance up to 92%. Breakfast club working well.')
    await page.getByRole('button', { name: 'Record the review' }).click()
    await page.getByText('Review recorded').waitFor()
    await expectAccessible(page, 'CIN plan page after a review')
    assert.match(await summary.innerText(), new RegExp(`Next review due\\s+${formatDate(addCalendarMonths(today(), 3))}\\s+On track`))
    assert.match(await page.locator('#reviews-table').innerText(), /Attendance up to 92%/)
    await screenshot(page, 'cin-plan')

    // Every visit to the child.
    await page.getByRole('link', { name: 'All visits to Kit' }).click()
    await page.getByRole('heading', { name: 'Statutory visits' }).waitFor()
    await expectAccessible(page, 'visits list')
    const visits = page.locator('#visits-summary')
    assert.match(await visits.innerText(), new RegExp(`Date child last seen\\s+${formatDate(today())}`))
    assert.match(await visits.innerText(), /Seen alone at the last visit\s+Yes/)
    assert.match(await page.locator('#visits').innerText(), /Child in need plan from/)
    await context.close()
  })
})
