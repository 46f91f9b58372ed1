/**
 * The whole council's dashboard adds up kept days (issue 8, ADR 0011). What a person would notice if this
 * were wrong: a number on the dashboard that is not the count of the records (or of the list behind it)
 * after a record was changed or back-dated. So: kept numbers equal the records' count month by month, a
 * change to any kind of counted record dated on a kept day is in the next view, and everyday recording
 * (completing today, ending a plan today) leaves nothing to recount.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { viewDashboard } from '../../src/app/indicators/dashboard.ts'
import { monthlyCounts } from '../../src/app/indicators/keptCounts.ts'
import { limiter } from '../../src/app/concurrency.ts'
import { monthlyIndicator, SQL_INDICATORS, type SqlIndicator } from '../../src/db/repositories/indicators.ts'
import { parsePeriod, type Period } from '../../src/domain/indicators/periods.ts'
import { INDICATORS } from '../../src/domain/indicators/definitions.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { childWithReferral, insertAssessmentRow, type TestChild } from '../helpers/worklistFixtures.ts'
import { conferenceRow, cpPlanRow, section47Row } from '../helpers/childProtectionFixtures.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const db = database.db
const COUNCIL = { teamIds: null }

/** A London date `days` before today. */
const daysAgo = (days: number): string => londonDate(new Date(Date.now() - days * 86_400_000))

const period = (): Period => {
  const p = parsePeriod('last-24-months', londonDate(ctx.now()))
  assert.ok(p.ok)
  return p.value
}

/** Every indicator's months from the dashboard's counting, beside the records' own count of each month. */
async function countsBesideRecords(p: Period): Promise<{ id: SqlIndicator; kept: Map<string, string>; records: Map<string, string> }[]> {
  const ids = [...SQL_INDICATORS]
  const counted = await monthlyCounts(ctx, ids, p, COUNCIL, limiter(3))
  const out = []
  for (const [i, id] of ids.entries()) {
    const records = await monthlyIndicator(db, id, { start: p.start, end: p.end }, COUNCIL)
    const fmt = (rs: readonly { month: string; numerator: number; denominator: number }[]) => new Map(rs.map((r) => [r.month, `${r.numerator}/${r.denominator}`]))
    out.push({ id, kept: fmt(counted[i] ?? []), records: fmt(records) })
  }
  return out
}

async function assertSameAsRecords(p: Period, when: string): Promise<void> {
  for (const { id, kept, records } of await countsBesideRecords(p)) assert.deepEqual(kept, records, `${id} month by month, ${when}`)
}

const keptRows = async (day: string) => Number(((await db.execute(sql`select count(*)::int as n from indicator_day where day = ${day}::date`)).rows[0] as { n: number }).n)
/** The families with a kept-able day marked stale from `from` (the last two days are never kept, so never recounted). */
const markedFamilies = async (from: string) =>
  new Set(((await db.execute(sql`select distinct family from indicator_day_stale where day between ${from}::date and ${daysAgo(2)}::date`)).rows as { family: string }[]).map((r) => r.family))
const marks = async () => Number(((await db.execute(sql`select count(*)::int as n from indicator_day_stale`)).rows[0] as { n: number }).n)

/** Ends a plan at a review conference held that day (a plan is only ever ended by a conference). */
async function endPlan(child: TestChild, planId: string, on: string): Promise<void> {
  const review = await conferenceRow(database, child, { type: 'review', cpPlanId: planId, targetDate: on, scheduledOn: on, heldOn: on, decision: 'end_plan' })
  await db.execute(sql`update cp_plan set end_date = ${on}, end_conference_id = ${review} where id = ${planId}`)
}

