import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, colleague, insertAssessmentRow, otherTeam, returnAssessment, taskFor } from '../helpers/worklistFixtures.ts'
import { myWork } from '../../src/app/worklists/myWork.ts'
import { teamWork } from '../../src/app/worklists/teamWork.ts'
import { completeTask } from '../../src/app/tasks/completeTask.ts'
import { ConflictError, ForbiddenError, type RequestMeta } from '../../src/app/context.ts'
import { ENGLAND_AND_WALES_CALENDAR as cal } from '../../src/domain/calendar/workingDays.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const today = londonDate(new Date())
const wd = (n: number) => cal.addWorkingDays(today, n)

describe('My work', () => {
  it('lists the worker’s open assessments with due date, working days left and RAG, returned comments and tasks — overdue first', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const late = await childWithReferral(database, { referralDate: wd(-50), allocateTo: mine, givenNames: 'Lateo' })
    const fresh = await childWithReferral(database, { referralDate: wd(-2), allocateTo: mine, givenNames: 'Freshia' })
    const back = await childWithReferral(database, { referralDate: wd(-30), allocateTo: mine, givenNames: 'Backus' })
    const overdue = await insertAssessmentRow(database, { child: late, startDate: wd(-50), dueDate: wd(-5), workerId: mine.workerId, teamId: mine.teamId })
    const green = await insertAssessmentRow(database, { child: fresh, startDate: wd(-2), dueDate: wd(43), workerId: mine.workerId, teamId: mine.teamId })
    const returned = await insertAssessmentRow(database, { child: back, startDate: wd(-30), dueDate: wd(3), status: 'returned', workerId: mine.workerId, teamId: mine.teamId })
    await returnAssessment(database, returned.id, tm.actor.userId, 'Please add the child’s views from the school visit.')
    const task = await taskFor(database, { personId: fresh.personId, workerId: mine.workerId, title: 'Visit Freshia at school', dueDate: wd(1), createdBy: tm.actor.userId })

    const work = await myWork(ctx, sw)
    const refs = work.items.map((i) => i.task?.id ?? i.title)
    const iOverdue = refs.findIndex((r) => r.includes(overdue.assessmentRef))
    const iReturned = refs.findIndex((r) => r.includes(returned.assessmentRef))
    const iTask = refs.indexOf(task.id)
    const iGreen = refs.findIndex((r) => r.includes(green.assessmentRef))
    assert.ok(iOverdue >= 0 && iReturned >= 0 && iTask >= 0 && iGreen >= 0, 'all four are listed')
    assert.ok(iOverdue < iTask && iTask < iReturned && iReturned < iGreen, 'overdue first, then by due date')
    const o = work.items[iOverdue]
    assert.equal(o?.clock?.rag, 'red')
    assert.equal(o?.clock?.workingDaysLeft, -5)
    assert.equal(o?.href, `/people/${late.personId}/assessments/${overdue.id}`)
    assert.equal(work.items[iGreen]?.clock?.rag, 'green')
    assert.equal(work.items[iReturned]?.clock?.rag, 'amber')
    assert.equal(work.items[iReturned]?.kind, 'assessment_returned')
    assert.match(work.items[iReturned]?.comments ?? '', /Joanne Fletcher: Please add the child’s views/)
    assert.equal(work.items[iTask]?.kind, 'task')
    assert.ok(work.allocated.some((c) => c.personId === late.personId && c.openAssessmentLabel === 'In progress'))
  })

  it('refuses people without a worker record', async () => {
    await assert.rejects(myWork(ctx, await meta('analyst')), ForbiddenError)
  })
})

describe('completing a task', () => {
  it('the assignee marks it done with a note: audit, chronology, and it leaves My work', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const child = await childWithReferral(database, { referralDate: wd(-10), allocateTo: { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string } })
    const task = await taskFor(database, { personId: child.personId, workerId: sw.actor.workerId as string, title: 'Ring the health visitor', dueDate: wd(2), createdBy: tm.actor.userId })
    await completeTask(ctx, sw, task.id, { version: 1, note: 'Spoke to the health visitor; no concerns.' })
    const row = (await database.db.execute(sql`select completed_at, completion_note, version from task where id = ${task.id}`)).rows[0] as { completed_at: unknown; completion_note: string; version: number }
    assert.ok(row.completed_at)
    assert.equal(row.completion_note, 'Spoke to the health visitor; no concerns.')
    assert.equal(row.version, 2)
    const chron = (await database.db.execute(sql`select summary from chronology_entry where source_id = ${task.id}`)).rows as { summary: string }[]
    assert.match(chron[0]?.summary ?? '', /Task done: Ring the health visitor\. Note: Spoke to the health visitor/)
    const audit = (await database.db.execute(sql`select action, person_id from audit_log where entity_id = ${task.id}`)).rows as { action: string; person_id: string }[]
    assert.deepEqual(audit.map((a) => a.action), ['task.complete'])
    assert.equal(audit[0]?.person_id, child.personId)
    const work = await myWork(ctx, sw)
    assert.ok(!work.items.some((i) => i.task?.id === task.id))
    // Done twice: told, not recorded twice.
    await assert.rejects(completeTask(ctx, sw, task.id, { version: 2 }), ConflictError)
  })

  it('someone else’s task is refused (403); a stale version is a conflict (409)', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const other = await colleague(database, sw.actor.teamId as string, sw.actor.workerId as string)
    const theirs = await taskFor(database, { personId: null, workerId: other.id, title: 'Book a room', dueDate: wd(2), createdBy: tm.actor.userId })
    await assert.rejects(completeTask(ctx, sw, theirs.id, { version: 1 }), ForbiddenError)
    const mine = await taskFor(database, { personId: null, workerId: sw.actor.workerId as string, title: 'Update my diary', dueDate: wd(2), createdBy: tm.actor.userId })
    await assert.rejects(completeTask(ctx, sw, mine.id, { version: 0 }), ConflictError)
    // The team manager may complete a task of a worker in their team; not one in another team.
    await completeTask(ctx, tm, theirs.id, { version: 1 })
    const far = await otherTeam(database, sw.actor.teamId as string)
    const farTask = await taskFor(database, { personId: null, workerId: far.workerId, title: 'Elsewhere', dueDate: wd(2), createdBy: tm.actor.userId })
    await assert.rejects(completeTask(ctx, tm, farTask.id, { version: 1 }), ForbiddenError)
  })
})

