/** The child protection plan through the use cases: the plan page's due items, core groups, ending a plan. */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral } from '../helpers/worklistFixtures.ts'
import { conferenceRow, cpPlanRow, section47Row, visitRow } from '../helpers/childProtectionFixtures.ts'
import { endCpPlan, recordCoreGroup, viewCpPlan } from '../../src/app/childProtection/cpPlans.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import type { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { firstRcpcDue } from '../../src/domain/childProtection/conference.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const count = async (query: ReturnType<typeof sql>) => ((await database.db.execute(query)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

let cal: WorkingDayCalendar
before(async () => {
  cal = await loadCalendar(database.db)
})

async function childWithPlan(wdAgo: number) {
  const sw = await actorFor(database, 'socialworker')
  const start = cal.addWorkingDays(today(), -wdAgo)
  const child = await childWithReferral(database, { referralDate: addDays(start, -30), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
  const { section47Id } = await section47Row(database, child, { heldOn: addDays(start, -20), icpcTargetDate: addDays(start, -1) })
  const icpc = await conferenceRow(database, child, { section47Id, targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
  const planId = await cpPlanRow(database, child, { startConferenceId: icpc, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: firstRcpcDue(start, cal), leadWorkerId: sw.workerId })
  return { child, start, planId }
}

describe('the child protection plan page', () => {
  it('shows what is due: core group overdue, review in 3 months, visit due from the last visit', async () => {
    const { child, start, planId } = await childWithPlan(15)
    const lastVisit = cal.addWorkingDays(today(), -3)
    await visitRow(database, child, { planType: 'cp', planId, visitDate: lastVisit })
    const page = await viewCpPlan(ctx, await meta('socialworker'), child.personId)
    assert.ok(page.plan)
    assert.equal(page.plan.latestCategoryText, 'Neglect')
    assert.equal(page.plan.leadWorkerName, 'Sam Okafor')
    assert.equal(page.coreGroup?.dueDate, cal.addWorkingDays(start, 10))
    assert.equal(page.coreGroup?.overdue, true)
    assert.equal(page.coreGroup?.rag, 'red')
    assert.equal(page.review?.dueDate, firstRcpcDue(start, cal))
    assert.equal(page.visit?.dueDate, cal.addWorkingDays(lastVisit, 10))
    assert.equal(page.visits.length, 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'person.view' and after->>'via' = 'cp-plan'`), 1)
  })

  it('a child without a plan: the page says so', async () => {
    const child = await childWithReferral(database, { referralDate: addDays(today(), -5) })
    const page = await viewCpPlan(ctx, await meta('chair'), child.personId)
    assert.equal(page.plan, null)
  })
})

describe('core groups', () => {
  it('recorded against the open plan: the next core group is due 20 working days later', async () => {
    const { child } = await childWithPlan(15)
    const held = cal.addWorkingDays(today(), -1)
    await recordCoreGroup(ctx, await meta('socialworker'), child.personId, {
      heldOn: held,
      attendees: [{ row: 1, name: 'Sam Okafor', agency: 'childrens_social_care', role: 'Social worker', attended: 'yes' }, { row: 2, name: 'Nurse Patel', agency: 'health', role: 'Health visitor', attended: 'no' }],
      notes: 'Fictional notes',
      actions: [{ row: 1, action: 'Nursery place', owner: 'Sam Okafor', dueOn: addDays(held, 7) }],
    })
    const page = await viewCpPlan(ctx, await meta('socialworker'), child.personId)
    assert.equal(page.coreGroups.length, 1)
    assert.equal(page.coreGroup?.dueDate, cal.addWorkingDays(held, 20))
    assert.equal(page.coreGroup?.overdue, false)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'core-group'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'core-group.record'`), 1)
  })

  it('in the future, or before the plan started: refused', async () => {
    const { child, start } = await childWithPlan(15)
    const sw = await meta('socialworker')
    const attendees = [{ row: 1, name: 'Sam Okafor', agency: 'childrens_social_care', role: null, attended: 'yes' }]
    await assert.rejects(recordCoreGroup(ctx, sw, child.personId, { heldOn: addDays(today(), 1), attendees, actions: [] }), (e: unknown) => e instanceof ValidationError && /cannot be in the future/.test(e.message))
    await assert.rejects(recordCoreGroup(ctx, sw, child.personId, { heldOn: addDays(start, -1), attendees, actions: [] }), (e: unknown) => e instanceof ValidationError && /before the child protection plan started/.test(e.message))
    assert.equal(await count(sql`select count(*)::int as n from core_group_meeting where person_id = ${child.personId}`), 0)
  })
})

describe('ending a plan', () => {
  it('only a conference ends a plan: a direct attempt is refused and the plan stays open', async () => {
    const { child, planId } = await childWithPlan(15)
    await assert.rejects(endCpPlan(ctx, await meta('teammanager'), child.personId, { endedOn: today() }), (e: unknown) => e instanceof ValidationError && /Only a child protection conference can end a child protection plan/.test(e.message))
    await assert.rejects(endCpPlan(ctx, await meta('auditor'), child.personId, { endedOn: today() }), ForbiddenError)
    assert.equal(await count(sql`select count(*)::int as n from cp_plan where id = ${planId} and end_date is null`), 1)
  })
})
