/**
 * The performance dashboard's numbers (issue 8): the same as a hand count of the records, a period with
 * no data shows zeros with the definition, scope is enforced, and the list behind a number is that number.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { indicatorDrillDown, viewDashboard } from '../../src/app/indicators/dashboard.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { otherTeam } from '../helpers/worklistFixtures.ts'

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
    assert.equal(dd.rows.length, overdue)
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
})
