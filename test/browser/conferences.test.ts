/**
 * In a real browser: a social worker schedules the initial child protection conference from a section 47
 * enquiry; the chair records the outcome (a plan under neglect); the child protection plan page shows
 * when the first core group, review conference and visit are due.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { actorFor } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral } from '../helpers/worklistFixtures.ts'
import { section47Row } from '../helpers/childProtectionFixtures.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { firstRcpcDue } from '../../src/domain/childProtection/conference.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database

describe('child protection conference in the browser', () => {
  it('a social worker schedules the ICPC; the chair records a plan; the plan page shows what is due', async () => {
    const cal = await loadCalendar(database.db)
    const today = londonDate(new Date())
    const sw = await actorFor(database, 'socialworker')
    const strategy = cal.addWorkingDays(today, -20)
    const child = await childWithReferral(database, { referralDate: addDays(strategy, -3), givenNames: 'Maya', allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: cal.addWorkingDays(strategy, 15) })
    const icpc = cal.addWorkingDays(strategy, 12)

    // The social worker schedules it.
    const swContext = await suite.browser.newContext()
    const page = await signInInBrowser(swContext, suite.baseUrl, 'socialworker')
    await page.goto(`${suite.baseUrl}/people/${child.personId}/conferences/new?type=initial&section47=${section47Id}`)
    await page.getByRole('heading', { name: 'Schedule the initial child protection conference' }).waitFor()
    await expectAccessible(page, 'schedule form')
    await page.getByRole('button', { name: 'Schedule the conference' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'schedule form with errors')
    const [y, m, d] = icpc.split('-')
    await page.locator('#conferenceOn-day').fill(String(Number(d)))
    await page.locator('#conferenceOn-month').fill(String(Number(m)))
    await page.locator('#conferenceOn-year').fill(y ?? '')
    await page.locator('#chairUserId').selectOption({ label: 'Aisha Rahman' })
    const invitees: [string, string, string][] = [
      ['DC Hollis', 'police', 'Detective constable'],
      ['Nurse Patel', 'health', 'School nurse'],
      ['Sam Okafor', 'childrens_social_care', 'Social worker'],
    ]
    for (const [i, [name, agency, role]] of invitees.entries()) {
      await page.locator(`#invitee${i + 1}Name`).fill(name)
      await page.locator(`#invitee${i + 1}Agency`).selectOption(agency)
      await page.locator(`#invitee${i + 1}Role`).fill(role)
    }
    await page.getByRole('button', { name: 'Schedule the conference' }).click()
    await page.getByText('Conference scheduled').waitFor()
    await expectAccessible(page, 'conference page (scheduled)')
    const summary = await page.locator('#summary').innerText()
    assert.match(summary, /On time/)
    assert.match(summary, new RegExp(formatDate(cal.addWorkingDays(strategy, 15))))
    assert.match(summary, /Aisha Rahman/)
    const conferenceUrl = page.url().replace(/\?.*$/, '')
    await swContext.close()

    // The chair records the outcome.
    const chairContext = await suite.browser.newContext()
    const chair = await signInInBrowser(chairContext, suite.baseUrl, 'chair')
    await chair.goto(`${suite.baseUrl}/conferences`)
    await expectAccessible(chair, 'conference list')
    await chair.getByRole('link', { name: child.name }).click()
    await chair.getByRole('link', { name: 'Record the outcome of the conference' }).click()
    await chair.getByRole('heading', { name: 'Record the outcome of the initial child protection conference' }).waitFor()
    await expectAccessible(chair, 'outcome form')
    assert.equal(await chair.locator('#attendee2Name').inputValue(), 'Nurse Patel')
    for (const n of [1, 2, 3]) await chair.locator(`#attendee${n}Attended`).check()
    await chair.getByLabel('Child protection plan', { exact: true }).check()
    await chair.getByLabel('Neglect (NEG)').check()
    await chair.getByLabel('Summary of the conference (optional)').fill('Fictional: long-standing neglect of basic care; all agencies agreed a plan.')
    await chair.locator('#member1Name').fill('Ms Smith')
    await chair.locator('#member1Agency').selectOption('other')
    await chair.locator('#member1Role').fill('Mother')
    await chair.getByRole('button', { name: 'Save the outcome' }).click()
    await chair.getByText('Conference outcome recorded').waitFor()
    await expectAccessible(chair, 'conference page (held)')
    assert.equal(chair.url().replace(/\?.*$/, ''), conferenceUrl)
    await screenshot(chair, 'conference-held')

    await chair.getByRole('link', { name: 'The child protection plan' }).click()
    await chair.getByRole('heading', { name: 'Child protection plan' }).waitFor()
    await expectAccessible(chair, 'child protection plan page')
    const plan = await chair.locator('#plan').innerText()
    assert.match(plan, new RegExp(formatDate(icpc)))
    assert.match(plan, /Neglect/)
    assert.match(plan, /Sam Okafor/)
    assert.match(await chair.locator('#due-core-group').innerText(), new RegExp(formatDate(cal.addWorkingDays(icpc, 10))))
    assert.match(await chair.locator('#due-review').innerText(), new RegExp(formatDate(firstRcpcDue(icpc, cal))))
    assert.match(await chair.locator('#due-visit').innerText(), new RegExp(formatDate(cal.addWorkingDays(icpc, 10))))
    assert.match(await chair.locator('#due-core-group').innerText(), /Overdue by|Due/)
    await screenshot(chair, 'cp-plan')
    await chairContext.close()
  })
})