describe('the whole council’s dashboard, added up from kept days', () => {
  const D = daysAgo(40)
  let contactChild: { id: string; contactId: string; receivedAt: string; decidedAt: string | null }

  before(async () => {
    // A decided contact from before the 24 months, moved onto D for the test and put back afterwards.
    const [row] = (
      await db.execute(sql`select cc.id, cc.contact_id as "contactId", c.received_at::text as "receivedAt", cc.decided_at::text as "decidedAt"
                             from contact_child cc join contact c on c.id = cc.contact_id
                            where cc.decided_at is not null order by c.received_at limit 1`)
    ).rows as (typeof contactChild)[]
    assert.ok(row, 'the demo council has a decided contact')
    contactChild = row
  })

  after(async () => {
    await db.execute(sql`update contact set received_at = ${contactChild.receivedAt}::timestamptz where id = ${contactChild.contactId}`)
    await db.execute(sql`update contact_child set decided_at = ${contactChild.decidedAt}::timestamptz where id = ${contactChild.id}`)
  })

  it('gives the records’ own count for every indicator and month, the first time (counting and keeping) and the next (reading what was kept)', async () => {
    const p = period()
    await assertSameAsRecords(p, 'first view')
    assert.ok((await keptRows(D)) > 0, 'a settled day’s counts are kept')
    assert.equal(await keptRows(londonDate(ctx.now())), 0, 'today is never kept')
    await assertSameAsRecords(p, 'second view, from kept days')
  })

  it('a past month counts and keeps that month only, not every day since', async () => {
    const p = parsePeriod('2016-03', londonDate(ctx.now()))
    assert.ok(p.ok)
    await assertSameAsRecords(p.value, 'March 2016')
    const kept = async (from: string, to: string) =>
      Number(((await db.execute(sql`select count(*)::int as n from indicator_day where day between ${from}::date and ${to}::date`)).rows[0] as { n: number }).n)
    // Every indicator counted over time has March's 31 days; those counted at a month's end, its last day.
    const atMonthEnd = SQL_INDICATORS.filter((id) => INDICATORS[id].snapshot).length
    assert.equal(await kept('2016-03-01', '2016-03-31'), (SQL_INDICATORS.length - atMonthEnd) * 31 + atMonthEnd)
    assert.equal(await kept('2016-04-01', '2016-12-31'), 0)
  })

  it('counts a change to any kind of record dated on a kept day in the very next view', async () => {
    const p = period()
    await assertSameAsRecords(p, 'before the changes')
    const before = await countsBesideRecords(p)
    const month = D.slice(0, 7)
    const valueBefore = (id: SqlIndicator) => before.find((b) => b.id === id)?.kept.get(month) ?? '0/0'

    // A back-dated referral, an assessment completed (late) and authorised on D with the child seen alone
    // (open at the month ends before it), a section 47 enquiry started on D with its initial conference
    // held on D, and a plan ended on D having started five months before; a contact moved onto D and its
    // child's decision too.
    const tm = (await actorFor(database, 'teammanager')).teamId as string
    const child = await childWithReferral(database, { referralDate: D })
    const a = await insertAssessmentRow(database, { child, kind: 'single', framework: 'wt2023', startDate: daysAgo(130), dueDate: daysAgo(90), status: 'authorised', completedOn: D, workerId: null, teamId: tm })
    await db.execute(sql`insert into assessment_child_seen (assessment_id, seen_on, seen_alone) values (${a.id}, ${D}, true)`)
    const s47 = await section47Row(database, child, { heldOn: D, icpcTargetDate: daysAgo(60), teamId: tm })
    const icpc = await conferenceRow(database, child, { type: 'initial', section47Id: s47.section47Id, targetDate: daysAgo(60), scheduledOn: D, heldOn: D, decision: 'plan' })
    const plan = await cpPlanRow(database, child, { startConferenceId: icpc, startDate: daysAgo(160), firstCoreGroupDue: daysAgo(150), nextReviewDue: daysAgo(70) })
    await endPlan(child, plan, D)
    await db.execute(sql`update contact set received_at = ${D}::date + time '12:00' where id = ${contactChild.contactId}`)
    await db.execute(sql`update contact_child set decided_at = ${D}::date + time '13:00' where id = ${contactChild.id}`)

    const families = await markedFamilies(p.start)
    for (const f of ['contacts_received', 'contacts_decided', 'referrals', 'assessments_completed', 'assessments_open', 'section47s', 'icpcs', 'cp_plans', 'cp_children'])
      assert.ok(families.has(f), `a change to ${f} marks its kept days stale`)

    await assertSameAsRecords(p, 'after the changes')
    const after = await countsBesideRecords(p)
    const valueAfter = (id: SqlIndicator) => after.find((b) => b.id === id)?.kept.get(month) ?? '0/0'
    // The numbers did move (the test would not notice a dashboard that ignored the changes otherwise).
    for (const id of ['referrals', 'assessments_completed', 'assessments_in_timescale', 'assessments_child_seen_alone', 'section47s', 'icpcs_in_15wd', 'cp_lasting_2_years', 'contacts', 'contacts_decided_in_1wd'] as const)
      assert.notEqual(valueAfter(id), valueBefore(id), `${id} in ${month} changed`)
    assert.equal(await markedFamilies(p.start).then((s) => s.size), 0, 'the marks of the recounted days are cleared')

    // And the dashboard a person sees shows it.
    const analyst = { actor: await actorFor(database, 'analyst'), ip: null, requestId: null }
    const d = await viewDashboard(ctx, analyst, { period: 'last-24-months' })
    const referrals = await monthlyIndicator(db, 'referrals', { start: p.start, end: p.end }, COUNCIL)
    assert.equal(d.indicators.find((i) => i.id === 'referrals')?.trend.total.numerator, referrals.reduce((s, r) => s + r.numerator, 0))
  })

  it('leaves nothing to recount when today’s work is recorded: an assessment completed today, a plan ended today', async () => {
    const p = period()
    await assertSameAsRecords(p, 'before')
    const today = londonDate(ctx.now())
    const child = await childWithReferral(database, { referralDate: daysAgo(100) })
    const a = await insertAssessmentRow(database, { child, kind: 'single', framework: 'wt2023', startDate: daysAgo(100), dueDate: daysAgo(55), workerId: null, teamId: null })
    const s47 = await section47Row(database, child, { heldOn: daysAgo(95), icpcTargetDate: daysAgo(80) })
    const icpc = await conferenceRow(database, child, { type: 'initial', section47Id: s47.section47Id, targetDate: daysAgo(80), scheduledOn: daysAgo(82), heldOn: daysAgo(82), decision: 'plan' })
    const plan = await cpPlanRow(database, child, { startConferenceId: icpc, startDate: daysAgo(82), firstCoreGroupDue: daysAgo(72), nextReviewDue: daysAgo(10) })
    await assertSameAsRecords(p, 'with the back-dated records counted')
    const n = await marks()
    await db.execute(sql`update assessment set status = 'authorised', completed_on = ${today}, outcome = 'cin_plan' where id = ${a.id}`)
    await endPlan(child, plan, today)
    assert.equal(await marks(), n, 'no kept day was touched')
    await assertSameAsRecords(p, 'after today’s work')
  })
})
