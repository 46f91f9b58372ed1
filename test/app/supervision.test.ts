import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { amendSupervision } from '../../src/app/supervision/amendSupervision.ts'
import { recordSupervision } from '../../src/app/supervision/recordSupervision.ts'
import { teamSupervisionDue } from '../../src/app/supervision/supervisionDue.ts'
import { setSupervisionFrequency } from '../../src/app/supervision/setSupervisionFrequency.ts'
import { supervisionOverview, viewSupervision } from '../../src/app/supervision/viewSupervision.ts'
import { DEMO_RESTRICTED_CHILDREN } from '../../src/db/seed/demoCouncil.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const today = () => londonDate(new Date())
const q = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => (await database.db.execute(query)).rows as T[]

/** A new child allocated to the worker in their team since 60 days ago. */
async function childOf(workerId: string, teamId: string, givenNames = 'Ruby'): Promise<{ id: string; name: string }> {
  const familyName = uniqueFamilyName()
  const out = await createPerson(ctx, await meta('frontdoor'), { givenNames, familyName, dateOfBirth: '2017-05-06', sex: 'F', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  const id = out.kind === 'created' ? out.id : ''
  await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${id}, ${workerId}, ${teamId}, ${addDays(today(), -60)})`)
  return { id, name: `${givenNames} ${familyName}` }
}

let sam: { workerId: string; teamId: string }
before(async () => {
  const a = await actorFor(database, 'socialworker')
  assert.ok(a.workerId && a.teamId)
  sam = { workerId: a.workerId, teamId: a.teamId }
})

describe('recording supervision', () => {
  it('saves the session with each case, a management decision on the child’s file, a chronology entry, the action as a task, and an audit without the notes', async () => {
    const ruby = await childOf(sam.workerId, sam.teamId, 'Ruby')
    const otto = await childOf(sam.workerId, sam.teamId, 'Otto')
    const notes = `Private reflection ${uniqueFamilyName()}`
    const due = addDays(today(), 7)
    const { id } = await recordSupervision(ctx, await meta('teammanager'), {
      workerId: sam.workerId,
      heldOn: today(),
      cases: [
        { personId: ruby.id, discussion: 'School attendance has dropped.', decision: 'Hold a family network meeting.', reasons: 'Grandparents can help.' },
        { personId: otto.id, discussion: 'No new concerns.' },
      ],
      actions: [{ text: 'Arrange the network meeting', ownerWorkerId: sam.workerId, dueDate: due, personId: ruby.id }],
      reflectiveNotes: notes,
    })

    const [decision] = await q<{ stage: string; subject_type: string; subject_id: string; decision: string; reasons: string; decided_by: string }>(sql`select * from management_decision where person_id = ${ruby.id}`)
    assert.equal(decision?.stage, 'supervision')
    assert.equal(decision?.subject_type, 'supervision')
    assert.equal(decision?.subject_id, id)
    assert.equal(decision?.decision, 'Hold a family network meeting.')
    assert.equal(decision?.reasons, 'Grandparents can help.')
    assert.equal(decision?.decided_by, (await actorFor(database, 'teammanager')).userId)
    assert.equal((await q(sql`select 1 from management_decision where person_id = ${otto.id}`)).length, 0, 'no decision, no management decision')

    const cases = await q<{ person_id: string; discussion: string; management_decision_id: string | null }>(sql`select * from supervision_case where supervision_id = ${id} order by discussion`)
    assert.deepEqual(cases.map((c) => [c.person_id, c.management_decision_id !== null]), [[otto.id, false], [ruby.id, true]])

    const chronology = await q<{ summary: string; kind: string }>(sql`select summary, kind from chronology_entry where person_id = ${ruby.id} and kind = 'supervision'`)
    assert.equal(chronology.length, 1)
    assert.equal(chronology[0]?.summary, 'Discussed in supervision with Joanne Fletcher: decision – Hold a family network meeting. Reasons: Grandparents can help.')

    const [task] = await q<{ title: string; due_date: string; assigned_worker_id: string; source_type: string; source_id: string; person_id: string }>(sql`select title, due_date::text, assigned_worker_id, source_type, source_id, person_id from task where source_id = ${id}`)
    assert.deepEqual(task, { title: 'Arrange the network meeting', due_date: due, assigned_worker_id: sam.workerId, source_type: 'supervision_action', source_id: id, person_id: ruby.id })

    const audit = await q<{ after: Record<string, unknown> }>(sql`select after from audit_log where entity_id = ${id} and action = 'supervision.record'`)
    assert.equal(audit.length, 1)
    assert.equal(audit[0]?.after.reflectiveNotes, '[private]')
    const leaked = await q(sql`select 1 from audit_log where after::text like ${'%' + notes + '%'} or before::text like ${'%' + notes + '%'}`)
    assert.equal(leaked.length, 0, 'the reflective notes are never copied into the audit log')
    assert.ok((await q(sql`select 1 from audit_log where person_id = ${ruby.id} and action = 'supervision.case'`)).length === 1, 'the child’s audit shows the supervision')
  })

  it('a case the supervisor cannot see (a restricted child) is refused and nothing is saved', async () => {
    const ruby = await childOf(sam.workerId, sam.teamId)
    const [restricted] = await q<{ id: string }>(sql`select id from person where given_names = ${DEMO_RESTRICTED_CHILDREN[0].givenNames} and family_name = ${DEMO_RESTRICTED_CHILDREN[0].familyName}`)
    assert.ok(restricted)
    const notes = `Never saved ${uniqueFamilyName()}`
    await assert.rejects(
      recordSupervision(ctx, await meta('teammanager'), {
        workerId: sam.workerId,
        heldOn: today(),
        cases: [
          { personId: ruby.id, discussion: 'Fine', decision: 'Carry on', reasons: 'Going well' },
          { personId: restricted.id, discussion: 'Should not be here', decision: 'Nothing', reasons: 'None' },
        ],
        actions: [{ text: 'Visit', ownerWorkerId: sam.workerId, dueDate: addDays(today(), 3) }],
        reflectiveNotes: notes,
      }),
      ForbiddenError,
    )
    assert.equal((await q(sql`select 1 from supervision where reflective_notes = ${notes}`)).length, 0)
    assert.equal((await q(sql`select 1 from management_decision where person_id in (${ruby.id}, ${restricted.id}) and stage = 'supervision'`)).length, 0)
    assert.equal((await q(sql`select 1 from chronology_entry where person_id = ${ruby.id} and kind = 'supervision'`)).length, 0)
  })

  it('a child of another service is refused too', async () => {
    const [east] = await q<{ worker_id: string; team_id: string }>(sql`select w.id as worker_id, w.team_id from worker w join team t on t.id = w.team_id where t.name = 'Safeguarding East' and w.job_role = 'Social worker' order by w.name limit 1`)
    assert.ok(east)
    const eastChild = await childOf(east.worker_id, east.team_id)
    await assert.rejects(recordSupervision(ctx, await meta('teammanager'), { workerId: sam.workerId, heldOn: today(), cases: [{ personId: eastChild.id, discussion: 'Not ours' }] }), ForbiddenError)
  })

  it('refuses a worker outside the manager’s team or service, and a session with nothing in it', async () => {
    const [east] = await q<{ id: string }>(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = 'Safeguarding East' and w.job_role = 'Social worker' order by w.name limit 1`)
    assert.ok(east)
    await assert.rejects(recordSupervision(ctx, await meta('teammanager'), { workerId: east.id, heldOn: today(), reflectiveNotes: 'x' }), ForbiddenError)
    await assert.rejects(recordSupervision(ctx, await meta('servicemanager'), { workerId: east.id, heldOn: today(), reflectiveNotes: 'x' }), ForbiddenError)
    await assert.rejects(recordSupervision(ctx, await meta('socialworker'), { workerId: sam.workerId, heldOn: today(), reflectiveNotes: 'x' }), ForbiddenError)
    await assert.rejects(recordSupervision(ctx, await meta('teammanager'), { workerId: sam.workerId, heldOn: today(), cases: [], reflectiveNotes: '' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'case1Person')
  })
})

