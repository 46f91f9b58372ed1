/**
 * In a real browser (issue 8 acceptance): the analyst opens the performance dashboard, sees the assessment
 * timeliness trend (a chart with its table), clicks the overdue number, lands on the list of those
 * children and exports it as CSV; follows assessments completed by framework and by worker to their lists,
 * filters by worker and exports that. A team manager's dashboard opens on their team; another team's worker
 * is refused. An empty team shows zeros with the definitions; an earlier year's comparator says so. Every
 * page is checked with axe.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { BUSY_ASSESSMENTS, BUSY_PERIOD, busyTeam } from '../helpers/dashboardFixtures.ts'

const suite = browserSuite()

/** The records behind the list: its total ("Showing 1 to 100 of 137 records" or "37 records"). */
const totalOf = async (page: import('playwright-core').Page) => {
  const text = await page.locator('#drill-total').innerText()
  return Number((/of ([\d,]+) records/.exec(text) ?? /^([\d,]+) records?/.exec(text))?.[1]?.replace(/,/g, '') ?? 'NaN')
}

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
    const rows = await totalOf(page)
    assert.equal(rows, shown, 'the list holds exactly the children behind the number')
    assert.equal(await page.locator('#drill-rows tbody tr').count(), Math.min(rows, 100), 'a page of them at most')

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
    assert.equal(await totalOf(page), count, `the referrals of ${label}`)
    assert.equal(await page.locator('#drill-rows tbody tr').count(), Math.min(count, 100))
    await context.close()
  })
})

