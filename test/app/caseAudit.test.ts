import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { answersAll, auditTeam, defaultToolVersionId, userId } from '../helpers/caseAuditFixtures.ts'
import { createProgramme } from '../../src/app/caseAudit/createProgramme.ts'
import { saveAudit } from '../../src/app/caseAudit/saveAudit.ts'
import { amendAudit } from '../../src/app/caseAudit/amendAudit.ts'
import { moderateAudit } from '../../src/app/caseAudit/moderateAudit.ts'
import { reassignAudit } from '../../src/app/caseAudit/reassignAudit.ts'
import { respondToAudit } from '../../src/app/caseAudit/respondToAudit.ts'
import { viewAudit } from '../../src/app/caseAudit/viewAudit.ts'
import { viewProgramme } from '../../src/app/caseAudit/viewProgramme.ts'
import { learningExport, learningPage } from '../../src/app/caseAudit/learning.ts'
import { personPage } from '../../src/app/people/personPage.ts'
import { publishToolVersion } from '../../src/app/caseAudit/tools.ts'
import { myWork } from '../../src/app/worklists/myWork.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const metaOf = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const all = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[]
const today = () => londonDate(new Date())
const fieldsOf = (e: unknown) => (e instanceof ValidationError ? e.errors.map((x) => x.field) : [])

async function programme(teamId: string, over: Record<string, string> = {}) {
  return createProgramme(ctx, await metaOf('auditor'), {
    title: 'Monthly audit',
    kind: 'monthly',
    month: today().slice(0, 7),
    basis: 'team',
    teamId,
    sampleSize: '5',
    auditorUserId: await userId(database, 'auditor'),
    toolVersionId: await defaultToolVersionId(database),
    ...over,
  })
}
const auditsOf = async (programmeId: string) => all<{ id: string; personId: string; status: string }>(sql`select id, person_id as "personId", status from case_audit where programme_id = ${programmeId} order by person_id`)

describe('audit programmes', () => {
  it('samples 5 cases from a team, reproducibly from its seed, each assigned to the auditor', async () => {
    const t = await auditTeam(database, 8)
    const first = await programme(t.teamId, { seed: '123456' })
    assert.equal(first.audits, 5)
    const again = await programme(t.teamId, { seed: '123456', title: 'Redrawn' })
    const a = (await auditsOf(first.id)).map((x) => x.personId)
    assert.deepEqual((await auditsOf(again.id)).map((x) => x.personId), a, 'same seed, same cases')
    assert.ok(a.every((id) => t.children.some((c) => c.personId === id)))
    const view = await viewProgramme(ctx, await metaOf('auditor'), first.id)
    assert.equal(view.programme.seed, 123456)
    assert.equal(view.audits.length, 5)
    assert.ok(view.audits.every((x) => x.status === 'assigned' && x.teamName === t.teamName && x.workerName === t.workerName))
    const log = await all(sql`select 1 from audit_log where action = 'audit-programme.create' and entity_id = ${first.id}`)
    assert.equal(log.length, 1)
  })

  it('refuses an auditor on their own team’s cases unless the programme allows it, and one who may not see the child', async () => {
    const north = (await all<{ id: string }>(sql`select id from team where name = 'Assessment North'`))[0]?.id as string
    const tm = await userId(database, 'teammanager')
    await assert.rejects(programme(north, { auditorUserId: tm, sampleSize: '2' }), (e: unknown) => fieldsOf(e).join() === 'auditorUserId' && /own team/.test((e as Error).message))
    const allowed = await programme(north, { auditorUserId: tm, sampleSize: '2', allowOwnTeam: 'yes' })
    assert.equal(allowed.audits, 2)
    // A team manager sees only their team's children: another team's case is refused, nothing written.
    const other = await auditTeam(database, 2)
    const before = (await all(sql`select 1 from audit_programme`)).length
    await assert.rejects(programme(other.teamId, { auditorUserId: tm, sampleSize: '2' }), (e: unknown) => fieldsOf(e).join() === 'auditorUserId' && /may not see the record/.test((e as Error).message))
    assert.equal((await all(sql`select 1 from audit_programme`)).length, before, 'nothing half-saved')
  })

  it('hand-picked cases by reference; an unknown reference or a restricted child is refused', async () => {
    const t = await auditTeam(database, 3)
    const picked = await programme(t.teamId, { basis: 'manual', personRefs: `${t.children[0]?.personRef} ${t.children[2]?.personRef}` })
    assert.equal(picked.audits, 2)
    await assert.rejects(programme(t.teamId, { basis: 'manual', personRefs: 'P999999' }), (e: unknown) => fieldsOf(e).join() === 'personRefs')
    await database.db.execute(sql`update person set restricted = true where id = ${t.children[1]?.personId}`)
    await assert.rejects(programme(t.teamId, { basis: 'manual', personRefs: t.children[1]?.personRef ?? '' }), (e: unknown) => fieldsOf(e).join() === 'personRefs' && /may not see/.test((e as Error).message))
    await assert.rejects(createProgramme(ctx, await metaOf('socialworker'), {}), ForbiddenError)
  })
})

