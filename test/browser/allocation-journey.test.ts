/**
 * Acceptance: a team manager finds a child waiting for a worker, allocates them to a worker already at
 * their caseload limit (30), is warned, gives a reason, and sees the allocation, the reason and the
 * worker's caseload (31, over the limit) on the caseloads page beside its chart.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { hash } from '@node-rs/argon2'
import { TEST_PASSWORD, uniqueFamilyName } from '../helpers/harness.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()
const database = suite.database
const today = londonDate(new Date())

describe('allocation: a child waiting for a worker in Assessment North', () => {
  it('is allocated beyond a worker’s limit with the manager’s reason, and the caseloads show it', async () => {
    const north = ((await database.db.execute(sql`select id from team where name = 'Assessment North'`)).rows[0] as { id: string }).id
    // A worker of our own in Assessment North holding 30 children (their limit), so other tests cannot change the count.
    const workerName = `Zuri ${uniqueFamilyName()}`
    const worker = (
      await database.db.execute(sql`insert into worker (name, job_role, qualified_social_worker, fte, team_id, started_on)
                                    values (${workerName}, 'Senior practitioner', true, 1, ${north}, '2019-09-01') returning id`)
    ).rows[0] as { id: string }
    const workerUsername = `zuri${uniqueFamilyName().toLowerCase()}`
    await insertUser(database.db, { username: workerUsername, displayName: workerName, passwordHash: await hash(TEST_PASSWORD), role: 'social_worker', scope: 'own_caseload', workerId: worker.id })
    const filler = uniqueFamilyName()
    await database.db.execute(sql`
      with p as (insert into person (person_ref, given_names, family_name, sex)
                 select 'P' || lpad(nextval('person_ref_seq')::text, 6, '0'), 'Filler', ${filler}, 'U' from generate_series(1, 30) returning id),
           r as (insert into referral (referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months)
                 select 'R' || lpad(nextval('referral_ref_seq')::text, 6, '0'), id, ${addDays(today, -60)}, '2A', false, 0 from p returning person_id)
      insert into allocation (person_id, worker_id, team_id, start_date) select person_id, ${worker.id}, ${north}, ${addDays(today, -50)} from r`)
    // The child: an open referral 6 days ago, waiting in Assessment North's queue since then.
    const family = uniqueFamilyName()
    const child = (
      await database.db.execute(sql`insert into person (person_ref, given_names, family_name, sex, date_of_birth)
                                    values ('P' || lpad(nextval('person_ref_seq')::text, 6, '0'), 'Isla', ${family}, 'F', '2015-07-07') returning id, person_ref as "personRef"`)
    ).rows[0] as { id: string; personRef: string }
    await database.db.execute(sql`insert into referral (referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months)
                                  values ('R' || lpad(nextval('referral_ref_seq')::text, 6, '0'), ${child.id}, ${addDays(today, -6)}, '5A', false, 0)`)
    await database.db.execute(sql`insert into team_queue (person_id, team_id, waiting_since, reason) values (${child.id}, ${north}, now() - interval '6 days', 'referral accepted')`)
    const childName = `Isla ${family}`

    const context = await suite.browser.newContext()
    const page = await signInInBrowser(context, suite.baseUrl, 'teammanager')
    await page.goto(`${suite.baseUrl}/unallocated`)
    await expectAccessible(page, 'children waiting for a worker')
    const row = page.getByRole('row', { name: new RegExp(childName) })
    assert.match(await row.innerText(), /Referral/)
    assert.match(await row.innerText(), /\b6\b/)
    await row.getByRole('link', { name: `Allocate ${childName}` }).click()

    await expectAccessible(page, 'allocation form')
    await page.getByLabel('Worker', { exact: true }).selectOption({ label: `${workerName} – 30 of 30` })
    await page.getByRole('button', { name: 'Allocate' }).click()
    await page.locator('#over-limit-warning').waitFor()
    assert.match(await page.locator('#over-limit-warning').innerText(), /Zuri has 30 children; their limit is 30\. Give a reason to allocate beyond it/)
    await expectAccessible(page, 'over-limit warning')
    await page.getByLabel('Why allocate beyond the worker’s caseload limit?').fill('Zuri assessed the older sibling last year and knows the family.')
    await page.getByRole('button', { name: 'Allocate' }).click()

    await page.getByText('Allocation recorded.').waitFor()
    await expectAccessible(page, 'allocation page')
    const current = await page.locator('#current-allocation').innerText()
    assert.match(current, new RegExp(workerName))
    assert.match(current, /Zuri assessed the older sibling last year and knows the family\./)
    assert.match(await page.locator('#history').innerText(), /Beyond the caseload limit: Zuri assessed the older sibling/)
    await screenshot(page, 'allocation-page')

    await page.goto(`${suite.baseUrl}/caseloads`)
    await expectAccessible(page, 'caseloads')
    assert.ok(await page.locator('#caseload-chart svg[role="img"]').isVisible())
    const workerRow = page.locator('#caseloads tr', { has: page.getByRole('rowheader', { name: workerName, exact: true }) })
    const cells = await workerRow.locator('td').allInnerTexts()
    assert.equal(cells[4]?.trim(), '31')
    assert.match(cells[6] ?? '', /30\s+Over limit/)
    assert.match((await page.locator('#caseload-chart desc').textContent()) ?? '', new RegExp(`${workerName}: 31 of 30 \\(over the limit\\)`))
    await screenshot(page, 'caseloads')

    // The child no longer waits.
    await page.goto(`${suite.baseUrl}/unallocated`)
    await expectAccessible(page, 'children waiting, after allocation')
    assert.equal(await page.getByRole('row', { name: new RegExp(childName) }).count(), 0)
    await context.close()

    // The worker signs in: the child is on their "My work" among the children allocated to them.
    const workerContext = await suite.browser.newContext()
    const workerPage = await signInInBrowser(workerContext, suite.baseUrl, workerUsername)
    await workerPage.goto(`${suite.baseUrl}/my-work`)
    await expectAccessible(workerPage, 'the worker’s My work')
    assert.match(await workerPage.locator('main').innerText(), new RegExp(`${childName}[\\s\\S]*${child.personRef}`))
    await workerContext.close()
  })
})
