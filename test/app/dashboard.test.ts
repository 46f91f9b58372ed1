/**
 * The performance dashboard's numbers (issue 8): the same as a hand count of the records, a period with
 * no data shows zeros with the definition, scope is enforced, and the list behind a number is that number.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { indicatorDrillDown, indicatorDrillDownExport, viewDashboard } from '../../src/app/indicators/dashboard.ts'
import { SQL_INDICATORS } from '../../src/db/repositories/indicators.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { otherTeam } from '../helpers/worklistFixtures.ts'
import { BUSY_ASSESSMENTS, BUSY_PERIOD, busyTeam } from '../helpers/dashboardFixtures.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: null, requestId: null })
const one = async (query: ReturnType<typeof sql>) => ((await database.db.execute(query)).rows[0] as Record<string, number>)

describe('the performance dashboard', () => {
  it('counts what a person counting the records would count (the analyst, all teams, the last 12 months)', async () => {
    const d = await viewDashboard(ctx, await meta('analyst'), {})
    const { start, end } = d.period
    const get = (id: string) => d.indicators.find((i) => i.id === id)?.trend.total
    const referrals = await one(sql`select count(*)::int as n, count(*) filter (where is_re_referral)::int as rr from referral where referral_date between ${start}::date and ${end}::date`)
    assert.equal(get('referrals')?.numerator, referrals.n)
    assert.equal(get('re_referrals_12m')?.numerator, referrals.rr)
    assert.equal(get('re_referrals_12m')?.denominator, referrals.n)
    const assessments = await one(sql`select count(*)::int as n, count(*) filter (where completed_on <= due_date)::int as ontime from assessment
                                       where status = 'authorised' and completed_on between ${start}::date and ${end}::date`)
    assert.equal(get('assessments_in_timescale')?.denominator, assessments.n)
    assert.equal(get('assessments_in_timescale')?.numerator, assessments.ontime)
    const open = await one(sql`select count(*)::int as n, count(*) filter (where due_date < ${end}::date)::int as overdue from assessment
                                where start_date <= ${end}::date and (completed_on is null or completed_on > ${end}::date)`)
    assert.equal(get('assessments_overdue')?.numerator, open.overdue, 'overdue today')
    assert.equal(get('assessments_overdue')?.denominator, open.n)
    const cp = await one(sql`select count(*)::int as n from cp_plan where start_date <= ${end}::date and (end_date is null or end_date > ${end}::date)`)
    assert.equal(get('cp_children')?.numerator, cp.n)
    assert.equal(d.cpByCategory.reduce((s, c) => s + c.children, 0), cp.n)
    // The demo sets a child population: the rate per 10,000 is shown.
    const rate = d.snapshots.find((s) => s.id === 'cp_rate_per_10000')
    assert.ok(rate && rate.value !== null && /per 10,000/.test(rate.display))
  })

  it('a period with no data shows zero and “No cases” with the definition, not an error', async () => {
    const d = await viewDashboard(ctx, await meta('analyst'), { period: '2015-01' })
    const t = d.indicators.find((i) => i.id === 'assessments_in_timescale')
    assert.equal(t?.trend.total.numerator, 0)
    assert.equal(t?.trend.total.value, null)
    assert.equal(t?.trend.points.length, 1)
    assert.ok((t?.definition.definition ?? '').length > 20)
    assert.equal(d.indicators.find((i) => i.id === 'referrals')?.trend.total.value, 0)
  })

  it('the list behind a number is that number', async () => {
    const m = await meta('analyst')
    const d = await viewDashboard(ctx, m, {})
    const overdue = d.indicators.find((i) => i.id === 'assessments_overdue')?.trend.total.numerator
    const dd = await indicatorDrillDown(ctx, m, 'assessments_overdue', { numerator: true })
    assert.equal(dd.total, overdue)
    assert.equal(dd.rows.length, Math.min(overdue ?? 0, 100), 'the first page of it')
    assert.ok(dd.rows.every((r) => r.hit))
  })

  it('opens on a team manager’s team; refuses another team, a bad period, an unknown indicator and people without the capability', async () => {
    const tm = await meta('teammanager')
    const d = await viewDashboard(ctx, tm, {})
    assert.equal(d.team?.id, tm.actor.teamId)
    const other = await otherTeam(database, tm.actor.teamId as string)
    await assert.rejects(viewDashboard(ctx, tm, { team: other.teamId }), ForbiddenError)
    await assert.rejects(viewDashboard(ctx, tm, { period: 'last-week' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'period')
    await assert.rejects(indicatorDrillDown(ctx, tm, 'not_an_indicator', {}), /No indicator/)
    await assert.rejects(viewDashboard(ctx, await meta('socialworker'), {}), ForbiddenError)
  })

  it('filters by service: the service’s teams only; a service outside the viewer’s scope is refused', async () => {
    const analyst = await meta('analyst')
    const all = await viewDashboard(ctx, analyst, {})
    const service = all.services[0]
    assert.ok(service)
    const d = await viewDashboard(ctx, analyst, { service: service.id })
    assert.equal(d.service?.id, service.id)
    const [row] = (await database.db.execute(sql`select count(*)::int as n from assessment a join team t on t.id = a.team_id
                                                 where t.service_id = ${service.id} and a.status = 'authorised' and a.completed_on between ${d.period.start}::date and ${d.period.end}::date`)).rows as { n: number }[]
    assert.equal(d.indicators.find((i) => i.id === 'assessments_completed')?.trend.total.numerator, row?.n)
    const tm = await meta('teammanager')
    const other = all.services.find((s) => !all.teams.some((t) => t.serviceName === s.name && t.id === tm.actor.teamId))
    assert.ok(other)
    await assert.rejects(viewDashboard(ctx, tm, { service: other.id }), ForbiddenError)
  })

  it('a team with no records, and a month with nothing, show zero with the definition, not an error', async () => {
    const analyst = await meta('analyst')
    const [service] = (await database.db.execute(sql`select id from service order by name limit 1`)).rows as { id: string }[]
    const name = `Empty dashboard team ${randomBytes(3).toString('hex')}`
    const [team] = (await database.db.execute(sql`insert into team (service_id, name, kind) values (${service?.id}, ${name}, 'safeguarding') returning id`)).rows as { id: string }[]
    assert.ok(team)
    for (const period of [undefined, '2015-01']) {
      const d = await viewDashboard(ctx, analyst, { team: team.id, period })
      assert.equal(d.team?.name, name)
      for (const i of d.indicators) {
        assert.equal(i.trend.total.numerator, 0, `${i.id} counts nothing`)
        assert.equal(i.trend.total.value, i.definition.kind === 'count' ? 0 : null, `${i.id}: 0, or “No cases” for a percentage`)
        assert.equal(i.trend.points.length, d.period.months.length, `${i.id}: every month present`)
        assert.ok(i.trend.points.every((p) => p.numerator === 0))
        assert.ok(i.definition.definition.length > 20, `${i.id} keeps its definition`)
      }
      const snap = (id: string) => d.snapshots.find((x) => x.id === id)
      assert.equal(snap('unallocated_children')?.value, 0)
      assert.equal(snap('caseloads_over_limit')?.display, 'No cases')
      assert.equal(snap('cp_visits_in_timescale')?.display, 'No cases')
      assert.deepEqual(d.cpByCategory, [])
    }
    for (const id of SQL_INDICATORS) {
      const dd = await indicatorDrillDown(ctx, analyst, id, { team: team.id, period: '2015-01' })
      assert.deepEqual([dd.rows, dd.byWorker, dd.total, dd.page, dd.pages], [[], [], 0, 1, 1], `${id}: an empty list, not an error`)
    }
    const dd = await indicatorDrillDown(ctx, analyst, 'assessments_in_timescale', { team: team.id })
    assert.deepEqual(dd.byFramework, { rows: [], total: { completed: 0, withinTimescale: 0, percent: null }, lines: [] })
  })

  it('narrows the records to a worker the viewer’s scope covers, and refuses any other worker like a team', async () => {
    const analyst = await meta('analyst')
    const all = await indicatorDrillDown(ctx, analyst, 'assessments_completed', {})
    assert.equal(all.byWorker.reduce((n, w) => n + w.denominator, 0), all.total, 'the workers’ counts add up to the list')
    const busiest = [...all.byWorker].filter((w) => w.workerId).sort((a, b) => b.denominator - a.denominator)[0]
    assert.ok(busiest?.workerId && busiest.inScope)
    const dd = await indicatorDrillDown(ctx, analyst, 'assessments_completed', { worker: busiest.workerId })
    assert.equal(dd.worker?.name, busiest.name)
    // A hand count: authorised in the period, held by the worker (or, with no worker recorded, their allocated child).
    const hand = await one(sql`select count(*)::int as n from assessment a
                                 left join allocation al on al.person_id = a.person_id and al.end_date is null and al.allocation_role = 'allocated_worker'
                                where a.status = 'authorised' and a.completed_on between ${dd.period.start}::date and ${dd.period.end}::date
                                  and coalesce(a.worker_id, al.worker_id) = ${busiest.workerId}`)
    assert.equal(dd.total, hand.n)
    assert.equal(dd.total, busiest.denominator)
    assert.ok(dd.rows.every((r) => r.workerName === busiest.name))
    // The filter offers every worker in post (council-wide for the analyst); the table still lists them all.
    assert.ok(dd.workers.some((w) => w.id === busiest.workerId))
    assert.deepEqual(dd.byWorker, all.byWorker)

    const tm = await meta('teammanager')
    const other = await otherTeam(database, tm.actor.teamId as string)
    await assert.rejects(indicatorDrillDown(ctx, tm, 'assessments_completed', { worker: other.workerId }), ForbiddenError)
    await assert.rejects(indicatorDrillDown(ctx, tm, 'referrals', { worker: randomUUID() }), ForbiddenError)
    await assert.rejects(indicatorDrillDown(ctx, tm, 'referrals', { worker: "x' or 1=1" }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'worker')
    const own = await indicatorDrillDown(ctx, tm, 'referrals', {})
    assert.ok(own.workers.length > 0 && own.workers.every((w) => w.teamId === tm.actor.teamId), 'a team manager is offered their own team’s workers')
    const mine = own.workers[0]
    assert.ok(mine)
    const filtered = await indicatorDrillDown(ctx, tm, 'referrals', { worker: mine.id })
    assert.equal(filtered.total, own.byWorker.find((w) => w.workerId === mine.id)?.denominator ?? 0)
  })

  it('breaks assessments down by framework and kind: the totals are the dashboard’s and each number is its list', async () => {
    const analyst = await meta('analyst')
    const d = await viewDashboard(ctx, analyst, {})
    const timeliness = d.indicators.find((i) => i.id === 'assessments_in_timescale')?.trend.total
    for (const id of ['assessments_completed', 'assessments_in_timescale']) {
      const dd = await indicatorDrillDown(ctx, analyst, id, {})
      assert.ok(dd.byFramework)
      assert.equal(dd.byFramework.total.completed, timeliness?.denominator)
      assert.equal(dd.byFramework.total.withinTimescale, timeliness?.numerator)
      assert.ok(dd.byFramework.rows.length >= 1)
      for (const r of dd.byFramework.rows) {
        const completed = await indicatorDrillDown(ctx, analyst, 'assessments_completed', { framework: r.framework, kind: r.kind })
        assert.equal(completed.total, r.completed, `${r.framework} ${r.kind} completed`)
        const within = await indicatorDrillDown(ctx, analyst, 'assessments_in_timescale', { framework: r.framework, kind: r.kind, numerator: true })
        assert.equal(within.total, r.withinTimescale, `${r.framework} ${r.kind} within timescale`)
      }
      // A line per framework, month by month, adding up to the table.
      const lineTotal = dd.byFramework.lines.reduce((n, l) => n + l.points.reduce((m, p) => m + p.completed, 0), 0)
      assert.equal(lineTotal, dd.byFramework.total.completed)
    }
    const referrals = await indicatorDrillDown(ctx, analyst, 'referrals', {})
    assert.equal(referrals.byFramework, null)
    await assert.rejects(indicatorDrillDown(ctx, analyst, 'assessments_completed', { framework: 'wt2099' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'framework')
    await assert.rejects(indicatorDrillDown(ctx, analyst, 'referrals', { framework: 'wt2023' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'framework')
  })

  it('shows the latest earlier year’s comparator when the period’s year has none, and says which year', async () => {
    await database.db.execute(sql`insert into indicator_comparator (indicator_id, kind, year, value, source) values ('assessments_child_seen_alone', 'statistical_neighbours', '2022-23', 71.5, 'Test fixture')
                                  on conflict (indicator_id, kind, year) do update set value = excluded.value`)
    const d = await viewDashboard(ctx, await meta('analyst'), { period: '2024-02' })
    const seen = d.indicators.find((i) => i.id === 'assessments_child_seen_alone')
    assert.deepEqual(seen?.comparators.find((c) => c.kind === 'statistical_neighbours'), { kind: 'statistical_neighbours', year: '2022-23', value: 71.5, source: 'Test fixture', latestAvailable: true })
    const own = await viewDashboard(ctx, await meta('analyst'), { period: '2022-11' })
    assert.equal(own.indicators.find((i) => i.id === 'assessments_child_seen_alone')?.comparators.find((c) => c.kind === 'statistical_neighbours')?.latestAvailable, false)
    const before = await viewDashboard(ctx, await meta('analyst'), { period: '2021-11' })
    assert.equal(before.indicators.find((i) => i.id === 'assessments_child_seen_alone')?.comparators.find((c) => c.kind === 'statistical_neighbours'), undefined, 'never a later year’s')
  })

  it('a list longer than a page: 100 a page, its total the dashboard’s number, counts by worker and framework of every record, the export every row', async () => {
    const busy = await busyTeam(database)
    const analyst = await meta('analyst')
    const input = { team: busy.teamId, period: BUSY_PERIOD }
    const d = await viewDashboard(ctx, analyst, input)
    const number = d.indicators.find((i) => i.id === 'assessments_completed')?.trend.total.numerator
    assert.equal(number, BUSY_ASSESSMENTS)

    const first = await indicatorDrillDown(ctx, analyst, 'assessments_completed', input)
    assert.deepEqual([first.total, first.page, first.pages, first.rows.length], [BUSY_ASSESSMENTS, 1, 2, 100])
    const second = await indicatorDrillDown(ctx, analyst, 'assessments_completed', { ...input, page: '2' })
    assert.deepEqual([second.total, second.page, second.pages, second.rows.length], [BUSY_ASSESSMENTS, 2, 2, BUSY_ASSESSMENTS - 100])
    const listed = [...first.rows, ...second.rows].map((r) => r.recordId)
    assert.equal(new Set(listed).size, BUSY_ASSESSMENTS, 'page 2 lists the rest: no record twice, none missed')
    // The tables beside the list count every record, whichever page is shown.
    assert.deepEqual(second.byWorker, first.byWorker)
    assert.equal(second.byWorker.reduce((n, w) => n + w.denominator, 0), BUSY_ASSESSMENTS)
    assert.deepEqual(second.byWorker.map((w) => [w.name, w.denominator]), busy.workers.map((w) => [w.name, busy.assessments.filter((a) => a.workerId === w.id).length]))
    assert.equal(second.byFramework?.total.completed, BUSY_ASSESSMENTS)
    assert.equal(second.byFramework?.total.withinTimescale, busy.assessments.filter((a) => a.onTime).length)
    // A page past the last shows the last; a page that is not a whole number of 1 or more is refused, naming the field.
    for (const page of ['3', '999', '12345678901234567890']) {
      const past = await indicatorDrillDown(ctx, analyst, 'assessments_completed', { ...input, page })
      assert.deepEqual([past.page, past.rows.map((r) => r.recordId)], [2, second.rows.map((r) => r.recordId)], `page ${page}`)
    }
    for (const page of ['0', '-1', '1.5', 'two', '2abc', '1e2']) {
      await assert.rejects(indicatorDrillDown(ctx, analyst, 'assessments_completed', { ...input, page }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'page', `page ${page}`)
    }
    // A worker's list pages on its own total.
    const birch = busy.workers[1]
    assert.ok(birch)
    const birchs = await indicatorDrillDown(ctx, analyst, 'assessments_completed', { ...input, worker: birch.id })
    assert.deepEqual([birchs.total, birchs.pages], [busy.assessments.filter((a) => a.workerId === birch.id).length, 1])
    // Their assessments in timescale only: the total is the rows listed.
    const birchsOnTime = await indicatorDrillDown(ctx, analyst, 'assessments_in_timescale', { ...input, worker: birch.id, numerator: true })
    const onTime = busy.assessments.filter((a) => a.workerId === birch.id && a.onTime).length
    assert.deepEqual([birchsOnTime.total, birchsOnTime.rows.length], [onTime, onTime])
    assert.ok(birchsOnTime.rows.every((r) => r.hit))

    // The export: every record (no cap), in the list's order, a chunk at a time; the restricted child stays masked.
    const ex = await indicatorDrillDownExport(ctx, analyst, 'assessments_completed', { ...input, page: '2' })
    const exported = []
    for await (const chunk of ex.chunks) exported.push(...chunk)
    assert.deepEqual(exported.map((r) => r.recordId), listed)
    const restricted = exported.filter((r) => r.personRef === busy.restricted.personRef)
    assert.ok(restricted.length > 0 && restricted.every((r) => r.name === 'Restricted record'))
    // Who took the list, and which one, is in the audit log.
    const [audit] = (await database.db.execute(sql`select username, entity_id as "entityId", after from audit_log where action = 'indicators.list.exported' order by id desc limit 1`)).rows as { username: string; entityId: string; after: { filters: { team?: string } } }[]
    assert.equal(audit?.username, 'analyst')
    assert.equal(audit?.entityId, 'assessments_completed')
    assert.equal(audit?.after.filters.team, input.team)
    // The export is checked like the page: another team is refused.
    const tm = await meta('teammanager')
    await assert.rejects(indicatorDrillDownExport(ctx, tm, 'assessments_completed', input), ForbiddenError)
    await assert.rejects(indicatorDrillDownExport(ctx, analyst, 'assessments_completed', { ...input, page: 'x' }), ValidationError)
  })
})