describe('reading supervision', () => {
  it('reflective notes are shown to the worker and the supervisor, and hidden from everyone else', async () => {
    const child = await childOf(sam.workerId, sam.teamId)
    const notes = `Feeling stretched ${uniqueFamilyName()}`
    const { id } = await recordSupervision(ctx, await meta('teammanager'), { workerId: sam.workerId, heldOn: addDays(today(), -1), cases: [{ personId: child.id, discussion: 'Going well' }], reflectiveNotes: notes })

    const forSupervisor = await viewSupervision(ctx, await meta('teammanager'), id)
    assert.equal(forSupervisor.reflectiveNotes, notes)
    const forWorker = await viewSupervision(ctx, await meta('socialworker'), id)
    assert.equal(forWorker.reflectiveNotes, notes)
    assert.equal(forWorker.cases.length, 1)

    const forServiceManager = await viewSupervision(ctx, await meta('servicemanager'), id)
    assert.equal(forServiceManager.notesVisible, false)
    assert.equal(forServiceManager.reflectiveNotes, null)
    assert.equal(forServiceManager.privateNotesMessage, 'Reflective notes are private to the worker and their supervisor')
    assert.ok(!JSON.stringify(forServiceManager).includes(notes))

    await assert.rejects(viewSupervision(ctx, await meta('auditor'), id), ForbiddenError)
    await assert.rejects(viewSupervision(ctx, await meta('frontdoor'), id), ForbiddenError)

    const own = await supervisionOverview(ctx, await meta('socialworker'), undefined)
    assert.ok(own.ownSessions.some((s) => s.id === id), 'the social worker lists their own supervision')
    assert.equal(own.team, null)
    const team = await supervisionOverview(ctx, await meta('teammanager'), undefined)
    assert.ok(team.teamSessions.some((s) => s.id === id), 'the manager lists the team’s supervision')
  })
})

