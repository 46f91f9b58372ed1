/**
 * In a real browser: an analyst enters a target, pastes a 3-row comparators CSV (first with a bad row,
 * which is reported and saves nothing, then corrected) and sets the child population; a team manager
 * sees the page without its forms; a social worker is refused. Every state is checked with axe.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'

const suite = browserSuite()
const PAGE = '/dashboard/comparators'

describe('comparators and child population in the browser', () => {
  it('an analyst enters a target, loads a CSV after fixing its bad row, and sets the child population', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    await page.goto(`${suite.baseUrl}${PAGE}`)
    await page.getByRole('heading', { name: 'Comparators and child population' }).waitFor()
    await expectAccessible(page, 'comparators page')

    // A target, first with the year mistyped.
    await page.getByLabel('Indicator', { exact: true }).selectOption({ value: 'assessments_in_timescale' })
    await page.getByLabel('Kind of comparator').selectOption({ value: 'target' })
    await page.getByLabel('DfE year', { exact: true }).fill('2050-52')
    await page.getByLabel('Value', { exact: true }).fill('88')
    await page.locator('#source').fill('Council plan 2050')
    await page.getByRole('button', { name: 'Save the comparator' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'comparator form with an error')
    await page.getByRole('link', { name: 'The years must follow each other: 2050-51, not 2050-52' }).click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'year', 'the summary link moves to the input')
    await page.getByLabel('DfE year', { exact: true }).fill('2050-51')
    await page.getByRole('button', { name: 'Save the comparator' }).click()
    await page.getByText('Comparator added').waitFor()
    await expectAccessible(page, 'comparators page after adding a target')
    const target = page.locator('#comparators-assessments_in_timescale')
    assert.match(await target.innerText(), /2050-51\s+None entered\s+–\s+None entered\s+–\s+88%\s+Council plan 2050/)

    // A CSV with a bad row: nothing saved, the row and column named.
    const csv = ['indicator,kind,year,value,source', 'assessments_in_timescale,national,2050-51,82.1,DfE', 'assessments_in_timescale,statistical_neighbours,2050-51,eighty,DfE LAIT', 'cp_rate_per_10000,national,2050-51,41.6,DfE'].join('\n')
    await page.getByLabel('CSV file contents').fill(csv)
    await page.getByRole('button', { name: 'Load the comparators' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'CSV with a bad row')
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Row 3, column value: “eighty” is not a number/)
    assert.match(await page.locator('#csv-problems').innerText(), /3\s+value\s+“eighty” is not a number/)
    assert.doesNotMatch(await target.innerText(), /82\.1/, 'nothing from the file was saved')
    await screenshot(page, 'comparators-csv-errors')
    await page.getByRole('link', { name: /Row 3, column value/ }).click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'csv')
    await page.getByLabel('CSV file contents').fill(csv.replace('eighty', '80.4'))
    await page.getByRole('button', { name: 'Load the comparators' }).click()
    await page.getByText('CSV loaded: 3 rows — 3 added, 0 replaced, 0 unchanged').waitFor()
    await expectAccessible(page, 'comparators page after loading a CSV')
    assert.match(await target.innerText(), /2050-51\s+82\.1%\s+DfE\s+80\.4%\s+DfE LAIT\s+88%\s+Council plan 2050/)
    assert.match(await page.locator('#comparators-cp_rate_per_10000').innerText(), /41\.6 per 10,000/)

    // The child population.
    await page.getByLabel('Children aged 0 to 17').fill('312,400')
    await page.getByLabel('DfE year it applies to').fill('2025-26')
    await page.locator('#populationSource').fill('ONS mid-2024 population estimates')
    await page.getByRole('button', { name: 'Save the child population' }).click()
    await page.getByText('Child population saved').waitFor()
    await expectAccessible(page, 'comparators page after setting the population')
    const population = page.locator('#population-summary')
    assert.match(await population.innerText(), /Children aged 0 to 17\s+312,400/)
    assert.match(await population.innerText(), /ONS mid-2024 population estimates/)
    await screenshot(page, 'comparators')
    await context.close()
  })

  it('a team manager sees the comparators but no forms; a social worker is refused', async () => {
    const context = await suite.browser.newContext()
    const manager = await signInInBrowser(context, suite.baseUrl, 'teammanager')
    const res = await manager.goto(`${suite.baseUrl}${PAGE}`)
    assert.equal(res?.status(), 200)
    await manager.getByRole('heading', { name: 'Comparators by indicator' }).waitFor()
    await expectAccessible(manager, 'comparators page for a team manager')
    assert.equal(await manager.locator('main form').count(), 0, 'no forms to change anything')
    assert.equal(await manager.getByRole('button', { name: /Save|Load/ }).count(), 0)
    await context.close()

    const swContext = await suite.browser.newContext()
    const sw = await signInInBrowser(swContext, suite.baseUrl, 'socialworker')
    const refused = await sw.goto(`${suite.baseUrl}${PAGE}`)
    assert.equal(refused?.status(), 403)
    await expectAccessible(sw, '403 page')
    await swContext.close()
  })
})
