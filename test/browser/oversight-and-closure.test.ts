/**
 * In a real browser: a team manager records a management decision with a direction; it shows on the
 * oversight page and in the chronology, which prints with its own header. A social worker proposes closing
 * a case after an authorised assessment; the manager authorises it and the record shows it everywhere.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { insertReferral, nextReferralRef } from '../../src/db/repositories/frontDoor.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = () => londonDate(new Date())

/** A child allocated to Sam Okafor (socialworker) with an open referral and, optionally, an authorised NFA assessment. */
async function allocatedChild(givenNames: string, creator: string, withAssessment: boolean) {
  const ctx = testContext(database)
  const meta = { actor: await actorFor(database, creator), ip: null, requestId: null }
  const familyName = uniqueFamilyName()
  const out = await createPerson(ctx, meta, { givenNames, familyName, dateOfBirth: '2015-04-04', sex: 'M', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const sw = await actorFor(database, 'socialworker')
  const referralDate = addDays(today(), -35)
  let assessmentRef = ''
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date, created_by) values (${out.id}, ${sw.workerId}, ${sw.teamId}, ${referralDate}, ${meta.actor.userId})`)
    const referralRef = await nextReferralRef(tx)
    const { id: referralId } = await insertReferral(tx, { referralRef, personId: out.id, contactId: null, referralDate, sourceCode: '2A', isReReferral: false, referralsInLast12Months: 0, createdBy: meta.actor.userId }, new Date())
    if (withAssessment) {
      const row = (
        await tx.execute(sql`insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, outcome, completed_on, worker_id, team_id, authorised_at)
          values ('A' || lpad(nextval('assessment_ref_seq')::text, 6, '0'), ${out.id}, ${referralId}, 'single', 'wt2023', ${referralDate}, ${addDays(referralDate, 63)}, 'authorised', 'nfa', ${addDays(referralDate, 25)},
                  ${sw.workerId}, ${sw.teamId}, now() - interval '10 days') returning assessment_ref`)
      ).rows[0] as { assessment_ref: string }
      assessmentRef = row.assessment_ref
    }
  })
  return { id: out.id, personRef: out.personRef, name: `${givenNames} ${familyName}`, assessmentRef }
}

describe('management oversight and closure in the browser', () => {
  it('a manager records a decision with a direction; the oversight page and the chronology show it; the chronology prints', async () => {
    const child = await allocatedChild('Theo', 'frontdoor', false)
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'teammanager')
    await page.goto(`${suite.baseUrl}/people/${child.id}`)
    await expectAccessible(page, 'person page')
    await page.getByRole('link', { name: 'Management oversight' }).click()
    await page.getByRole('heading', { name: `Management oversight: ${child.name}` }).waitFor()
    await expectAccessible(page, 'oversight page (empty)')
    await page.getByRole('link', { name: 'Record a management decision' }).click()
    await expectAccessible(page, 'management decision form')

    // Submitting with nothing filled in shows the error summary.
    await page.getByRole('button', { name: 'Save the decision' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'management decision form with errors')

    await page.getByLabel('Assessment', { exact: true }).check()
    await page.getByLabel('The decision', { exact: true }).fill('Continue the assessment; Theo to be seen alone before it is completed.')
    await page.getByLabel('The reasons for the decision').fill('Theo has only been seen with his mother present; school describe him as withdrawn.')
    await page.locator('#direction1Text').fill('See Theo alone at school')
    const [y, m, d] = addDays(today(), 7).split('-')
    await page.locator('#direction1DueDate-day').fill(String(Number(d)))
    await page.locator('#direction1DueDate-month').fill(String(Number(m)))
    await page.locator('#direction1DueDate-year').fill(y ?? '')
    await page.locator('#direction1Worker').selectOption({ label: 'Sam Okafor (allocated)' })
    await page.getByRole('button', { name: 'Save the decision' }).click()

    await page.getByText('Management decision recorded').waitFor()
    await expectAccessible(page, 'oversight page with a decision')
    const decisions = page.locator('#decisions')
    assert.match(await decisions.innerText(), /Continue the assessment; Theo to be seen alone/)
    assert.match(await decisions.innerText(), /Joanne Fletcher/)
    const direction = decisions.getByRole('row', { name: /See Theo alone at school/ })
    assert.match(await direction.innerText(), /Sam Okafor/)
    assert.match(await direction.innerText(), /Open/)

    await page.getByRole('link', { name: 'Management decisions in the chronology' }).click()
    await expectAccessible(page, 'chronology filtered to management decisions')
    assert.match(await page.locator('#chronology').innerText(), /Management decision \(assessment\) by Joanne Fletcher: Continue the assessment/)
    await screenshot(page, 'chronology-screen')

    // Printed: no header, navigation, buttons or filter; a print header names the child and who printed it.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.govuk-header').isVisible(), false)
    assert.equal(await page.locator('.govuk-service-navigation').isVisible(), false)
    assert.equal(await page.locator('.govuk-footer').isVisible(), false)
    assert.equal(await page.getByRole('button', { name: 'Print chronology' }).isVisible(), false)
    assert.equal(await page.getByLabel('Show').isVisible(), false)
    const header = page.locator('#print-header')
    assert.equal(await header.isVisible(), true)
    const headerText = await header.innerText()
    assert.match(headerText, new RegExp(`Chronology – ${child.name}`))
    assert.match(headerText, new RegExp(child.personRef))
    assert.match(headerText, /Date of birth 4 April 2015/)
    assert.match(headerText, /Printed by Joanne Fletcher on/)
    assert.equal(await page.locator('#chronology').isVisible(), true)
    await screenshot(page, 'chronology-print')
    await page.emulateMedia({ media: 'screen' })
    assert.equal(await header.isVisible(), false)
    assert.equal(await page.getByRole('button', { name: 'Print chronology' }).isVisible(), true, 'app.js shows the print button')
    await context.close()
  })

  it('a social worker proposes closure after an authorised assessment; the manager authorises; the record shows it', async () => {
    const child = await allocatedChild('Jude', 'teammanager', true)

    // The social worker proposes, and adds a chronology entry about telling the family.
    const swContext = await suite.browser.newContext()
    const sw = await signInInBrowser(swContext, suite.baseUrl, 'socialworker')
    await sw.goto(`${suite.baseUrl}/people/${child.id}`)
    await sw.getByRole('link', { name: 'Case closure' }).click()
    await expectAccessible(sw, 'closure page (open case)')
    assert.match(await sw.locator('#assessments').innerText(), new RegExp(child.assessmentRef))
    await sw.getByRole('link', { name: 'Propose closing the case' }).click()
    await expectAccessible(sw, 'closure proposal form')
    await sw.getByLabel('RC8 – Case closed after assessment, no further action').check()
    await sw.getByLabel('Closing summary').fill('The assessment found no need for services. Jude is doing well at school; mother agrees.')
    const [y, m, d] = today().split('-')
    await sw.locator('#referrerInformedOn-day').fill(String(Number(d)))
    await sw.locator('#referrerInformedOn-month').fill(String(Number(m)))
    await sw.locator('#referrerInformedOn-year').fill(y ?? '')
    await sw.getByLabel('How the referrer was told').fill('Phone call to the school')
    await sw.getByRole('button', { name: 'Propose closure' }).click()
    await sw.getByText('Closure proposed').waitFor()
    await expectAccessible(sw, 'closure page with a proposal')
    assert.match(await sw.locator('#decision').innerText(), /Waiting for a manager to authorise it/)

    await sw.goto(`${suite.baseUrl}/people/${child.id}/chronology`)
    await sw.getByRole('link', { name: 'Add an entry' }).click()
    await expectAccessible(sw, 'chronology entry form')
    await sw.getByLabel('What happened').fill('Home visit: explained to mother that the case will close; she was relieved.')
    await sw.getByRole('button', { name: 'Add to the chronology' }).click()
    await sw.getByText('Entry added to the chronology').waitFor()
    await expectAccessible(sw, 'chronology with a practitioner entry')
    assert.match(await sw.locator('#chronology').innerText(), /Practitioner entry\s+Home visit: explained to mother/)
    await swContext.close()

    // The manager authorises.
    const tmContext = await suite.browser.newContext()
    const tm = await signInInBrowser(tmContext, suite.baseUrl, 'teammanager')
    await tm.goto(`${suite.baseUrl}/people/${child.id}/closure`)
    await expectAccessible(tm, 'closure page for the manager')
    assert.match(await tm.locator('#pending').locator('xpath=following-sibling::dl[1]').innerText(), /Sam Okafor/)
    await tm.getByRole('button', { name: 'Authorise closure' }).click()
    await tm.getByRole('heading', { name: 'Case closed' }).waitFor()
    await expectAccessible(tm, 'closure authorised')

    await tm.getByRole('link', { name: `Go to ${child.name}’s record` }).click()
    await expectAccessible(tm, 'person page after closure')
    await tm.getByText('Not allocated to a worker.').waitFor()

    await tm.getByRole('link', { name: 'Case closure' }).click()
    assert.match(await tm.locator('#history').locator('xpath=..').innerText(), /Authorised/)
    assert.match(await tm.getByRole('main').innerText(), /Closed on .* – RC8/)
    await tm.getByLabel('How the family was told').fill('Letter to mother')
    await tm.locator('#familyInformedOn-day').fill(String(Number(d)))
    await tm.locator('#familyInformedOn-month').fill(String(Number(m)))
    await tm.locator('#familyInformedOn-year').fill(y ?? '')
    await tm.getByRole('button', { name: 'Save who was told' }).click()
    await tm.getByText('Saved who was told about the closure').waitFor()
    await expectAccessible(tm, 'closure page after recording who was told')
    assert.match(await tm.getByRole('main').innerText(), /Letter to mother/)

    await tm.goto(`${suite.baseUrl}/people/${child.id}/oversight`)
    await expectAccessible(tm, 'oversight after closure')
    assert.match(await tm.locator('#decisions').innerText(), /Case closed: RC8 case closed after assessment, no further action/)
    await tm.locator('#decisions').getByRole('link', { name: 'The case closure' }).waitFor()
    await screenshot(tm, 'oversight-after-closure')
    await tm.goto(`${suite.baseUrl}/people/${child.id}/chronology`)
    await expectAccessible(tm, 'chronology after closure')
    const chronology = await tm.locator('#chronology').innerText()
    assert.match(chronology, /Case closed: RC8/)
    assert.match(chronology, /Closure of referral R\d+ proposed by Sam Okafor/)
    await tmContext.close()
  })
})