describe('the indicator page: by framework and by worker', () => {
  // The number a link starts with (its visually hidden words follow it).
  const countOf = async (locator: import('playwright-core').Locator) => Number(/^\s*([\d,]+)/.exec(await locator.innerText())?.[1]?.replace(/,/g, '') ?? 'NaN')

  it('the analyst follows a framework’s number and a worker’s number to their lists, then filters by worker and exports', async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true })
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    await page.goto(`${suite.baseUrl}/dashboard`)
    await page.locator('#headline-assessments_completed').click()
    await page.locator('#by-framework').waitFor()
    await expectAccessible(page, 'assessments completed, by framework and worker')
    await screenshot(page, 'dashboard-indicator-page')
    const pageUrl = page.url()

    // The framework × kind table: its number leads to exactly those assessments.
    const firstFramework = page.locator('#by-framework tbody tr').first()
    const framework = (await firstFramework.locator('th').innerText()).replace(/\s*Shown$/, '')
    assert.match(framework, /Working Together 2013 onwards: single assessment/)
    const completed = await countOf(firstFramework.locator('td').nth(1).locator('a'))
    await firstFramework.locator('td').nth(1).locator('a').click()
    await page.locator('#drill-total').waitFor()
    assert.match(await page.locator('#drill-scope').innerText(), /Working Together 2013 onwards, Single assessment/)
    assert.equal(await totalOf(page), completed, 'the list behind the framework’s number')
    assert.ok(page.url().includes('framework=wt2023'))

    // The by-worker table: a worker's number leads to their records only.
    await page.goto(pageUrl)
    const linked = page.locator('#by-worker tbody tr').filter({ has: page.locator('td a') })
    assert.ok((await linked.count()) >= 2, 'several workers completed assessments')
    const first = linked.first()
    const name = await first.locator('th').innerText()
    const count = await countOf(first.locator('td a'))
    await first.locator('td a').click()
    await page.locator('#drill-total').waitFor()
    assert.equal(await totalOf(page), count, `${name}'s records`)
    assert.deepEqual([...new Set(await page.locator('#drill-rows tbody tr td:last-child').allInnerTexts())], [name])
    assert.match(await page.locator('#drill-scope').innerText(), new RegExp(name))

    // The filter form: choose another worker; the list and its CSV follow.
    const second = linked.nth(1)
    const secondName = await second.locator('th').innerText()
    const secondCount = await countOf(second.locator('td a'))
    const secondId = new URL(await second.locator('td a').getAttribute('href') ?? '', suite.baseUrl).searchParams.get('worker') ?? ''
    await page.locator('#worker').selectOption(secondId)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(new RegExp(`worker=${secondId}`))
    await expectAccessible(page, 'assessments completed for one worker')
    assert.equal(await totalOf(page), secondCount, `${secondName}'s records`)
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as CSV/ }).click()])
    const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split(/\r\n/).slice(1)
    assert.equal(lines.length, secondCount, 'the export has the filtered rows')
    assert.ok(lines.every((l) => l.endsWith(`"${secondName}"`)), 'every exported row is the chosen worker’s')
    await context.close()
  })

  it('refuses a worker outside a team manager’s scope, and a malformed one', async () => {
    const [other] = (await suite.database.db.execute(sql`select w.id from worker w join team t on t.id = w.team_id where t.name <> 'Assessment North' order by w.name limit 1`)).rows as { id: string }[]
    assert.ok(other)
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'teammanager')
    const refused = await page.goto(`${suite.baseUrl}/dashboard/referrals?worker=${other.id}`)
    assert.equal(refused?.status(), 403)
    await expectAccessible(page, 'another team’s worker refused')
    assert.equal((await page.request.get(`${suite.baseUrl}/dashboard/referrals?worker=nobody`)).status(), 400)
    assert.equal((await page.request.get(`${suite.baseUrl}/dashboard/assessments_completed?framework=wt1999`)).status(), 400)
    await context.close()
  })

  it('an empty team shows zeros with the definitions; an earlier year’s comparator is labelled as the latest available', async () => {
    const db = suite.database.db
    const [service] = (await db.execute(sql`select id from service order by name limit 1`)).rows as { id: string }[]
    const [team] = (await db.execute(sql`insert into team (service_id, name, kind) values (${service?.id}, ${`Quiet team ${randomBytes(3).toString('hex')}`}, 'safeguarding') returning id`)).rows as { id: string }[]
    await db.execute(sql`insert into indicator_comparator (indicator_id, kind, year, value, source) values ('assessments_child_seen_alone', 'statistical_neighbours', '2022-23', 71.5, 'Test fixture')
                         on conflict (indicator_id, kind, year) do update set value = excluded.value`)
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    const empty = await page.goto(`${suite.baseUrl}/dashboard?team=${team?.id}&period=2015-01`)
    assert.equal(empty?.status(), 200)
    assert.equal((await page.locator('#headline-assessments_in_timescale').innerText()).replace(/:.*$/s, '').trim(), 'No cases')
    assert.equal((await page.locator('#headline-referrals').innerText()).replace(/:.*$/s, '').trim(), '0')
    assert.match((await page.locator('#indicator-referrals details').textContent()) ?? '', /Referrals to children’s social care in the period/)
    await expectAccessible(page, 'dashboard for an empty team')
    await page.goto(`${suite.baseUrl}/dashboard/assessments_in_timescale?team=${team?.id}&period=2015-01`)
    await page.locator('#drill-none').waitFor()
    assert.match(await page.locator('#by-framework').innerText(), /No assessments were authorised in this period/)
    await expectAccessible(page, 'an empty indicator page')

    await page.goto(`${suite.baseUrl}/dashboard?period=2024-02`)
    assert.match(await page.locator('#comparators-assessments_child_seen_alone').innerText(), /Statistical neighbours 2022-23 \(latest available\): 71\.5%/)
    await context.close()
  })
})

