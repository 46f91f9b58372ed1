/**
 * The assessment pages through the real web server: the list, starting one, the form (errors kept by the
 * field, a pasted 1 MB analysis, two people saving at once), the manager's decision, and who may do what.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, postForm, routeSuite } from '../helpers/harness.ts'
import { childWithReferral, otherTeam, type TestChild } from '../helpers/worklistFixtures.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, app, as, get } = routeSuite()
const today = () => londonDate(new Date())

async function samsChild(daysAgo = 3): Promise<TestChild> {
  const sam = await actorFor(database, 'socialworker')
  return childWithReferral(database, { referralDate: addDays(today(), -daysAgo), allocateTo: { workerId: sam.workerId as string, teamId: sam.teamId as string }, givenNames: 'Mia' })
}

async function start(child: TestChild): Promise<string> {
  const res = await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments`, {})
  assert.equal(res.statusCode, 302, res.body.slice(0, 500))
  const m = /\/assessments\/([0-9a-f-]{36})\/edit\?started=1$/.exec(String(res.headers.location))
  assert.ok(m, String(res.headers.location))
  return m[1] as string
}

const version = async (id: string) => String(((await database.db.execute(sql`select version from assessment where id = ${id}`)).rows[0] as { version: number }).version)

describe('assessment pages', () => {
  it('lists a child’s assessments with the clock, starts one, and shows the form with the due date at the top', async () => {
    const child = await samsChild(3)
    const list = await get('socialworker', `/people/${child.personId}/assessments`)
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /Start an assessment/)
    const id = await start(child)
    const form = await get('socialworker', `/people/${child.personId}/assessments/${id}/edit?started=1`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Single assessment <strong>A\d{6}<\/strong> started/)
    assert.match(form.body, /Due \d{1,2} \w+ \d{4} –\s+\d+ working days left/)
    assert.match(form.body, new RegExp(`data-draft-key="/people/${child.personId}/assessments/${id}/edit"`))
    const after = await get('socialworker', `/people/${child.personId}/assessments`)
    assert.match(after.body, /Assessment A\d{6} is open on referral/)
    assert.match(after.body, /On track|working days left/)
    assert.doesNotMatch(after.body, /Start an assessment<\/button>/)
  })

  it('the form keeps a draft: it comes back after a timeout, and a successful save discards it', async () => {
    const child = await samsChild(3)
    const id = await start(child)
    const key = `/people/${child.personId}/assessments/${id}/edit`
    const typed = 'Mia said she wants to stay with her nan at weekends'
    const saved = await postForm(app(), await as('socialworker'), '/drafts', { formKey: key, version: await version(id), childWishes: typed, factors: ['3B'] })
    assert.equal(saved.statusCode, 200)
    const restored = await get('socialworker', key)
    assert.match(restored.body, /We have restored the answers you had not saved/)
    assert.ok(restored.body.includes(typed))
    assert.match(restored.body, /value="3B" checked/)
    const done = await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments/${id}`, { version: await version(id), childWishes: typed, factors: '3B' })
    assert.equal(done.statusCode, 302)
    assert.doesNotMatch((await get('socialworker', key)).body, /We have restored/)
  })

  it('a start date in the future is refused by the field (400), and nothing is started', async () => {
    const child = await samsChild(3)
    const [y, m, d] = addDays(today(), 3).split('-')
    const res = await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments`, { 'startDate-day': String(d), 'startDate-month': String(m), 'startDate-year': String(y) })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /href="#startDate-day">The start date cannot be in the future/)
    assert.equal((await database.db.execute(sql`select 1 from assessment where person_id = ${child.personId}`)).rows.length, 0)
  })

  it('a save with a 1 MB analysis comes back 400 with the error by the field and everything else kept', async () => {
    const child = await samsChild(3)
    const id = await start(child)
    const res = await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments/${id}`, {
      version: await version(id),
      childWishes: 'Mia said she likes her new school <b>a lot</b>',
      analysis: 'z'.repeat(1024 * 1024),
      factors: ['4B', '16A'],
      outcome: 'cin_plan',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /href="#analysis">The analysis must be 20,000 characters or fewer/)
    assert.match(res.body, /Mia said she likes her new school &lt;b&gt;a lot&lt;\/b&gt;/)
    assert.match(res.body, /value="16A" checked/)
    assert.match(res.body, /value="cin_plan" checked/)
    const row = (await database.db.execute(sql`select child_wishes from assessment where id = ${id}`)).rows[0] as { child_wishes: string | null }
    assert.equal(row.child_wishes, null)
  })

  it('a save over someone else’s newer save is refused (409) with what was typed kept', async () => {
    const child = await samsChild(3)
    const id = await start(child)
    const v = await version(id)
    const first = await postForm(app(), await as('teammanager'), `/people/${child.personId}/assessments/${id}`, { version: v, childWishes: 'Manager’s note' })
    assert.equal(first.statusCode, 302)
    const second = await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments/${id}`, { version: v, childWishes: 'Worker’s words' })
    assert.equal(second.statusCode, 409)
    assert.match(second.body, /Someone else saved this assessment/)
    assert.match(second.body, /Worker’s words/)
    // Having been told, saving again keeps the worker's words.
    const newVersion = /name="version" value="(\d+)"/.exec(second.body)?.[1]
    assert.equal(newVersion, await version(id))
    const third = await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments/${id}`, { version: newVersion as string, childWishes: 'Worker’s words' })
    assert.equal(third.statusCode, 302)
  })

  it('submit with gaps: 400 with the error summary; manager’s return without comments: 400; a social worker cannot authorise: 403', async () => {
    const child = await samsChild(3)
    const id = await start(child)
    const base = `/people/${child.personId}/assessments/${id}`
    const gaps = await postForm(app(), await as('socialworker'), `${base}/submit`, {})
    assert.equal(gaps.statusCode, 400)
    assert.match(gaps.body, /Record at least one visit where the child was seen before submitting/)
    assert.match(gaps.body, /href="#childWishes"/)
    const seenBad = await postForm(app(), await as('socialworker'), `${base}/child-seen`, { 'seenOn-day': '1', 'seenOn-month': '1', 'seenOn-year': '2001', seenAlone: 'yes' })
    assert.equal(seenBad.statusCode, 400)
    assert.match(seenBad.body, /cannot be before the referral/)
    const [y, m, d] = today().split('-')
    assert.equal((await postForm(app(), await as('socialworker'), `${base}/child-seen`, { 'seenOn-day': String(d), 'seenOn-month': String(m), 'seenOn-year': String(y), seenAlone: 'yes' })).statusCode, 302)
    const saved = await postForm(app(), await as('socialworker'), base, {
      version: await version(id), childWishes: 'Wishes', developmentalNeeds: 'Needs', parentingCapacity: 'Capacity', familyEnvironment: 'Family', analysis: 'Analysis', factors: '16A', primaryNeedCode: 'N1', outcome: 'cin_plan',
    })
    assert.equal(saved.statusCode, 302)
    assert.equal((await postForm(app(), await as('socialworker'), `${base}/submit`, {})).statusCode, 302)
    const page = await get('teammanager', base)
    assert.match(page.body, /Return with comments/)
    assert.match(page.body, />\s*Authorise\s*</)
    const noComments = await postForm(app(), await as('teammanager'), `${base}/return`, { comments: '' })
    assert.equal(noComments.statusCode, 400)
    assert.match(noComments.body, /There is a problem/)
    assert.match(noComments.body, /Enter your comments/)
    const sw = await postForm(app(), await as('socialworker'), `${base}/authorise`, {})
    assert.equal(sw.statusCode, 403)
    const ok = await postForm(app(), await as('teammanager'), `${base}/authorise`, { comments: 'Agreed' })
    assert.equal(ok.statusCode, 302)
    const done = await get('socialworker', base)
    assert.match(done.body, /Completed \d{1,2} \w+ \d{4} –\s+in timescale/)
  })

  it('a child outside the worker’s caseload: 403 on the list and on starting', async () => {
    const sam = await actorFor(database, 'socialworker')
    const other = await otherTeam(database, sam.teamId as string)
    const child = await childWithReferral(database, { referralDate: addDays(today(), -2), allocateTo: { workerId: other.workerId, teamId: other.teamId } })
    assert.equal((await get('socialworker', `/people/${child.personId}/assessments`)).statusCode, 403)
    assert.equal((await postForm(app(), await as('socialworker'), `/people/${child.personId}/assessments`, {})).statusCode, 403)
    assert.equal((await get('analyst', `/people/${child.personId}/assessments`)).statusCode, 200)
    assert.doesNotMatch((await get('analyst', `/people/${child.personId}/assessments`)).body, /Start an assessment/)
  })

  it('an assessment that ends in a strategy discussion links to recording it, for those who may', async () => {
    const child = await samsChild(20)
    const id = await start(child)
    await database.db.execute(sql`update assessment set outcome = 'strategy_discussion' where id = ${id}`)
    const page = await get('socialworker', `/people/${child.personId}/assessments/${id}`)
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes(`href="/people/${child.personId}/strategy-discussions/new?source=assessment&amp;sourceId=${id}"`), 'the link carries the assessment as the source')
    assert.doesNotMatch((await get('analyst', `/people/${child.personId}/assessments/${id}`)).body, /Record the strategy discussion/)
  })
})
