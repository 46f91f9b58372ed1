/**
 * In a real browser: a social worker records a strategy discussion with police and health that decides on
 * a joint section 47 enquiry, sees the enquiry with its initial child protection conference target,
 * records the outcome (child seen alone, continuing risk); the team manager authorises it and is offered
 * to schedule the conference. Every page is checked with axe.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { actorFor } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral } from '../helpers/worklistFixtures.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { icpcTargetDate } from '../../src/domain/childProtection/section47.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = () => londonDate(new Date())
const parts = (iso: string) => {
  const [y, m, d] = iso.split('-')
  return { day: String(Number(d)), month: String(Number(m)), year: y ?? '' }
}

describe('strategy discussion and section 47 enquiry in the browser', () => {
  it('a social worker records the discussion and the outcome; the team manager authorises it', async () => {
    const sw = await actorFor(database, 'socialworker')
    assert.ok(sw.workerId && sw.teamId)
    const child = await childWithReferral(database, { referralDate: addDays(today(), -20), allocateTo: { workerId: sw.workerId, teamId: sw.teamId }, givenNames: 'Mia' })
    const heldOn = addDays(today(), -2)
    const target = icpcTargetDate(heldOn, await loadCalendar(database.db))

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'socialworker')
    await page.goto(`${suite.baseUrl}/people/${child.personId}/strategy-discussions/new`)
    await page.getByRole('heading', { name: 'Record a strategy discussion' }).waitFor()
    await expectAccessible(page, 'strategy discussion form')

    await page.getByRole('button', { name: 'Save the strategy discussion' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'strategy discussion form with errors')

    const d = parts(heldOn)
    await page.locator('#heldOn-day').fill(d.day)
    await page.locator('#heldOn-month').fill(d.month)
    await page.locator('#heldOn-year').fill(d.year)
    await page.locator('#heldAt').fill('09:30')
    await page.locator('#participant1Name').fill('DC Hollis')
    await page.locator('#participant1Agency').selectOption('police')
    await page.locator('#participant1Role').fill('Detective constable')
    await page.locator('#participant2Name').fill('Nurse Patel')
    await page.locator('#participant2Agency').selectOption('health')
    await page.locator('#participant2Role').fill('School nurse')
    await page.locator('#participant3Name').fill('Sam Okafor')
    await page.locator('#participant3Agency').selectOption('childrens_social_care')
    await page.getByLabel('Section 47 enquiry: joint with the police').check()
    await page.getByLabel('Information shared').fill('Fictional: Mia told her teacher she was hit with a belt; marks seen by the school nurse.')
    await page.getByLabel('Immediate protective actions (optional)').fill('Mia to stay with her aunt while the enquiry is made.')
    await page.locator('#action1Action').fill('Joint visit and interview')
    await page.locator('#action1Owner').fill('Sam Okafor and DC Hollis')
    const t = parts(today())
    await page.locator('#action1DueOn-day').fill(t.day)
    await page.locator('#action1DueOn-month').fill(t.month)
    await page.locator('#action1DueOn-year').fill(t.year)
    await page.getByRole('button', { name: 'Save the strategy discussion' }).click()

    await page.getByRole('heading', { name: `Strategy discussion on ${formatDate(heldOn)}` }).waitFor()
    await expectAccessible(page, 'strategy discussion record')
    assert.equal(await page.locator('.govuk-warning-text').count(), 0, 'police and health took part: no warning')
    const participants = await page.locator('#participants').innerText()
    assert.match(participants, /DC Hollis\s+Police\s+Detective constable/)
    assert.match(participants, /Nurse Patel\s+Health\s+School nurse/)
    assert.match(await page.locator('#section-47').innerText(), new RegExp(`conference due by ${formatDate(target)}`))
    await screenshot(page, 'strategy-discussion')

    await page.getByRole('link', { name: `Section 47 enquiry started on ${formatDate(heldOn)}` }).click()
    await page.getByRole('heading', { name: 'Section 47 enquiry' }).waitFor()
    await expectAccessible(page, 'section 47 enquiry (open)')
    const summary = await page.locator('#summary').innerText()
    assert.match(summary, /Joint with the police/)
    assert.match(summary, new RegExp(`Due by ${formatDate(target)}`))
    assert.match(summary, /working days? left|Due today/)
    assert.match(summary, /Sam Okafor/)

    await page.getByRole('link', { name: 'Record the outcome' }).click()
    await page.getByRole('heading', { name: 'Record the outcome of the section 47 enquiry' }).waitFor()
    await expectAccessible(page, 'section 47 outcome form')
    await page.locator('#childSeen').check()
    await page.locator('#childSeenOn-day').fill(t.day)
    await page.locator('#childSeenOn-month').fill(t.month)
    await page.locator('#childSeenOn-year').fill(t.year)
    await page.locator('#childSeenAlone').check()
    await page.getByLabel('Concerns substantiated and the child is judged to be at continuing risk of significant harm').check()
    await page.getByLabel('Summary of the enquiry (optional)').fill('Mia was seen alone at school; her account was consistent.')
    await expectAccessible(page, 'section 47 outcome form, filled in')
    await page.getByRole('button', { name: 'Save the outcome' }).click()

    await page.getByText('Outcome recorded. A manager will authorise it').waitFor()
    await expectAccessible(page, 'section 47 enquiry (outcome recorded)')
    assert.match(await page.locator('#outcome').innerText(), /Yes, on .*\n?[\s\S]*Child seen alone\s+Yes/)
    assert.match(await page.locator('#decision').innerText(), /Waiting for a manager/)
    const enquiryUrl = page.url().replace(/\?.*$/, '')
    await context.close()

    const managerContext = await suite.browser.newContext()
    const manager = await signInInBrowser(managerContext, suite.baseUrl, 'teammanager')
    await manager.goto(enquiryUrl)
    await manager.getByRole('heading', { name: 'Section 47 enquiry' }).waitFor()
    await expectAccessible(manager, 'section 47 enquiry for the manager')
    await manager.getByRole('button', { name: 'Authorise the outcome' }).click()
    await manager.getByText('Section 47 enquiry outcome authorised').waitFor()
    await expectAccessible(manager, 'section 47 enquiry (authorised)')
    const outcome = await manager.locator('#outcome').innerText()
    assert.match(outcome, /Authorised by\s+Joanne Fletcher/)
    assert.match(outcome, /Initial child protection conference\s+Needed/)
    const schedule = manager.getByRole('link', { name: 'Schedule the initial child protection conference' })
    assert.equal(await schedule.getAttribute('href'), `/people/${child.personId}/conferences/new?type=initial&section47=${enquiryUrl.split('/').pop() ?? ''}`)
    await screenshot(manager, 'section-47-authorised')
    await managerContext.close()
  })
})
