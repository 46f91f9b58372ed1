import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, otherTeam, type TestChild } from '../helpers/worklistFixtures.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { startAssessment } from '../../src/app/assessments/startAssessment.ts'
import { saveAssessment } from '../../src/app/assessments/saveAssessment.ts'
import { recordChildSeen } from '../../src/app/assessments/recordChildSeen.ts'
import { submitAssessment } from '../../src/app/assessments/submitAssessment.ts'
import { returnAssessment } from '../../src/app/assessments/returnAssessment.ts'
import { authoriseAssessment } from '../../src/app/assessments/authoriseAssessment.ts'
import { assessmentEditForm, listPersonAssessments, viewAssessment } from '../../src/app/assessments/viewAssessment.ts'
import { assessmentDueDate } from '../../src/domain/assessments/frameworks.ts'
import { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { addChronology, closureDays } from '../../src/db/repositories/frontDoor.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const today = () => londonDate(new Date())

async function samsChild(daysAgo = 3, opts: { restricted?: boolean } = {}): Promise<TestChild> {
  const sam = await actorFor(database, 'socialworker')
  return childWithReferral(database, { referralDate: addDays(today(), -daysAgo), allocateTo: { workerId: sam.workerId as string, teamId: sam.teamId as string }, givenNames: 'Kai', ...opts })
}

const q = async <T>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[]

const COMPLETE = {
  childWishes: 'Kai said: “I like it when mum takes me to the park. I don’t like the shouting.”',
  parentsViews: 'Mother agrees support would help.',
  developmentalNeeds: 'Meeting milestones; attendance 91%.',
  parentingCapacity: 'Warm; boundaries inconsistent.',
  familyEnvironment: 'Two-bedroom flat; rent arrears.',
  analysis: 'Kai is a child in need; a plan is recommended.',
  factors: ['4B', '16A'],
  primaryNeedCode: 'N5',
  outcome: 'cin_plan',
}

async function readyToSubmit(child: TestChild, by = 'socialworker'): Promise<string> {
  const m = await meta(by)
  const started = await startAssessment(ctx, m, child.personId)
  await recordChildSeen(ctx, m, child.personId, started.id, { seenOn: today(), seenAlone: 'yes' })
  const version = (await q<{ version: number }>(sql`select version from assessment where id = ${started.id}`))[0]?.version as number
  await saveAssessment(ctx, m, child.personId, started.id, version, COMPLETE)
  return started.id
}

describe('assessment use cases', () => {
  it('start → child seen → save → submit → return → fix and resubmit → authorise, with the trail, decisions, chronology and audit', async () => {
    const child = await samsChild(3)
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const started = await startAssessment(ctx, sw, child.personId)
    assert.match(started.assessmentRef, /^A\d{6}$/)
    assert.equal(started.kind, 'single')
    const calendar = new WorkingDayCalendar({ closureDays: await closureDays(database.db) })
    assert.equal(started.dueDate, assessmentDueDate('single', 'wt2023', addDays(today(), -3), calendar))
    const [row] = await q<{ worker_id: string; team_id: string; start_date: string; framework: string }>(sql`select worker_id, team_id, start_date::text, framework from assessment where id = ${started.id}`)
    assert.equal(row?.worker_id, sw.actor.workerId)
    assert.equal(row?.team_id, sw.actor.teamId)
    assert.equal(row?.start_date, addDays(today(), -3))
    assert.equal(row?.framework, 'wt2023')
    // A second one on the same referral while this is open is refused.
    await assert.rejects(startAssessment(ctx, sw, child.personId), ConflictError)

    // Submitting an empty assessment says what is missing.
    await assert.rejects(submitAssessment(ctx, sw, child.personId, started.id), (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'childSeen') && e.errors.some((x) => x.field === 'analysis'))

    await recordChildSeen(ctx, sw, child.personId, started.id, { seenOn: today(), seenAlone: 'yes', note: 'At school' })
    const view1 = await viewAssessment(ctx, sw, child.personId, started.id)
    await saveAssessment(ctx, sw, child.personId, started.id, view1.assessment.version, COMPLETE)
    await submitAssessment(ctx, sw, child.personId, started.id)
    // While submitted, the worker cannot change it.
    const v2 = await viewAssessment(ctx, sw, child.personId, started.id)
    await assert.rejects(saveAssessment(ctx, sw, child.personId, started.id, v2.assessment.version, COMPLETE), ValidationError)

    await assert.rejects(returnAssessment(ctx, tm, child.personId, started.id, ''), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'comments')
    await returnAssessment(ctx, tm, child.personId, started.id, 'Add what the father said.')
    const back = await viewAssessment(ctx, sw, child.personId, started.id)
    assert.equal(back.assessment.status, 'returned')
    assert.equal(back.returned?.comments, 'Add what the father said.')
    await saveAssessment(ctx, sw, child.personId, started.id, back.assessment.version, { ...COMPLETE, parentsViews: 'Father says he will attend the meetings.' })
    await submitAssessment(ctx, sw, child.personId, started.id)
    const result = await authoriseAssessment(ctx, tm, child.personId, started.id, 'Agreed: child in need plan.')
    assert.deepEqual(result, { completedOn: today(), inTimescale: true })

    const done = await viewAssessment(ctx, sw, child.personId, started.id)
    assert.equal(done.assessment.status, 'authorised')
    assert.equal(done.assessment.completedOn, today())
    assert.equal(done.inTimescale, true)
    assert.deepEqual(done.reviews.map((r) => r.action), ['submitted', 'returned', 'submitted', 'authorised'])
    const decisions = await q<{ decision: string; reasons: string }>(sql`select decision, reasons from management_decision where subject_id = ${started.id} order by decided_at`)
    assert.deepEqual(decisions.map((d) => d.decision), [`Assessment ${started.assessmentRef} returned to the worker`, `Assessment ${started.assessmentRef} authorised: outcome Child in need plan`])
    assert.equal(decisions[1]?.reasons, 'Agreed: child in need plan.')
    const kinds = (await q<{ kind: string }>(sql`select kind from chronology_entry where source_id = ${started.id} order by occurred_at, recorded_at`)).map((r) => r.kind)
    assert.deepEqual(kinds, ['assessment-started', 'assessment-child-seen', 'assessment-submitted', 'assessment-returned', 'assessment-submitted', 'assessment-authorised'])
    const summary = (await q<{ summary: string }>(sql`select summary from chronology_entry where source_id = ${started.id} and kind = 'assessment-authorised'`))[0]?.summary
    assert.match(summary ?? '', /outcome Child in need plan; completed within timescale/)
    const audit = (await q<{ action: string }>(sql`select action from audit_log where entity_id = ${started.id} and action like 'assessment.%' order by id`)).map((r) => r.action)
    assert.deepEqual(audit, ['assessment.start', 'assessment.child-seen', 'assessment.save', 'assessment.submit', 'assessment.return', 'assessment.save', 'assessment.submit', 'assessment.authorise'])
    // Authorised is final.
    await assert.rejects(returnAssessment(ctx, tm, child.personId, started.id, 'Late thought'), ValidationError)
    // A fresh assessment can be started on the same referral now, from today.
    const list = await listPersonAssessments(ctx, sw, child.personId)
    assert.equal(list.cannotStart, null)
    assert.equal(list.assessments[0]?.inTimescale, true)
  })

  it('a referral from 2011 gets an initial assessment under Working Together 2010; its outcome "core assessment" starts a core assessment', async () => {
    const sam = await actorFor(database, 'socialworker')
    const child = await childWithReferral(database, { referralDate: '2011-01-10', allocateTo: { workerId: sam.workerId as string, teamId: sam.teamId as string } })
    const sw = await meta('socialworker')
    const initial = await startAssessment(ctx, sw, child.personId)
    assert.equal(initial.kind, 'initial')
    assert.equal(initial.dueDate, '2011-01-24') // 10 working days after 10 January 2011
    assert.equal((await q<{ framework: string }>(sql`select framework from assessment where id = ${initial.id}`))[0]?.framework, 'wt2010')
    await recordChildSeen(ctx, sw, child.personId, initial.id, { seenOn: '2011-01-11', seenAlone: 'no' })
    const v = (await viewAssessment(ctx, sw, child.personId, initial.id)).assessment.version
    await saveAssessment(ctx, sw, child.personId, initial.id, v, { ...COMPLETE, outcome: 'core_assessment', delayReason: 'Recorded late from the paper file' })
    await submitAssessment(ctx, sw, child.personId, initial.id)
    await authoriseAssessment(ctx, await meta('teammanager'), child.personId, initial.id)
    const core = await startAssessment(ctx, sw, child.personId)
    assert.equal(core.kind, 'core')
    const [row] = await q<{ start_date: string; framework: string }>(sql`select start_date::text, framework from assessment where id = ${core.id}`)
    assert.equal(row?.start_date, today())
    assert.equal(row?.framework, 'wt2010')
    const calendar = new WorkingDayCalendar({ closureDays: await closureDays(database.db) })
    assert.equal(core.dueDate, calendar.addWorkingDays(today(), 35))
    // A single assessment cannot conclude "core assessment".
    const modern = await samsChild(2)
    const { id } = await startAssessment(ctx, sw, modern.personId)
    const mv = (await viewAssessment(ctx, sw, modern.personId, id)).assessment.version
    await assert.rejects(saveAssessment(ctx, sw, modern.personId, id, mv, { outcome: 'core_assessment' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'outcome')
  })

  it('the author cannot authorise their own assessment; another manager can', async () => {
    const child = await samsChild(2)
    const id = await readyToSubmit(child, 'teammanager')
    await submitAssessment(ctx, await meta('teammanager'), child.personId, id)
    await assert.rejects(authoriseAssessment(ctx, await meta('teammanager'), child.personId, id), (e: unknown) => e instanceof ValidationError && e.errors[0]?.message === 'You cannot authorise an assessment you wrote')
    const r = await authoriseAssessment(ctx, await meta('servicemanager'), child.personId, id)
    assert.equal(r.inTimescale, true)
  })

  it('a social worker cannot authorise or return (403)', async () => {
    const child = await samsChild(2)
    const id = await readyToSubmit(child)
    const sw = await meta('socialworker')
    await submitAssessment(ctx, sw, child.personId, id)
    await assert.rejects(authoriseAssessment(ctx, sw, child.personId, id), ForbiddenError)
    await assert.rejects(returnAssessment(ctx, sw, child.personId, id, 'x'), ForbiddenError)
    const [row] = await q<{ status: string }>(sql`select status from assessment where id = ${id}`)
    assert.equal(row?.status, 'submitted')
  })

  it('late completion: refused without a reason for the delay; with one it is authorised, out of timescale', async () => {
    const child = await samsChild(100)
    const id = await readyToSubmit(child)
    const sw = await meta('socialworker')
    await assert.rejects(submitAssessment(ctx, sw, child.personId, id), (e: unknown) => e instanceof ValidationError && e.errors.map((x) => x.field).join() === 'delayReason')
    const v = await viewAssessment(ctx, sw, child.personId, id)
    assert.equal(v.clock?.overdue, true)
    assert.equal(v.clock?.rag, 'red')
    await saveAssessment(ctx, sw, child.personId, id, v.assessment.version, { ...COMPLETE, delayReason: 'The family moved to a refuge during the assessment.' })
    await submitAssessment(ctx, sw, child.personId, id)
    const r = await authoriseAssessment(ctx, await meta('teammanager'), child.personId, id)
    assert.equal(r.inTimescale, false)
    const summary = (await q<{ summary: string }>(sql`select summary from chronology_entry where source_id = ${id} and kind = 'assessment-authorised'`))[0]?.summary
    assert.match(summary ?? '', /working days? after the due date/)
  })

  it('a 1 MB analysis is refused by the field, and nothing is saved', async () => {
    const child = await samsChild(2)
    const sw = await meta('socialworker')
    const { id } = await startAssessment(ctx, sw, child.personId)
    const before = await viewAssessment(ctx, sw, child.personId, id)
    await assert.rejects(saveAssessment(ctx, sw, child.personId, id, before.assessment.version, { ...COMPLETE, analysis: 'a'.repeat(1024 * 1024) }), (e: unknown) => {
      assert.ok(e instanceof ValidationError)
      assert.deepEqual(e.errors.map((x) => x.field), ['analysis'])
      assert.match(e.errors[0]?.message ?? '', /20,000 characters/)
      return true
    })
    const after = await viewAssessment(ctx, sw, child.personId, id)
    assert.equal(after.assessment.version, before.assessment.version)
    assert.equal(after.assessment.childWishes, null)
  })

  it('two people saving from the same version: the second is refused (409) and the first is kept', async () => {
    const child = await samsChild(2)
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const { id } = await startAssessment(ctx, sw, child.personId)
    const v = (await viewAssessment(ctx, sw, child.personId, id)).assessment.version
    await saveAssessment(ctx, sw, child.personId, id, v, { childWishes: 'First' })
    await assert.rejects(saveAssessment(ctx, tm, child.personId, id, v, { childWishes: 'Second' }), (e: unknown) => e instanceof ConflictError && e.field === 'version')
    assert.equal((await viewAssessment(ctx, sw, child.personId, id)).assessment.childWishes, 'First')
  })

  it('dates before the referral or in the future are refused', async () => {
    const child = await samsChild(10)
    const sw = await meta('socialworker')
    await assert.rejects(startAssessment(ctx, sw, child.personId, { startDate: addDays(today(), -11) }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'startDate')
    await assert.rejects(startAssessment(ctx, sw, child.personId, { startDate: addDays(today(), 1) }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'startDate')
    const { id } = await startAssessment(ctx, sw, child.personId)
    await assert.rejects(recordChildSeen(ctx, sw, child.personId, id, { seenOn: addDays(today(), -11), seenAlone: 'yes' }), (e: unknown) => e instanceof ValidationError && /before the referral/.test(e.errors[0]?.message ?? ''))
    await assert.rejects(recordChildSeen(ctx, sw, child.personId, id, { seenOn: addDays(today(), 1), seenAlone: 'no' }), (e: unknown) => e instanceof ValidationError && /future/.test(e.errors[0]?.message ?? ''))
    const v = (await viewAssessment(ctx, sw, child.personId, id)).assessment.version
    await assert.rejects(saveAssessment(ctx, sw, child.personId, id, v, { sharedOn: addDays(today(), 2), sharedHow: 'Letter' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'sharedOn')
    assert.equal((await q(sql`select 1 from assessment_child_seen where assessment_id = ${id}`)).length, 0)
  })

  it('a restricted or out-of-scope child is refused (403), and a child without an open referral cannot start one', async () => {
    const restricted = await samsChild(2, { restricted: true })
    await assert.rejects(startAssessment(ctx, await meta('socialworker'), restricted.personId), ForbiddenError)
    await assert.rejects(listPersonAssessments(ctx, await meta('socialworker'), restricted.personId), ForbiddenError)
    const sam = await actorFor(database, 'socialworker')
    const other = await otherTeam(database, sam.teamId as string)
    const elsewhere = await childWithReferral(database, { referralDate: addDays(today(), -2), allocateTo: { workerId: other.workerId, teamId: other.teamId } })
    await assert.rejects(startAssessment(ctx, await meta('socialworker'), elsewhere.personId), ForbiddenError)
    await assert.rejects(startAssessment(ctx, await meta('teammanager'), elsewhere.personId), ForbiddenError)
    const closed = await samsChild(30)
    await database.db.execute(sql`update referral set closed_on = ${today()}, closure_reason = 'RC7' where id = ${closed.referralId}`)
    await assert.rejects(startAssessment(ctx, await meta('socialworker'), closed.personId), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'referral')
  })

  it('the edit form pre-fills an empty history from the child’s chronology, and views are audited', async () => {
    const child = await samsChild(2)
    const sw = await meta('socialworker')
    await addChronology(database.db, { personId: child.personId, occurredAt: new Date('2025-03-04T10:00:00Z'), kind: 'contact', summary: 'School raised concerns about bruising', sourceType: 'contact', sourceId: child.referralId, recordedBy: sw.actor.userId }, new Date())
    const { id, assessmentRef } = await startAssessment(ctx, sw, child.personId)
    const form = await assessmentEditForm(ctx, sw, child.personId, id)
    assert.equal(form.historyPrefill, '4 March 2025 – School raised concerns about bruising')
    assert.doesNotMatch(form.historyPrefill ?? '', new RegExp(assessmentRef))
    const views = await q<{ n: number }>(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'person.view' and after->>'via' = 'assessment-edit'`)
    assert.equal(views[0]?.n, 1)
  })
})
