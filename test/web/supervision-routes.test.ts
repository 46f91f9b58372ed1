/**
 * The supervision pages through the real web server: the manager's list with overdue workers first, the
 * form's error summary, refusal of a child the supervisor cannot see, and the privacy of reflective notes.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import { actorFor, postForm, signIn, testContext, testDatabase, testServer, uniqueFamilyName, type Session } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { DEMO_RESTRICTED_CHILDREN } from '../../src/db/seed/demoCouncil.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
let app: FastifyInstance
const sessions = new Map<string, Session>()
let sam: { workerId: string; teamId: string }

before(async () => {
  app = await testServer(database)
  const a = await actorFor(database, 'socialworker')
  assert.ok(a.workerId && a.teamId)
  sam = { workerId: a.workerId, teamId: a.teamId }
})
after(async () => {
  await app.close()
  await database.close()
})

async function as(username: string): Promise<Session> {
  let s = sessions.get(username)
  if (!s) {
    s = await signIn(app, username)
    sessions.set(username, s)
  }
  return s
}
const get = async (username: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: (await as(username)).cookie } })
const post = async (username: string, url: string, data: Record<string, string>) => postForm(app, await as(username), url, data)
const today = () => londonDate(new Date())
const dateFields = (prefix: string, iso: string): Record<string, string> => {
  const [y = '', m = '', d = ''] = iso.split('-')
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y }
}

async function childOfSam(givenNames: string): Promise<{ id: string; name: string }> {
  const familyName = uniqueFamilyName()
  const out = await createPerson(testContext(database), { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }, { givenNames, familyName, dateOfBirth: '2016-09-09', sex: 'M', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  const id = out.kind === 'created' ? out.id : ''
  await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${id}, ${sam.workerId}, ${sam.teamId}, ${addDays(today(), -30)})`)
  return { id, name: `${givenNames} ${familyName}` }
}

describe('supervision pages', () => {
  it('the team manager sees each worker’s next supervision with the overdue first in red; the social worker sees their own', async () => {
    const res = await get('teammanager', '/supervision')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /Supervision due in Assessment North/)
    const firstRow = /<tbody class="govuk-table__body">\s*<tr class="govuk-table__row" data-worker="[^"]+">([\s\S]*?)<\/tr>/.exec(res.body)?.[1] ?? ''
    assert.match(firstRow, /govuk-tag--red[^>]*>\s*Overdue by \d+ days/)
    assert.match(res.body, new RegExp(`href="/supervision/new\\?worker=${sam.workerId}"`))

    const south = (await database.db.execute(sql`select id from team where name = 'Assessment South'`)).rows[0] as { id: string }
    const forServiceManager = await get('servicemanager', `/supervision?team=${south.id}`)
    assert.equal(forServiceManager.statusCode, 200)
    assert.match(forServiceManager.body, /Supervision due in Assessment South/)
    assert.match(forServiceManager.body, /<select class="govuk-select" id="team" name="team">/)
    assert.equal((await get('teammanager', `/supervision?team=${south.id}`)).statusCode, 403)

    const own = await get('socialworker', '/supervision')
    assert.equal(own.statusCode, 200)
    assert.match(own.body, /Your supervision/)
    assert.doesNotMatch(own.body, /Supervision due in/)
  })

  it('the form offers the worker’s allocated children, never naming a restricted record, and keeps a draft', async () => {
    const child = await childOfSam('Arlo')
    const hidden = await childOfSam('Wren')
    await database.db.execute(sql`update person set restricted = true where id = ${hidden.id}`)
    const choose = await get('teammanager', '/supervision/new?worker=')
    assert.equal(choose.statusCode, 200)
    assert.match(choose.body, /Who was supervised\?/)
    assert.match(choose.body, /Sam Okafor/)
    const res = await get('teammanager', `/supervision/new?worker=${sam.workerId}`)
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /data-draft-key="\/supervision\/new"/)
    assert.ok(res.body.includes(`<option value="${child.id}">${child.name}`), 'the child is offered')
    assert.ok(!res.body.includes(hidden.name), 'a restricted child the manager has no grant for is not named')

    // A draft (autosaved as the manager types) comes back after a timeout; saving discards it.
    const draftText = `Half-typed discussion ${uniqueFamilyName()}`
    const saved = await post('teammanager', '/drafts', { formKey: '/supervision/new', workerId: sam.workerId, case1Person: child.id, case1Discussion: draftText })
    assert.equal(saved.statusCode, 200)
    const restored = await get('teammanager', '/supervision/new')
    assert.match(restored.body, /We have restored the answers you had not saved/)
    assert.ok(restored.body.includes(draftText))
    const done = await post('teammanager', '/supervision', { workerId: sam.workerId, ...dateFields('heldOn', today()), case1Person: child.id, case1Discussion: draftText })
    assert.equal(done.statusCode, 302)
    assert.doesNotMatch((await get('teammanager', '/supervision/new')).body, /We have restored/)
  })

  it('shows a GOV.UK error summary for a future date and a decision without reasons (400)', async () => {
    const child = await childOfSam('Bodhi')
    const res = await post('teammanager', '/supervision', {
      workerId: sam.workerId,
      ...dateFields('heldOn', addDays(today(), 2)),
      case1Person: child.id,
      case1Discussion: 'Discussed',
      case1Decision: 'Step down',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /href="#heldOn-day">The date the supervision was held must be today or in the past/)
    assert.match(res.body, /href="#case1Reasons">Enter the reasons for the decision on case 1/)
    assert.ok(res.body.includes('>Discussed</textarea>'), 'what was typed is kept')
  })

  it('refuses a child the supervisor cannot see (403), and pages outside the user’s role or teams', async () => {
    const rows = (await database.db.execute(sql`select id from person where given_names = ${DEMO_RESTRICTED_CHILDREN[1].givenNames} and family_name = ${DEMO_RESTRICTED_CHILDREN[1].familyName}`)).rows as { id: string }[]
    const restrictedId = rows[0]?.id ?? ''
    const res = await post('teammanager', '/supervision', { workerId: sam.workerId, ...dateFields('heldOn', today()), case1Person: restrictedId, case1Discussion: 'Not visible' })
    assert.equal(res.statusCode, 403)

    assert.equal((await get('socialworker', '/supervision/new')).statusCode, 403)
    assert.equal((await get('auditor', '/supervision')).statusCode, 403)
    const east = (await database.db.execute(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = 'Safeguarding East' and w.job_role = 'Social worker' order by w.name limit 1`)).rows[0] as { id: string }
    assert.equal((await get('teammanager', `/supervision/new?worker=${east.id}`)).statusCode, 403)
    assert.equal((await get('teammanager', `/supervision/workers/${east.id}/frequency`)).statusCode, 403)
  })

  it('saves a supervision; reflective notes only for the worker and the supervisor', async () => {
    const child = await childOfSam('Cato')
    const notes = `Reflecting on ${uniqueFamilyName()}`
    const res = await post('teammanager', '/supervision', {
      workerId: sam.workerId,
      ...dateFields('heldOn', today()),
      case1Person: child.id,
      case1Discussion: 'Progress is good',
      case1Decision: 'Continue the plan',
      case1Reasons: 'Risks are reducing',
      action1Text: 'Update the plan',
      action1Owner: sam.workerId,
      ...dateFields('action1Due', addDays(today(), 7)),
      reflectiveNotes: notes,
    })
    assert.equal(res.statusCode, 302)
    const url = String(res.headers.location).split('?')[0] ?? ''
    assert.match(url, /^\/supervision\/[0-9a-f-]{36}$/)

    const forSupervisor = await get('teammanager', url)
    assert.equal(forSupervisor.statusCode, 200)
    assert.ok(forSupervisor.body.includes(notes))
    assert.ok(forSupervisor.body.includes('Continue the plan'))
    assert.ok(forSupervisor.body.includes('Update the plan'))
    const forWorker = await get('socialworker', url)
    assert.ok(forWorker.body.includes(notes))
    const forServiceManager = await get('servicemanager', url)
    assert.equal(forServiceManager.statusCode, 200)
    assert.ok(!forServiceManager.body.includes(notes))
    assert.match(forServiceManager.body, /Reflective notes are private to the worker and their supervisor/)
    assert.equal((await get('auditor', url)).statusCode, 403)

    // Only the supervisor may amend it; a stale version is refused (409).
    assert.match(forSupervisor.body, /Amend this record/)
    assert.doesNotMatch(forServiceManager.body, /Amend this record/)
    assert.equal((await get('servicemanager', `${url}/edit`)).statusCode, 403)
    const edit = await get('teammanager', `${url}/edit`)
    assert.equal(edit.statusCode, 200)
    assert.ok(edit.body.includes(notes))
    const amended = await post('teammanager', `${url}/edit`, { version: '1', case1Discussion: 'Progress is good, confirmed', reflectiveNotes: notes })
    assert.equal(amended.statusCode, 302)
    const stale = await post('teammanager', `${url}/edit`, { version: '1', case1Discussion: 'Overwrite', reflectiveNotes: notes })
    assert.equal(stale.statusCode, 409)
    assert.match(stale.body, /changed by someone else/)
    const after = await get('socialworker', url)
    assert.ok(after.body.includes('Progress is good, confirmed'))
    assert.match(after.body, /Amendments/)
  })

  it('sets a worker’s supervision frequency, with a field error outside 7 to 90 days', async () => {
    const bad = await post('teammanager', `/supervision/workers/${sam.workerId}/frequency`, { frequencyDays: '120' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#frequencyDays">Supervision must be due every 7 to 90 days/)
    const ok = await post('teammanager', `/supervision/workers/${sam.workerId}/frequency`, { frequencyDays: '' })
    assert.equal(ok.statusCode, 302)
    assert.match(String(ok.headers.location), /^\/supervision\?team=/)
  })

  it('a pasted novel in the reflective notes is a field error, not a crash', async () => {
    const res = await post('teammanager', '/supervision', { workerId: sam.workerId, ...dateFields('heldOn', today()), reflectiveNotes: 'z'.repeat(30_000) })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /href="#reflectiveNotes">This answer is too long/)
    assert.match(res.body, /Record supervision/, 'the form is shown again for the same worker')
    assert.ok(res.body.includes(`name="workerId" value="${sam.workerId}"`))
  })
})
