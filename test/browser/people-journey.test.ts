import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { testServer, uniqueDateOfBirth, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, listen, screenshot, signInInBrowser } from '../helpers/browser.ts'
import type { Page } from 'playwright-core'

const suite = browserSuite()
const database = suite.database

describe('a social worker finds a child, amends the address, and the audit shows it', () => {
  it('signs in, searches with a typo, opens the record, moves the address; a manager sees the view; partner is refused', async () => {
    const context = await suite.browser.newContext()
    const signInPage = await context.newPage()
    await signInPage.goto(`${suite.baseUrl}/sign-in`)
    await expectAccessible(signInPage, 'sign-in page')
    await signInPage.close()

    const page = await signInInBrowser(context, suite.baseUrl, 'socialworker')
    await expectAccessible(page, 'home page')
    await page.getByLabel('Find a child or adult').fill('Ashwerth')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('heading', { name: /found/ }).waitFor()
    await expectAccessible(page, 'search results')
    await screenshot(page, 'search-results')
    await page.getByRole('link', { name: 'Leo Ashworth' }).click()
    await page.getByRole('heading', { level: 1, name: /Leo Ashworth/ }).waitFor()
    await expectAccessible(page, 'person page')
    await screenshot(page, 'person-page')
    const personUrl = page.url()

    await page.getByRole('link', { name: 'Record a change of address' }).click()
    await expectAccessible(page, 'address form')
    // A postcode that is not a postcode: error summary and message by the field.
    await page.getByLabel('Address line 1').fill('17 Lighthouse Row')
    await page.getByLabel('Town or city').fill('Harbourside')
    await page.getByLabel('Postcode').fill('NOTAPOSTCODE')
    await page.getByRole('button', { name: 'Save address' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a real UK postcode/)
    assert.match(await page.locator('#postcode-error').innerText(), /Enter a real UK postcode/)
    await expectAccessible(page, 'address form with errors')
    await page.getByLabel('Postcode').fill('hs7 2lr')
    await page.getByRole('button', { name: 'Save address' }).click()
    await page.getByText('New address saved').waitFor()
    assert.match(await page.locator('#current-address').innerText(), /17 Lighthouse Row[\s\S]*HS7 2LR/)
    assert.match(await page.locator('#history').locator('xpath=following-sibling::*[1]').innerText(), /Moved to a new address by/)
    await expectAccessible(page, 'person page after the move')
    await context.close()

    // The team manager can see who viewed the record: the social worker's view is there.
    const managerContext = await suite.browser.newContext()
    const manager = await signInInBrowser(managerContext, suite.baseUrl, 'teammanager')
    await manager.goto(personUrl)
    await manager.getByRole('link', { name: 'Who has viewed this record' }).click()
    await manager.getByRole('heading', { name: 'Who has viewed this record' }).waitFor()
    const table = await manager.locator('table').innerText()
    assert.match(table, /Social worker/)
    await expectAccessible(manager, 'record access page')
    await screenshot(manager, 'record-access')
    await managerContext.close()

    // A partner referrer cannot open the record, by URL or by search.
    const partnerContext = await suite.browser.newContext()
    const partner = await signInInBrowser(partnerContext, suite.baseUrl, 'partner')
    const res = await partner.goto(personUrl)
    assert.equal(res?.status(), 403)
    await expectAccessible(partner, '403 page')
    const search = await partner.goto(`${suite.baseUrl}/people?name=Ashworth`)
    assert.equal(search?.status(), 403)
    await partnerContext.close()
  })
})

describe('adding a person and fixing validation errors', () => {
  it('shows errors by each field, keeps what was typed, then saves and amends', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'frontdoor')
    await page.getByRole('link', { name: 'Add a person' }).first().click()
    await expectAccessible(page, 'add person form')
    const familyName = uniqueFamilyName('Brightwater')
    await page.getByLabel('Given names').fill('Noor<script>')
    await page.getByLabel('Family name').fill(familyName)
    await page.locator('#dateOfBirth-day').fill('12')
    await page.locator('#dateOfBirth-month').fill('4')
    await page.locator('#dateOfBirth-year').fill('2099')
    await page.getByLabel('NHS number (optional)').fill('999 000 0019')
    await page.getByRole('button', { name: 'Save person' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Given names must only include letters/)
    assert.match(summary, /Date of birth must be today or in the past/)
    assert.match(summary, /Select the sex/)
    assert.match(summary, /Enter a valid NHS number/)
    assert.equal(await page.getByLabel('Family name').inputValue(), familyName)
    await expectAccessible(page, 'add person form with errors')
    await screenshot(page, 'add-person-errors')

    // A random date of birth: with a fixed one, a sound-alike name from another test could be offered as a
    // possible duplicate instead of saving.
    await page.getByLabel('Given names').fill('Noor')
    await fillDateOfBirth(page, uniqueDateOfBirth())
    await page.getByLabel('Female').check()
    await page.getByLabel('NHS number (optional)').fill('999 000 0018'.replace('0018', '0107'))
    await page.getByRole('button', { name: 'Save person' }).click()
    await page.getByText('Person added to the index').waitFor()
    await expectAccessible(page, 'new person page')

    await page.getByRole('link', { name: 'Change details' }).click()
    await page.getByLabel('First language (optional)').fill('Urdu')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Details saved').waitFor()
    assert.match(await page.locator('#history').locator('xpath=following-sibling::*[1]').innerText(), /First language: Not recorded → Urdu/)
    await context.close()
  })
})