describe('amending supervision', () => {
  it('the supervisor corrects a discussion and the notes; the version guards against overwriting, and the audit keeps the notes private', async () => {
    const child = await childOf(sam.workerId, sam.teamId)
    const tm = await meta('teammanager')
    const { id } = await recordSupervision(ctx, tm, { workerId: sam.workerId, heldOn: today(), cases: [{ personId: child.id, discussion: 'Frist draft' }], reflectiveNotes: 'Old notes' })
    const secret = `New private notes ${uniqueFamilyName()}`
    await amendSupervision(ctx, tm, id, 1, { discussions: ['First draft, corrected'], reflectiveNotes: secret })
    const view = await viewSupervision(ctx, await meta('socialworker'), id)
    assert.equal(view.reflectiveNotes, secret)
    assert.equal(view.cases[0]?.visible && view.cases[0].discussion, 'First draft, corrected')
    assert.equal(view.record.version, 2)
    assert.equal(view.amendments.length, 1)
    await assert.rejects(amendSupervision(ctx, tm, id, 1, { discussions: ['Again'], reflectiveNotes: 'x' }), ConflictError)
    await assert.rejects(amendSupervision(ctx, await meta('servicemanager'), id, 2, { discussions: ['Not mine'], reflectiveNotes: 'x' }), ForbiddenError)
    const [caseAudit] = await q<{ before: unknown; after: unknown }>(sql`select before, after from audit_log where entity_id = ${id} and action = 'supervision.case.amend' and person_id = ${child.id}`)
    assert.deepEqual(caseAudit, { before: { discussion: 'Frist draft' }, after: { discussion: 'First draft, corrected' } })
    assert.equal((await q(sql`select 1 from audit_log where entity_id = ${id} and (after::text like ${'%' + secret + '%'} or before::text like ${'%Old notes%'})`)).length, 0)
  })
})

