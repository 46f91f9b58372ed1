import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { hash } from '@node-rs/argon2'
import { actorFor, TEST_PASSWORD, testContext, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { insertReferral, nextReferralRef } from '../../src/db/repositories/frontDoor.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { addDays } from '../../src/domain/calendar/days.ts'

const suite = browserSuite()
const database = suite.database
const one = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows[0] as T

/** A fictional child with an open referral, allocated to a worker (not Sam Okafor) in Assessment North. */
async function allocatedChild(givenNames: string): Promise<{ id: string; name: string; workerName: string }> {
  const ctx = testContext(database)
  const meta = { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }
  const familyName = uniqueFamilyName()
  const out = await createPerson(ctx, meta, { givenNames, familyName, dateOfBirth: '2014-06-15', sex: 'F', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const start = addDays(londonDate(new Date()), -40)
  const w = await one<{ id: string; name: string; teamId: string }>(
    sql`select w.id, w.name, t.id as "teamId" from worker w join team t on t.id = w.team_id where t.name = 'Assessment North' and w.job_role = 'Social worker' and w.name <> 'Sam Okafor' order by w.name limit 1`,
  )
  await database.db.transaction(async (tx) => {
    const ref = await nextReferralRef(tx)
    await insertReferral(tx, { referralRef: ref, personId: out.id, contactId: null, referralDate: start, sourceCode: '2A', isReReferral: false, referralsInLast12Months: 0, createdBy: meta.actor.userId }, new Date())
    await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${out.id}, ${w.id}, ${w.teamId}, ${start})`)
  })
  return { id: out.id, name: `${givenNames} ${familyName}`, workerName: w.name }
}

/** Safeguarding East has no demo sign-in of its own here: its team manager, for this test. */
async function eastManager(): Promise<{ username: string; displayName: string }> {
  const family = uniqueFamilyName()
  const username = `east${family.toLowerCase()}`
  const displayName = `Priya ${family}`
  const team = await one<{ id: string }>(sql`select id from team where name = 'Safeguarding East'`)
  const w = await one<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${displayName}, 'Team manager', true, ${team.id}, '2019-04-01') returning id`)
  await insertUser(database.db, { username, displayName, passwordHash: await hash(TEST_PASSWORD), role: 'team_manager', scope: 'team', workerId: w.id })
  return { username, displayName }
}

describe('transfers between teams and bulk case reviews', () => {
  it('the sending manager proposes a transfer; the receiving manager accepts; the wait for allocation starts', async () => {
    const child = await allocatedChild('Maisie')
    const receiver = await eastManager()

    // Joanne Fletcher (Assessment North) proposes the transfer from the child's record.
    const tmContext = await suite.browser.newContext()
    const tm = await signInInBrowser(tmContext, suite.baseUrl, 'teammanager')
    await tm.goto(`${suite.baseUrl}/people/${child.id}`)
    await expectAccessible(tm, 'person page')
    await tm.getByRole('link', { name: 'Transfer to another team' }).click()
    await tm.getByRole('heading', { name: 'Transfer to another team' }).waitFor()
    await expectAccessible(tm, 'transfer form')
    await tm.getByRole('button', { name: 'Propose transfer' }).click()
    await tm.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await tm.locator('.govuk-error-summary').innerText(), /Select the team the child is transferring to[\s\S]*Write a transfer summary/)
    await expectAccessible(tm, 'transfer form with errors')
    await tm.getByLabel('Which team is the child transferring to?').selectOption({ label: 'Safeguarding East (Safeguarding and family support)' })
    await tm.getByLabel('Transfer summary').fill('Assessment authorised: a child in need plan is recommended. School attendance 81%; mother engaging with the family support worker. Outstanding: CAMHS referral.')
    await tm.getByRole('button', { name: 'Propose transfer' }).click()
    await tm.getByText('Transfer proposed.').waitFor()
    await expectAccessible(tm, 'transfer page (proposed)')
    assert.match(await tm.locator('#transfer-details').innerText(), /Waiting for a decision/)
    const transferPath = new URL(tm.url()).pathname
    await tm.goto(`${suite.baseUrl}/transfers`)
    await expectAccessible(tm, 'transfers list (sending manager)')
    assert.match(await tm.locator('#outgoing').innerText(), new RegExp(child.name))

    // The receiving manager sees it as incoming, reads the summary, and accepts.
    const rcContext = await suite.browser.newContext()
    const rc = await signInInBrowser(rcContext, suite.baseUrl, receiver.username)
    await rc.goto(`${suite.baseUrl}/transfers`)
    await expectAccessible(rc, 'transfers list (receiving manager)')
    const incoming = rc.locator('#incoming')
    assert.match(await incoming.innerText(), /Assessment North/)
    await incoming.getByRole('link', { name: child.name }).click()
    await rc.getByRole('heading', { name: 'Transfer from Assessment North to Safeguarding East' }).waitFor()
    await expectAccessible(rc, 'transfer page (receiving manager)')
    assert.match(await rc.locator('#transfer-summary').innerText(), /CAMHS referral/)
    await rc.getByLabel('Comments on accepting (optional)').fill('Agreed at the transfer meeting; allocate this week.')
    await rc.getByRole('button', { name: 'Accept transfer' }).click()
    await rc.getByText('Transfer accepted.').waitFor()
    assert.match(await rc.locator('#waiting-between-teams').innerText(), /Waiting for allocation for 0 days/)
    await expectAccessible(rc, 'transfer page (accepted)')
    await screenshot(rc, 'transfer-accepted')
    assert.equal(new URL(rc.url()).pathname, transferPath)

    // Back with the sending manager: recently accepted, still waiting for allocation.
    await tm.goto(`${suite.baseUrl}/transfers`)
    const accepted = tm.locator('#accepted')
    assert.match(await accepted.locator('tr', { hasText: child.name }).innerText(), /Waiting for allocation[\s\S]*0 days \(0 working days\) so far/)
    await expectAccessible(tm, 'transfers list after acceptance')
    await rcContext.close()
    await tmContext.close()
  })

  it('a team manager starts a review round, reviews one case with an action, and sees the progress', async () => {
    const child = await allocatedChild('Theo')
    const title = `Review of open cases ${uniqueFamilyName()}`
    const tmContext = await suite.browser.newContext()
    const tm = await signInInBrowser(tmContext, suite.baseUrl, 'teammanager')
    await tm.goto(`${suite.baseUrl}/case-reviews`)
    await expectAccessible(tm, 'case reviews')
    await tm.getByRole('link', { name: 'Start a review round' }).click()
    await expectAccessible(tm, 'start a review round')
    await tm.getByLabel('Title').fill(title)
    const due = addDays(londonDate(new Date()), 14)
    const [y, m, d] = due.split('-')
    await tm.getByLabel('Day').fill(String(Number(d)))
    await tm.getByLabel('Month').fill(String(Number(m)))
    await tm.getByLabel('Year').fill(y as string)
    await tm.getByRole('button', { name: 'Start review round' }).click()
    await tm.getByText(/Review round started with \d+ cases to review/).waitFor()
    await expectAccessible(tm, 'review round')
    const total = Number(/0 of (\d+) reviewed/.exec(await tm.locator('#progress').innerText())?.[1])
    assert.ok(total >= 1)

    await tm.getByRole('link', { name: 'To review', exact: true }).click()
    await tm.locator('#cases').getByRole('link', { name: child.name }).click()
    await tm.getByRole('heading', { name: `Review the case of ${child.name}` }).waitFor()
    await expectAccessible(tm, 'case review form')
    await screenshot(tm, 'case-review-form')
    await tm.getByRole('button', { name: 'Save review' }).click()
    await tm.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await tm.locator('.govuk-error-summary').innerText(), /Select whether the plan is robust[\s\S]*Write the findings/)
    await expectAccessible(tm, 'case review form with errors')
    await tm.getByLabel('No', { exact: true }).check()
    await tm.getByLabel('Findings').fill('No contingency plan and the last visit was 7 weeks ago. Child’s views not recorded.')
    const action1 = tm.locator('fieldset', { has: tm.getByText('Action 1', { exact: true }) })
    await action1.getByLabel('What needs to be done').fill('Visit and see the child alone')
    await action1.getByLabel('Who will do it').selectOption({ label: child.workerName })
    await action1.getByLabel('Day').fill(String(Number(d)))
    await action1.getByLabel('Month').fill(String(Number(m)))
    await action1.getByLabel('Year').fill(y as string)
    await tm.getByRole('button', { name: 'Save review' }).click()
    await tm.getByText('Case review saved.').waitFor()
    assert.match(await tm.locator('#progress').innerText(), new RegExp(`^1 of ${total} reviewed`))
    await expectAccessible(tm, 'review round after one review')
    await screenshot(tm, 'case-review-round')
    await tm.getByRole('link', { name: 'Reviewed', exact: true }).click()
    const row = tm.locator('#cases tr', { hasText: child.name })
    assert.match(await row.innerText(), /Reviewed[\s\S]*Plan not robust[\s\S]*Joanne Fletcher/)
    await expectAccessible(tm, 'review round filtered to reviewed')
    await tm.goto(`${suite.baseUrl}/case-reviews`)
    assert.match(await tm.locator('#rounds tr', { hasText: title }).innerText(), new RegExp(`1 of ${total} reviewed`))
    await tmContext.close()
  })
})
