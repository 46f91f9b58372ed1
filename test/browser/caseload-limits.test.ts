import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, uniqueFamilyName } from '../helpers/harness.ts'
import { browserSuite, expectAccessible, signInInBrowser } from '../helpers/browser.ts'
import { saveWorkerLimit } from '../../src/app/allocation/caseloadLimits.ts'
import { ConflictError, ForbiddenError } from '../../src/app/context.ts'

const suite = browserSuite()

describe('caseload limits', () => {
  it('a service manager sets the limit for a job role; a team manager marks a worker newly qualified with their own limit; caseloads use both', async () => {
    const { database } = suite
    const north = ((await database.db.execute(sql`select id from team where name = 'Assessment North'`)).rows[0] as { id: string }).id
    const jobRole = `Practitioner ${uniqueFamilyName()}`
    const workerName = `Ada ${uniqueFamilyName()}`
    const worker = (await database.db.execute(sql`insert into worker (name, job_role, qualified_social_worker, fte, team_id, started_on) values (${workerName}, ${jobRole}, true, 0.5, ${north}, '2024-09-02') returning id`)).rows[0] as { id: string }

    const smContext = await suite.browser.newContext()
    const sm = await signInInBrowser(smContext, suite.baseUrl, 'servicemanager')
    await sm.goto(`${suite.baseUrl}/caseloads/limits`)
    await expectAccessible(sm, 'caseload limits')
    await sm.getByLabel('Job role').selectOption(jobRole)
    await sm.getByLabel('Children per full-time worker').fill('24')
    await sm.getByLabel('Children per full-time newly qualified worker').fill('30')
    await sm.getByRole('button', { name: 'Save limit' }).click()
    // A newly qualified limit above the ordinary one is refused by the field.
    assert.match(await sm.locator('.govuk-error-summary').innerText(), /Newly qualified workers cannot have a higher limit than other workers/)
    await expectAccessible(sm, 'caseload limits with an error')
    await sm.getByLabel('Children per full-time newly qualified worker').fill('16')
    await sm.getByRole('button', { name: 'Save limit' }).click()
    await sm.getByText('Caseload limit saved.').waitFor()
    assert.match(await sm.locator('#limit-rules').innerText(), new RegExp(`${jobRole}\\s+24\\s+16`))
    await smContext.close()

    const tmContext = await suite.browser.newContext()
    const tm = await signInInBrowser(tmContext, suite.baseUrl, 'teammanager')
    await tm.goto(`${suite.baseUrl}/caseloads`)
    const row = tm.locator('#caseloads tr', { has: tm.getByRole('rowheader', { name: workerName, exact: true }) })
    // Half-time at 24 per full-time worker: 12.
    assert.match(await row.innerText(), /\b12\b/)
    await row.getByRole('link', { name: `Change the limit for ${workerName}` }).click()
    await expectAccessible(tm, 'a worker’s caseload limit')
    assert.match(await tm.locator('#effective-limit').innerText(), /12 children/)
    await tm.getByRole('radio', { name: 'Yes' }).check()
    await tm.getByRole('button', { name: 'Save' }).click()
    await tm.locator('#caseloads').waitFor()
    // Newly qualified and half-time: 16 × 0.5 = 8.
    assert.match(await row.innerText(), /Yes[\s\S]*\b8\b/)
    await row.getByRole('link', { name: `Change the limit for ${workerName}` }).click()
    await tm.getByLabel('Their own limit (optional)').fill('6')
    await tm.getByRole('button', { name: 'Save' }).click()
    await tm.locator('#caseloads').waitFor()
    assert.match(await row.innerText(), /\b6\b/)
    await tmContext.close()

    // Saved from a stale page (someone changed it since): 409; a worker outside the manager's team: 403.
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    await assert.rejects(saveWorkerLimit(testContext(database), meta, worker.id, { newlyQualified: 'no', caseloadLimit: '', expectedNewlyQualified: 'false', expectedCaseloadLimit: '' }), ConflictError)
    const east = ((await database.db.execute(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = 'Safeguarding East' limit 1`)).rows[0] as { id: string }).id
    await assert.rejects(saveWorkerLimit(testContext(database), meta, east, { newlyQualified: 'no', caseloadLimit: '' }), ForbiddenError)
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'worker.caseload-limit' and entity_id = ${worker.id}`)).rows[0] as { n: number }
    assert.equal(audit.n, 2)
  })
})
