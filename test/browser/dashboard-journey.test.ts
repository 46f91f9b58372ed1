/**
 * In a real browser (issue 8 acceptance): the analyst opens the performance dashboard, sees the assessment
 * timeliness trend (a chart with its table), clicks the overdue number, lands on the list of those
 * children and exports it as CSV. A team manager's dashboard opens on their team. Every page is checked with axe.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'

const suite = browserSuite()

describe('the performance dashboard in the browser', () => {
  it('the analyst follows the overdue assessments number to the children and exports them', async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true })
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    await page.getByRole('link', { name: 'Dashboard' }).first().click()
    await page.getByRole('heading', { name: 'Performance dashboard', level: 1 }).waitFor()
    await expectAccessible(page, 'dashboard')
    await screenshot(page, 'dashboard')

    const timeliness = page.locator('#indicator-assessments_in_timescale')
    assert.equal(await timeliness.locator('svg[role="img"]').count(), 1, 'the trend is drawn')
    assert.ok((await timeliness.locator('table tbody tr').count()) >= 12, 'with a table of the same numbers, a row a month')

    // The headline is the share overdue; the number of children behind it is beside it.
    const headline = page.locator('#headline-assessments_overdue')
    assert.match(await headline.innerText(), /%|No cases/)
    const shown = Number((await page.locator('#counts-assessments_overdue .harbour-numerator').innerText()).replace(/[^0-9]/g, ''))
    await headline.click()
    await page.locator('#drill-total').waitFor()
    await expectAccessible(page, 'overdue assessments list')
    const rows = await page.locator('#drill-rows tbody tr').count()
    assert.equal(rows, shown, 'the list holds exactly the children behind the number')

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as CSV/ }).click()])
    const text = fs.readFileSync(await csv.path(), 'utf8').trim().split(/\r\n/)
    assert.equal(text[0], '"Child reference","Name","Date","Counted in the numerator","Record","Team","Worker"')
    assert.equal(text.length - 1, rows, 'the export has the same rows')
    await context.close()
  })

  it('a team manager’s dashboard opens on their team, and another team is refused', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'teammanager')
    await page.goto(`${suite.baseUrl}/dashboard`)
    assert.match(await page.locator('#dashboard-scope').innerText(), /^Assessment North/)
    const other = await page.request.get(`${suite.baseUrl}/dashboard?team=00000000-0000-4000-8000-000000000000`)
    assert.equal(other.status(), 403)
    await context.close()
  })
})

describe('the dashboard’s filters and month lists', () => {
  it('filters by service, and a month in a table leads to that month’s records', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    await page.goto(`${suite.baseUrl}/dashboard`)
    const service = await page.locator('#service option').nth(1).innerText()
    await page.locator('#service').selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/service=/)
    assert.match(await page.locator('#dashboard-scope').innerText(), new RegExp(`^${service}`))
    await expectAccessible(page, 'dashboard for a service')
    const firstMonth = page.locator('#chart-referrals-table tbody tr').last().locator('th a')
    const label = (await firstMonth.innerText()).replace(/: the records counted$/, '')
    const count = Number(await page.locator('#chart-referrals-table tbody tr').last().locator('td').first().innerText())
    await firstMonth.click()
    await page.locator('#drill-total').waitFor()
    assert.match(await page.locator('.govuk-caption-l').innerText(), new RegExp(`^${service}`))
    assert.equal(await page.locator('#drill-rows tbody tr').count(), count, `the referrals of ${label}`)
    await context.close()
  })
})
