import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { caseReviewForm, listReviewRounds, saveCaseReview, startRound, viewRound } from '../../src/app/caseReviews/caseReviews.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { addDays } from '../../src/domain/calendar/days.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const metaOf = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const one = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows[0] as T
const all = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[]
const today = () => londonDate(new Date())
const northId = async () => (await one<{ id: string }>(sql`select id from team where name = 'Assessment North'`)).id

async function childInNorth(): Promise<{ personId: string; allocationId: string; workerId: string }> {
  const out = await createPerson(ctx, await metaOf('frontdoor'), { givenNames: 'Noah', familyName: uniqueFamilyName(), dateOfBirth: '2014-07-07', sex: 'M', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const worker = await one<{ id: string }>(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = 'Assessment North' and w.job_role = 'Social worker' and w.name <> 'Sam Okafor' order by w.name limit 1`)
  const a = await one<{ id: string }>(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${out.id}, ${worker.id}, ${await northId()}, '2026-01-05') returning id`)
  return { personId: out.id, allocationId: a.id, workerId: worker.id }
}

describe('bulk case reviews', () => {
  it('starting a round creates a case to review for every child with an open allocation in the team', async () => {
    const a = await childInNorth()
    const b = await childInNorth()
    const tm = await metaOf('teammanager')
    const team = await northId()
    const expected = (await one<{ n: number }>(sql`select count(distinct person_id)::int as n from allocation where team_id = ${team} and end_date is null`)).n
    const { id, cases } = await startRound(ctx, tm, { teamId: team, title: 'Spring review', dueDate: addDays(today(), 14) })
    assert.equal(cases, expected)
    const view = await viewRound(ctx, tm, id, null)
    assert.equal(view.round.progress.total, expected)
    assert.equal(view.round.progress.reviewed, 0)
    assert.ok(view.cases.some((c) => c.personId === a.personId) && view.cases.some((c) => c.personId === b.personId))
    assert.ok((await listReviewRounds(ctx, tm)).some((r) => r.id === id))
    // Refusals: a due date in the past, no title; another team; no capability.
    await assert.rejects(startRound(ctx, tm, { teamId: team, title: '', dueDate: addDays(today(), -1) }), (e: unknown) => e instanceof ValidationError && e.errors.map((x) => x.field).join() === 'title,dueDate')
    const east = (await one<{ id: string }>(sql`select id from team where name = 'Safeguarding East'`)).id
    await assert.rejects(startRound(ctx, tm, { teamId: east, title: 'x', dueDate: today() }), ForbiddenError)
    await assert.rejects(startRound(ctx, await metaOf('socialworker'), { teamId: team, title: 'x', dueDate: today() }), ForbiddenError)
  })

  it('a review records the decision on the child’s file and a task per action; a stale version is refused', async () => {
    const child = await childInNorth()
    const tm = await metaOf('teammanager')
    const { id } = await startRound(ctx, tm, { teamId: await northId(), title: 'Audit sample', dueDate: today() })
    const form = await caseReviewForm(ctx, tm, id, child.personId)
    assert.equal(form.review.status, 'to_review')
    assert.ok(form.workers.some((w) => w.id === child.workerId))
    const due = addDays(today(), 7)
    await assert.rejects(saveCaseReview(ctx, tm, id, child.personId, form.review.version, { planRobust: 'no', findings: '', actions: [] }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'findings')
    await saveCaseReview(ctx, tm, id, child.personId, form.review.version, {
      planRobust: 'no',
      findings: 'No contingency plan; last visit 7 weeks ago.',
      actions: [{ description: 'Visit and see the child alone', workerId: child.workerId, dueDate: due }, {}],
    })
    const md = await one<{ id: string; stage: string; decision: string; reasons: string }>(sql`select id, stage, decision, reasons from management_decision where person_id = ${child.personId}`)
    assert.deepEqual({ ...md, id: undefined }, { id: undefined, stage: 'other', decision: 'Case review: plan not robust', reasons: 'No contingency plan; last visit 7 weeks ago.' })
    const tasks = await all<{ title: string; dueDate: string; worker: string; sourceType: string; md: string }>(
      sql`select title, due_date as "dueDate", assigned_worker_id as worker, source_type as "sourceType", management_decision_id as md from task where person_id = ${child.personId}`,
    )
    assert.deepEqual(tasks, [{ title: 'Visit and see the child alone', dueDate: due, worker: child.workerId, sourceType: 'management_direction', md: md.id }])
    const view = await viewRound(ctx, tm, id, 'reviewed')
    assert.deepEqual(view.cases.map((c) => c.personId).filter((p) => p === child.personId), [child.personId])
    assert.equal(view.round.progress.reviewed, 1)

    // The form still shows version 1 to whoever opened it before: refused, nothing changed.
    await assert.rejects(saveCaseReview(ctx, tm, id, child.personId, form.review.version, { planRobust: 'yes', findings: 'Fine', actions: [] }), ConflictError)
    // An amendment with the current version is kept, and the audit log has both.
    const current = await caseReviewForm(ctx, tm, id, child.personId)
    await saveCaseReview(ctx, tm, id, child.personId, current.review.version, { planRobust: 'yes', findings: 'Visit done; plan updated.', actions: [] })
    const audit = await all<{ action: string; before: { findings: string | null } }>(sql`select action, before from audit_log where person_id = ${child.personId} and action like 'case-review.%' order by at`)
    assert.deepEqual(audit.map((a) => a.action), ['case-review.record', 'case-review.amend'])
    assert.equal(audit[1]?.before.findings, 'No contingency plan; last visit 7 weeks ago.')
  })

  it('the demo: a round for Assessment North, due in 5 days, part reviewed', async () => {
    const rounds = await listReviewRounds(ctx, await metaOf('teammanager'))
    const demo = rounds.find((r) => r.title === 'Review of all open cases' && r.teamName === 'Assessment North')
    assert.ok(demo)
    assert.equal(demo.dueDate, addDays(today(), 5))
    assert.ok(demo.progress.reviewed > 0 && demo.progress.reviewed < demo.progress.total)
    assert.equal(demo.progress.overdue, false)
  })

  it('reviewing a child out of the reviewer’s scope is refused', async () => {
    const child = await childInNorth()
    const tm = await metaOf('teammanager')
    const { id } = await startRound(ctx, tm, { teamId: await northId(), title: 'Scope check', dueDate: today() })
    // The child moves to another team after the round started: no longer in Joanne Fletcher's scope.
    const east = await one<{ teamId: string; workerId: string }>(sql`select t.id as "teamId", w.id as "workerId" from team t join worker w on w.team_id = t.id where t.name = 'Safeguarding East' and w.job_role = 'Social worker' order by w.name limit 1`)
    await database.db.execute(sql`update allocation set end_date = ${today()}, end_reason = 'TSPROC' where id = ${child.allocationId}`)
    await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${child.personId}, ${east.workerId}, ${east.teamId}, ${today()})`)
    await assert.rejects(caseReviewForm(ctx, tm, id, child.personId), ForbiddenError)
    await assert.rejects(saveCaseReview(ctx, tm, id, child.personId, 1, { planRobust: 'yes', findings: 'x', actions: [] }), ForbiddenError)
    // A service manager of another service does not see the round at all.
    const round = await one<{ serviceId: string }>(sql`select t.service_id as "serviceId" from case_review_round r join team t on t.id = r.team_id where r.id = ${id}`)
    const sm = await metaOf('servicemanager')
    if (sm.actor.serviceId === round.serviceId) {
      const outsider = { ...sm, actor: { ...sm.actor, serviceId: '00000000-0000-4000-8000-000000000000' } }
      await assert.rejects(viewRound(ctx, outsider, id, null), ForbiddenError)
    }
  })
})
