/**
 * Transfers and case reviews through the real web server: error summaries for what is missing, 403 for
 * people and teams out of scope, and the pages managers use.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { hash } from '@node-rs/argon2'
import { actorFor, TEST_PASSWORD, testContext, uniqueFamilyName, routeSuite } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const one = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows[0] as T
const teamId = async (name: string) => (await one<{ id: string }>(sql`select id from team where name = ${name}`)).id

async function managerOf(teamName: string): Promise<string> {
  const family = uniqueFamilyName()
  const username = `tm${family.toLowerCase()}`
  const w = await one<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${`Robin ${family}`}, 'Team manager', true, ${await teamId(teamName)}, '2020-01-01') returning id`)
  await insertUser(database.db, { username, displayName: `Robin ${family}`, passwordHash: await hash(TEST_PASSWORD), role: 'team_manager', scope: 'team', workerId: w.id })
  return username
}

async function childInNorth(): Promise<string> {
  const ctx = testContext(database)
  const out = await createPerson(ctx, { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }, { givenNames: 'Isla', familyName: uniqueFamilyName(), dateOfBirth: '2013-02-02', sex: 'F', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const w = await one<{ id: string }>(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = 'Assessment North' and w.job_role = 'Social worker' and w.name <> 'Sam Okafor' order by w.name limit 1`)
  await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${out.id}, ${w.id}, ${await teamId('Assessment North')}, '2026-01-05')`)
  return out.id
}

describe('transfer pages', () => {
  it('the proposal form: 400 with an error summary for what is missing, then a proposal the receiving manager decides', async () => {
    const personId = await childInNorth()
    const form = await get('teammanager', `/people/${personId}/transfer/new`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Which team is the child transferring to\?/)
    assert.match(form.body, /data-draft-key="\/people\/[0-9a-f-]+\/transfer\/new"/)
    assert.doesNotMatch(form.body, /<option value="[0-9a-f-]+">Assessment North/)

    const bad = await post('teammanager', `/people/${personId}/transfer`, { toTeamId: '', summary: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /href="#toTeamId">Select the team the child is transferring to/)
    assert.match(bad.body, /href="#summary">Write a transfer summary/)

    const huge = await post('teammanager', `/people/${personId}/transfer`, { toTeamId: await teamId('Safeguarding East'), summary: 'x'.repeat(11_000) })
    assert.equal(huge.statusCode, 400)
    assert.match(huge.body, /10,000 characters or fewer/)
    const novel = await post('teammanager', `/people/${personId}/transfer`, { toTeamId: await teamId('Safeguarding East'), summary: 'x'.repeat(500_000) })
    assert.equal(novel.statusCode, 400)
    assert.match(novel.body, /href="#summary">This answer is too long/)

    const ok = await post('teammanager', `/people/${personId}/transfer`, { toTeamId: await teamId('Safeguarding East'), summary: 'Plan agreed; <script>alert(1)</script>' })
    assert.equal(ok.statusCode, 302)
    const url = ok.headers.location as string
    assert.match(url, /^\/transfers\/[0-9a-f-]+\?proposed=1$/)
    const page = await get('teammanager', url)
    assert.match(page.body, /Transfer proposed/)
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.doesNotMatch(page.body, /Accept transfer/, 'the sending manager cannot accept')

    const receiver = await managerOf('Safeguarding East')
    const list = await get(receiver, '/transfers')
    assert.equal(list.statusCode, 200)
    assert.ok(list.body.includes(url.split('?')[0] as string), 'incoming for the receiving manager')
    const id = (url.split('?')[0] as string).split('/')[2] as string
    const noReasons = await post(receiver, `/transfers/${id}/decline`, { version: '1', declineReasons: '' })
    assert.equal(noReasons.statusCode, 400)
    assert.match(noReasons.body, /href="#declineReasons">Give the reasons for declining the transfer/)
    const accepted = await post(receiver, `/transfers/${id}/accept`, { version: '1', acceptReasons: '' })
    assert.equal(accepted.statusCode, 302)
    const after = await get(receiver, `/transfers/${id}`)
    assert.match(after.body, /Waiting for allocation for 0 days/)
    // A second decision from a stale page: 409, and the page says why.
    const again = await post(receiver, `/transfers/${id}/decline`, { version: '1', declineReasons: 'Changed my mind' })
    assert.equal(again.statusCode, 409)
    assert.match(again.body, /already been accepted/)
    const recent = await get('teammanager', '/transfers')
    assert.match(recent.body, /Recently accepted/)
    assert.match(recent.body, /Waiting for allocation/)
  })

  it('403 for people and teams out of scope, and for roles without transfers', async () => {
    const personId = await childInNorth()
    const west = await managerOf('Safeguarding West')
    assert.equal((await get(west, `/people/${personId}/transfer/new`)).statusCode, 403)
    assert.equal((await post(west, `/people/${personId}/transfer`, { toTeamId: await teamId('Safeguarding East'), summary: 'x' })).statusCode, 403)
    assert.equal((await get('socialworker', '/transfers')).statusCode, 403)
    const ok = await post('teammanager', `/people/${personId}/transfer`, { toTeamId: await teamId('Safeguarding East'), summary: 'Summary' })
    const url = (ok.headers.location as string).split('?')[0] as string
    assert.equal((await get(west, url)).statusCode, 403)
    assert.equal((await post(west, `${url}/accept`, { version: '1' })).statusCode, 403)
    assert.equal((await get('teammanager', '/transfers/not-a-uuid')).statusCode, 404)
  })
})

describe('case review pages', () => {
  it('start a round (400 with errors first), review a case, see progress; 403 out of scope', async () => {
    const personId = await childInNorth()
    const empty = await post('teammanager', '/case-reviews', { teamId: '', title: '', 'dueDate-day': '', 'dueDate-month': '', 'dueDate-year': '' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /href="#teamId">Select the team/)
    assert.match(empty.body, /href="#title">Enter a title/)
    assert.match(empty.body, /href="#dueDate-day">Enter the date the reviews are due/)
    const [y, m, d] = londonDate(new Date()).split('-')
    const started = await post('teammanager', '/case-reviews', { teamId: await teamId('Assessment North'), title: 'Web review', 'dueDate-day': d as string, 'dueDate-month': m as string, 'dueDate-year': y as string })
    assert.equal(started.statusCode, 302)
    const roundUrl = (started.headers.location as string).split('?')[0] as string
    const round = await get('teammanager', roundUrl)
    assert.match(round.body, /0 of \d+ reviewed \(0%\)/)
    assert.ok(round.body.includes(`${roundUrl}/people/${personId}`))

    const form = await get('teammanager', `${roundUrl}/people/${personId}`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Is the plan robust\?/)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const bad = await post('teammanager', `${roundUrl}/people/${personId}`, { version, findings: '', action1Description: 'Visit' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#planRobust">Select whether the plan is robust/)
    assert.match(bad.body, /href="#findings">Write the findings/)
    assert.match(bad.body, /href="#action1Worker">Select who will do action 1/)
    // A pasted novel: a message by the field, and the form keeps its version.
    const novel = await post('teammanager', `${roundUrl}/people/${personId}`, { version, planRobust: 'yes', findings: 'x'.repeat(300_000) })
    assert.equal(novel.statusCode, 400)
    assert.match(novel.body, /href="#findings">This answer is too long/)
    assert.match(novel.body, new RegExp(`name="version" value="${version}"`))
    const saved = await post('teammanager', `${roundUrl}/people/${personId}`, { version, planRobust: 'yes', findings: 'Plan is clear and visits are on time.' })
    assert.equal(saved.statusCode, 302)
    const stale = await post('teammanager', `${roundUrl}/people/${personId}`, { version, planRobust: 'no', findings: 'Stale' })
    assert.equal(stale.statusCode, 409)
    const progress = await get('teammanager', `${roundUrl}?status=reviewed`)
    assert.match(progress.body, /1 of \d+ reviewed/)
    assert.match((await get('teammanager', '/case-reviews')).body, /Web review/)

    const west = await managerOf('Safeguarding West')
    assert.equal((await get(west, roundUrl)).statusCode, 403)
    assert.equal((await get(west, `${roundUrl}/people/${personId}`)).statusCode, 403)
    assert.equal((await get('socialworker', '/case-reviews')).statusCode, 403)
    assert.doesNotMatch((await get(west, '/case-reviews')).body, /Web review/)
  })
})
