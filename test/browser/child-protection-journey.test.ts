/**
 * Issue 6 acceptance, in a real browser, with the server's clock moving through a child's child
 * protection journey in 2026: a strategy discussion with police and health; a section 47 enquiry with the
 * child seen alone; the initial conference 12 working days later; a CP plan under neglect; a core group;
 * two visits, the second late — shown overdue on the worker's and manager's worklists and in the child's
 * summary before it is done; a review conference three months later that ends the plan, with a CIN plan
 * starting the same day. Every date, deadline and event is checked in the child's summary, chronology and
 * worklists; every page is checked with axe.
 *
 * Expected dates (England and Wales bank holidays: Good Friday 3 April, Easter Monday 6 April 2026):
 * strategy discussion Wed 4 March → ICPC target 25 March (15 WD); ICPC Fri 20 March (12 WD) → first core
 * group due 7 April (10 WD), first visit due 7 April, first review due 20 June (3 months); visit 31 March
 * → next visit due 16 April; the late visit on 21 April; review conference Mon 15 June.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { actorFor, testDatabase, testServer } from '../helpers/harness.ts'
import { expectAccessible, launchBrowser, listen, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'

const database = testDatabase()
let clock = new Date('2026-03-04T15:00:00Z')
let app: FastifyInstance
let browser: Browser
let baseUrl = ''

before(async () => {
  // Sessions never time out here: the clock jumps weeks between steps.
  app = await testServer(database, { now: () => clock, idleTimeoutMinutes: 60 * 24 * 365 * 5 })
  baseUrl = await listen(app)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await app?.close()
  await database.close()
})

/** Moves the server's clock to 3 pm London time (GMT/BST both fine for these dates) on `iso`. */
const setDay = (iso: string) => {
  clock = new Date(`${iso}T14:00:00Z`)
}

async function fillDate(page: Page, id: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-')
  await page.locator(`#${id}-day`).fill(String(Number(d)))
  await page.locator(`#${id}-month`).fill(String(Number(m)))
  await page.locator(`#${id}-year`).fill(y ?? '')
}

const sessions = new Map<string, { context: BrowserContext; page: Page }>()
async function as(username: string): Promise<Page> {
  let s = sessions.get(username)
  if (!s) {
    const context = await browser.newContext()
    s = { context, page: await signInInBrowser(context, baseUrl, username) }
    sessions.set(username, s)
  }
  return s.page
}

