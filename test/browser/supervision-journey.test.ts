import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database

describe('supervision: a team manager supervises a social worker, and the decision reaches the child’s file', () => {
  it('records a session with a case decision and an action; the child’s oversight shows the decision; the worker reads it, notes included, and has the task', async () => {
    // A child of Sam Okafor's, for this test alone.
    const sam = await actorFor(database, 'socialworker')
    assert.ok(sam.workerId && sam.teamId)
    const familyName = uniqueFamilyName()
    const created = await createPerson(testContext(database), { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }, { givenNames: 'Juno', familyName, dateOfBirth: '2015-11-30', sex: 'F', confirmedNotDuplicate: true })
    assert.equal(created.kind, 'created')
    const childId = created.kind === 'created' ? created.id : ''
    const childName = `Juno ${familyName}`
    const today = londonDate(new Date())
    await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${childId}, ${sam.workerId}, ${sam.teamId}, ${addDays(today, -40)})`)
    const due = addDays(today, 7)
    const [dy, dm, dd] = due.split('-')
    const decision = `Convene a family network meeting for ${childName}`
    const action = `Invite the grandparents for ${childName}`
    const notes = `Sam reflected on a hard visit (${familyName})`

    // The team manager: the team's supervision, overdue first, then the form.
    const managerContext = await suite.browser.newContext()
    const manager = await signInInBrowser(managerContext, suite.baseUrl, 'teammanager')
    await manager.goto(`${suite.baseUrl}/supervision`)
    await manager.getByRole('table', { name: /Supervision due in Assessment North/ }).waitFor()
    assert.match(await manager.locator('#supervision-due tbody tr').first().innerText(), /Overdue by \d+ days/)
    await expectAccessible(manager, 'supervision list')
    await screenshot(manager, 'supervision-list')
    await manager.getByRole('link', { name: 'Record supervision for Sam Okafor' }).click()
    await manager.getByRole('heading', { level: 1, name: 'Record supervision' }).waitFor()
    await expectAccessible(manager, 'supervision form')
    await screenshot(manager, 'supervision-form')

    await manager.locator('#case1Person').selectOption(childId)
    await manager.locator('#case1Discussion').fill('School attendance has dropped to 85%. Grandparents offer support.')
    await manager.locator('#case1Decision').fill(decision)
    await manager.locator('#action1Text').fill(action)
    await manager.locator('#action1Owner').selectOption(sam.workerId)
    await manager.locator('#action1Due-day').fill(String(Number(dd)))
    await manager.locator('#action1Due-month').fill(String(Number(dm)))
    await manager.locator('#action1Due-year').fill(dy ?? '')
    await manager.locator('#reflectiveNotes').fill(notes)
    await manager.getByRole('button', { name: 'Save supervision' }).click()
    // A decision needs its reasons.
    await manager.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await manager.locator('.govuk-error-summary').innerText(), /Enter the reasons for the decision on case 1/)
    await expectAccessible(manager, 'supervision form with errors')
    await manager.locator('#case1Reasons').fill('Wider family support is not yet in the plan.')
    await manager.getByRole('button', { name: 'Save supervision' }).click()
    await manager.getByText('Supervision recorded').waitFor()
    const recordUrl = manager.url().split('?')[0] ?? ''
    assert.match(await manager.locator('#reflective-notes').innerText(), new RegExp(familyName))
    await expectAccessible(manager, 'supervision record')
    await screenshot(manager, 'supervision-record')
    // The supervisor may amend the record (the form only; amending is tested through the web routes).
    await manager.getByRole('link', { name: 'Amend this record' }).click()
    await manager.getByRole('heading', { level: 1, name: 'Amend the supervision record' }).waitFor()
    await expectAccessible(manager, 'amend supervision form')

    // The decision is on the child's file as management oversight.
    await manager.goto(`${suite.baseUrl}/people/${childId}/oversight`)
    await manager.getByText(decision).first().waitFor()
    await expectAccessible(manager, 'child’s management oversight')
    await managerContext.close()

    // The service manager may read the record, but not the reflective notes.
    const smContext = await suite.browser.newContext()
    const sm = await signInInBrowser(smContext, suite.baseUrl, 'servicemanager')
    await sm.goto(recordUrl)
    await sm.getByText('Reflective notes are private to the worker and their supervisor').waitFor()
    assert.ok(!(await sm.content()).includes(notes))
    await expectAccessible(sm, 'supervision record for the service manager')
    await sm.goto(`${suite.baseUrl}/supervision`)
    await sm.getByLabel('Team').selectOption({ label: 'Assessment North' })
    await sm.getByRole('button', { name: 'Show team' }).click()
    await sm.getByRole('table', { name: /Supervision due in Assessment North/ }).waitFor()
    await expectAccessible(sm, 'supervision list for the service manager')
    await smContext.close()

    // Sam: his own supervision, notes included, and the action on his work list.
    const workerContext = await suite.browser.newContext()
    const worker = await signInInBrowser(workerContext, suite.baseUrl, 'socialworker')
    await worker.goto(`${suite.baseUrl}/supervision`)
    await worker.getByRole('table', { name: 'Your supervision' }).waitFor()
    await expectAccessible(worker, 'own supervision list')
    await worker.locator(`a[href="${new URL(recordUrl).pathname}"]`).click()
    await worker.getByRole('heading', { level: 1, name: /Supervision on/ }).waitFor()
    assert.match(await worker.locator('#reflective-notes').innerText(), new RegExp(familyName))
    assert.match(await worker.locator('#actions').innerText(), new RegExp(action))
    await expectAccessible(worker, 'supervision record for the worker')
    await worker.goto(`${suite.baseUrl}/my-work`)
    await worker.getByText(action).first().waitFor()
    await expectAccessible(worker, 'my work with the supervision action')
    await screenshot(worker, 'my-work-supervision-action')
    await workerContext.close()
  })
})