describe('Team', () => {
  it('shows the team manager approvals waiting, assessments due and overdue, and overdue work per worker', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const a = await childWithReferral(database, { referralDate: wd(-40), allocateTo: mine })
    const b = await childWithReferral(database, { referralDate: wd(-46), allocateTo: mine })
    const submitted = await insertAssessmentRow(database, { child: a, startDate: wd(-40), dueDate: wd(5), status: 'submitted', submittedBy: sw.actor.userId, workerId: mine.workerId, teamId: mine.teamId })
    const overdue = await insertAssessmentRow(database, { child: b, startDate: wd(-46), dueDate: wd(-1), workerId: mine.workerId, teamId: mine.teamId })
    const team = await teamWork(ctx, tm, {})
    assert.equal(team.team.id, mine.teamId)
    const approval = team.approvals.find((i) => i.href === `/people/${a.personId}/assessments/${submitted.id}`)
    assert.ok(approval, 'submitted assessment waits for authorisation')
    assert.equal(approval.kind, 'authorisation')
    assert.match(approval.detail ?? '', /Sam Okafor/)
    assert.ok(team.dueSoon.some((d) => d.id === submitted.id && d.clock.rag === 'amber'))
    assert.ok(team.dueSoon.some((d) => d.id === overdue.id && d.clock.rag === 'red' && d.clock.workingDaysLeft === -1))
    const sam = team.byWorker.find((w) => w.workerId === mine.workerId)
    assert.ok(sam && sam.overdueAssessments >= 1)
    // And in the manager's own My work, under approvals.
    const tmWork = await myWork(ctx, tm)
    assert.ok(tmWork.approvals.some((i) => i.href?.endsWith(submitted.id)))
  })

  it('lists closures returned to the worker, and closure and transfer proposals waiting for the manager', async () => {
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const mine = { workerId: sw.actor.workerId as string, teamId: sw.actor.teamId as string }
    const returned = await childWithReferral(database, { referralDate: wd(-20), allocateTo: mine })
    const proposed = await childWithReferral(database, { referralDate: wd(-20), allocateTo: mine })
    const far = await otherTeam(database, mine.teamId)
    const moving = await childWithReferral(database, { referralDate: wd(-20), allocateTo: { workerId: far.workerId, teamId: far.teamId } })
    await database.db.execute(sql`insert into case_closure (referral_id, person_id, reason_code, summary, status, proposed_at, proposed_by, decided_at, decided_by, manager_comments)
      values (${returned.referralId}, ${returned.personId}, 'RC8', 'No further action after assessment', 'returned', now() - interval '2 days', ${sw.actor.userId}, now() - interval '1 day', ${tm.actor.userId}, 'Tell the school before closing')`)
    await database.db.execute(sql`insert into case_closure (referral_id, person_id, reason_code, summary, status, proposed_at, proposed_by)
      values (${proposed.referralId}, ${proposed.personId}, 'RC7', 'Plan ended', 'proposed', now(), ${sw.actor.userId})`)
    const transfer = (await database.db.execute(sql`insert into team_transfer (person_id, from_team_id, to_team_id, summary, proposed_at, proposed_by)
      values (${moving.personId}, ${far.teamId}, ${mine.teamId}, 'Needs an assessment team', now(), ${tm.actor.userId}) returning id`)).rows[0] as { id: string }

    const work = await myWork(ctx, sw)
    const back = work.items.find((i) => i.kind === 'closure_returned' && i.personId === returned.personId)
    assert.ok(back)
    assert.equal(back.href, `/people/${returned.personId}/closure`)
    assert.match(back.comments ?? '', /Joanne Fletcher: Tell the school before closing/)
    assert.ok(!work.items.some((i) => i.personId === proposed.personId && i.kind === 'closure_returned'))

    const team = await teamWork(ctx, tm, {})
    assert.ok(team.approvals.some((i) => i.kind === 'closure_proposal' && i.href === `/people/${proposed.personId}/closure`))
    const t = team.approvals.find((i) => i.kind === 'transfer_proposal' && i.href === `/transfers/${transfer.id}`)
    assert.ok(t)
    assert.match(t.title, new RegExp(`Transfer from ${far.name} to Assessment North`))
    const tmWork = await myWork(ctx, tm)
    assert.ok(tmWork.approvals.some((i) => i.kind === 'closure_proposal' && i.personId === proposed.personId))
    assert.ok(tmWork.approvals.some((i) => i.kind === 'transfer_proposal' && i.personId === moving.personId))
  })

  it('refuses a team outside the manager’s scope', async () => {
    const tm = await meta('teammanager')
    const far = await otherTeam(database, tm.actor.teamId as string)
    await assert.rejects(teamWork(ctx, tm, { team: far.teamId }), ForbiddenError)
    await assert.rejects(teamWork(ctx, await meta('socialworker'), {}), ForbiddenError)
  })
})
