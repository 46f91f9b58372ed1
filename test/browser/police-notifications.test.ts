/**
 * A front-door worker records a police notification, sees it in the queue with its age, and triages it
 * to a contact. A manager who had the same notification open is told it was already triaged (409).
 * Roles without the capability are refused. axe runs on every page.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { recordPoliceNotification, triagePoliceNotification } from '../../src/app/frontDoor/policeNotifications.ts'

const suite = browserSuite()
const database = suite.database

async function child(dob: string): Promise<{ personRef: string; name: string }> {
  const familyName = uniqueFamilyName()
  const actor = await actorFor(database, 'frontdoor')
  const out = await createPerson(testContext(database), { actor, ip: null, requestId: 'test' }, { givenNames: 'Sky', familyName, dateOfBirth: dob, sex: 'U', confirmedNotDuplicate: true })
  if (out.kind !== 'created') throw new Error('not created')
  return { personRef: out.personRef, name: `Sky ${familyName}` }
}

describe('police notifications in the browser', () => {
  it('records one, sees it in the queue with its age, triages it to a contact; a second triager gets 409', async () => {
    const a = await child('2016-03-03')
    const b = await child('2021-07-07')
    const policeRef = `DA/BR/${randomBytes(3).toString('hex').toUpperCase()}`
    const yesterday = new Date(Date.now() - 24 * 3600_000)
    const [y, m, d] = londonDate(yesterday).split('-') as [string, string, string]
    const twoDaysAgo = londonDate(new Date(Date.now() - 48 * 3600_000)).split('-') as [string, string, string]

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'frontdoor')
    await page.getByRole('link', { name: 'Police notifications' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Police notifications' }).waitFor()
    await expectAccessible(page, 'police notification queue')

    await page.getByRole('button', { name: 'Record a police notification' }).click()
    await page.getByRole('heading', { level: 1, name: 'Record a police notification' }).waitFor()
    await expectAccessible(page, 'record police notification form')

    // Nothing filled in, and a child reference that does not exist: errors by each field.
    await page.getByLabel('Children’s person references').fill(`${a.personRef}, P999997`)
    await page.getByRole('button', { name: 'Save notification' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Enter the police reference/)
    assert.match(summary, /Enter the date the notification was received/)
    assert.match(summary, /Select the DASH risk level/)
    assert.match(summary, /No person has the reference P999997/)
    assert.match(await page.locator('#childRefs-error').innerText(), /P999997/)
    await expectAccessible(page, 'record police notification form with errors')
    await screenshot(page, 'police-notification-errors')

    await page.getByLabel('Police reference').fill(policeRef)
    await page.locator('#receivedDate-day').fill(d)
    await page.locator('#receivedDate-month').fill(m)
    await page.locator('#receivedDate-year').fill(y)
    await page.getByLabel('Time received').fill('09:15')
    await page.locator('#incidentDate-day').fill(twoDaysAgo[2])
    await page.locator('#incidentDate-month').fill(twoDaysAgo[1])
    await page.locator('#incidentDate-year').fill(twoDaysAgo[0])
    await page.getByLabel('Domestic abuse').check()
    await page.getByLabel('High').check()
    await page.locator('#childrenPresent').check()
    await page.getByLabel('Children’s person references').fill(`${a.personRef}, ${b.personRef}`)
    await page.getByLabel('Summary of the incident').fill('Officers attended a report of shouting. Both children were in the flat.\nMother has a black eye.')
    await page.getByRole('button', { name: 'Save notification' }).click()
    await page.getByText(/Police notification PN\d{6} recorded/).waitFor()
    await expectAccessible(page, 'police notification page')
    const notificationRef = (await page.locator('h1 .harbour-ref').innerText()).trim()
    assert.match(notificationRef, /^PN\d{6}$/)
    const notificationUrl = page.url().split('?')[0] as string

    // In the queue, with its age.
    await page.getByRole('link', { name: 'Back to police notifications' }).click()
    const row = page.locator('#queue tr', { hasText: notificationRef })
    await row.waitFor()
    const rowText = await row.innerText()
    assert.match(rowText, new RegExp(policeRef))
    assert.match(rowText, /\d+ (day|days|hour|hours)\b/)
    assert.match(rowText, /High/)
    assert.match(rowText, new RegExp(a.name))
    assert.match(await page.locator('#queue-summary').innerText(), /Notifications waiting\s+\d+/)
    await expectAccessible(page, 'queue with the new notification')
    await screenshot(page, 'police-notification-queue')

    // A manager opens the same notification before it is triaged.
    const managerContext = await suite.browser.newContext()
    const manager = await signInInBrowser(managerContext, suite.baseUrl, 'teammanager')
    await manager.goto(notificationUrl)
    await manager.getByRole('heading', { name: 'Triage' }).waitFor()

    // The worker triages it: a contact for screening. Reasons are required.
    await row.getByRole('link', { name: notificationRef }).click()
    await page.getByLabel('Contact for screening').check()
    await page.getByRole('button', { name: 'Save triage decision' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.locator('#reasons-error').innerText(), /Give the reasons/)
    await expectAccessible(page, 'triage form with errors')
    await page.getByLabel('Reasons').fill('High DASH risk with two children present: screen today.')
    await page.getByRole('button', { name: 'Save triage decision' }).click()
    await page.getByText(/Triaged: Contact for screening\. Contact C\d{6} opened for screening\./).waitFor()
    assert.match(await page.getByRole('link', { name: /Contact C\d{6}/ }).innerText(), /C\d{6}/)
    await expectAccessible(page, 'triaged notification')
    await screenshot(page, 'police-notification-triaged')
    const contacts = (await database.db.execute(sql`select c.channel, c.source_code as source from police_notification n join contact c on c.id = n.contact_id where n.police_reference = ${policeRef}`)).rows
    assert.deepEqual(contacts, [{ channel: 'police_notification', source: '6' }])

    // Off the queue.
    await page.goto(`${suite.baseUrl}/police-notifications`)
    assert.equal(await page.locator('#queue tr', { hasText: notificationRef }).count(), 0)

    // The manager, still on the old page, submits a different decision: 409, told clearly, nothing changed.
    await manager.getByLabel('Early help').check()
    await manager.getByLabel('Reasons').fill('Offer early help')
    const [response] = await Promise.all([manager.waitForResponse((r) => r.url().endsWith('/triage')), manager.getByRole('button', { name: 'Save triage decision' }).click()])
    assert.equal(response.status(), 409)
    await manager.locator('#conflict-message').waitFor()
    assert.match(await manager.locator('#conflict-message').innerText(), new RegExp(`${notificationRef} was already triaged by Hannah Mensah .*Contact for screening.*nothing was changed`))
    await expectAccessible(manager, '409 already triaged')
    await screenshot(manager, 'police-notification-conflict')
    const outcome = (await database.db.execute(sql`select outcome from police_notification where police_reference = ${policeRef}`)).rows[0] as { outcome: string }
    assert.equal(outcome.outcome, 'contact')
    await managerContext.close()
    await context.close()
  })

  it('shows a notification triaged to no further action, without a contact', async () => {
    const c = await child('2017-01-01')
    const ctx = testContext(database)
    const meta = { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: 'test' }
    const yesterday = londonDate(new Date(Date.now() - 24 * 3600_000))
    const { id, notificationRef } = await recordPoliceNotification(ctx, meta, { policeReference: `MC/${randomBytes(3).toString('hex')}`, receivedDate: yesterday, receivedTime: '08:00', incidentDate: yesterday, incidentType: 'missing_child', riskLevel: 'standard', childrenPresent: 'no', summary: 'Reported missing <b>overnight</b>, returned home.', childRefs: c.personRef })
    await triagePoliceNotification(ctx, meta, id, { outcome: 'nfa', reasons: 'Returned safe;\nno further concerns.' })
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'servicemanager')
    await page.goto(`${suite.baseUrl}/police-notifications/${id}`)
    await page.getByRole('heading', { level: 1, name: new RegExp(notificationRef) }).waitFor()
    assert.match(await page.locator('#summary').innerText(), /<b>overnight<\/b>/)
    assert.match(await page.locator('#triage-reasons').innerText(), /^Returned safe;\nno further concerns\.$/)
    assert.equal(await page.getByText('Contact for screening').count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Save triage decision' }).count(), 0)
    await expectAccessible(page, 'notification triaged to no further action')
    await context.close()
  })

  it('refuses roles without the capability, with an accessible 403 page', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'socialworker')
    assert.equal(await page.getByRole('link', { name: 'Police notifications' }).count(), 0)
    for (const url of ['/police-notifications', '/police-notifications/new', '/police-notifications/7d4ff2a4-57c9-4a0e-a2a8-d5bb2c3cf0b4']) {
      const res = await page.goto(`${suite.baseUrl}${url}`)
      assert.equal(res?.status(), 403, url)
    }
    await expectAccessible(page, '403 page')
    await context.close()
  })
})