describe('supervision due', () => {
  let teamId = ''
  let longServing = ''
  let newlyQualified = ''
  before(async () => {
    const name = `Supervision test ${uniqueFamilyName()}`
    const [svc] = await q<{ service_id: string }>(sql`select service_id from team where name = 'Assessment North'`)
    const [t] = await q<{ id: string }>(sql`insert into team (service_id, name, kind) values (${svc?.service_id}, ${name}, 'assessment') returning id`)
    teamId = t?.id ?? ''
    const [a] = await q<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values ('Alma Overdue', 'Social worker', true, ${teamId}, ${addDays(today(), -200)}) returning id`)
    const [b] = await q<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on, newly_qualified) values ('Nia Newstart', 'Social worker', true, ${teamId}, ${addDays(today(), -10)}, true) returning id`)
    await q(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values ('Tess Manager', 'Team manager', true, ${teamId}, ${addDays(today(), -900)})`)
    longServing = a?.id ?? ''
    newlyQualified = b?.id ?? ''
  })

  it('shows each practitioner with their frequency and next due date, overdue first', async () => {
    const due = await teamSupervisionDue(ctx, await meta('servicemanager'), teamId)
    assert.deepEqual(
      due.map((d) => [d.name, d.newlyQualified, d.frequencyDays, d.lastHeldOn, d.dueOn, d.overdue, d.daysOverdue]),
      [
        ['Alma Overdue', false, 28, null, addDays(today(), -172), true, 172],
        ['Nia Newstart', true, 14, null, addDays(today(), 4), false, 0],
      ],
    )
  })

  it('a session brings the worker up to date, and a manager’s own frequency changes the due date', async () => {
    const sm = await meta('servicemanager')
    await recordSupervision(ctx, sm, { workerId: longServing, heldOn: addDays(today(), -3), reflectiveNotes: 'First supervision in a while' })
    await setSupervisionFrequency(ctx, sm, longServing, '14')
    const alma = (await teamSupervisionDue(ctx, sm, teamId)).find((d) => d.workerId === longServing)
    assert.deepEqual(alma && [alma.lastHeldOn, alma.frequencyDays, alma.dueOn, alma.overdue], [addDays(today(), -3), 14, addDays(today(), 11), false])
    const [audit] = await q<{ before: unknown; after: unknown }>(sql`select before, after from audit_log where entity_id = ${longServing} and action = 'supervision.frequency'`)
    assert.deepEqual(audit, { before: { supervisionFrequencyDays: null }, after: { supervisionFrequencyDays: 14 } })
    await assert.rejects(setSupervisionFrequency(ctx, sm, longServing, '120'), ValidationError)
    await assert.rejects(setSupervisionFrequency(ctx, await meta('teammanager'), longServing, '21'), ForbiddenError)
    void newlyQualified
  })

  it('Assessment North has an overdue worker in the demo, not Sam Okafor; only its managers may see it', async () => {
    const tm = await meta('teammanager')
    assert.ok(tm.actor.teamId)
    const due = await teamSupervisionDue(ctx, tm, tm.actor.teamId)
    assert.ok(due.some((d) => d.overdue), 'someone in Assessment North is overdue')
    assert.equal(due[0]?.overdue, true, 'overdue first')
    const samRow = due.find((d) => d.workerId === sam.workerId)
    assert.equal(samRow?.overdue, false)
    assert.ok(!due.some((d) => d.name === 'Joanne Fletcher'), 'the manager is not listed in her own team’s supervision')
    await assert.rejects(teamSupervisionDue(ctx, tm, teamId), ForbiddenError)
    await assert.rejects(teamSupervisionDue(ctx, await meta('socialworker'), tm.actor.teamId), ForbiddenError)
    await assert.rejects(teamSupervisionDue(ctx, await meta('auditor'), tm.actor.teamId), ForbiddenError)
  })
})
