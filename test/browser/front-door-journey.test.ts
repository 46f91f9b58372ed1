import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { insertReferral, nextReferralRef } from '../../src/db/repositories/frontDoor.ts'
import { addMonths } from '../../src/domain/people/personDetails.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database

describe('front door: a contact about two siblings from a school', () => {
  it('is recorded, decided child by child with reasons, flags a re-referral, and shows in the queue and chronology', async () => {
    // Two fictional siblings; the elder had a referral 10 months ago (closed since).
    const ctx = testContext(database)
    const meta = { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }
    const familyName = uniqueFamilyName()
    const elder = await createPerson(ctx, meta, { givenNames: 'Ruby', familyName, dateOfBirth: '2015-09-01', sex: 'F', confirmedNotDuplicate: true })
    const younger = await createPerson(ctx, meta, { givenNames: 'Alfie', familyName, dateOfBirth: '2018-04-12', sex: 'M', confirmedNotDuplicate: true })
    const mother = await createPerson(ctx, meta, { givenNames: 'Dawn', familyName, dateOfBirth: '1990-02-02', sex: 'F', confirmedNotDuplicate: true })
    assert.ok(elder.kind === 'created' && younger.kind === 'created' && mother.kind === 'created')
    const tenMonthsAgo = addMonths(londonDate(new Date()), -10)
    await database.db.transaction(async (tx) => {
      const ref = await nextReferralRef(tx)
      const { id } = await insertReferral(tx, { referralRef: ref, personId: elder.id, contactId: null, referralDate: tenMonthsAgo, sourceCode: '2A', isReReferral: false, referralsInLast12Months: 0, createdBy: meta.actor.userId }, new Date())
      await tx.execute(sql`update referral set closed_on = ${addMonths(tenMonthsAgo, 2)}, closure_reason = 'RC8' where id = ${id}`)
    })

    // The front-door worker records the contact.
    const fd = await suite.browser.newContext()
    const page = await signInInBrowser(fd, suite.baseUrl, 'frontdoor')
    await page.getByRole('link', { name: 'Front door' }).click()
    await expectAccessible(page, 'front-door queue')
    await page.getByRole('link', { name: 'Record a contact' }).click()
    await expectAccessible(page, 'contact form')
    await page.getByLabel('Which children is it about?').fill(`${elder.personRef}, ${younger.personRef}`)
    await page.getByLabel('Adults in the household or involved (optional)').fill(mother.personRef)
    await page.getByLabel('Email', { exact: true }).check()
    await page.getByLabel('Source').selectOption('2A')
    await page.getByLabel('Referrer’s name').fill('Ms Priya Sandhu')
    await page.getByLabel('Agency or organisation (optional)').fill('Harbourside Primary School')
    await page.getByLabel('Their role (optional)').fill('Designated safeguarding lead')
    await page.getByLabel('The concern, in the referrer’s words').fill('Ruby said there is no food at home and Alfie has come to school with bruising on his arm.')
    await page.getByLabel('No', { exact: true }).check()
    await page.getByLabel('Consent not sought').check()
    await page.getByLabel('If not, why does the contact go ahead without consent?').fill('Possible physical harm: telling the parents first could put the children at risk.')
    await page.getByRole('button', { name: 'Save contact' }).click()
    await page.getByText(/Contact C\d{6} recorded/).waitFor()
    await expectAccessible(page, 'contact page')
    assert.match(await page.locator('#adults').locator('xpath=following-sibling::ul[1]').innerText(), new RegExp(`Dawn ${familyName}`))
    const contactUrl = page.url()
    const contactRef = (await page.locator('h1 .harbour-ref').innerText()).trim()
    // It waits in the queue (newest last when sorted oldest first, so look through the pages).
    let found = false
    for (let n = 1; n <= 20 && !found; n++) {
      await page.goto(`${suite.baseUrl}/front-door?page=${n}`)
      if ((await page.locator('#queue').count()) === 0) break
      found = new RegExp(contactRef).test(await page.locator('#queue').innerText())
    }
    assert.ok(found, `${contactRef} is in the queue`)
    await fd.close()

    // The team manager decides each child, with reasons.
    const tm = await suite.browser.newContext()
    const manager = await signInInBrowser(tm, suite.baseUrl, 'teammanager')
    await manager.goto(contactUrl)
    const ruby = manager.locator('section', { has: manager.getByRole('heading', { name: new RegExp(`Ruby ${familyName}`) }) })
    // A decision without reasons is refused, by the field.
    await ruby.getByLabel('Referral to children’s social care').check()
    await ruby.getByRole('button', { name: /Record decision/ }).click()
    await manager.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await manager.locator('.govuk-error-summary').innerText(), /Give the reasons for the decision/)
    await expectAccessible(manager, 'contact page with a decision error')
    const ruby2 = manager.locator('section', { has: manager.getByRole('heading', { name: new RegExp(`Ruby ${familyName}`) }) })
    await ruby2.getByLabel('Referral to children’s social care').check()
    await ruby2.getByLabel('Reasons for the decision').fill('Disclosure of neglect and injury to a sibling: needs a social work assessment.')
    await ruby2.getByRole('button', { name: /Record decision/ }).click()
    await manager.getByText('Decision recorded.').waitFor()
    const alfie = manager.locator('section', { has: manager.getByRole('heading', { name: new RegExp(`Alfie ${familyName}`) }) })
    await alfie.getByLabel('Early help').check()
    await alfie.getByLabel('Reasons for the decision').fill('Needs are being met at school; family support offered through early help.')
    await alfie.getByRole('button', { name: /Record decision/ }).click()
    await manager.getByText('Decision recorded.').waitFor()
    const decided = await manager.locator('#children').locator('xpath=..').innerText()
    assert.match(decided, /Re-referral/)
    assert.match(decided, /Early help/)
    await expectAccessible(manager, 'decided contact')
    await screenshot(manager, 'contact-decided')

    // The queue no longer shows it; the chronology shows contact, referral and decision.
    await manager.goto(`${suite.baseUrl}/front-door`)
    const queueText = await manager.locator('main').innerText()
    assert.doesNotMatch(queueText, new RegExp(`${contactRef}[\\s\\S]*still to decide`))
    await tm.close()

    const fd2 = await suite.browser.newContext()
    const worker = await signInInBrowser(fd2, suite.baseUrl, 'frontdoor')
    await worker.goto(`${suite.baseUrl}/people/${elder.id}/chronology`)
    const chronology = await worker.locator('#chronology').innerText()
    assert.match(chronology, new RegExp(`Contact ${contactRef} received from Schools`))
    assert.match(chronology, /Referral R\d{6} opened from contact .* a re-referral/)
    assert.match(chronology, /decided: Referral to children’s social care/)
    await expectAccessible(worker, 'chronology')
    await fd2.close()
  })
})
