/** Statutory visits through the use cases: which plan a visit goes to, the rules at entry, the visits list. */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { cinPlanRow, conferenceRow, cpPlanRow, visitRow } from '../helpers/childProtectionFixtures.ts'
import { recordVisit, viewVisits, visitForm } from '../../src/app/visits/visits.ts'
import { viewCinPlan } from '../../src/app/childInNeed/cinPlans.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { visitsForPlan } from '../../src/db/repositories/visits.ts'
import { addCalendarMonths, addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

async function samsChild(): Promise<TestChild> {
  const sw = await actorFor(database, 'socialworker')
  return childWithReferral(database, { referralDate: addDays(today(), -90), allocateTo: { workerId: sw.workerId as string, teamId: sw.teamId as string } })
}

async function openCpPlan(child: TestChild, start: string): Promise<string> {
  const conf = await conferenceRow(database, child, { type: 'transfer_in', targetDate: start, scheduledOn: start, heldOn: start, decision: 'plan' })
  return cpPlanRow(database, child, { startConferenceId: conf, startDate: start, firstCoreGroupDue: addDays(start, 14), nextReviewDue: addCalendarMonths(start, 3) })
}

const seenAlone = (visitDate: string) => ({ visitDate, childSeen: 'yes', seenAlone: 'yes', bedroomSeen: 'yes', announced: 'unannounced', visitedBy: 'Sam Okafor', notes: 'Robin showed me his room.' })

async function rejects(p: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected a validation error, got ${String(e)}`)
    const hit = e.errors.find((x) => x.field === field)
    assert.ok(hit, `no error on ${field}: ${JSON.stringify(e.errors)}`)
    assert.match(hit.message, message)
    return true
  })
}

describe('statutory visits', () => {
  it('a visit to a child on a CIN plan: saved against the plan with chronology and audit; the next visit is due a frequency after it', async () => {
    const child = await samsChild()
    const start = addDays(today(), -40)
    const planId = await cinPlanRow(database, child, { startDate: start })
    const sw = await meta('socialworker')
    const form = await visitForm(ctx, sw, child.personId)
    assert.equal(form.plan?.type, 'cin')
    assert.equal(form.plan?.id, planId)
    const visitDate = addDays(today(), -1)
    const out = await recordVisit(ctx, sw, child.personId, seenAlone(visitDate))
    assert.deepEqual({ planType: out.planType, planId: out.planId }, { planType: 'cin', planId })
    assert.deepEqual(await visitsForPlan(database.db, 'cin', planId), [{ visitDate, childSeen: true, seenAlone: true, bedroomSeen: 'yes', visitedBy: 'Sam Okafor' }])
    assert.equal(await count(sql`select count(*)::int as n from visit where id = ${out.id} and announced = false and cin_plan_id = ${planId} and cp_plan_id is null`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where source_id = ${out.id} and kind = 'visit' and summary like 'Statutory visit (child in need): child seen alone; bedroom seen%'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${out.id} and action = 'visit.record'`), 1)
    const page = await viewCinPlan(ctx, sw, child.personId, planId)
    assert.equal(page.visit?.lastVisit, visitDate)
    assert.ok(page.visit && page.visit.dueDate > today() && page.visit.rag !== 'red')
  })

  it('the visit goes to the CP plan when one is open (not to an older CIN plan)', async () => {
    const child = await samsChild()
    const cinId = await cinPlanRow(database, child, { startDate: addDays(today(), -80) })
    const cpStart = addDays(today(), -30)
    await database.db.execute(sql`update cin_plan set end_date = ${cpStart}, end_reason = 'stepped_up_to_cp' where id = ${cinId}`)
    const cpId = await openCpPlan(child, cpStart)
    const sw = await meta('socialworker')
    assert.equal((await visitForm(ctx, sw, child.personId)).plan?.type, 'cp')
    const out = await recordVisit(ctx, sw, child.personId, seenAlone(today()))
    assert.deepEqual({ planType: out.planType, planId: out.planId }, { planType: 'cp', planId: cpId })
    assert.equal(await count(sql`select count(*)::int as n from visit where id = ${out.id} and plan_type = 'cp' and cp_plan_id = ${cpId}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where source_id = ${out.id} and summary like 'Statutory visit (child protection): child seen alone; bedroom seen%'`), 1)
  })

  it('a visit in the future, before the plan started, or with the child not seen and no reason is refused; nothing half-saved', async () => {
    const child = await samsChild()
    const start = addDays(today(), -10)
    await cinPlanRow(database, child, { startDate: start })
    const sw = await meta('socialworker')
    await rejects(recordVisit(ctx, sw, child.personId, seenAlone(addDays(today(), 1))), 'visitDate', /cannot be in the future/)
    await rejects(recordVisit(ctx, sw, child.personId, seenAlone(addDays(start, -1))), 'visitDate', /cannot be before the plan started/)
    await rejects(recordVisit(ctx, sw, child.personId, { ...seenAlone(today()), childSeen: 'no', seenAlone: '' }), 'notSeenReason', /Enter the reason the child was not seen/)
    await rejects(recordVisit(ctx, sw, child.personId, { ...seenAlone(today()), seenAlone: '' }), 'seenAlone', /seen alone/)
    assert.equal(await count(sql`select count(*)::int as n from visit where person_id = ${child.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${child.personId} and kind = 'visit'`), 0)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'visit.record'`), 0)
    // Not seen, with a reason: saved; seen alone is left empty.
    const out = await recordVisit(ctx, sw, child.personId, { ...seenAlone(today()), childSeen: 'no', seenAlone: '', notSeenReason: 'Nobody home; card left' })
    assert.equal(await count(sql`select count(*)::int as n from visit where id = ${out.id} and not child_seen and seen_alone is null and not_seen_reason = 'Nobody home; card left'`), 1)
  })

  it('a child with no open plan: the form says so and a visit is refused', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    assert.equal((await visitForm(ctx, sw, child.personId)).plan, null)
    await rejects(recordVisit(ctx, sw, child.personId, seenAlone(today())), 'visitDate', /no open child protection or child in need plan/)
  })

  it('the visits list: newest first, date last seen and whether seen alone at the last visit', async () => {
    const child = await samsChild()
    const planId = await cinPlanRow(database, child, { startDate: addDays(today(), -60) })
    await visitRow(database, child, { planType: 'cin', planId, visitDate: addDays(today(), -40), seenAlone: true })
    await visitRow(database, child, { planType: 'cin', planId, visitDate: addDays(today(), -20), seenAlone: false })
    await visitRow(database, child, { planType: 'cin', planId, visitDate: addDays(today(), -5), childSeen: false })
    const page = await viewVisits(ctx, await meta('socialworker'), child.personId)
    assert.deepEqual(page.visits.map((v) => v.visitDate), [addDays(today(), -5), addDays(today(), -20), addDays(today(), -40)])
    assert.equal(page.lastSeen, addDays(today(), -20))
    assert.equal(page.seenAloneAtLast, false)
    assert.equal(page.openPlan?.id, planId)
  })

  it('a social worker outside the child’s caseload is refused; read-only roles cannot record', async () => {
    const child = await childWithReferral(database, { referralDate: addDays(today(), -30) })
    await cinPlanRow(database, child, { startDate: addDays(today(), -5) })
    await assert.rejects(recordVisit(ctx, await meta('socialworker'), child.personId, seenAlone(today())), ForbiddenError)
    await assert.rejects(visitForm(ctx, await meta('socialworker'), child.personId), ForbiddenError)
    await assert.rejects(recordVisit(ctx, await meta('auditor'), child.personId, seenAlone(today())), ForbiddenError)
    assert.equal(await count(sql`select count(*)::int as n from visit where person_id = ${child.personId}`), 0)
    await assert.rejects(viewVisits(ctx, await meta('socialworker'), child.personId), ForbiddenError)
  })
})
