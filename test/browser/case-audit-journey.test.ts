/**
 * The acceptance journey of issue 9, in Chromium with axe on every page: the auditor runs a monthly
 * programme that samples 5 cases from a team, completes one audit with a required action (after a
 * refused sign-off with a grade missing), the action appears in the worker's "My work", a second auditor
 * moderates the audit, and the learning report shows the grade.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { hash } from '@node-rs/argon2'
import { TEST_PASSWORD, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { auditTeam } from '../helpers/caseAuditFixtures.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { addDays } from '../../src/domain/calendar/days.ts'

const suite = browserSuite()
const database = suite.database

describe('case audit, moderation and learning', () => {
  it('monthly programme → audit with a required action → My work → moderation → learning report', async () => {
    const team = await auditTeam(database, 7)
    // The worker holding the team's cases signs in too.
    const username = `worker${uniqueFamilyName().toLowerCase()}`
    await insertUser(database.db, { username, displayName: team.workerName, passwordHash: await hash(TEST_PASSWORD), role: 'social_worker', scope: 'own_caseload', workerId: team.workerId })
    const today = londonDate(new Date())

    // ---------------------------------------------------------------- the auditor starts a monthly programme
    const auditorContext = await suite.browser.newContext()
    const auditor = await signInInBrowser(auditorContext, suite.baseUrl, 'auditor')
    await auditor.getByRole('link', { name: 'Case audits', exact: true }).click()
    await auditor.getByRole('heading', { name: 'Case audits', level: 1 }).waitFor()
    await expectAccessible(auditor, 'case audits home')
    await auditor.getByRole('link', { name: 'Start an audit programme' }).click()
    await auditor.getByRole('heading', { name: 'Start an audit programme' }).waitFor()
    await expectAccessible(auditor, 'new programme form')
    await auditor.getByLabel('Number of cases to sample').fill('')
    await auditor.getByRole('button', { name: 'Draw the sample and start' }).click()
    await auditor.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await auditor.locator('.govuk-error-summary').innerText(), /Enter a title for the programme[\s\S]*Enter the month as YYYY-MM[\s\S]*Select the team to sample from[\s\S]*Enter how many cases to sample/)
    await expectAccessible(auditor, 'new programme form with errors')
    await auditor.getByLabel('Title').fill(`Monthly audit, ${team.teamName}`)
    await auditor.getByLabel('Month (YYYY-MM)').fill(today.slice(0, 7))
    await auditor.getByLabel('Team', { exact: true }).selectOption({ label: team.teamName })
    await auditor.getByLabel('Number of cases to sample').fill('5')
    await auditor.getByRole('button', { name: 'Draw the sample and start' }).click()
    await auditor.getByText('Programme started: 5 cases sampled and assigned.').waitFor()
    await expectAccessible(auditor, 'programme page')
    const rows = auditor.locator('#audits tbody tr')
    assert.equal(await rows.count(), 5)
    await screenshot(auditor, 'case-audit-programme')

    // ---------------------------------------------------------------- the audit, beside the read-only case
    const first = rows.first().getByRole('link')
    const childName = (await first.innerText()).trim()
    await first.click()
    await auditor.getByRole('heading', { name: `Case audit: ${childName}` }).waitFor()
    await auditor.getByRole('heading', { name: 'The case (read only)' }).waitFor()
    await expectAccessible(auditor, 'audit form')
    for (const q of ['timeliness', 'child_seen_quality', 'diversity', 'analysis_risk', 'history', 'plans_shared', 'oversight', 'recording']) await auditor.locator(`input[name="q_${q}"][value="good"]`).check()
    await auditor.locator('input[name="q_child_seen"][value="yes"]').check()
    await auditor.locator('input[name="q_child_seen_alone"][value="no"]').check()
    await auditor.locator('input[name="overallGrade"][value="good"]').check()
    await auditor.getByLabel('Findings').fill('A timely, well-analysed assessment. The child was not seen alone and their own words are missing from the plan.')
    await auditor.locator('#action1Text').fill('Record the child’s wishes and feelings in the plan')
    await auditor.locator('#action1Owner').selectOption({ value: team.workerId })
    const due = addDays(today, 14).split('-')
    await auditor.locator('#action1Due-day').fill(String(Number(due[2])))
    await auditor.locator('#action1Due-month').fill(String(Number(due[1])))
    const savedDraft = auditor.waitForResponse((r) => r.url().endsWith('/drafts') && r.ok() && (r.request().postData() ?? '').includes(`action1Due-year=${due[0]}`))
    await auditor.locator('#action1Due-year').fill(due[0] ?? '')
    // What is typed is autosaved as a draft: a reload (or a session timeout) brings it back, with the notice.
    await savedDraft
    await auditor.getByText(/Draft saved at/).waitFor()
    await auditor.reload()
    await auditor.locator('#draft-restored').waitFor()
    assert.match(await auditor.locator('#draft-restored').innerText(), /We have restored the answers you had not saved/)
    assert.equal(await auditor.getByLabel('Findings').inputValue(), 'A timely, well-analysed assessment. The child was not seen alone and their own words are missing from the plan.')
    assert.equal(await auditor.locator('input[name="q_child_seen_alone"][value="no"]').isChecked(), true)
    assert.equal(await auditor.locator('#action1Owner').inputValue(), team.workerId)
    assert.equal(await auditor.locator('#action1Due-year').inputValue(), due[0])
    await expectAccessible(auditor, 'audit form with a restored draft')
    // The child's voice is not graded yet: sign-off is refused, by the question, and nothing is lost.
    await auditor.getByRole('button', { name: 'Sign off the audit' }).click()
    await auditor.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await auditor.locator('.govuk-error-summary').innerText(), /Select a grade for "Is the child's voice, wishes and feelings heard and recorded\?": it is required/)
    await expectAccessible(auditor, 'audit form with a grade missing')
    assert.equal(await auditor.locator('#action1Text').inputValue(), 'Record the child’s wishes and feelings in the plan')
    await auditor.locator('input[name="q_child_voice"][value="requires_improvement"]').check()
    await auditor.getByRole('button', { name: 'Sign off the audit' }).click()
    await auditor.getByText('Audit signed off.').waitFor()
    await expectAccessible(auditor, 'signed-off audit')
    assert.equal((await auditor.locator('#overall-grade').innerText()).trim(), 'Good')
    assert.match(await auditor.locator('#actions').locator('xpath=following-sibling::table[1]').innerText(), /Case audit action: Record the child’s wishes and feelings in the plan/)
    const auditUrl = auditor.url().split('?')[0] as string
    await screenshot(auditor, 'case-audit-signed-off')

    // ---------------------------------------------------------------- the worker's My work
    const workerContext = await suite.browser.newContext()
    const worker = await signInInBrowser(workerContext, suite.baseUrl, username)
    await worker.getByRole('link', { name: 'My work' }).click()
    await worker.getByRole('heading', { name: 'My work' }).first().waitFor()
    await expectAccessible(worker, 'worker’s My work')
    const task = worker.getByRole('link', { name: 'Case audit action: Record the child’s wishes and feelings in the plan' })
    await task.click()
    await worker.getByRole('heading', { name: `Case audit: ${childName}` }).waitFor()
    await expectAccessible(worker, 'audit, as the worker')
    await worker.getByLabel('Your response').fill('I will see the child alone at the next visit and record their views in the plan.')
    await worker.getByRole('button', { name: 'Add response' }).click()
    await worker.getByText('Your response has been added to the audit.').waitFor()
    await expectAccessible(worker, 'audit with the worker’s response')

    // ---------------------------------------------------------------- a service manager's half-written moderation and response
    // Two forms on one page, each autosaved with its own status line, each restored with the notice.
    const smContext = await suite.browser.newContext()
    const sm = await signInInBrowser(smContext, suite.baseUrl, 'servicemanager')
    await sm.goto(auditUrl)
    await sm.getByRole('heading', { name: 'Moderate this audit' }).waitFor()
    assert.equal(await sm.locator('#draft-restored-moderation, #draft-restored-response').count(), 0)
    await sm.getByLabel('Moderation comments').fill('Half-written: the analysis is strong but')
    await sm.locator('[data-draft-status="moderation"]').getByText(/Draft saved at/).waitFor()
    await sm.getByLabel('Your response').fill('Half-written: the team will')
    await sm.locator('[data-draft-status="response"]').getByText(/Draft saved at/).waitFor()
    await sm.reload()
    await sm.locator('#draft-restored-moderation').waitFor()
    await sm.locator('#draft-restored-response').waitFor()
    assert.equal(await sm.getByLabel('Moderation comments').inputValue(), 'Half-written: the analysis is strong but')
    assert.equal(await sm.getByLabel('Your response').inputValue(), 'Half-written: the team will')
    await expectAccessible(sm, 'audit with restored moderation and response drafts')
    await smContext.close()

    // ---------------------------------------------------------------- a second auditor moderates
    const qaContext = await suite.browser.newContext()
    const qa = await signInInBrowser(qaContext, suite.baseUrl, 'qalead')
    await qa.getByRole('link', { name: 'Case audits', exact: true }).click()
    await expectAccessible(qa, 'case audits home (QA lead)')
    await qa.locator('#to-moderate').locator('xpath=following-sibling::table[1]').getByRole('link', { name: childName }).click()
    await qa.getByRole('heading', { name: 'Moderate this audit' }).waitFor()
    await expectAccessible(qa, 'audit to moderate')
    await qa.getByRole('button', { name: 'Record moderation' }).click()
    await qa.getByRole('heading', { name: 'There is a problem' }).waitFor()
    await expectAccessible(qa, 'moderation with errors')
    await qa.locator('input[name="moderatedGrade"][value="requires_improvement"]').check()
    await qa.getByLabel('Moderation comments').fill('The child was not seen alone and their voice is missing: requires improvement overall.')
    await qa.getByRole('button', { name: 'Record moderation' }).click()
    await qa.getByText('Moderation recorded.').waitFor()
    await expectAccessible(qa, 'moderated audit')
    assert.equal((await qa.locator('#moderated-grade').innerText()).trim(), 'Requires improvement')
    assert.match(await qa.locator('#moderation').locator('xpath=following-sibling::dl[1]').innerText(), /Grade changed/)
    assert.equal(qa.url().split('?')[0], auditUrl)

    // ---------------------------------------------------------------- the learning report shows the grade
    await auditor.getByRole('link', { name: 'Case audits', exact: true }).click()
    await auditor.getByRole('link', { name: 'Learning report' }).click()
    await auditor.getByRole('heading', { name: 'Learning from case audits' }).waitFor()
    await expectAccessible(auditor, 'learning report')
    await auditor.getByLabel('Team', { exact: true }).selectOption({ label: team.teamName })
    await auditor.getByRole('button', { name: 'Show' }).click()
    await auditor.waitForURL(/teamId=/)
    await expectAccessible(auditor, 'learning report for the team')
    const overall = await auditor.locator('#overall-table tbody tr').innerText()
    // Outstanding, Good, Requires improvement, Inadequate, Total, Good or better: the moderated grade counts.
    assert.match(overall, /All\s+0\s+0\s+1\s+0\s+1\s+0%/)
    assert.match(await auditor.locator('#teams').locator('xpath=following-sibling::table[1]').innerText(), new RegExp(team.teamName))
    await screenshot(auditor, 'case-audit-learning')
    const summary = await auditor.goto(`${suite.baseUrl}/audit-learning/summary`)
    assert.equal(summary?.status(), 200)
    await expectAccessible(auditor, 'learning summary')

    // The audit is on the child's file.
    await auditor.goto(auditUrl)
    await auditor.getByRole('link', { name: childName }).first().click()
    await auditor.locator('#case-audits').waitFor()
    await expectAccessible(auditor, 'child’s page with case audits')
    for (const c of [auditorContext, workerContext, qaContext]) await c.close()
  })
})