describe('doing, amending, responding to and moderating an audit', () => {
  it('the whole life of an audit', async () => {
    const t = await auditTeam(database, 5)
    const p = await programme(t.teamId, { sampleSize: '1' })
    const [row] = await auditsOf(p.id)
    assert.ok(row)
    const auditor = await metaOf('auditor')
    const view = await viewAudit(ctx, auditor, row.id)
    assert.ok(view.may.edit)
    assert.ok(view.owners.some((o) => o.id === t.workerId) && view.owners.some((o) => o.id === t.managerId))
    assert.equal((await all(sql`select 1 from audit_log where action = 'person.view' and person_id = ${row.personId} and after->>'via' = 'case-audit'`)).length, 1, 'the read-only case view is audited')

    // Signing off with a required grade missing: refused by the field, nothing saved.
    const answers = answersAll('good')
    const { child_voice: _omit, ...missing } = answers
    const action = { text: 'Record the child’s wishes and feelings', ownerWorkerId: t.workerId, dueDate: addDays(today(), 14) }
    await assert.rejects(saveAudit(ctx, auditor, row.id, view.audit.version, { answers: missing, overallGrade: 'good', findings: 'x', actions: [action] }, 'sign_off'), (e: unknown) => fieldsOf(e).join() === 'q_child_voice')
    assert.equal((await all(sql`select 1 from case_audit_answer where case_audit_id = ${row.id}`)).length, 0)
    assert.equal((await all(sql`select 1 from task where source_id = ${row.id}`)).length, 0)

    // A draft keeps gaps; then sign-off with a required action.
    await saveAudit(ctx, auditor, row.id, view.audit.version, { answers: missing, overallGrade: '', findings: '', actions: [action] }, 'save')
    const draft = await viewAudit(ctx, auditor, row.id)
    assert.equal(draft.audit.status, 'in_progress')
    assert.equal(draft.audit.draftActions?.[0]?.text, action.text)
    await assert.rejects(saveAudit(ctx, auditor, row.id, view.audit.version, { answers, overallGrade: 'good', findings: 'x', actions: [] }, 'sign_off'), (e: unknown) => (e as { constructor: { name: string } }).constructor.name === 'ConflictError')
    await saveAudit(ctx, auditor, row.id, draft.audit.version, { answers: { ...answers, child_voice: { value: 'requires_improvement' } }, overallGrade: 'good', findings: 'Good assessment; the child’s voice is thin.', actions: [action] }, 'sign_off')
    const tasks = await all<{ title: string; assignedWorkerId: string; dueDate: string }>(sql`select title, assigned_worker_id as "assignedWorkerId", due_date::text as "dueDate" from task where source_type = 'audit_action' and source_id = ${row.id} order by title`)
    assert.deepEqual(tasks, [
      { title: 'Case audit action: Record the child’s wishes and feelings', assignedWorkerId: t.workerId, dueDate: action.dueDate },
      { title: 'Oversee case audit action: Record the child’s wishes and feelings', assignedWorkerId: t.managerId, dueDate: action.dueDate },
    ])
    assert.equal((await all(sql`select 1 from chronology_entry where person_id = ${row.personId} and kind = 'case-audit'`)).length, 1, 'on the child’s file')
    const onFile = (await personPage(ctx, await metaOf('servicemanager'), row.personId)).caseAudits
    assert.equal(onFile.audits[0]?.overallGrade, 'good')

    // Editing after sign-off is refused with a clear message; an amendment needs a reason and keeps history.
    const signed = await viewAudit(ctx, auditor, row.id)
    assert.ok(!signed.may.edit && signed.may.amend)
    await assert.rejects(saveAudit(ctx, auditor, row.id, signed.audit.version, { answers, overallGrade: 'good', findings: 'x', actions: [] }, 'save'), (e: unknown) => e instanceof ValidationError && /signed off, so it cannot be edited/.test(e.message))
    await assert.rejects(amendAudit(ctx, auditor, row.id, signed.audit.version, { answers, overallGrade: 'requires_improvement', findings: signed.audit.findings ?? '' }), (e: unknown) => fieldsOf(e).join() === 'reason')
    await amendAudit(ctx, auditor, row.id, signed.audit.version, { answers: { ...answers, child_voice: { value: 'requires_improvement' } }, overallGrade: 'requires_improvement', findings: signed.audit.findings ?? '', reason: 'Moderation meeting: the plan is not specific' })
    const amended = await viewAudit(ctx, auditor, row.id)
    assert.equal(amended.audit.overallGrade, 'requires_improvement')
    assert.equal(amended.audit.amendmentCount, 1)
    assert.deepEqual(amended.amendments[0]?.changes, ['Overall grade: Good → Requires improvement'])
    const hist = await all<{ before: { overallGrade: string } }>(sql`select before from case_audit_amendment where case_audit_id = ${row.id}`)
    assert.equal(hist[0]?.before.overallGrade, 'good', 'the first version is kept')

    // Responses: a manager who may see the child; a worker who may not is refused.
    await respondToAudit(ctx, await metaOf('servicemanager'), row.id, { response: 'Agreed: Tess will see the child alone this week.' })
    await assert.rejects(respondToAudit(ctx, await metaOf('servicemanager'), row.id, { response: ' ' }), (e: unknown) => fieldsOf(e).join() === 'response')
    await assert.rejects(respondToAudit(ctx, await metaOf('socialworker'), row.id, { response: 'x' }), ForbiddenError)
    assert.equal((await viewAudit(ctx, auditor, row.id)).responses.length, 1)

    // Moderation: never by the auditor; the second auditor's grade and agreement are recorded, once.
    await assert.rejects(moderateAudit(ctx, auditor, row.id, { moderatedGrade: 'good', comments: 'x' }), (e: unknown) => /cannot moderate your own/.test((e as Error).message))
    const out = await moderateAudit(ctx, await metaOf('qalead'), row.id, { moderatedGrade: 'inadequate', comments: 'No evidence the child was seen alone.' })
    assert.equal(out.agreed, false)
    await assert.rejects(moderateAudit(ctx, await metaOf('qalead'), row.id, { moderatedGrade: 'good', comments: 'again' }), ValidationError)
    await assert.rejects(amendAudit(ctx, auditor, row.id, amended.audit.version, { answers, overallGrade: 'good', findings: 'x', reason: 'y' }), (e: unknown) => /moderated/.test((e as Error).message))

    // The learning report counts the moderated grade; a team manager of another team does not see it.
    const report = await learningPage(ctx, auditor, { teamId: t.teamId })
    assert.equal(report.report.audits, 1)
    assert.equal(report.report.overall.counts.inadequate, 1)
    assert.deepEqual(report.report.moderation.changes, [{ from: 'requires_improvement', to: 'inadequate', count: 1 }])
    assert.equal(report.report.actions.total, 1, 'the manager’s oversight task is not counted twice')
    await assert.rejects(learningPage(ctx, await metaOf('teammanager'), { teamId: t.teamId }), ForbiddenError)
    const csv = await learningExport(ctx, auditor, { teamId: t.teamId })
    assert.equal(csv.csv.trim().split('\r\n').length, 1 + 9, 'a row per graded answer')
    assert.ok(!csv.csv.includes(t.children[0]?.name ?? '???'), 'no child is named')
  })

  it('only the assigned auditor does the audit; others who may see the child only read it', async () => {
    const t = await auditTeam(database, 2)
    const p = await programme(t.teamId, { sampleSize: '1' })
    const [row] = await auditsOf(p.id)
    assert.ok(row)
    const qa = await metaOf('qalead')
    const v = await viewAudit(ctx, qa, row.id)
    assert.ok(!v.may.edit && !v.may.moderate, 'not signed off yet')
    await assert.rejects(saveAudit(ctx, qa, row.id, v.audit.version, { answers: {}, actions: [] }, 'save'), ForbiddenError)
    await assert.rejects(viewAudit(ctx, await metaOf('socialworker'), row.id), ForbiddenError)
    await assert.rejects(viewAudit(ctx, await metaOf('analyst'), row.id), ForbiddenError)
  })

  it('the action appears in the worker’s My work, linked to the audit', async () => {
    const sam = await metaOf('socialworker')
    const child = (await all<{ personId: string }>(sql`select a.person_id as "personId" from allocation a join person p on p.id = a.person_id where a.worker_id = ${sam.actor.workerId} and a.end_date is null and a.allocation_role = 'allocated_worker' and not p.restricted order by a.person_id limit 1`))[0]
    assert.ok(child)
    const ref = (await all<{ r: string }>(sql`select person_ref as r from person where id = ${child.personId}`))[0]?.r as string
    const p = await programme('', { basis: 'manual', personRefs: ref, sampleSize: '' })
    const [row] = await auditsOf(p.id)
    assert.ok(row)
    const auditor = await metaOf('auditor')
    const v = await viewAudit(ctx, auditor, row.id)
    await saveAudit(ctx, auditor, row.id, v.audit.version, { answers: answersAll('good'), overallGrade: 'good', findings: 'Sound work.', actions: [{ text: 'Share the plan with the father', ownerWorkerId: sam.actor.workerId ?? '', dueDate: addDays(today(), 10) }] }, 'sign_off')
    const work = await myWork(ctx, sam)
    const item = work.items.find((i) => i.title === 'Case audit action: Share the plan with the father')
    assert.ok(item, 'in My work')
    assert.equal(item.status, 'Audit action')
    assert.equal(item.href, `/case-audits/${row.id}`)
  })
})

