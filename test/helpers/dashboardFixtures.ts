/**
 * A busy team for the dashboard's paged lists (issue 8): a team of its own with two workers and six
 * children (one restricted), and 137 assessments authorised in September 2024 — more than a page of 100 —
 * with many on the same day for the same child, so only the record's own id tells them apart. What each
 * number should be is counted here by hand from the same spec.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/database.ts'
import { childWithReferral, type TestChild } from './worklistFixtures.ts'

export const BUSY_PERIOD = '2024-09'
export const BUSY_ASSESSMENTS = 137

export type BusyAssessment = { child: TestChild; workerId: string; framework: 'wt2010' | 'wt2023'; kind: 'core' | 'single'; completedOn: string; onTime: boolean }

export type BusyTeam = {
  teamId: string
  teamName: string
  workers: { id: string; name: string }[]
  children: TestChild[]
  restricted: TestChild
  assessments: BusyAssessment[]
}

export async function busyTeam(database: Database): Promise<BusyTeam> {
  const db = database.db
  const tag = randomBytes(3).toString('hex')
  const [service] = (await db.execute(sql`select id from service order by name limit 1`)).rows as { id: string }[]
  const teamName = `Busy team ${tag}`
  const [team] = (await db.execute(sql`insert into team (service_id, name, kind) values (${service?.id}, ${teamName}, 'safeguarding') returning id`)).rows as { id: string }[]
  const teamId = (team as { id: string }).id
  const workers: { id: string; name: string }[] = []
  for (const name of [`Alder Pager ${tag}`, `Birch Pager ${tag}`]) {
    const [w] = (await db.execute(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${name}, 'Social worker', true, ${teamId}, '2020-01-06') returning id`)).rows as { id: string }[]
    workers.push({ id: (w as { id: string }).id, name })
  }
  const [alder, birch] = workers as [{ id: string; name: string }, { id: string; name: string }]
  // Four children held by Alder, two by Birch (the last of them restricted).
  const holders = [alder, alder, alder, alder, birch, birch]
  const children: TestChild[] = []
  for (const [i, w] of holders.entries()) {
    children.push(await childWithReferral(database, { referralDate: '2024-08-01', allocateTo: { workerId: w.id, teamId }, givenNames: `Pager ${'ABCDEF'[i] ?? ''}`, restricted: i === 5 }))
  }
  const assessments: BusyAssessment[] = Array.from({ length: BUSY_ASSESSMENTS }, (_, i) => {
    const child = children[i % 6] as TestChild
    const core = i % 5 === 0
    return { child, workerId: (holders[i % 6] as { id: string }).id, framework: core ? 'wt2010' : 'wt2023', kind: core ? 'core' : 'single', completedOn: `2024-09-0${1 + (i % 3)}`, onTime: i % 4 !== 0 }
  })
  await db.execute(sql`
    insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, worker_id, team_id, completed_on, outcome, submitted_at, authorised_at)
    values ${sql.join(
      assessments.map(
        (a) => sql`('A' || lpad(nextval('assessment_ref_seq')::text, 6, '0'), ${a.child.personId}, ${a.child.referralId}, ${a.kind}, ${a.framework}, '2024-08-01',
                    ${a.onTime ? '2024-09-30' : '2024-08-20'}, 'authorised', ${a.workerId}, ${teamId}, ${a.completedOn}, 'cin_plan', now(), now())`,
      ),
      sql`, `,
    )}`)
  return { teamId, teamName, workers, children, restricted: children[5] as TestChild, assessments }
}