describe('a list longer than a page', () => {
  it('pages 100 at a time keeping every filter; the total is the number; the CSV has every row; a bad page is a 400, not a 500', async () => {
    const busy = await busyTeam(suite.database)
    const context = await suite.browser.newContext({ acceptDownloads: true })
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    await page.goto(`${suite.baseUrl}/dashboard?team=${busy.teamId}&period=${BUSY_PERIOD}`)
    assert.equal((await page.locator('#headline-assessments_completed').innerText()).match(/\d[\d,]*/)?.[0], String(BUSY_ASSESSMENTS), 'the dashboard’s number')
    await page.locator('#headline-assessments_completed').click()
    await page.locator('#drill-total').waitFor()
    assert.match(await page.locator('#drill-total').innerText(), new RegExp(`^Showing 1 to 100 of ${BUSY_ASSESSMENTS} records`))
    assert.equal(await page.locator('#drill-rows tbody tr').count(), 100)
    const firstPage = await page.locator('#drill-rows tbody tr').allInnerTexts()
    // The by-worker table counts every record, not the page's.
    const byWorker = await page.locator('#by-worker tbody tr').allInnerTexts()
    assert.deepEqual(byWorker.map((t) => t.split('\t')[0]), busy.workers.map((w) => w.name))
    const workerTotal = (await page.locator('#by-worker tbody td a').allInnerTexts()).reduce((n, t) => n + Number(/^\s*(\d+)/.exec(t)?.[1]), 0)
    assert.equal(workerTotal, BUSY_ASSESSMENTS)

    // The GOV.UK pagination: two pages, the links keep the team and period.
    const nav = page.getByRole('navigation', { name: 'Pages of the records' })
    assert.deepEqual((await nav.locator('.govuk-pagination__item').allInnerTexts()).map((t) => t.trim()), ['1', '2'])
    assert.equal(await nav.locator('.govuk-pagination__item--current').innerText(), '1')
    await nav.getByRole('link', { name: /Next/ }).click()
    await page.waitForURL(/page=2/)
    const url = new URL(page.url())
    assert.deepEqual([url.searchParams.get('team'), url.searchParams.get('period'), url.searchParams.get('numerator'), url.searchParams.get('page')], [busy.teamId, BUSY_PERIOD, '1', '2'])
    assert.match(await page.locator('#drill-total').innerText(), new RegExp(`^Showing 101 to ${BUSY_ASSESSMENTS} of ${BUSY_ASSESSMENTS} records`))
    const secondPage = await page.locator('#drill-rows tbody tr').allInnerTexts()
    assert.equal(secondPage.length, BUSY_ASSESSMENTS - 100, 'page 2 lists the rest')
    // Every row once across the pages (rows differ by the assessment's own reference).
    assert.equal(new Set([...firstPage, ...secondPage]).size, BUSY_ASSESSMENTS, 'no row on both pages')
    const both = [...firstPage, ...secondPage]
    assert.ok(both.some((t) => t.startsWith('Restricted record')) && !both.some((t) => t.includes(busy.restricted.name)), 'the restricted child stays masked')
    assert.equal(await page.locator('.govuk-pagination__item--current').innerText(), '2')
    await expectAccessible(page, 'the second page of a long list')
    await screenshot(page, 'dashboard-drill-down-page-2')

    // The CSV has every row, from page 2 as from page 1.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as CSV/ }).click()])
    const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split(/\r\n/).slice(1)
    assert.equal(lines.length, BUSY_ASSESSMENTS, 'the export has every row')
    assert.equal(new Set(lines).size, BUSY_ASSESSMENTS)
    assert.equal(lines.filter((l) => l.includes(busy.restricted.personRef)).length, busy.assessments.filter((a) => a.child === busy.restricted).length)
    assert.ok(lines.filter((l) => l.includes(busy.restricted.personRef)).every((l) => l.includes('"Restricted record"')))

    // A worker's list keeps the worker in its page links (and fits on one page: no pagination).
    await page.locator('#worker').selectOption(busy.workers[0]?.id as string)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/worker=/)
    assert.ok(!page.url().includes('page='), 'a new filter starts at page 1')
    assert.equal(await page.locator('.govuk-pagination').count(), 0)

    // A page past the last shows the last; a page that is not a whole number of 1 or more is a 400 page.
    const base = `${suite.baseUrl}/dashboard/assessments_completed?team=${busy.teamId}&period=${BUSY_PERIOD}`
    const past = await page.goto(`${base}&page=9`)
    assert.equal(past?.status(), 200)
    assert.match(await page.locator('#drill-total').innerText(), /^Showing 101 to/)
    for (const bad of ['0', '-2', '1.5', 'abc', '2x']) {
      const res = await page.goto(`${base}&page=${bad}`)
      assert.equal(res?.status(), 400, `page=${bad}`)
      assert.match(await page.locator('main').innerText(), /The page number must be a whole number, 1 or more/)
    }
    await expectAccessible(page, 'a bad page number')
    assert.equal((await page.request.get(`${base}&page=abc&format=csv`)).status(), 400)
    await context.close()
  })
})
