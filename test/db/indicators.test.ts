/**
 * Management information counts from the records (issue 8): in a team of its own, a hand-made set of
 * contacts, referrals and assessments gives exactly the numbers a person would count, month by month, and
 * the list behind each number is exactly the records counted.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, insertAssessmentRow, type TestChild } from '../helpers/worklistFixtures.ts'
import {
  indicatorChildren,
  indicatorChildrenChunks,
  indicatorCountsByFramework,
  indicatorCountsByWorker,
  indicatorWorker,
  indicatorWorkers,
  monthlyIndicator,
} from '../../src/db/repositories/indicators.ts'
import { BUSY_ASSESSMENTS, busyTeam } from '../helpers/dashboardFixtures.ts'

const database = testDatabase()
after(() => database.close())
const q = async <T>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[]

let teamId = ''
let workerId = ''
let secondWorkerId = ''
const children: TestChild[] = []
const scope = () => ({ teamIds: [teamId] })

before(async () => {
  const [service] = await q<{ id: string }>(sql`select id from service order by name limit 1`)
  const name = `Indicators test team ${randomBytes(3).toString('hex')}`
  ;[{ id: teamId }] = (await q<{ id: string }>(sql`insert into team (service_id, name, kind) values (${service?.id}, ${name}, 'safeguarding') returning id`)) as [{ id: string }]
  ;[{ id: workerId }] = (await q<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values ('Indy Counter', 'Social worker', true, ${teamId}, '2020-01-06') returning id`)) as [{ id: string }]
  // Three children referred in March 2025 (one a re-referral), one in April 2025.
  for (const [date, rr] of [['2025-03-03', false], ['2025-03-10', true], ['2025-03-24', false], ['2025-04-07', false]] as const) {
    const c = await childWithReferral(database, { referralDate: date, allocateTo: { workerId, teamId } })
    if (rr) await q(sql`update referral set is_re_referral = true where id = ${c.referralId}`)
    children.push(c)
  }
  // Assessments authorised in April 2025: two on time, one late; one still open at the end of April.
  const a = (i: number, start: string, due: string, completed: string | null) =>
    insertAssessmentRow(database, { child: children[i] as TestChild, startDate: start, dueDate: due, status: completed ? 'authorised' : 'in_progress', completedOn: completed, workerId, teamId })
  await a(0, '2025-03-03', '2025-05-06', '2025-04-10')
  await a(1, '2025-03-10', '2025-05-13', '2025-04-22')
  await a(2, '2025-03-24', '2025-04-01', '2025-04-15')
  await a(3, '2025-04-07', '2025-04-11', null)

  // Referred in May 2025 and assessed in June under every framework: an initial assessment under the 2000
  // framework (7 working days, late), an initial and a core under Working Together 2010 (on time), and two
  // single assessments (on time), one of them with no worker on a child allocated to nobody.
  ;[{ id: secondWorkerId }] = (await q<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values ('Wren Tally', 'Social worker', true, ${teamId}, '2021-02-01') returning id`)) as [{ id: string }]
  const june: [string, string | null, 'fa2000' | 'wt2010' | 'wt2023', 'initial' | 'core' | 'single', string, string][] = [
    ['2025-05-01', secondWorkerId, 'fa2000', 'initial', '2025-05-12', '2025-06-02'],
    ['2025-05-27', secondWorkerId, 'wt2010', 'initial', '2025-06-10', '2025-06-05'],
    ['2025-05-12', workerId, 'wt2010', 'core', '2025-06-30', '2025-06-20'],
    ['2025-05-19', workerId, 'wt2023', 'single', '2025-07-15', '2025-06-25'],
    ['2025-05-20', null, 'wt2023', 'single', '2025-07-20', '2025-06-26'],
  ]
  for (const [referred, worker, framework, kind, due, completed] of june) {
    const c = await childWithReferral(database, { referralDate: referred, allocateTo: worker ? { workerId: worker, teamId } : null })
    children.push(c)
    await insertAssessmentRow(database, { child: c, kind, framework, startDate: referred, dueDate: due, status: 'authorised', completedOn: completed, workerId: worker, teamId })
  }
})

describe('indicator counts from the records', () => {
  it('referrals and re-referrals by month', async () => {
    const r = { start: '2025-03-01', end: '2025-04-30' }
    assert.deepEqual(await monthlyIndicator(database.db, 'referrals', r, scope()), [
      { month: '2025-03', numerator: 3, denominator: 3 },
      { month: '2025-04', numerator: 1, denominator: 1 },
    ])
    assert.deepEqual(await monthlyIndicator(database.db, 're_referrals_12m', r, scope()), [
      { month: '2025-03', numerator: 1, denominator: 3 },
      { month: '2025-04', numerator: 0, denominator: 1 },
    ])
  })

  it('assessments completed in timescale, and the open and overdue snapshot at each month’s end', async () => {
    const r = { start: '2025-03-01', end: '2025-04-30' }
    assert.deepEqual(await monthlyIndicator(database.db, 'assessments_in_timescale', r, scope()), [{ month: '2025-04', numerator: 2, denominator: 3 }])
    // 31 March: three open (none overdue; the third is due 1 April); 30 April: one open, overdue since 11 April.
    assert.deepEqual(await monthlyIndicator(database.db, 'assessments_overdue', r, scope()), [
      { month: '2025-03', numerator: 0, denominator: 3 },
      { month: '2025-04', numerator: 1, denominator: 1 },
    ])
  })

  it('lists exactly the records behind a number, with who holds them; other teams see none of them', async () => {
    const r = { start: '2025-04-01', end: '2025-04-30' }
    const viewer = (await actorFor(database, 'analyst')).userId
    const late = await indicatorChildren(database.db, 'assessments_in_timescale', r, scope(), { viewerUserId: viewer })
    assert.equal(late.length, 3)
    assert.deepEqual(late.filter((x) => !x.hit).map((x) => x.personRef), [children[2]?.personRef])
    assert.ok(late.every((x) => x.workerName === 'Indy Counter'))
    const overdue = await indicatorChildren(database.db, 'assessments_overdue', r, scope(), { viewerUserId: viewer, onlyHits: true })
    assert.deepEqual(overdue.map((x) => x.personRef), [children[3]?.personRef])
    assert.deepEqual(await monthlyIndicator(database.db, 'assessments_in_timescale', r, { teamIds: [] }), [])
  })

  it('counts assessments completed and within timescale by month, framework and kind', async () => {
    const r = { start: '2025-04-01', end: '2025-06-30' }
    assert.deepEqual(await indicatorCountsByFramework(database.db, 'assessments_in_timescale', r, scope(), {}), [
      { month: '2025-04', framework: 'wt2023', kind: 'single', numerator: 2, denominator: 3 },
      { month: '2025-06', framework: 'fa2000', kind: 'initial', numerator: 0, denominator: 1 },
      { month: '2025-06', framework: 'wt2010', kind: 'core', numerator: 1, denominator: 1 },
      { month: '2025-06', framework: 'wt2010', kind: 'initial', numerator: 1, denominator: 1 },
      { month: '2025-06', framework: 'wt2023', kind: 'single', numerator: 2, denominator: 2 },
    ])
    // For one worker: Wren Tally's two, one of them late.
    assert.deepEqual(await indicatorCountsByFramework(database.db, 'assessments_in_timescale', r, scope(), { workerId: secondWorkerId }), [
      { month: '2025-06', framework: 'fa2000', kind: 'initial', numerator: 0, denominator: 1 },
      { month: '2025-06', framework: 'wt2010', kind: 'initial', numerator: 1, denominator: 1 },
    ])
    // The list behind a framework's number is that number.
    const viewer = (await actorFor(database, 'analyst')).userId
    const june = { start: '2025-06-01', end: '2025-06-30' }
    assert.equal((await indicatorChildren(database.db, 'assessments_completed', june, scope(), { viewerUserId: viewer, framework: 'wt2010' })).length, 2)
    const core = await indicatorChildren(database.db, 'assessments_completed', june, scope(), { viewerUserId: viewer, framework: 'wt2010', assessmentKind: 'core' })
    assert.deepEqual(core.map((x) => x.personRef), [children[6]?.personRef])
    const late = await indicatorChildren(database.db, 'assessments_in_timescale', june, scope(), { viewerUserId: viewer, framework: 'fa2000' })
    assert.deepEqual(late.map((x) => [x.personRef, x.hit]), [[children[4]?.personRef, false]])
  })

  it('counts by worker, the records’ own worker or else the child’s allocated worker; each count is its list', async () => {
    const viewer = (await actorFor(database, 'analyst')).userId
    const june = { start: '2025-06-01', end: '2025-06-30' }
    const byWorker = await indicatorCountsByWorker(database.db, 'assessments_in_timescale', june, scope(), {})
    assert.deepEqual(byWorker.map((w) => [w.workerName, w.numerator, w.denominator]), [
      ['Indy Counter', 2, 2],
      ['Wren Tally', 1, 2],
      [null, 1, 1],
    ])
    assert.ok(byWorker.slice(0, 2).every((w) => w.workerTeamId === teamId))
    for (const w of byWorker.filter((x) => x.workerId)) {
      const listed = await indicatorChildren(database.db, 'assessments_in_timescale', june, scope(), { viewerUserId: viewer, workerId: w.workerId as string })
      assert.equal(listed.length, w.denominator, `${w.workerName}'s list`)
      const hits = await indicatorChildren(database.db, 'assessments_in_timescale', june, scope(), { viewerUserId: viewer, workerId: w.workerId as string, onlyHits: true })
      assert.equal(hits.length, w.numerator)
    }
    const wren = await indicatorChildren(database.db, 'assessments_in_timescale', june, scope(), { viewerUserId: viewer, workerId: secondWorkerId, onlyHits: true })
    assert.deepEqual(wren.map((x) => x.personRef), [children[5]?.personRef])
    // Referrals carry no worker: they count for the child's allocated worker (March: 3 and April: 1 for Indy; May: 2 each).
    const referrals = await indicatorCountsByWorker(database.db, 'referrals', { start: '2025-03-01', end: '2025-05-31' }, scope(), {})
    assert.deepEqual(referrals.map((w) => [w.workerName, w.denominator]), [
      ['Indy Counter', 6],
      ['Wren Tally', 2],
    ])
    const wrenReferrals = await indicatorChildren(database.db, 'referrals', { start: '2025-03-01', end: '2025-05-31' }, scope(), { viewerUserId: viewer, workerId: secondWorkerId })
    assert.deepEqual(wrenReferrals.map((x) => x.personRef).sort(), [children[4]?.personRef, children[5]?.personRef].sort())
  })

  it('offers the workers of the teams shown, and finds a worker with their team', async () => {
    assert.deepEqual((await indicatorWorkers(database.db, [teamId])).map((w) => w.name), ['Indy Counter', 'Wren Tally'])
    assert.deepEqual(await indicatorWorkers(database.db, []), [])
    assert.deepEqual(await indicatorWorker(database.db, secondWorkerId), { id: secondWorkerId, name: 'Wren Tally', teamId, teamName: (await q<{ name: string }>(sql`select name from team where id = ${teamId}`))[0]?.name, active: true })
  })
})

describe('a list longer than a page', () => {
  const september = { start: '2024-09-01', end: '2024-09-30' }

  it('pages 100 at a time in a stable order: pages neither overlap nor skip, and their total is the number', async () => {
    const busy = await busyTeam(database)
    const scope = { teamIds: [busy.teamId] }
    const viewer = (await actorFor(database, 'analyst')).userId
    const [monthly] = await monthlyIndicator(database.db, 'assessments_completed', september, scope)
    assert.equal(monthly?.denominator, BUSY_ASSESSMENTS)
    // Every record the list holds (the drill-down's total is these by worker, added up).
    const listed = async (id: 'assessments_completed' | 'assessments_in_timescale', f: { workerId?: string; onlyHits?: boolean }) =>
      (await indicatorChildren(database.db, id, september, scope, { viewerUserId: viewer, ...f, limit: 10_000 })).length
    assert.equal(await listed('assessments_completed', {}), BUSY_ASSESSMENTS, 'the total is the dashboard’s number')

    const first = await indicatorChildren(database.db, 'assessments_completed', september, scope, { viewerUserId: viewer, limit: 100, offset: 0 })
    const second = await indicatorChildren(database.db, 'assessments_completed', september, scope, { viewerUserId: viewer, limit: 100, offset: 100 })
    assert.equal(first.length, 100)
    assert.equal(second.length, BUSY_ASSESSMENTS - 100)
    const ids = [...first, ...second].map((r) => r.recordId)
    assert.equal(new Set(ids).size, BUSY_ASSESSMENTS, 'every record once, none twice')
    // Latest first, then by child, then by the record's own id (many share a day and a child).
    const all = [...first, ...second]
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]] as [(typeof all)[0], (typeof all)[0]]
      assert.ok(a.day > b.day || (a.day === b.day && (a.personRef < b.personRef || (a.personRef === b.personRef && a.recordId < b.recordId))), `row ${i} in order`)
    }
    // The same page read again is the same page.
    assert.deepEqual(await indicatorChildren(database.db, 'assessments_completed', september, scope, { viewerUserId: viewer, limit: 100, offset: 100 }), second)
    // The restricted child stays masked on every page.
    const masked = all.filter((r) => r.personRef === busy.restricted.personRef)
    assert.ok(masked.length > 0 && masked.every((r) => r.name === 'Restricted record'))

    // The by-worker and by-framework counts are of every record, not a page's.
    const byWorker = await indicatorCountsByWorker(database.db, 'assessments_completed', september, scope, {})
    assert.deepEqual(
      byWorker.map((w) => [w.workerName, w.denominator]),
      busy.workers.map((w) => [w.name, busy.assessments.filter((a) => a.workerId === w.id).length]),
    )
    const byFramework = await indicatorCountsByFramework(database.db, 'assessments_in_timescale', september, scope, {})
    assert.deepEqual(
      byFramework.map((f) => [f.framework, f.denominator, f.numerator]),
      (['wt2010', 'wt2023'] as const).map((fw) => {
        const these = busy.assessments.filter((a) => a.framework === fw)
        return [fw, these.length, these.filter((a) => a.onTime).length]
      }),
    )
    // A filtered list's total is its own count.
    const late = busy.assessments.filter((a) => !a.onTime && a.workerId === busy.workers[1]?.id).length
    assert.equal(await listed('assessments_in_timescale', { workerId: busy.workers[1]?.id as string }), busy.assessments.filter((a) => a.workerId === busy.workers[1]?.id).length)
    assert.equal(
      (await listed('assessments_in_timescale', { workerId: busy.workers[1]?.id as string })) -
        (await listed('assessments_in_timescale', { workerId: busy.workers[1]?.id as string, onlyHits: true })),
      late,
    )

    // Read in chunks (keyset: each after the last row of the one before): every record once, in the list's order.
    const chunks: number[] = []
    const read: string[] = []
    for await (const chunk of indicatorChildrenChunks(database.db, 'assessments_completed', september, scope, { viewerUserId: viewer }, 40)) {
      chunks.push(chunk.length)
      read.push(...chunk.map((r) => r.recordId))
    }
    assert.deepEqual(chunks, [40, 40, 40, 17])
    assert.deepEqual(read, ids)
  })
})
