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
import { indicatorChildren, monthlyIndicator } from '../../src/db/repositories/indicators.ts'

const database = testDatabase()
after(() => database.close())
const q = async <T>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[]

let teamId = ''
let workerId = ''
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
})
