/** A fresh team of its own with a manager, a worker and allocated children, for case-audit tests. */
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/database.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { actorFor, testContext, uniqueFamilyName, uniqueDateOfBirth } from './harness.ts'

export type AuditTeam = { teamId: string; teamName: string; managerId: string; workerId: string; workerName: string; children: { personId: string; personRef: string; name: string }[] }

const one = async <T>(database: Database, q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows[0] as T

/** A new team in the front-door-and-assessment service (so `servicemanager` sees its children) with `n` allocated children. */
export async function auditTeam(database: Database, n: number): Promise<AuditTeam> {
  const suffix = uniqueFamilyName()
  const teamName = `Audit test ${suffix}`
  const service = await one<{ id: string }>(database, sql`select id from service where name = 'Front door and assessment'`)
  const team = await one<{ id: string }>(database, sql`insert into team (service_id, name, kind) values (${service.id}, ${teamName}, 'assessment') returning id`)
  const manager = await one<{ id: string }>(database, sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${`Mara ${suffix}`}, 'Team manager', true, ${team.id}, '2020-01-06') returning id`)
  const workerName = `Tess ${suffix}`
  const worker = await one<{ id: string }>(database, sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${workerName}, 'Social worker', true, ${team.id}, '2021-03-01') returning id`)
  const ctx = testContext(database)
  const frontdoor = { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }
  const children: AuditTeam['children'] = []
  for (let i = 0; i < n; i++) {
    const familyName = uniqueFamilyName()
    const out = await createPerson(ctx, frontdoor, { givenNames: 'Robin', familyName, dateOfBirth: uniqueDateOfBirth(), sex: 'F', confirmedNotDuplicate: true })
    assert.ok(out.kind === 'created')
    await database.db.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${out.id}, ${worker.id}, ${team.id}, '2026-01-05')`)
    const p = await one<{ personRef: string }>(database, sql`select person_ref as "personRef" from person where id = ${out.id}`)
    children.push({ personId: out.id, personRef: p.personRef, name: `Robin ${familyName}` })
  }
  return { teamId: team.id, teamName, managerId: manager.id, workerId: worker.id, workerName, children }
}

export async function defaultToolVersionId(database: Database): Promise<string> {
  return (await one<{ id: string }>(database, sql`select v.id from audit_tool_version v join audit_tool t on t.id = v.tool_id where t.built_in order by v.version desc limit 1`)).id
}

export async function userId(database: Database, username: string): Promise<string> {
  return (await one<{ id: string }>(database, sql`select id from user_account where username = ${username}`)).id
}

/** Every graded question of the built-in tool answered with `grade`, the yes/no questions yes. */
export function answersAll(grade: string): Record<string, { value: string }> {
  return {
    timeliness: { value: grade },
    child_seen: { value: 'yes' },
    child_seen_alone: { value: 'yes' },
    child_seen_quality: { value: grade },
    child_voice: { value: grade },
    diversity: { value: grade },
    analysis_risk: { value: grade },
    history: { value: grade },
    plans_shared: { value: grade },
    oversight: { value: grade },
    recording: { value: grade },
  }
}
