/**
 * Test data for worklists and timeliness: a child with an open referral, allocated to a worker, and
 * assessment and task rows written straight to their tables (the assessment use cases are another
 * helper's). Every child gets a unique family name.
 */
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/database.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { insertReferral, nextReferralRef } from '../../src/db/repositories/frontDoor.ts'
import { insertTask, type TaskSource } from '../../src/db/repositories/oversight.ts'
import { actorFor, testContext, uniqueFamilyName } from './harness.ts'

export type TestChild = { personId: string; personRef: string; name: string; referralId: string }

export async function childWithReferral(
  database: Database,
  opts: { referralDate: string; allocateTo?: { workerId: string; teamId: string } | null; givenNames?: string; restricted?: boolean },
): Promise<TestChild> {
  const ctx = testContext(database)
  const actor = await actorFor(database, 'frontdoor')
  const familyName = uniqueFamilyName()
  const givenNames = opts.givenNames ?? 'Robin'
  const out = await createPerson(ctx, { actor, ip: null, requestId: null }, { givenNames, familyName, dateOfBirth: '2016-03-03', sex: 'U', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const referralId = await database.db.transaction(async (tx) => {
    const { id } = await insertReferral(
      tx,
      { referralRef: await nextReferralRef(tx), personId: out.id, contactId: null, referralDate: opts.referralDate, sourceCode: '2A', isReReferral: false, referralsInLast12Months: 0, createdBy: actor.userId },
      new Date(),
    )
    if (opts.allocateTo)
      await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${out.id}, ${opts.allocateTo.workerId}, ${opts.allocateTo.teamId}, ${opts.referralDate})`)
    if (opts.restricted) await tx.execute(sql`update person set restricted = true where id = ${out.id}`)
    return id
  })
  return { personId: out.id, personRef: out.personRef, name: `${givenNames} ${familyName}`, referralId }
}

export type NewAssessmentRow = {
  child: TestChild
  kind?: 'initial' | 'core' | 'single'
  framework?: 'fa2000' | 'wt2010' | 'wt2023'
  startDate: string
  dueDate: string
  status?: 'in_progress' | 'submitted' | 'returned' | 'authorised'
  workerId: string | null
  teamId: string | null
  completedOn?: string | null
  submittedBy?: string | null
}

export async function insertAssessmentRow(database: Database, a: NewAssessmentRow): Promise<{ id: string; assessmentRef: string }> {
  const status = a.status ?? 'in_progress'
  const r = (
    await database.db.execute(sql`
      insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, worker_id, team_id,
                              completed_on, outcome, submitted_at, submitted_by, authorised_at)
      values ('A' || lpad(nextval('assessment_ref_seq')::text, 6, '0'), ${a.child.personId}, ${a.child.referralId}, ${a.kind ?? 'single'}, ${a.framework ?? 'wt2023'},
              ${a.startDate}, ${a.dueDate}, ${status}, ${a.workerId}, ${a.teamId},
              ${a.completedOn ?? null}, ${status === 'authorised' ? 'cin_plan' : null},
              ${status === 'submitted' || status === 'authorised' ? new Date().toISOString() : null}, ${a.submittedBy ?? null},
              ${status === 'authorised' ? new Date().toISOString() : null})
      returning id, assessment_ref as "assessmentRef"`)
  ).rows[0] as { id: string; assessmentRef: string }
  return r
}

export async function returnAssessment(database: Database, assessmentId: string, managerUserId: string, comments: string): Promise<void> {
  await database.db.execute(sql`insert into assessment_review (assessment_id, action, comments, acted_at, acted_by) values (${assessmentId}, 'returned', ${comments}, now(), ${managerUserId})`)
}

export async function taskFor(
  database: Database,
  t: { personId: string | null; workerId: string; title: string; dueDate: string; createdBy: string; sourceType?: TaskSource },
): Promise<{ id: string }> {
  return insertTask(database.db, { personId: t.personId, title: t.title, dueDate: t.dueDate, assignedWorkerId: t.workerId, sourceType: t.sourceType ?? 'management_direction', createdBy: t.createdBy, createdAt: new Date() })
}

/** Another team than `teamId`, and one of its workers. */
export async function otherTeam(database: Database, teamId: string): Promise<{ teamId: string; workerId: string; name: string }> {
  const r = (await database.db.execute(sql`select t.id as "teamId", t.name, w.id as "workerId" from team t join worker w on w.team_id = t.id where t.id <> ${teamId} and w.left_on is null order by t.name, w.name limit 1`)).rows[0]
  assert.ok(r)
  return r as { teamId: string; workerId: string; name: string }
}

/** A worker in the same team other than `workerId`. */
export async function colleague(database: Database, teamId: string, workerId: string): Promise<{ id: string; name: string }> {
  const r = (await database.db.execute(sql`select id, name from worker where team_id = ${teamId} and id <> ${workerId} and left_on is null order by name limit 1`)).rows[0]
  assert.ok(r)
  return r as { id: string; name: string }
}
