/** Overdue child protection and child in need dates: the child's items, re-planning, the worklists, and the wiring into closure and allocation. */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { childWithReferral, insertAssessmentRow, type TestChild } from '../helpers/worklistFixtures.ts'
import { authoriseSection47Row, cinPlanRow, conferenceRow, cpPlanRow, section47Row, visitRow } from '../helpers/childProtectionFixtures.ts'
import { dueItemsForPerson, recordReplan, replanForm } from '../../src/app/childProtection/planDue.ts'
import { personPage } from '../../src/app/people/personPage.ts'
import { myWork } from '../../src/app/worklists/myWork.ts'
import { teamWork } from '../../src/app/worklists/teamWork.ts'
import { proposeClosure } from '../../src/app/closure/closure.ts'
import { allocateChild } from '../../src/app/allocation/allocate.ts'
import { listUnallocated } from '../../src/app/allocation/unallocated.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { enqueueForTeam } from '../../src/app/allocation/queue.ts'
import { dueFactsForPeople } from '../../src/db/repositories/planDue.ts'
import { ForbiddenError, NotFoundError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import type { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { icpcTargetDate } from '../../src/domain/childProtection/section47.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const today = londonDate(new Date())
let cal: WorkingDayCalendar
const wd = (n: number) => cal.addWorkingDays(today, n)
const q = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => (await database.db.execute(query)).rows as T[]

before(async () => {
  cal = await loadCalendar(database.db)
})

/** A child on a CP plan that started `startWd` working days ago (ICPC held then), with no core group or visit yet. */
async function childOnCpPlan(opts: { startWd: number; allocateTo?: { workerId: string; teamId: string } | null; givenNames?: string }): Promise<{ child: TestChild; planId: string; section47Id: string; start: string }> {
  const start = wd(-opts.startWd)
  const strategy = cal.addWorkingDays(start, -10)
  const child = await childWithReferral(database, { referralDate: cal.addWorkingDays(strategy, -2), allocateTo: opts.allocateTo ?? null, givenNames: opts.givenNames ?? 'Casey' })
  const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: icpcTargetDate(strategy, cal) })
  await authoriseSection47Row(database, section47Id, cal.addWorkingDays(strategy, 5))
  const conf = await conferenceRow(database, child, { section47Id, targetDate: icpcTargetDate(strategy, cal), scheduledOn: start, heldOn: start, decision: 'plan' })
  const planId = await cpPlanRow(database, child, { startConferenceId: conf, startDate: start, firstCoreGroupDue: cal.addWorkingDays(start, 10), nextReviewDue: cal.addCalendarMonths(start, 3), leadWorkerId: opts.allocateTo?.workerId ?? null })
  return { child, planId, section47Id, start }
}

