/** Management decisions and the chronology through the use cases, on the real database. */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { recordManagementDecision, managementDecisionForm } from '../../src/app/oversight/managementDecisions.ts'
import { viewOversight } from '../../src/app/oversight/viewOversight.ts'
import { addChronologyEntry, viewChronologyPage } from '../../src/app/chronology/chronology.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { londonDate, londonTime } from '../../src/domain/shared/dates.ts'
import { addDays } from '../../src/domain/calendar/days.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n

/** A child allocated to Sam Okafor (socialworker) in Assessment North. */
async function allocatedChild(opts: { restricted?: boolean } = {}): Promise<string> {
  const tm = await meta('teammanager')
  const out = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Kit', familyName: uniqueFamilyName(), dateOfBirth: '2017-03-03', sex: 'M', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  const id = out.kind === 'created' ? out.id : ''
  const sw = await actorFor(database, 'socialworker')
  await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date, created_by) values (${id}, ${sw.workerId}, ${sw.teamId}, ${addDays(londonDate(new Date()), -20)}, ${tm.actor.userId})`)
  if (opts.restricted) await database.db.execute(sql`update person set restricted = true where id = ${id}`)
  return id
}

describe('management decisions', () => {
  it('a decision with directions creates tasks for the workers, a chronology entry and an audit row', async () => {
    const child = await allocatedChild()
    const tm = await meta('teammanager')
    const form = await managementDecisionForm(ctx, tm, child)
    const sam = form.workers.find((w) => w.name === 'Sam Okafor')
    const colleague = form.workers.find((w) => w.name !== 'Sam Okafor')
    assert.ok(sam?.allocated, 'the allocated worker is offered first')
    assert.ok(colleague, 'and the manager’s team')
    const due = addDays(londonDate(new Date()), 5)
    const out = await recordManagementDecision(ctx, tm, child, {
      stage: 'assessment',
      decision: 'Continue the assessment; see Kit alone at school',
      reasons: 'School reports Kit is withdrawn; mother declined the last visit',
      directions: [
        { text: 'See Kit alone at school', dueDate: due, workerId: sam.id },
        { text: 'Ask the GP for a health update', dueDate: due, workerId: colleague.id },
        { text: '', dueDate: undefined, workerId: '' },
      ],
    })
    assert.equal(out.taskIds.length, 2)
    assert.equal(await count(sql`select count(*)::int as n from task where management_decision_id = ${out.id} and source_type = 'management_direction' and person_id = ${child} and completed_at is null`), 2)
    assert.equal(await count(sql`select count(*)::int as n from task where management_decision_id = ${out.id} and assigned_worker_id = ${sam.id} and due_date = ${due}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where source_id = ${out.id} and kind = 'management-decision' and summary like '%See Kit alone at school%'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${out.id} and action = 'management-decision.record' and user_id = ${tm.actor.userId}`), 1)

    // The oversight view shows it, newest first, with its open directions; viewing is audited.
    const view = await viewOversight(ctx, await meta('socialworker'), child)
    assert.equal(view.decisions[0]?.id, out.id)
    assert.equal(view.decisions[0]?.decidedByName, 'Joanne Fletcher')
    assert.deepEqual(view.decisions[0]?.directions.map((d) => d.status), ['open', 'open'])
    assert.equal(view.openDirections, 2)
    assert.ok((await count(sql`select count(*)::int as n from audit_log where person_id = ${child} and action = 'person.view' and after->>'via' = 'oversight'`)) >= 1)
  })

  it('a direction overdue and one completed show as such', async () => {
    const child = await allocatedChild()
    const tm = await meta('teammanager')
    const sam = (await actorFor(database, 'socialworker')).workerId as string
    const out = await recordManagementDecision(ctx, tm, child, { stage: 'plan', decision: 'Hold a CIN review', reasons: 'Plan drifting', directions: [{ text: 'Book the review', dueDate: londonDate(new Date()), workerId: sam }, { text: 'Write to father', dueDate: londonDate(new Date()), workerId: sam }] })
    const [t1, t2] = out.taskIds
    await database.db.execute(sql`update task set due_date = due_date - 3 where id = ${t1 as string}`)
    await database.db.execute(sql`update task set completed_at = now(), completed_by = ${tm.actor.userId} where id = ${t2 as string}`)
    const view = await viewOversight(ctx, tm, child)
    const statuses = view.decisions[0]?.directions.map((d) => d.status).sort()
    assert.deepEqual(statuses, ['completed', 'overdue'])
    assert.equal(view.overdueDirections, 1)
  })

  it('refuses a direction for a worker outside the child’s allocation and the manager’s team, and saves nothing', async () => {
    const child = await allocatedChild()
    const tm = await meta('teammanager')
    const outsider = ((await database.db.execute(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = 'Children in care' limit 1`)).rows[0] as { id: string }).id
    await assert.rejects(
      recordManagementDecision(ctx, tm, child, { stage: 'other', decision: 'd', reasons: 'r', directions: [{ text: 'x', dueDate: londonDate(new Date()), workerId: outsider }] }),
      (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'direction1Worker',
    )
    assert.equal(await count(sql`select count(*)::int as n from management_decision where person_id = ${child}`), 0)
  })

  it('shows supervision discussions of the child with their decision, never the reflective notes', async () => {
    const child = await allocatedChild()
    const tm = await meta('teammanager')
    const sw = await actorFor(database, 'socialworker')
    const decision = ((await database.db.execute(sql`insert into management_decision (person_id, stage, decision, reasons, decided_at, decided_by)
      values (${child}, 'supervision', 'Hold a family network meeting', 'Grandparents can help', now() - interval '2 days', ${tm.actor.userId}) returning id`)).rows[0] as { id: string }).id
    const sup = ((await database.db.execute(sql`insert into supervision (worker_id, supervisor_user_id, held_on, reflective_notes)
      values (${sw.workerId}, ${tm.actor.userId}, ${addDays(londonDate(new Date()), -2)}, 'PRIVATE: I feel overwhelmed this month') returning id`)).rows[0] as { id: string }).id
    await database.db.execute(sql`insert into supervision_case (supervision_id, person_id, discussion, management_decision_id) values (${sup}, ${child}, 'Kit’s school attendance has dropped again.', ${decision})`)
    const view = await viewOversight(ctx, tm, child)
    assert.equal(view.supervision.length, 1)
    assert.equal(view.supervision[0]?.discussion, 'Kit’s school attendance has dropped again.')
    assert.equal(view.supervision[0]?.supervisorName, 'Joanne Fletcher')
    assert.equal(view.supervision[0]?.decision, 'Hold a family network meeting')
    assert.doesNotMatch(JSON.stringify(view), /overwhelmed/)
    assert.equal(view.decisions[0]?.stage, 'supervision', 'the supervision decision is one of the management decisions')
  })

  it('a social worker cannot record a management decision (403)', async () => {
    const child = await allocatedChild()
    await assert.rejects(recordManagementDecision(ctx, await meta('socialworker'), child, { stage: 'other', decision: 'd', reasons: 'r' }), ForbiddenError)
  })

  it('a restricted child is out of scope for a manager without a grant (403)', async () => {
    const child = await allocatedChild({ restricted: true })
    await assert.rejects(recordManagementDecision(ctx, await meta('teammanager'), child, { stage: 'other', decision: 'd', reasons: 'r' }), ForbiddenError)
    await assert.rejects(viewOversight(ctx, await meta('teammanager'), child), ForbiddenError)
  })
})

describe('the chronology', () => {
  it('a worker adds a practitioner entry; the filter shows it with who recorded it', async () => {
    const child = await allocatedChild()
    const sw = await meta('socialworker')
    const earlier = new Date(Date.now() - 3 * 60 * 60 * 1000)
    await addChronologyEntry(ctx, sw, child, { date: londonDate(earlier), time: londonTime(earlier), summary: 'Home visit: Kit seen alone in his bedroom.' })
    const page = await viewChronologyPage(ctx, sw, child, 'practitioner')
    assert.equal(page.entries.length, 1)
    assert.equal(page.entries[0]?.recordedByName, 'Sam Okafor')
    assert.equal(page.entries[0]?.recordedLater, true)
    assert.equal(page.entries[0]?.recordingDelay, '3 hours after it happened')
    assert.equal((await viewChronologyPage(ctx, sw, child, 'management-decisions')).entries.length, 0)
    const future = new Date(Date.now() + 2 * 60 * 60 * 1000 + 24 * 60 * 60 * 1000)
    await assert.rejects(addChronologyEntry(ctx, sw, child, { date: londonDate(future), time: londonTime(future), summary: 'Later' }), ValidationError)
  })
})