describe('drafts: what was typed survives signing out', () => {
  it('autosaves the add-person form and restores it after signing in again', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'edt')
    await page.goto(`${suite.baseUrl}/people/new`)
    const familyName = uniqueFamilyName('Draftwell')
    await page.getByLabel('Given names').fill('Robin')
    await page.getByLabel('Family name').fill(familyName)
    await page.getByText(/Draft saved at/).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/sign-in/)
    await context.close()

    const again = await suite.browser.newContext()
    const page2 = await signInInBrowser(again, suite.baseUrl, 'edt')
    await page2.goto(`${suite.baseUrl}/people/new`)
    await page2.locator('#draft-restored').waitFor()
    assert.equal(await page2.getByLabel('Family name').inputValue(), familyName)
    await expectAccessible(page2, 'add person form with a restored draft')
    // Saving the form clears the draft.
    await fillDateOfBirth(page2, uniqueDateOfBirth())
    await page2.getByLabel('Male', { exact: true }).check()
    await page2.getByRole('button', { name: 'Save person' }).click()
    await page2.getByText('Person added to the index').waitFor()
    await page2.goto(`${suite.baseUrl}/people/new`)
    assert.equal(await page2.locator('#draft-restored').count(), 0)
    await again.close()
  })
})

describe('the session timeout warning', () => {
  it('warns before the idle timeout, and "Stay signed in" keeps the session', async () => {
    // With a 2-minute idle timeout the warning (2 minutes before) shows straight away.
    const shortApp = await testServer(database, { idleTimeoutMinutes: 2 })
    const shortUrl = await listen(shortApp)
    const context = await suite.browser.newContext()
    try {
      const page = await signInInBrowser(context, shortUrl, 'frontdoor')
      const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' })
      await dialog.waitFor()
      await expectAccessible(page, 'timeout warning')
      await screenshot(page, 'timeout-warning')
      await page.getByRole('button', { name: 'Stay signed in' }).click()
      await dialog.waitFor({ state: 'hidden' })
      const res = await page.goto(`${shortUrl}/people`)
      assert.equal(res?.status(), 200)
    } finally {
      await context.close()
      await shortApp.close()
    }
  })
})

describe('another name', () => {
  it('adds an alias, and the person is then found by it', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'frontdoor')
    await page.goto(`${suite.baseUrl}/people/new`)
    const familyName = uniqueFamilyName()
    const alias = uniqueFamilyName()
    await page.getByLabel('Given names').fill('Elsie')
    await page.getByLabel('Family name').fill(familyName)
    await fillDateOfBirth(page, uniqueDateOfBirth())
    await page.getByLabel('Female').check()
    await page.getByRole('button', { name: 'Save person' }).click()
    await page.getByText('Person added to the index').waitFor()
    await page.getByRole('link', { name: 'Add another name' }).click()
    await expectAccessible(page, 'add another name')
    await page.getByRole('button', { name: 'Add name' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Select whether this is an alias or a previous name/)
    await expectAccessible(page, 'add another name with errors')
    await page.getByLabel('An alias').check()
    await page.getByLabel('Given names').fill('Elsie')
    await page.getByLabel('Family name').fill(alias)
    await page.getByRole('button', { name: 'Add name' }).click()
    await page.getByText('Name added. Searches now find').waitFor()
    await page.goto(`${suite.baseUrl}/people?name=${encodeURIComponent(`Elsie ${alias}`)}`)
    const results = await page.locator('table').innerText()
    assert.match(results, new RegExp(`Elsie ${familyName}`))
    assert.match(results, new RegExp(`Matched alias name: Elsie ${alias}`))
    await context.close()
  })
})

async function fillDateOfBirth(page: Page, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-')
  await page.locator('#dateOfBirth-day').fill(String(Number(day)))
  await page.locator('#dateOfBirth-month').fill(String(Number(month)))
  await page.locator('#dateOfBirth-year').fill(year ?? '')
}