describe('what is due for a child', () => {
  it('a CP plan 15 working days old with no visit or core group: both overdue by 5 working days, first; the review conference later', async () => {
    const sw = await meta('socialworker')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const { child, planId, start } = await childOnCpPlan({ startWd: 15, allocateTo: mine })
    const items = await dueItemsForPerson(ctx, sw, child.personId)
    assert.deepEqual(
      items.map((i) => i.item),
      ['cp_visit', 'core_group', 'cp_review'],
    )
    const visit = items[0]
    assert.equal(visit?.status, 'overdue')
    assert.equal(visit?.dueDate, wd(-5))
    assert.equal(visit?.workingDaysOverdue, 5)
    assert.equal(visit?.href, `/people/${child.personId}/cp-plan`)
    assert.equal(visit?.replanHref, null, 'a social worker cannot re-plan')
    assert.equal(items[2]?.dueDate, cal.addCalendarMonths(start, 3))
    assert.equal(items[2]?.subjectId, planId)
    const [audit] = await q<{ n: number }>(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'person.view' and after->>'via' = 'due-items'`)
    assert.equal(audit?.n, 1)
  })

  it('a visit where the child was seen restarts the visit clock; a core group the core group clock', async () => {
    const { child, planId } = await childOnCpPlan({ startWd: 15 })
    await visitRow(database, child, { planType: 'cp', planId, visitDate: wd(-2) })
    await visitRow(database, child, { planType: 'cp', planId, visitDate: wd(-1), childSeen: false })
    await database.db.execute(sql`insert into core_group_meeting (cp_plan_id, person_id, held_on, created_by) select ${planId}, ${child.personId}, ${wd(-3)}, id from user_account where username = 'socialworker'`)
    const items = await dueItemsForPerson(ctx, await meta('chair'), child.personId)
    const by = Object.fromEntries(items.map((i) => [i.item, i]))
    assert.equal(by.cp_visit?.dueDate, cal.addWorkingDays(wd(-2), 10), 'counted from the last visit where the child was seen')
    assert.equal(by.core_group?.dueDate, cal.addWorkingDays(wd(-3), 20))
    assert.equal(by.cp_visit?.status, 'ok')
  })

  it('a section 47 waiting for its ICPC shows the target; once authorised "conference not required" it goes', async () => {
    const child = await childWithReferral(database, { referralDate: wd(-20) })
    const strategy = wd(-16)
    const { section47Id } = await section47Row(database, child, { heldOn: strategy, icpcTargetDate: icpcTargetDate(strategy, cal) })
    const tm = await meta('chair')
    const [icpc] = await dueItemsForPerson(ctx, tm, child.personId)
    assert.equal(icpc?.item, 'icpc')
    assert.equal(icpc?.dueDate, icpcTargetDate(strategy, cal))
    assert.equal(icpc?.status, 'overdue')
    assert.equal(icpc?.href, `/people/${child.personId}/section-47/${section47Id}`)
    await database.db.execute(sql`update section47_enquiry set status = 'authorised', outcome = 'not_substantiated', icpc_required = false, authorised_on = ${wd(-1)} where id = ${section47Id}`)
    assert.deepEqual(await dueItemsForPerson(ctx, tm, child.personId), [])
  })

  it('facts for many children come back keyed by child, empty for those with nothing open', async () => {
    const a = await childOnCpPlan({ startWd: 3 })
    const b = await childWithReferral(database, { referralDate: wd(-5) })
    const cin = await childWithReferral(database, { referralDate: wd(-30) })
    await cinPlanRow(database, cin, { startDate: wd(-25) })
    const facts = await dueFactsForPeople(database.db, [a.child.personId, b.personId, cin.personId])
    assert.equal(facts.get(a.child.personId)?.cpPlan?.id, a.planId)
    assert.deepEqual(facts.get(b.personId), { personId: b.personId, section47s: [], cpPlan: null, cinPlan: null, replans: [] })
    assert.deepEqual(facts.get(cin.personId)?.cinPlan?.visitFrequency, { amount: 20, unit: 'workingDays' })
  })

  it('a social worker cannot see the items of a child outside their caseload', async () => {
    const { child } = await childOnCpPlan({ startWd: 5 })
    await assert.rejects(dueItemsForPerson(ctx, await meta('socialworker'), child.personId), ForbiddenError)
  })
})

describe('re-planning', () => {
  it('the manager re-plans an overdue visit with a reason: new date, chronology, management decision, audit', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const { child, planId } = await childOnCpPlan({ startWd: 15, allocateTo: mine })
    const form = await replanForm(ctx, tm, child.personId, { item: 'cp_visit', subjectId: planId })
    assert.equal(form.item.dueDate, wd(-5))
    const out = await recordReplan(ctx, tm, child.personId, { item: 'cp_visit', subjectId: planId, newDue: wd(2), reason: 'Family away at a funeral; visit arranged for their return' })
    assert.equal(out.previousDue, wd(-5))
    const items = await dueItemsForPerson(ctx, tm, child.personId)
    const visit = items.find((i) => i.item === 'cp_visit')
    assert.equal(visit?.dueDate, wd(2))
    assert.equal(visit?.status, 'due_soon')
    assert.equal(visit?.replan?.reason, 'Family away at a funeral; visit arranged for their return')
    assert.equal(visit?.replan?.recordedByName, 'Joanne Fletcher')
    assert.equal(items[0]?.item, 'core_group', 'the core group is still overdue, so first')
    const [chron] = await q<{ summary: string; kind: string }>(sql`select summary, kind from chronology_entry where person_id = ${child.personId} and kind = 'replan'`)
    assert.equal(chron?.summary, `Child protection visit re-planned from ${formatDate(wd(-5))} to ${formatDate(wd(2))}: Family away at a funeral; visit arranged for their return`)
    const [decision] = await q<{ stage: string; reasons: string }>(sql`select stage, reasons from management_decision where person_id = ${child.personId}`)
    assert.equal(decision?.stage, 'plan')
    const [audit] = await q<{ after: { previousDue: string; newDue: string } }>(sql`select after from audit_log where person_id = ${child.personId} and action = 'plan.replan'`)
    assert.equal(audit?.after.previousDue, wd(-5))
    assert.equal(audit?.after.newDue, wd(2))

    // Re-planned again: from the re-planned date.
    await recordReplan(ctx, tm, child.personId, { item: 'cp_visit', subjectId: planId, newDue: wd(4), reason: 'Still away' })
    const again = (await dueItemsForPerson(ctx, tm, child.personId)).find((i) => i.item === 'cp_visit')
    assert.equal(again?.dueDate, wd(4))
    // Done: a visit clears the re-plan and the next date is computed afresh.
    await visitRow(database, child, { planType: 'cp', planId, visitDate: today })
    const done = (await dueItemsForPerson(ctx, tm, child.personId)).find((i) => i.item === 'cp_visit')
    assert.equal(done?.dueDate, cal.addWorkingDays(today, 10))
    assert.equal(done?.replan, null)
  })

  it('refuses a past date, a missing or over-long reason, an unknown item, and a social worker', async () => {
    const tm = await meta('teammanager')
    const sw = await meta('socialworker')
    const { child, planId } = await childOnCpPlan({ startWd: 15, allocateTo: { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string } })
    const fields = async (input: Parameters<typeof recordReplan>[3]) => {
      try {
        await recordReplan(ctx, tm, child.personId, input)
        return []
      } catch (e) {
        if (e instanceof ValidationError) return e.errors.map((x) => x.field)
        throw e
      }
    }
    assert.deepEqual(await fields({ item: 'core_group', subjectId: planId, newDue: wd(-1), reason: 'x' }), ['newDue'])
    assert.deepEqual(await fields({ item: 'core_group', subjectId: planId, newDue: wd(1), reason: '  ' }), ['reason'])
    assert.deepEqual(await fields({ item: 'core_group', subjectId: planId, newDue: 'invalid', reason: 'x'.repeat(2001) }), ['newDue', 'reason'])
    await assert.rejects(recordReplan(ctx, tm, child.personId, { item: 'cin_visit', subjectId: planId, newDue: wd(1), reason: 'x' }), NotFoundError)
    await assert.rejects(recordReplan(ctx, tm, child.personId, { item: 'nonsense', subjectId: planId, newDue: wd(1), reason: 'x' }), NotFoundError)
    await assert.rejects(recordReplan(ctx, sw, child.personId, { item: 'core_group', subjectId: planId, newDue: wd(1), reason: 'x' }), ForbiddenError)
    const [n] = await q<{ n: number }>(sql`select count(*)::int as n from plan_replan where person_id = ${child.personId}`)
    assert.equal(n?.n, 0, 'nothing half-saved')
  })
})

describe('worklists and the child’s summary', () => {
  it('My work (social worker) and Team (manager) list the overdue visit first; green items are not listed', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const { child } = await childOnCpPlan({ startWd: 30, allocateTo: mine, givenNames: 'Overdo' })
    const work = await myWork(ctx, sw)
    const planItems = work.items.filter((i) => i.kind === 'plan_due' && i.personId === child.personId)
    assert.deepEqual(
      planItems.map((i) => i.title),
      ['Child protection visit', 'Core group meeting'],
    )
    assert.equal(planItems[0]?.due?.rag, 'red')
    assert.equal(planItems[0]?.label, 'Child protection')
    assert.equal(planItems[0]?.href, `/people/${child.personId}/cp-plan`)
    assert.ok(work.items.indexOf(planItems[0] as never) < work.items.findIndex((i) => !i.overdue) || work.items.every((i) => i.overdue), 'overdue items come before anything not overdue')
    assert.ok(work.overdueCount >= 2)

    const team = await teamWork(ctx, tm, {})
    const rows = team.planDue.filter((i) => i.child.personId === child.personId)
    assert.deepEqual(
      rows.map((i) => i.item),
      ['cp_visit', 'core_group'],
    )
    assert.equal(rows[0]?.child.workerName, 'Sam Okafor')
    assert.equal(rows[0]?.replanHref, `/people/${child.personId}/replan?item=cp_visit&subject=${rows[0]?.subjectId}`)
    const firstNotOverdue = team.planDue.findIndex((i) => i.status !== 'overdue')
    assert.ok(firstNotOverdue === -1 || team.planDue.slice(firstNotOverdue).every((i) => i.status !== 'overdue'), 'overdue first')
  })

  it('the child’s summary: CP plan since, category, previous plans, a status tag, due items and links by capability', async () => {
    const sw = await meta('socialworker')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const { child, start } = await childOnCpPlan({ startWd: 15, allocateTo: mine })
    const s = (await personPage(ctx, sw, child.personId)).summary
    assert.equal(s.childProtection.tag?.text, 'Child protection plan')
    assert.equal(s.childProtection.cpPlan?.startDate, start)
    assert.deepEqual(s.childProtection.categoryLabels, ['Neglect'])
    assert.equal(s.childProtection.cpPlan?.numberOfPreviousPlans, 0)
    assert.equal(s.childProtection.overdueCount, 2)
    const links = s.childProtection.links.map((l) => l.text)
    assert.ok(links.includes('Child protection plan') && links.includes('Record a visit') && links.includes('Visits') && links.includes('Record a strategy discussion'))
    assert.ok(!links.includes('Start a child in need plan'), 'no CIN plan alongside a CP plan')
    const chair = (await personPage(ctx, await meta('chair'), child.personId)).summary
    const chairLinks = chair.childProtection.links.map((l) => l.text)
    assert.ok(!chairLinks.includes('Record a visit') && !chairLinks.includes('Record a strategy discussion'), 'the chair does not record visits')
    assert.ok(chair.childProtection.dueItems.every((i) => i.replanHref !== null), 'the chair may re-plan')
  })
})

describe('wiring the child protection status into closure and allocation', () => {
  it('a case cannot close while a CP plan is open (any reason)', async () => {
    const sw = await meta('socialworker')
    const { child } = await childOnCpPlan({ startWd: 10, allocateTo: { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string } })
    await insertAssessmentRow(database, { child, startDate: wd(-40), dueDate: wd(-5), status: 'authorised', completedOn: wd(-30), workerId: sw.actor.workerId, teamId: sw.actor.teamId })
    await assert.rejects(proposeClosure(ctx, sw, child.personId, { reasonCode: 'RC7', summary: 'Services ceased' }), (e: unknown) => e instanceof ValidationError && /open child protection plan: only a child protection conference can end it/.test(e.message))
  })

  it('RC8/RC9 are refused when the episode had a section 47 (CIN census 2990); RC7 is allowed', async () => {
    const sw = await meta('socialworker')
    const child = await childWithReferral(database, { referralDate: wd(-40), allocateTo: { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string } })
    await insertAssessmentRow(database, { child, startDate: wd(-40), dueDate: wd(-5), status: 'authorised', completedOn: wd(-30), workerId: sw.actor.workerId, teamId: sw.actor.teamId })
    const { section47Id } = await section47Row(database, child, { heldOn: wd(-20), icpcTargetDate: icpcTargetDate(wd(-20), cal) })
    await database.db.execute(sql`update section47_enquiry set status = 'authorised', outcome = 'not_substantiated', icpc_required = false, authorised_on = ${wd(-10)} where id = ${section47Id}`)
    await database.db.execute(sql`update assessment set outcome = 'nfa' where person_id = ${child.personId}`)
    await assert.rejects(proposeClosure(ctx, sw, child.personId, { reasonCode: 'RC9', summary: 'Early help' }), (e: unknown) => e instanceof ValidationError && /RC9 is for closing after an assessment only, and referral .* had a section 47 enquiry/.test(e.message))
    await assert.rejects(proposeClosure(ctx, sw, child.personId, { reasonCode: 'RC8', summary: 'NFA' }), (e: unknown) => e instanceof ValidationError && /had a section 47 enquiry/.test(e.message))
    const out = await proposeClosure(ctx, sw, child.personId, { reasonCode: 'RC7', summary: 'Services ceased' })
    assert.ok(out.id)
  })

  it('a case cannot close while a CIN plan is open', async () => {
    const sw = await meta('socialworker')
    const child = await childWithReferral(database, { referralDate: wd(-40), allocateTo: { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string } })
    await insertAssessmentRow(database, { child, startDate: wd(-40), dueDate: wd(-5), status: 'authorised', completedOn: wd(-30), workerId: sw.actor.workerId, teamId: sw.actor.teamId })
    await cinPlanRow(database, child, { startDate: wd(-20) })
    await assert.rejects(proposeClosure(ctx, sw, child.personId, { reasonCode: 'RC7', summary: 'Services ceased' }), (e: unknown) => e instanceof ValidationError && /open child in need plan .*: end the plan before closing the case/.test(e.message))
  })

  it('only a qualified social worker can be allocated worker of a child on a CP plan; the unallocated list flags the child urgent', async () => {
    const tm = await meta('teammanager')
    const teamId = tm.actor.teamId as string
    const { child } = await childOnCpPlan({ startWd: 5, givenNames: 'Urgent' })
    await database.db.transaction((tx) => enqueueForTeam(tx, { personId: child.personId, teamId, waitingSince: new Date(), reason: 'referral accepted' }))
    const list = await listUnallocated(ctx, tm)
    const row = list.urgent.find((c) => c.personId === child.personId)
    assert.ok(row, 'listed as urgent')
    assert.equal(row?.status, 'Child protection plan')
    const [w] = await q<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, fte, team_id, started_on) values (${`Una ${uniqueFamilyName()}`}, 'Family support worker', false, 1, ${teamId}, '2020-01-01') returning id`)
    const input = { teamId, workerId: w?.id as string, role: 'allocated_worker', startDate: today, reason: 'Capacity', changeReason: undefined, overLimitReason: undefined, currentAllocationId: 'none' }
    await assert.rejects(allocateChild(ctx, tm, child.personId, input), (e: unknown) => e instanceof ValidationError && /qualified/i.test(e.message))
  })

  it('the status in lists comes from the real tables: CIN plan → Child in need; open section 47 → Section 47 enquiry', async () => {
    const tm = await meta('teammanager')
    const teamId = tm.actor.teamId as string
    const cin = await childWithReferral(database, { referralDate: wd(-30) })
    await cinPlanRow(database, cin, { startDate: wd(-20) })
    const s47 = await childWithReferral(database, { referralDate: wd(-30) })
    await section47Row(database, s47, { heldOn: wd(-3), icpcTargetDate: icpcTargetDate(wd(-3), cal) })
    await database.db.transaction(async (tx) => {
      await enqueueForTeam(tx, { personId: cin.personId, teamId, waitingSince: new Date(), reason: 'referral accepted' })
      await enqueueForTeam(tx, { personId: s47.personId, teamId, waitingSince: new Date(), reason: 'referral accepted' })
    })
    const all = (await listUnallocated(ctx, tm)).groups.flatMap((g) => g.children)
    assert.equal(all.find((c) => c.personId === cin.personId)?.status, 'Child in need')
    assert.equal(all.find((c) => c.personId === s47.personId)?.status, 'Section 47 enquiry')
  })
})
