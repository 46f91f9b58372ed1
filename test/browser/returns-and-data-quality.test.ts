/**
 * In a real browser: a social worker sees on the child's page what would fail the CIN census and puts it
 * right from the link beside it; an analyst works through the data-quality list, checks and downloads the
 * CIN census, and downloads Annex A. Every page is checked with axe.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { actorFor } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral } from '../helpers/worklistFixtures.ts'
import { validateCinCensusXsd } from '../../src/app/returns/cinCensusXml.ts'
import { collectionYearOf } from '../../src/domain/returns/cinCensus/build.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = () => londonDate(new Date())

describe('statutory returns and data quality in the browser', () => {
  it('a social worker sees a census failure on the child’s page, fixes it in the assessment, and the warning goes', async () => {
    const sw = await actorFor(database, 'socialworker')
    const child = await childWithReferral(database, { referralDate: addDays(today(), -4), givenNames: 'Noor', allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'socialworker')
    await page.goto(`${suite.baseUrl}/people/${child.personId}`)
    const warning = page.locator('#data-quality')
    await warning.waitFor()
    assert.match(await warning.innerText(), /This record would fail the CIN census/)
    assert.match(await warning.innerText(), /rule 8610/)
    assert.match(await warning.innerText(), /rule 4220/)
    await expectAccessible(page, 'child’s page with data-quality warnings')
    await screenshot(page, 'data-quality-on-child')

    // The link beside the primary-need failure goes where it is fixed: no assessment yet, so the referral.
    await warning.getByRole('link', { name: /to fix rule 8610/ }).click()
    await page.getByRole('heading', { name: /What is Noor .*’s primary need\?/ }).waitFor()
    await page.getByRole('button', { name: 'Save the primary need' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'primary need with an error')
    await page.getByLabel('Family in acute stress (N4)').check()
    await page.getByRole('button', { name: 'Save the primary need' }).click()
    await page.getByText('Primary need saved.').waitFor()
    assert.match(await page.locator('.harbour-case-summary').innerText(), /Family in acute stress \(N4\)/)
    await warning.waitFor()
    assert.doesNotMatch(await warning.innerText(), /rule 8610/, 'the primary need failure has gone')
    assert.match(await warning.innerText(), /rule 4220/, 'the ethnicity failure is still shown')
    await context.close()
  })

  it('an analyst filters the data-quality list, checks and downloads the CIN census, and downloads Annex A', async () => {
    const sw = await actorFor(database, 'socialworker')
    const child = await childWithReferral(database, { referralDate: addDays(today(), -3), givenNames: 'Remi', allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
    const context = await suite.browser.newContext({ acceptDownloads: true })
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')

    await page.getByRole('link', { name: 'Data quality' }).first().click()
    await page.getByRole('heading', { name: 'Data quality' }).waitFor()
    await expectAccessible(page, 'data-quality list')
    await page.getByLabel('Rule').selectOption('8610')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/rule=8610/)
    const rows = page.locator('#dq-issues tbody tr')
    assert.ok((await rows.count()) >= 1)
    const remi = rows.filter({ hasText: child.name })
    assert.equal(await remi.count(), 1, 'the new child is listed under rule 8610')
    assert.match(await remi.innerText(), /Sam Okafor/)
    await screenshot(page, 'data-quality-list')

    await page.getByRole('link', { name: 'Returns' }).first().click()
    await page.getByRole('heading', { name: 'Statutory returns' }).waitFor()
    await expectAccessible(page, 'returns page')
    // No LA code: the error is by the field.
    await page.getByLabel('Local authority code').fill('')
    await page.getByRole('button', { name: 'Check the return' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'returns page with an error')

    const year = collectionYearOf(today()) - 1
    await page.getByLabel(new RegExp(`${year - 1} to ${String(year).slice(2)} \\(1 April`)).check()
    await page.getByLabel('Local authority code').fill('886')
    await page.getByRole('button', { name: 'Check the return' }).click()
    await page.locator('#census-result').waitFor()
    assert.ok(Number(await page.locator('#census-children').innerText()) > 0)
    await expectAccessible(page, 'census check result')
    await screenshot(page, 'census-check')

    const [xmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the XML' }).click()])
    assert.equal(xmlDownload.suggestedFilename(), `CIN_Census_886_${year}.xml`)
    const xml = fs.readFileSync(await xmlDownload.path(), 'utf8')
    // Other test files add children with no ethnicity on purpose: the builder never invents one, so the
    // schema objects to just that (and rule 4220 names them); nothing else may be wrong with the file.
    assert.deepEqual((await validateCinCensusXsd(xml)).problems.filter((p) => !/Expected is \( Ethnicity \)/.test(p.message)), [])
    assert.match(xml, new RegExp(`<ReferenceDate>${year}-03-31</ReferenceDate>`))

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Annex A' }).click()])
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await xlsx.path())
    assert.equal(wb.worksheets.length, 6)
    assert.deepEqual(wb.worksheets.map((w) => w.name.split(' ').slice(0, 2).join(' ')), ['List 1', 'List 3', 'List 4', 'List 5', 'List 6', 'List 7'])
    await context.close()
  })
})