async function open(page: Page, path: string, label: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`)
  await expectAccessible(page, label)
}

describe('a child protection journey, strategy discussion to step-down', () => {
  let child: TestChild

  it('strategy discussion with police and health starts a section 47; the ICPC target is shown from the start', async () => {
    const sw = await actorFor(database, 'socialworker')
    assert.ok(sw.workerId && sw.teamId)
    child = await childWithReferral(database, { referralDate: '2026-03-02', givenNames: 'Ellie', allocateTo: { workerId: sw.workerId, teamId: sw.teamId } })
    setDay('2026-03-04')
    const page = await as('socialworker')
    await open(page, `/people/${child.personId}`, 'child summary before')
    await page.getByRole('link', { name: 'Record a strategy discussion' }).click()
    await page.getByRole('heading', { name: 'Record a strategy discussion' }).waitFor()
    await expectAccessible(page, 'strategy discussion form')
    await fillDate(page, 'heldOn', '2026-03-04')
    await page.locator('#heldAt').fill('10:30')
    const participants: [string, string, string][] = [
      ['DS Carver', 'police', 'Detective sergeant, child abuse investigation team'],
      ['Dr Osei', 'health', 'Named doctor for safeguarding'],
      ['Sam Okafor', 'childrens_social_care', 'Social worker'],
    ]
    for (const [i, [name, agency, role]] of participants.entries()) {
      await page.locator(`#participant${i + 1}Name`).fill(name)
      await page.locator(`#participant${i + 1}Agency`).selectOption(agency)
      await page.locator(`#participant${i + 1}Role`).fill(role)
    }
    await page.getByLabel('Section 47 enquiry: joint with the police').check()
    await page.getByLabel('Information shared').fill('Fictional: Ellie has been left alone overnight repeatedly; the school reports hunger and poor hygiene.')
    await page.getByRole('button', { name: 'Save the strategy discussion' }).click()
    await page.getByRole('heading', { name: 'Strategy discussion on 4 March 2026' }).waitFor()
    await expectAccessible(page, 'strategy discussion')
    assert.equal(await page.locator('.govuk-warning-text').count(), 0, 'police and health took part')

    await page.getByRole('link', { name: 'Section 47 enquiry started on 4 March 2026' }).click()
    await page.getByRole('heading', { name: 'Section 47 enquiry' }).waitFor()
    await expectAccessible(page, 'section 47 enquiry')
    assert.match(await page.locator('#summary').innerText(), /Due by 25 March 2026/)

    // From the first day: in the child's summary and on My work.
    await open(page, `/people/${child.personId}`, 'child summary, section 47 open')
    assert.match(await page.locator('#cp-status').innerText(), /Started 4 March 2026\. Initial child protection conference due by 25 March 2026/)
    await open(page, '/my-work', 'my work, ICPC awaited')
    const icpcRow = page.locator('#my-items tbody tr', { hasText: child.name }).filter({ hasText: 'Initial child protection conference' })
    assert.match(await icpcRow.innerText(), /25 March 2026/)
  })

  it('the child is seen alone; the manager authorises; the ICPC is held 12 working days after the strategy discussion and a CP plan starts', async () => {
    setDay('2026-03-09')
    const page = await as('socialworker')
    await open(page, `/people/${child.personId}`, 'child summary')
    await page.getByRole('link', { name: /Section 47/ }).first().click()
    await page.getByRole('link', { name: 'Record the outcome' }).click()
    await page.getByRole('heading', { name: 'Record the outcome of the section 47 enquiry' }).waitFor()
    await page.locator('#childSeen').check()
    await fillDate(page, 'childSeenOn', '2026-03-05')
    await page.locator('#childSeenAlone').check()
    await page.getByLabel('Concerns substantiated and the child is judged to be at continuing risk of significant harm').check()
    await page.getByRole('button', { name: 'Save the outcome' }).click()
    await page.getByText('Outcome recorded. A manager will authorise it').waitFor()
    const enquiryUrl = page.url().replace(/\?.*$/, '')

    const tm = await as('teammanager')
    await tm.goto(enquiryUrl)
    await tm.getByRole('button', { name: 'Authorise the outcome' }).click()
    await tm.getByText('Section 47 enquiry outcome authorised').waitFor()
    await expectAccessible(tm, 'section 47 authorised')
    await tm.getByRole('link', { name: 'Schedule the initial child protection conference' }).click()
    await tm.getByRole('heading', { name: 'Schedule the initial child protection conference' }).waitFor()
    await expectAccessible(tm, 'schedule ICPC')
    await fillDate(tm, 'conferenceOn', '2026-03-20')
    await tm.locator('#chairUserId').selectOption({ label: 'Aisha Rahman' })
    const invitees: [string, string][] = [
      ['DS Carver', 'police'],
      ['Dr Osei', 'health'],
      ['Sam Okafor', 'childrens_social_care'],
      ['Mrs Dunn, head teacher', 'education'],
    ]
    for (const [i, [name, agency]] of invitees.entries()) {
      await tm.locator(`#invitee${i + 1}Name`).fill(name)
      await tm.locator(`#invitee${i + 1}Agency`).selectOption(agency)
    }
    await tm.getByRole('button', { name: 'Schedule the conference' }).click()
    await tm.getByText('Conference scheduled').waitFor()
    assert.match(await tm.locator('#summary').innerText(), /On time/)
    const conferenceUrl = tm.url().replace(/\?.*$/, '')

    setDay('2026-03-20')
    const chair = await as('chair')
    await chair.goto(conferenceUrl)
    await chair.getByRole('link', { name: 'Record the outcome of the conference' }).click()
    await chair.getByRole('heading', { name: 'Record the outcome of the initial child protection conference' }).waitFor()
    await expectAccessible(chair, 'ICPC outcome form')
    await fillDate(chair, 'heldOn', '2026-03-20')
    for (const n of [1, 2, 3, 4]) await chair.locator(`#attendee${n}Attended`).check()
    await chair.getByLabel('Child protection plan', { exact: true }).check()
    await chair.getByLabel('Neglect (NEG)').check()
    await chair.locator('#member1Name').fill('Ms Lane')
    await chair.locator('#member1Agency').selectOption('other')
    await chair.locator('#member1Role').fill('Mother')
    await chair.getByRole('button', { name: 'Save the outcome' }).click()
    await chair.getByText('Conference outcome recorded').waitFor()
    await expectAccessible(chair, 'ICPC held')

    await open(chair, `/people/${child.personId}/cp-plan`, 'CP plan')
    const plan = await chair.locator('#plan').innerText()
    assert.match(plan, /20 March 2026/)
    assert.match(plan, /Neglect/)
    assert.match(await chair.locator('#due-core-group').innerText(), /7 April 2026/)
    assert.match(await chair.locator('#due-review').innerText(), /20 June 2026/)
    assert.match(await chair.locator('#due-visit').innerText(), /7 April 2026/)
  })

  it('a core group and a visit on time; the next visit is missed and shows overdue first; then it is recorded late', async () => {
    setDay('2026-03-31')
    const page = await as('socialworker')
    await open(page, `/people/${child.personId}/visits/new`, 'visit form')
    await fillDate(page, 'visitDate', '2026-03-31')
    await page.locator('#childSeen').check()
    await page.locator('#seenAlone').check()
    await page.locator('#bedroomSeen').check()
    await page.locator('#announced').check()
    await page.getByRole('button', { name: 'Save the visit' }).click()
    await page.getByText('Visit recorded').waitFor()
    await expectAccessible(page, 'CP plan after a visit')
    assert.match(await page.locator('#due-visit').innerText(), /16 April 2026/)

    setDay('2026-04-01')
    await open(page, `/people/${child.personId}/cp-plan/core-groups/new`, 'core group form')
    await fillDate(page, 'heldOn', '2026-04-01')
    await page.locator('#attendee1Name').fill('Sam Okafor')
    await page.locator('#attendee1Agency').selectOption('childrens_social_care')
    await page.locator('#attendee1Attended').check()
    await page.locator('#attendee2Name').fill('Ms Lane')
    await page.locator('#attendee2Agency').selectOption('other')
    await page.locator('#attendee2Attended').check()
    await page.getByRole('button', { name: /Save/ }).click()
    await page.getByText('Core group meeting recorded').waitFor()
    assert.match(await page.locator('#due-core-group').innerText(), /Due/)

    // 21 April: the visit due on 16 April was missed (3 working days ago).
    setDay('2026-04-21')
    await open(page, '/my-work', 'my work, visit overdue')
    const myRows = await page.locator('#my-items tbody tr').allInnerTexts()
    const mine = myRows.filter((r) => r.includes(child.name))
    assert.match(mine[0] ?? '', /Child protection visit/, `the overdue visit comes first: ${mine.join(' | ')}`)
    assert.match(mine[0] ?? '', /16 April 2026[\s\S]*3 working days overdue/)
    const firstOther = myRows.findIndex((r) => !/Overdue/i.test(r))
    const visitIndex = myRows.findIndex((r) => r.includes(child.name) && r.includes('Child protection visit'))
    assert.ok(firstOther === -1 || visitIndex < firstOther, 'overdue items come before the rest')
    await open(page, `/people/${child.personId}`, 'child summary, visit overdue')
    const due = await page.locator('#due-items tbody tr').allInnerTexts()
    assert.match(due[0] ?? '', /Child protection visit[\s\S]*16 April 2026/, `overdue first in the summary: ${due.join(' | ')}`)
    assert.match(due[0] ?? '', /overdue/i)

    const tm = await as('teammanager')
    await open(tm, '/team', 'team, visit overdue')
    assert.match(await tm.locator('#plan-due tbody tr', { hasText: child.name }).filter({ hasText: 'Child protection visit' }).innerText(), /16 April 2026/)

    await open(page, `/people/${child.personId}/visits/new`, 'late visit form')
    await fillDate(page, 'visitDate', '2026-04-21')
    await page.locator('#childSeen').check()
    await page.locator('#seenAlone').check()
    await page.locator('#bedroomSeen').check()
    await page.locator('#announced-2').check()
    await page.getByRole('button', { name: 'Save the visit' }).click()
    await page.getByText('Visit recorded').waitFor()
    assert.match(await page.locator('#due-visit').innerText(), /6 May 2026/)
    await open(page, '/my-work', 'my work after the late visit')
    assert.equal(await page.locator('#my-items tbody tr', { hasText: child.name }).filter({ hasText: 'Child protection visit' }).count(), 0, 'done: no longer on the worklist')
  })

  it('the review conference three months later ends the plan; a CIN plan starts the same day; the summary and chronology tell the story', async () => {
    setDay('2026-06-15')
    const page = await as('socialworker')
    await open(page, `/people/${child.personId}/conferences/new?type=review`, 'schedule review')
    await fillDate(page, 'conferenceOn', '2026-06-15')
    await page.locator('#chairUserId').selectOption({ label: 'Aisha Rahman' })
    await page.locator('#invitee1Name').fill('Sam Okafor')
    await page.locator('#invitee1Agency').selectOption('childrens_social_care')
    await page.locator('#invitee2Name').fill('DS Carver')
    await page.locator('#invitee2Agency').selectOption('police')
    await page.locator('#invitee3Name').fill('Dr Osei')
    await page.locator('#invitee3Agency').selectOption('health')
    await page.getByRole('button', { name: 'Schedule the conference' }).click()
    await page.getByText('Conference scheduled').waitFor()
    const reviewUrl = page.url().replace(/\?.*$/, '')

    const chair = await as('chair')
    await chair.goto(reviewUrl)
    await chair.getByRole('link', { name: 'Record the outcome of the conference' }).click()
    await expectAccessible(chair, 'review outcome form')
    await fillDate(chair, 'heldOn', '2026-06-15')
    for (const n of [1, 2, 3]) await chair.locator(`#attendee${n}Attended`).check()
    await chair.getByLabel('End the child protection plan').check()
    await chair.getByLabel('Start a child in need plan from the same day (step-down)').check()
    await chair.getByRole('button', { name: 'Save the outcome' }).click()

    // The chair is told the plan ended and who starts the CIN plan; the social worker starts it from the child's record.
    await chair.getByText('The child protection plan has ended').waitFor()
    await expectAccessible(chair, 'review held, step-down banner')
    await open(page, `/people/${child.personId}`, 'child summary, plan ended')
    await page.getByRole('link', { name: 'Start a child in need plan (step-down)' }).click()
    await page.getByRole('heading', { name: 'Start a child in need plan' }).waitFor()
    await expectAccessible(page, 'CIN plan form (step-down)')
    assert.equal(await page.locator('#startDate-day').inputValue(), '15')
    assert.equal(await page.locator('#startDate-month').inputValue(), '6')
    await page.locator('#need1Need').fill('Ellie needs reliable supervision at home and a routine for school')
    await page.locator('#need1Services').fill('Family support worker; after-school club')
    await page.locator('#need1Action1Action').fill('Weekly family support sessions')
    await page.locator('#need1Action1Owner').fill('Family support service')
    await fillDate(page, 'need1Action1DueDate', '2026-07-15')
    await page.getByRole('button', { name: 'Start the plan' }).click()
    await page.getByText('Child in need plan started').waitFor()
    await expectAccessible(page, 'CIN plan (step-down)')
    assert.match(await page.locator('#plan-summary').innerText(), /Start date\s+15 June 2026/)

    await open(page, `/people/${child.personId}`, 'child summary after step-down')
    const status = await page.locator('#cp-status').innerText()
    assert.match(status, /None open\. The last plan ran from 20 March 2026 to 15 June 2026/)
    assert.match(status, /Child in need plan\s+Since 15 June 2026/)
    await screenshot(page, 'cp-journey-summary')

    await open(page, `/people/${child.personId}/chronology?filter=child-protection&order=oldest`, 'chronology, child protection')
    const chronology = await page.locator('main').innerText()
    const expected = [
      /Strategy discussion/,
      /Section 47 enquiry/,
      /Section 47 authorised/,
      /Conference scheduled/,
      /Child protection plan\b/,
      /Statutory visit/,
      /Core group/,
      /Statutory visit/,
      /Child protection plan ended/,
      /Child in need plan/,
    ]
    let from = 0
    for (const re of expected) {
      const m = re.exec(chronology.slice(from))
      assert.ok(m, `the chronology shows ${re} after position ${from}:\n${chronology}`)
      from += m.index + m[0].length
    }
    await screenshot(page, 'cp-journey-chronology')
    for (const s of sessions.values()) await s.context.close()
  })
})