describe('reassigning an audit', () => {
  it('to another auditor who may see the child and is not barred by the own-team rule; never once signed off', async () => {
    const north = (await all<{ id: string }>(sql`select id from team where name = 'Assessment North'`))[0]?.id as string
    const p = await programme(north, { sampleSize: '1' })
    const [row] = await all<{ id: string; version: number }>(sql`select id, version from case_audit where programme_id = ${p.id}`)
    assert.ok(row)
    const auditor = await metaOf('auditor')
    await assert.rejects(reassignAudit(ctx, auditor, row.id, { auditorUserId: await userId(database, 'teammanager'), version: String(row.version) }), (e: unknown) => /own team/.test((e as Error).message))
    await assert.rejects(reassignAudit(ctx, auditor, row.id, { auditorUserId: await userId(database, 'socialworker'), version: String(row.version) }), (e: unknown) => /Select the auditor/.test((e as Error).message))
    await assert.rejects(reassignAudit(ctx, await metaOf('teammanager'), row.id, { auditorUserId: await userId(database, 'qalead'), version: String(row.version) }), ForbiddenError)
    await reassignAudit(ctx, auditor, row.id, { auditorUserId: await userId(database, 'qalead'), version: String(row.version) })
    const qa = await metaOf('qalead')
    const v = await viewAudit(ctx, qa, row.id)
    assert.equal(v.audit.auditorName, 'Ruth Castellano')
    assert.ok(v.may.edit)
    await assert.rejects(reassignAudit(ctx, auditor, row.id, { auditorUserId: await userId(database, 'auditor'), version: String(row.version) }), (e: unknown) => (e as { constructor: { name: string } }).constructor.name === 'ConflictError', 'a stale version')
    await saveAudit(ctx, qa, row.id, v.audit.version, { answers: answersAll('outstanding'), overallGrade: 'outstanding', findings: 'Exemplary.', actions: [] }, 'sign_off')
    await assert.rejects(reassignAudit(ctx, auditor, row.id, { auditorUserId: await userId(database, 'auditor'), version: String(v.audit.version + 1) }), (e: unknown) => /signed off/.test((e as Error).message))
  })
})

describe('audit tools', () => {
  it('a QA lead publishes versions; a bad tool is refused by line; others may not', async () => {
    const qa = await metaOf('qalead')
    const name = `Voice audit ${Date.now()}`
    const v1 = await publishToolVersion(ctx, qa, { name, definition: '# Voice\nvoice | graded | required | child_voice | Is the child’s voice heard?' })
    assert.equal(v1.version, 1)
    const v2 = await publishToolVersion(ctx, qa, { toolId: v1.toolId, definition: '# Voice\nvoice | graded | required | child_voice | Is the child’s voice heard?\nseen | yes_no | required | child_seen | Seen alone?' })
    assert.equal(v2.version, 2)
    await assert.rejects(publishToolVersion(ctx, qa, { toolId: v1.toolId, definition: '# Voice\nvoice | scored | x' }), (e: unknown) => fieldsOf(e).join() === 'definition')
    await assert.rejects(publishToolVersion(ctx, qa, { name, definition: '# A\na | graded | required | t | Q' }), (e: unknown) => fieldsOf(e).join() === 'name')
    await assert.rejects(publishToolVersion(ctx, await metaOf('teammanager'), { name: 'x', definition: '' }), ForbiddenError)
  })
})
