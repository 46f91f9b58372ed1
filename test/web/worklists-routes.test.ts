import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import { actorFor, postForm, signIn, testDatabase, testServer } from '../helpers/harness.ts'
import { childWithReferral, colleague, insertAssessmentRow, otherTeam, taskFor } from '../helpers/worklistFixtures.ts'
import { ENGLAND_AND_WALES_CALENDAR as cal } from '../../src/domain/calendar/workingDays.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
let app: FastifyInstance
before(async () => {
  app = await testServer(database)
})
after(async () => {
  await app.close()
  await database.close()
})
const today = londonDate(new Date())
const wd = (n: number) => cal.addWorkingDays(today, n)
const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } })

describe('My work and tasks over HTTP', () => {
  it('shows an assessment with its RAG and a task; marks the task done; refuses others’ tasks (403) and stale versions (409)', async () => {
    const swActor = await actorFor(database, 'socialworker')
    const tmActor = await actorFor(database, 'teammanager')
    const mine = { workerId: swActor.workerId as string, teamId: swActor.teamId as string }
    const child = await childWithReferral(database, { referralDate: wd(-48), allocateTo: mine, givenNames: 'Webster' })
    const a = await insertAssessmentRow(database, { child, startDate: wd(-48), dueDate: wd(-3), workerId: mine.workerId, teamId: mine.teamId })
    const task = await taskFor(database, { personId: child.personId, workerId: mine.workerId, title: 'Send the assessment to the family', dueDate: wd(1), createdBy: tmActor.userId })
    const sw = await signIn(app, 'socialworker')
    const page = await get('/my-work', sw.cookie)
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes(a.assessmentRef))
    assert.match(page.body, /Red: overdue/)
    assert.match(page.body, /3 working days overdue/)
    assert.ok(page.body.includes('Send the assessment to the family'))
    assert.ok(page.body.includes(`/tasks/${task.id}/complete`))

    assert.equal((await postForm(app, sw, `/tasks/${task.id}/complete`, { version: '7', note: '' })).statusCode, 409)
    const other = await colleague(database, mine.teamId, mine.workerId)
    const theirs = await taskFor(database, { personId: null, workerId: other.id, title: 'Not yours', dueDate: wd(1), createdBy: tmActor.userId })
    assert.equal((await postForm(app, sw, `/tasks/${theirs.id}/complete`, { version: '1' })).statusCode, 403)
    const tooLong = await postForm(app, sw, `/tasks/${task.id}/complete`, { version: '1', note: 'x'.repeat(2500) })
    assert.equal(tooLong.statusCode, 400)
    assert.match(tooLong.body, /2,000 characters or fewer/)
    const done = await postForm(app, sw, `/tasks/${task.id}/complete`, { version: '1', note: 'Posted today' })
    assert.equal(done.statusCode, 302)
    assert.equal(done.headers.location, '/my-work?done=1')
    const afterPage = await get('/my-work?done=1', sw.cookie)
    assert.match(afterPage.body, /Task marked as done/)
    assert.ok(!afterPage.body.includes(`/tasks/${task.id}/complete`))
    assert.equal((await postForm(app, sw, '/tasks/not-a-uuid/complete', { version: '1' })).statusCode, 404)

    // A task's own page: the assignee sees it (a view of the child's record, audited), marks it done there.
    const own = await taskFor(database, { personId: child.personId, workerId: mine.workerId, title: 'Check the school attendance', dueDate: wd(3), createdBy: tmActor.userId })
    const taskPage = await get(`/tasks/${own.id}`, sw.cookie)
    assert.equal(taskPage.statusCode, 200)
    assert.match(taskPage.body, /Check the school attendance[\s\S]*Management direction|Management direction[\s\S]*Check the school attendance/)
    assert.match(taskPage.body, /Joanne Fletcher/)
    const views = (await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'person.view' and entity_id = ${own.id} and person_id = ${child.personId}`)).rows[0] as { n: number }
    assert.equal(views.n, 1)
    assert.equal((await get(`/tasks/${theirs.id}`, sw.cookie)).statusCode, 403)
    const viaPage = await postForm(app, sw, `/tasks/${own.id}/complete`, { version: '1', note: 'Attendance 96%', returnTo: `/tasks/${own.id}` })
    assert.equal(viaPage.headers.location, `/tasks/${own.id}?done=1`)
    assert.match((await get(`/tasks/${own.id}?done=1`, sw.cookie)).body, /Done by Sam Okafor[\s\S]*Attendance 96%/)
  })

  it('Team: the manager sees their team; other roles and other teams are refused', async () => {
    const tm = await signIn(app, 'teammanager')
    const page = await get('/team', tm.cookie)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Assessment North/)
    assert.match(page.body, /Approvals waiting/)
    assert.match(page.body, /Caseloads against limits[\s\S]*Sam Okafor/)
    assert.match(page.body, /Supervision due[\s\S]*Sam Okafor/)
    const far = await otherTeam(database, (await actorFor(database, 'teammanager')).teamId as string)
    assert.equal((await get(`/team?team=${far.teamId}`, tm.cookie)).statusCode, 403)
    const sw = await signIn(app, 'socialworker')
    assert.equal((await get('/team', sw.cookie)).statusCode, 403)
    const sm = await signIn(app, 'servicemanager')
    const smPage = await get('/team', sm.cookie)
    assert.equal(smPage.statusCode, 200)
    assert.match(smPage.body, /Show team/)
  })
})

describe('Timeliness over HTTP', () => {
  it('shows the report with definitions; a team outside scope is 403; a bad date is a 400 with the field named', async () => {
    const tm = await signIn(app, 'teammanager')
    const page = await get('/timeliness', tm.cookie)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Assessment timeliness/)
    assert.match(page.body, /Assessments authorised in the period/)
    assert.match(page.body, /By month/)
    const far = await otherTeam(database, (await actorFor(database, 'teammanager')).teamId as string)
    assert.equal((await get(`/timeliness?team=${far.teamId}`, tm.cookie)).statusCode, 403)
    const bad = await get('/timeliness?from-day=31&from-month=2&from-year=2025&to-day=1&to-month=3&to-year=2025', tm.cookie)
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /The start of the period must be a real date/)
    const analyst = await signIn(app, 'analyst')
    const empty = await get('/timeliness?from-day=1&from-month=1&from-year=1996&to-day=31&to-month=3&to-year=1996', analyst.cookie)
    assert.equal(empty.statusCode, 200)
    assert.match(empty.body, /March 1996/)
    const sw = await signIn(app, 'socialworker')
    assert.equal((await get('/timeliness', sw.cookie)).statusCode, 403)
  })
})

describe('Assessment frameworks admin', () => {
  it('an administrator adds a period with validation and audit; others are refused', async () => {
    const admin = await signIn(app, 'admin')
    const page = await get('/admin/frameworks', admin.cookie)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /never changes the due date of an existing assessment/)
    assert.match(page.body, /Working Together to Safeguard Children 2010/)
    const tooBig = await postForm(app, admin, '/admin/frameworks', { framework: 'wt2023', 'effectiveFrom-day': '1', 'effectiveFrom-month': '4', 'effectiveFrom-year': '2091', internalTargets: '10, 45' })
    assert.equal(tooBig.statusCode, 400)
    assert.match(tooBig.body, /fewer than 45 working days/)
    const blank = await postForm(app, admin, '/admin/frameworks', { framework: '', 'effectiveFrom-day': '', 'effectiveFrom-month': '', 'effectiveFrom-year': '', internalTargets: 'ten' })
    assert.equal(blank.statusCode, 400)
    assert.match(blank.body, /Select the framework/)
    assert.match(blank.body, /Enter the date the framework takes effect/)
    assert.match(blank.body, /whole numbers of working days/)
    const ok = await postForm(app, admin, '/admin/frameworks', { framework: 'wt2023', 'effectiveFrom-day': '1', 'effectiveFrom-month': '4', 'effectiveFrom-year': '2091', internalTargets: '15, 30' })
    assert.equal(ok.statusCode, 302)
    const list = await get('/admin/frameworks?added=1', admin.cookie)
    assert.match(list.body, /1 April 2091/)
    assert.match(list.body, /15, 30 working days/)
    const audit = (await database.db.execute(sql`select after from audit_log where action = 'framework.period.add' and after->>'effectiveFrom' = '2091-04-01'`)).rows as { after: { internalTargets: number[] } }[]
    assert.deepEqual(audit[0]?.after.internalTargets, [15, 30])
    const again = await postForm(app, admin, '/admin/frameworks', { framework: 'wt2023', 'effectiveFrom-day': '1', 'effectiveFrom-month': '4', 'effectiveFrom-year': '2091', internalTargets: '' })
    assert.equal(again.statusCode, 400)
    assert.match(again.body, /already starts on that date/)
    const tm = await signIn(app, 'teammanager')
    assert.equal((await get('/admin/frameworks', tm.cookie)).statusCode, 403)
    assert.equal((await postForm(app, tm, '/admin/frameworks', { framework: 'wt2023', 'effectiveFrom-day': '2', 'effectiveFrom-month': '4', 'effectiveFrom-year': '2091' })).statusCode, 403)
  })
})
