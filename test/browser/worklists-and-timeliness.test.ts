import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { actorFor } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral, insertAssessmentRow, taskFor } from '../helpers/worklistFixtures.ts'
import { ENGLAND_AND_WALES_CALENDAR as cal } from '../../src/domain/calendar/workingDays.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = londonDate(new Date())
const wd = (n: number) => cal.addWorkingDays(today, n)

describe('worklists, timeliness and frameworks in the browser', () => {
  it('a social worker sees their assessments with due dates and RAG and a task in My work, and marks the task done', async () => {
    const sw = await actorFor(database, 'socialworker')
    const tm = await actorFor(database, 'teammanager')
    const mine = { workerId: sw.workerId as string, teamId: sw.teamId as string }
    const child = await childWithReferral(database, { referralDate: wd(-47), allocateTo: mine, givenNames: 'Marlowe' })
    const overdue = await insertAssessmentRow(database, { child, startDate: wd(-47), dueDate: wd(-2), workerId: mine.workerId, teamId: mine.teamId })
    const other = await childWithReferral(database, { referralDate: wd(-1), allocateTo: mine, givenNames: 'Juniper' })
    const onTrack = await insertAssessmentRow(database, { child: other, startDate: wd(-1), dueDate: wd(44), workerId: mine.workerId, teamId: mine.teamId })
    await taskFor(database, { personId: child.personId, workerId: mine.workerId, title: `Book a family meeting for ${child.name}`, dueDate: wd(2), createdBy: tm.userId })

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'socialworker')
    await page.getByRole('link', { name: 'My work', exact: true }).click()
    await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor()
    await expectAccessible(page, 'My work')
    const overdueRow = page.locator('#my-items tr', { hasText: overdue.assessmentRef })
    assert.match(await overdueRow.innerText(), new RegExp(`${formatDate(wd(-2))}[\\s\\S]*${child.name}[\\s\\S]*Red: overdue[\\s\\S]*2 working days overdue`))
    const greenRow = page.locator('#my-items tr', { hasText: onTrack.assessmentRef })
    assert.match(await greenRow.innerText(), /Green: on track[\s\S]*44 working days left/)
    // Overdue comes before the rest.
    const rows = await page.locator('#my-items tbody tr').allInnerTexts()
    assert.ok(rows.findIndex((r) => r.includes(overdue.assessmentRef)) < rows.findIndex((r) => r.includes(onTrack.assessmentRef)))
    await screenshot(page, 'my-work')

    const taskRow = page.locator('#my-items tr', { hasText: `Book a family meeting for ${child.name}` })
    await taskRow.locator('summary', { hasText: 'Mark as done' }).click()
    await taskRow.getByLabel('Note (optional)').fill('Meeting booked for Thursday at the family centre.')
    await expectAccessible(page, 'My work with a task form open')
    await taskRow.getByRole('button', { name: /Mark as done/ }).click()
    await page.getByText('Task marked as done.').waitFor()
    await expectAccessible(page, 'My work after marking a task done')
    assert.equal(await page.locator('#my-items tr', { hasText: `Book a family meeting for ${child.name}` }).count(), 0)
    // The child's record links from My work.
    await page.locator('#my-items tr', { hasText: overdue.assessmentRef }).getByRole('link', { name: child.name }).click()
    await page.waitForURL(`${suite.baseUrl}/people/${child.personId}`)
    await context.close()
  })

  it('a team manager sees approvals waiting and assessments due and overdue on Team', async () => {
    const sw = await actorFor(database, 'socialworker')
    const mine = { workerId: sw.workerId as string, teamId: sw.teamId as string }
    const a = await childWithReferral(database, { referralDate: wd(-42), allocateTo: mine, givenNames: 'Sorrel' })
    const submitted = await insertAssessmentRow(database, { child: a, startDate: wd(-42), dueDate: wd(3), status: 'submitted', submittedBy: sw.userId, workerId: mine.workerId, teamId: mine.teamId })
    const b = await childWithReferral(database, { referralDate: wd(-50), allocateTo: mine, givenNames: 'Tamsin' })
    const late = await insertAssessmentRow(database, { child: b, startDate: wd(-50), dueDate: wd(-4), workerId: mine.workerId, teamId: mine.teamId })

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'teammanager')
    await page.getByRole('link', { name: 'Team', exact: true }).click()
    await page.getByRole('heading', { name: 'Assessment North', level: 1 }).waitFor()
    await expectAccessible(page, 'Team')
    const approval = page.locator('#approvals tr', { hasText: a.name })
    assert.match(await approval.innerText(), new RegExp(`Assessment to authorise[\\s\\S]*${submitted.assessmentRef}[\\s\\S]*Submitted by Sam Okafor`))
    assert.match(await page.locator('#due-soon tr', { hasText: submitted.assessmentRef }).innerText(), /Sam Okafor[\s\S]*3 working days left[\s\S]*Amber: due soon/)
    assert.match(await page.locator('#due-soon tr', { hasText: late.assessmentRef }).innerText(), /4 working days overdue[\s\S]*Red: overdue/)
    const samRow = await page.locator('#by-worker tr', { hasText: 'Sam Okafor' }).innerText()
    assert.ok(Number(samRow.split('\t')[1]) >= 1, `Sam has overdue assessments: ${samRow}`)
    assert.match(await page.locator('#caseloads tr', { hasText: 'Sam Okafor' }).innerText(), /Sam Okafor[\s\S]*\d+\s+\d+\s+(Within limit|At limit|Over limit)/)
    assert.equal(await page.locator('#supervision-due tr', { hasText: 'Sam Okafor' }).count(), 1)
    await screenshot(page, 'team')
    // The approval links to where it is done.
    assert.equal(await approval.getByRole('link', { name: new RegExp(submitted.assessmentRef) }).getAttribute('href'), `/people/${a.personId}/assessments/${submitted.id}`)
    // The same request waits in the manager's own My work.
    await page.getByRole('link', { name: 'My work', exact: true }).click()
    await page.getByRole('heading', { name: 'Waiting for your decision' }).waitFor()
    await expectAccessible(page, 'My work for a team manager')
    assert.match(await page.locator('#approvals tr', { hasText: submitted.assessmentRef }).innerText(), /Assessment to authorise[\s\S]*Sorrel/)
    await context.close()
  })

  it('an analyst opens Timeliness, changes the period and sees the monthly table', async () => {
    const sw = await actorFor(database, 'socialworker')
    const mine = { workerId: sw.workerId as string, teamId: sw.teamId as string }
    const c = await childWithReferral(database, { referralDate: '2019-01-07', allocateTo: null })
    await insertAssessmentRow(database, { child: c, startDate: '2019-01-07', dueDate: '2019-03-12', status: 'authorised', completedOn: '2019-02-20', workerId: mine.workerId, teamId: mine.teamId })

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'analyst')
    await page.getByRole('link', { name: 'Timeliness', exact: true }).click()
    await page.getByRole('heading', { name: 'Assessment timeliness', level: 1 }).waitFor()
    await expectAccessible(page, 'Timeliness (default period)')
    assert.match(await page.locator('#report-scope').innerText(), /All teams, 1 April \d{4} to/)
    const from = page.getByRole('group', { name: 'From' })
    await from.getByLabel('Day').fill('1')
    await from.getByLabel('Month').fill('1')
    await from.getByLabel('Year').fill('2019')
    const to = page.getByRole('group', { name: 'To' })
    await to.getByLabel('Day').fill('31')
    await to.getByLabel('Month').fill('3')
    await to.getByLabel('Year').fill('2019')
    await page.getByLabel('Team').selectOption({ label: 'Assessment North (Front door and assessment)' })
    await page.getByRole('button', { name: 'Show timeliness' }).click()
    await page.getByText('Assessment North, 1 January 2019 to 31 March 2019').waitFor()
    await expectAccessible(page, 'Timeliness (chosen period)')
    const months = await page.locator('#by-month tbody tr').allInnerTexts()
    assert.deepEqual(months.map((m) => m.split('\t')[0]), ['January 2019', 'February 2019', 'March 2019'])
    const feb = months[1]?.split('\t') ?? []
    assert.ok(Number(feb[1]) >= 1 && Number(feb[2]) >= 1, `February counts the authorised assessment: ${feb.join(' | ')}`)
    assert.match(await page.locator('#by-framework').innerText(), /Single assessment \(Working Together 2013–2023\)/)
    assert.match(await page.locator('#key-figures').innerText(), /Assessments authorised in the period/)
    await screenshot(page, 'timeliness')
    await context.close()
  })

  it('an administrator adds a framework period', async () => {
    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'admin')
    await page.getByRole('link', { name: 'Assessment frameworks', exact: true }).click()
    await page.getByRole('heading', { name: 'Assessment frameworks', level: 1 }).waitFor()
    await expectAccessible(page, 'Assessment frameworks')
    await page.getByLabel('Framework', { exact: true }).selectOption('wt2023')
    const date = page.getByRole('group', { name: 'In force from' })
    await date.getByLabel('Day').fill('1')
    await date.getByLabel('Month').fill('4')
    await date.getByLabel('Year').fill('2095')
    await page.getByLabel('Internal targets (optional)').fill('10, 50')
    await page.getByRole('button', { name: 'Add framework period' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await page.locator('.govuk-error-summary').innerText(), /fewer than 45 working days/)
    await expectAccessible(page, 'Assessment frameworks with an error')
    await page.getByLabel('Internal targets (optional)').fill('10, 25, 40')
    await page.getByRole('button', { name: 'Add framework period' }).click()
    await page.getByText('Framework period added.').waitFor()
    await expectAccessible(page, 'Assessment frameworks after adding')
    assert.match(await page.locator('#framework-periods tr', { hasText: '1 April 2095' }).innerText(), /Working Together to Safeguard Children 2013 onwards[\s\S]*10, 25, 40 working days[\s\S]*Paul Whitaker/)
    await context.close()
  })
})
