import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, insertAssessmentRow, otherTeam } from '../helpers/worklistFixtures.ts'
import { assessmentTimeliness } from '../../src/app/timeliness/assessmentTimeliness.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { ENGLAND_AND_WALES_CALENDAR as cal } from '../../src/domain/calendar/workingDays.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const today = londonDate(new Date())

describe('assessment timeliness report', () => {
  it('counts authorised assessments in the period within timescale, by month; the backlog names only children the viewer may see', async () => {
    const sw = await meta('socialworker')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const period = { from: '2015-06-01', to: '2015-07-31', team: mine.teamId }
    const tm = await meta('teammanager')
    const before = await assessmentTimeliness(ctx, tm, period)
    const c1 = await childWithReferral(database, { referralDate: '2015-05-01', allocateTo: mine })
    await insertAssessmentRow(database, { child: c1, startDate: '2015-05-01', dueDate: '2015-07-06', status: 'authorised', completedOn: '2015-06-15', workerId: mine.workerId, teamId: mine.teamId })
    const c2 = await childWithReferral(database, { referralDate: '2015-05-05', allocateTo: mine })
    await insertAssessmentRow(database, { child: c2, startDate: '2015-05-05', dueDate: '2015-07-08', status: 'authorised', completedOn: '2015-07-20', workerId: mine.workerId, teamId: mine.teamId })
    const after = await assessmentTimeliness(ctx, tm, period)
    assert.equal(after.teamName, 'Assessment North')
    assert.equal(after.period.total.completed - before.period.total.completed, 2)
    assert.equal(after.period.total.withinTimescale - before.period.total.withinTimescale, 1)
    const june = (r: typeof after) => r.period.byMonth.find((m) => m.label === 'June 2015')
    const july = (r: typeof after) => r.period.byMonth.find((m) => m.label === 'July 2015')
    assert.equal((june(after)?.withinTimescale ?? 0) - (june(before)?.withinTimescale ?? 0), 1)
    assert.equal((july(after)?.completed ?? 0) - (july(before)?.completed ?? 0), 1)
    assert.deepEqual(after.period.byMonth.map((m) => m.label), ['June 2015', 'July 2015'])
    assert.equal(after.yearToDate.from, '2015-04-01')

    // The backlog: an overdue open assessment on a restricted record is counted for the analyst, not named.
    const hidden = await childWithReferral(database, { referralDate: cal.addWorkingDays(today, -60), allocateTo: mine, restricted: true })
    const h = await insertAssessmentRow(database, { child: hidden, startDate: cal.addWorkingDays(today, -60), dueDate: cal.addWorkingDays(today, -15), workerId: mine.workerId, teamId: mine.teamId })
    const analyst = await assessmentTimeliness(ctx, await meta('analyst'), {})
    assert.equal(analyst.team, 'all')
    assert.equal(analyst.teamName, 'All teams')
    const row = analyst.backlog.find((b) => b.id === h.id)
    assert.ok(row)
    assert.equal(row.visible, false)
    assert.equal(row.childName, null)
    assert.equal(row.personRef, null)
    assert.equal(row.workingDaysOver, 15)
    assert.ok(analyst.backlogHidden >= 1)
  })

  it('defaults to this reporting year to date and the team manager’s own team', async () => {
    const r = await assessmentTimeliness(ctx, await meta('teammanager'), {})
    assert.equal(r.to, today)
    assert.match(r.from, /^\d{4}-04-01$/)
    assert.equal(r.teamName, 'Assessment North')
  })

  it('a service manager sees the teams of their service, not another service’s', async () => {
    const sm = await meta('servicemanager')
    const r = await assessmentTimeliness(ctx, sm, {})
    assert.equal(r.team, 'all')
    assert.equal(r.councilWide, false)
    assert.ok(r.teams.length > 1 && r.teams.every((t) => t.serviceId === sm.actor.serviceId))
    assert.ok(r.teams.some((t) => t.name === 'Assessment North'))
    const north = r.teams.find((t) => t.name === 'Assessment North')
    assert.equal((await assessmentTimeliness(ctx, sm, { team: north?.id })).teamName, 'Assessment North')
    const elsewhere = (await assessmentTimeliness(ctx, await meta('analyst'), {})).teams.find((t) => t.serviceId !== sm.actor.serviceId)
    assert.ok(elsewhere)
    await assert.rejects(assessmentTimeliness(ctx, sm, { team: elsewhere.id }), ForbiddenError)
  })

  it('gives zeros, not an error, for a period with nothing completed', async () => {
    const r = await assessmentTimeliness(ctx, await meta('analyst'), { from: '1995-01-01', to: '1995-02-28' })
    assert.deepEqual(r.period.total, { completed: 0, withinTimescale: 0, percent: null })
    assert.deepEqual(r.period.byMonth.map((m) => m.completed), [0, 0])
  })

  it('refuses a team outside the viewer’s scope, people without the capability, and a back-to-front period', async () => {
    const tm = await meta('teammanager')
    const far = await otherTeam(database, tm.actor.teamId as string)
    await assert.rejects(assessmentTimeliness(ctx, tm, { team: far.teamId }), ForbiddenError)
    await assert.rejects(assessmentTimeliness(ctx, tm, { team: 'not-a-team' }), ForbiddenError)
    await assert.rejects(assessmentTimeliness(ctx, await meta('socialworker'), {}), ForbiddenError)
    await assert.rejects(assessmentTimeliness(ctx, tm, { from: '2025-05-01', to: '2025-04-01' }), ValidationError)
  })
})
