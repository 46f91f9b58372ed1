/**
 * In a real browser: a partner sends a referral and follows it; another partner cannot see it; the
 * daytime front door acknowledges an out-of-hours contact from the handover list. Axe on every page.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, TEST_PASSWORD, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { recordContact } from '../../src/app/frontDoor/recordContact.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database

describe('a partner refers a child online', () => {
  it('fixes the errors, sends it, gets a reference, and sees it in their referrals; another partner cannot', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'partner')
    await page.getByRole('link', { name: 'Your referrals' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your referrals' }).waitFor()
    await expectAccessible(page, 'your referrals')
    await page.getByRole('button', { name: 'Send a referral' }).click()
    await page.getByRole('heading', { level: 1, name: 'Refer a child to children’s social care' }).waitFor()
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Karen Doyle')
    assert.equal(await page.getByLabel('Your organisation').inputValue(), 'Harbourside Primary School')
    await expectAccessible(page, 'partner referral form')

    const familyName = uniqueFamilyName()
    await page.getByLabel('Given names').fill('Isla')
    await page.getByLabel('Postcode').fill('HS9 9ZZ')
    await page.getByRole('button', { name: 'Send referral' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Enter the child’s family name/)
    assert.match(summary, /Enter the child’s date of birth/)
    assert.match(summary, /Enter the first line of the address, or leave the whole address blank/)
    assert.match(summary, /Describe your concern/)
    assert.match(summary, /Select the type of organisation/)
    assert.equal(await page.getByLabel('Given names').inputValue(), 'Isla')
    await expectAccessible(page, 'partner referral form with errors')
    await screenshot(page, 'partner-referral-errors')

    await page.getByLabel('Family name').fill(familyName)
    await page.locator('#childDateOfBirth-day').fill('3')
    await page.locator('#childDateOfBirth-month').fill('7')
    await page.locator('#childDateOfBirth-year').fill('2015')
    await page.getByLabel('Home address line 1 (if known)').fill('5 Netmakers Yard')
    await page.getByLabel('Town or city').fill('Harbourside')
    await page.getByLabel('School, nursery or other setting (optional)').fill('Harbourside Primary School')
    await page.getByLabel('What are you worried about?').fill('Isla told her teacher there is no food at home and she looks after her baby brother at night.')
    await page.getByLabel('Is the child safe now?').fill('Isla is in school today.')
    await page.getByLabel('No', { exact: true }).check()
    await page.getByLabel('I have not asked them').check()
    await page.getByLabel('Why are you referring without their consent?').fill('Isla asked us not to tell her mother yet.')
    await page.getByLabel('Your role').fill('Designated safeguarding lead')
    await page.getByLabel('Type of organisation').selectOption('school')
    await page.getByLabel('Phone number').fill('01632 960 001')
    await page.getByRole('button', { name: 'Send referral' }).click()

    await page.getByRole('heading', { name: 'Referral sent' }).waitFor()
    const reference = (await page.locator('.govuk-panel .harbour-ref').innerText()).trim()
    assert.match(reference, /^C\d{6}$/)
    await expectAccessible(page, 'referral sent')
    await screenshot(page, 'partner-referral-sent')
    const detailUrl = `${suite.baseUrl}${await page.getByRole('link', { name: 'See what you sent' }).getAttribute('href')}`

    await page.getByRole('link', { name: 'your referrals', exact: true }).click()
    const row = page.locator('tr', { hasText: reference })
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`Isla ${familyName}[\\s\\S]*Received[\\s\\S]*Nothing yet`))
    await expectAccessible(page, 'your referrals with one sent')
    await row.getByRole('link', { name: reference }).click()
    await page.getByRole('heading', { level: 1, name: `Isla ${familyName}` }).waitFor()
    assert.match(await page.locator('.govuk-summary-list').innerText(), /5 Netmakers Yard[\s\S]*HS9 9ZZ[\s\S]*Harbourside Primary School[\s\S]*no food at home/)
    await expectAccessible(page, 'a sent referral')

    // Partners are refused the rest of Harbour, their own referral's staff view included.
    const contactId = detailUrl.split('/').pop() ?? ''
    for (const url of ['/people', '/people/new', '/edt-handover', '/front-door', '/contacts/new', `/contacts/${contactId}`, '/police-notifications', '/api/v1/people?name=Isla']) {
      const res = await page.goto(`${suite.baseUrl}${url}`)
      assert.equal(res?.status(), 403, url)
    }
    await context.close()

    // A partner from another agency sees none of it, by list or by address.
    const username = `partner-${randomBytes(5).toString('hex')}`
    await insertUser(database.db, { username, displayName: 'Priya Nair', passwordHash: await hash(TEST_PASSWORD), role: 'partner_referrer', scope: 'none', partnerAgency: 'Quayside Medical Practice' })
    const otherContext = await suite.browser.newContext()
    const other = await signInInBrowser(otherContext, suite.baseUrl, username)
    await other.goto(`${suite.baseUrl}/partner/referrals`)
    assert.match(await other.locator('main').innerText(), /You have not sent any referrals yet/)
    assert.doesNotMatch(await other.content(), new RegExp(reference))
    const res = await other.goto(detailUrl)
    assert.equal(res?.status(), 404)
    await expectAccessible(other, 'another partner’s referral: not found')
    await otherContext.close()
  })
})

describe('the out-of-hours handover', () => {
  it('EDT records a contact at night; the front door sees it next morning and acknowledges it; a second acknowledger is told', async () => {
    const ctx = testContext(database)
    const edt = { actor: await actorFor(database, 'edt'), ip: '127.0.0.1', requestId: 'test' }
    const child = await createPerson(ctx, edt, { givenNames: 'Finn', familyName: uniqueFamilyName(), dateOfBirth: '2013-01-20', sex: 'M', confirmedNotDuplicate: true })
    assert.equal(child.kind, 'created')
    if (child.kind !== 'created') return
    const calendar = await loadCalendar(database.db)
    const lastWorkingDay = calendar.addWorkingDays(londonDate(new Date()), -1)
    const contact = await recordContact(ctx, edt, {
      receivedDate: lastWorkingDay, receivedTime: '22:30', channel: 'edt', sourceCode: '6', referrerName: 'PC Dawson', referrerAgency: 'Harbourside Police',
      concern: 'Finn, 13, found by police at the harbour at 22:15; says he cannot go home.', parentsAware: 'yes', consent: 'not_sought', noConsentReason: 'Emergency out of hours',
      immediateSafety: 'Placed with his aunt overnight.', childIds: [child.id],
    })
    assert.equal(contact.outOfHours, true)

    // The team manager opens the list first and leaves it open.
    const managerContext = await suite.browser.newContext()
    const manager = await signInInBrowser(managerContext, suite.baseUrl, 'teammanager')
    await manager.goto(`${suite.baseUrl}/edt-handover`)
    await manager.locator(`#handover-${contact.contactRef}`).waitFor()

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'frontdoor')
    await page.getByRole('link', { name: 'Out-of-hours handover' }).click()
    const heading = page.getByRole('heading', { level: 1, name: /^Out-of-hours handover: \d+ to acknowledge$/ })
    await heading.waitFor()
    const countBefore = Number(/(\d+) to acknowledge/.exec(await heading.innerText())?.[1])
    const row = page.locator(`#handover-${contact.contactRef}`)
    assert.match(await row.innerText(), /Finn [\s\S]*found by police at the harbour[\s\S]*Not yet screened[\s\S]*Not set/)
    await expectAccessible(page, 'out-of-hours handover')
    await screenshot(page, 'edt-handover')
    await row.getByRole('button', { name: `Acknowledge ${contact.contactRef}` }).click()
    await page.getByText(`${contact.contactRef} acknowledged`).waitFor()
    assert.equal(await page.locator(`#handover-${contact.contactRef}`).count(), 0)
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), new RegExp(`: ${countBefore - 1} to acknowledge`))
    await expectAccessible(page, 'out-of-hours handover after acknowledging')
    await context.close()

    // The manager's page is out of date: pressing Acknowledge tells them who got there first.
    const response = manager.waitForResponse((r) => r.url().endsWith(`/edt-handover/${contact.id}/acknowledge`))
    await manager.locator(`#handover-${contact.contactRef}`).getByRole('button', { name: `Acknowledge ${contact.contactRef}` }).click()
    assert.equal((await response).status(), 409)
    await manager.getByText(`${contact.contactRef} had already been acknowledged by Hannah Mensah`).waitFor()
    await expectAccessible(manager, 'out-of-hours handover: already acknowledged')
    await managerContext.close()

    const row2 = (await database.db.execute(sql`select u.username from contact c join user_account u on u.id = c.handover_acknowledged_by where c.id = ${contact.id}`)).rows[0] as { username: string }
    assert.equal(row2.username, 'frontdoor')
  })
})
