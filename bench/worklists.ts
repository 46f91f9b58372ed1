/**
 * Benchmark: "My work" for a worker with 30 children and "Team" for a manager with 12 workers (issue 5),
 * plus the team's caseloads, unallocated list and the timeliness report. Loads the demo council, then a
 * bench team of 12 workers × 30 children, each child with an open referral, an open single assessment
 * (due dates spread over the last 30 and next 45 working days), two tasks and monthly supervision; a
 * third of the children on child protection plans, a quarter on child in need plans, two per worker with
 * a section 47 awaiting its conference (issue 6: their conferences, core groups and visits are on the lists).
 * `npm run bench:worklists` — on DATABASE_URL (its public schema is dropped and rebuilt: a scratch
 * database only) or a fresh embedded PGlite. Writes bench/results/YYYY-MM-DD-worklists-<db>.json.
 * Until the synthetic county exists (issue 10) this is the nearest measure of those pages.
 */
import fs from 'node:fs'
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import type { Database } from '../src/db/database.ts'
import { benchSignIn, machine, percentile, prepareBenchDatabase } from './common.ts'
import { migrateDatabase } from '../src/db/migrate.ts'
import { seedDemoCouncil } from '../src/db/seed/demoCouncil.ts'
import { londonDate } from '../src/domain/shared/dates.ts'
import { buildServer } from '../src/web/server.ts'

const WORKERS = 12
const CHILDREN_PER_WORKER = 30
const PASSWORD = 'bench-password-2026'

async function loadBenchTeam(database: Database): Promise<number> {
  const t0 = performance.now()
  const passwordHash = await hash(PASSWORD)
  await database.db.transaction(async (tx) => {
    const serviceId = ((await tx.execute(sql`select service_id as id from team where name = 'Safeguarding East'`)).rows[0] as { id: string }).id
    const teamId = ((await tx.execute(sql`insert into team (service_id, name, kind) values (${serviceId}, 'Bench long-term team', 'safeguarding') returning id`)).rows[0] as { id: string }).id
    const managerWorker = ((await tx.execute(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values ('Bench Manager', 'Team manager', true, ${teamId}, '2015-01-05') returning id`)).rows[0] as { id: string }).id
    await tx.execute(sql`insert into user_account (username, display_name, password_hash, role, scope, worker_id) values ('benchmanager', 'Bench Manager', ${passwordHash}, 'team_manager', 'team', ${managerWorker})`)
    const managerUser = ((await tx.execute(sql`select id from user_account where username = 'benchmanager'`)).rows[0] as { id: string }).id
    for (let w = 0; w < WORKERS; w++) {
      const workerId = ((await tx.execute(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${`Bench Worker ${w + 1}`}, 'Social worker', true, ${teamId}, '2019-09-02') returning id`)).rows[0] as { id: string }).id
      if (w === 0) await tx.execute(sql`insert into user_account (username, display_name, password_hash, role, scope, worker_id) values ('benchworker', 'Bench Worker 1', ${passwordHash}, 'social_worker', 'own_caseload', ${workerId})`)
      const prefix = `PB${String(w).padStart(2, '0')}`
      await tx.execute(sql`insert into person (person_ref, given_names, family_name, date_of_birth, sex)
        select ${prefix} || lpad(i::text, 4, '0'), 'Bench', 'Child ' || ${w} || '-' || i, (current_date - (365 * (1 + i % 16)))::date, case when i % 2 = 0 then 'F' else 'M' end
          from generate_series(1, ${CHILDREN_PER_WORKER}) i`)
      await tx.execute(sql`insert into referral (referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months)
        select 'RB' || substr(p.person_ref, 3), p.id, current_date - 40, '2A', false, 0 from person p where p.person_ref like ${prefix + '%'}`)
      await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) select p.id, ${workerId}, ${teamId}, current_date - 39 from person p where p.person_ref like ${prefix + '%'}`)
      await tx.execute(sql`insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, worker_id, team_id)
        select 'AB' || substr(p.person_ref, 3), p.id, r.id, 'single', 'wt2023', r.referral_date, (current_date + ((row_number() over (order by p.person_ref))::int * 3 - 40))::date, 'in_progress', ${workerId}, ${teamId}
          from person p join referral r on r.person_id = p.id where p.person_ref like ${prefix + '%'}`)
      await tx.execute(sql`insert into task (person_id, title, due_date, assigned_worker_id, source_type, created_by)
        select p.id, 'Bench task ' || k, (current_date + (k * 7 - 10))::date, ${workerId}, 'manual', ${managerUser}
          from person p cross join generate_series(1, 2) k where p.person_ref like ${prefix + '%'}`)
      await tx.execute(sql`insert into supervision (worker_id, supervisor_user_id, held_on) select ${workerId}, ${managerUser}, (current_date - (28 * m + ${w}::int)) from generate_series(0, 5) m`)
      // Issue 6: children 1–10 on child protection plans (strategy discussion, authorised section 47, ICPC,
      // plan, a core group, a visit some days after the start, so some visits are overdue); 11–18 on child
      // in need plans with a visit; 19–20 with an open section 47 awaiting its conference.
      const mine = sql`p.person_ref like ${prefix + '%'}`
      const n = sql`substr(p.person_ref, 5)::int`
      await tx.execute(sql`insert into strategy_discussion (person_id, referral_id, source_type, held_on, held_at, participants, decision, information_shared, created_by)
        select p.id, r.id, 'referral', r.referral_date + 2, '10:00', '[{"name":"Bench police","agency":"police","role":null},{"name":"Bench health","agency":"health","role":null}]'::jsonb, 's47_joint', 'Bench', ${managerUser}
          from person p join referral r on r.person_id = p.id where ${mine} and (${n} <= 10 or ${n} >= 19)`)
      await tx.execute(sql`insert into section47_enquiry (person_id, referral_id, strategy_discussion_id, joint, start_date, icpc_target_date, status, child_seen, child_seen_on, child_seen_alone, outcome, icpc_required, authorised_by, authorised_on, worker_id, team_id, created_by)
        select p.id, sd.referral_id, sd.id, true, sd.held_on, sd.held_on + 21, case when ${n} <= 10 then 'authorised' else 'open' end,
               ${n} <= 10, case when ${n} <= 10 then sd.held_on + 1 end, case when ${n} <= 10 then true end, case when ${n} <= 10 then 'substantiated_continuing_risk' end, case when ${n} <= 10 then true end,
               case when ${n} <= 10 then ${managerUser}::uuid end, case when ${n} <= 10 then sd.held_on + 5 end, ${workerId}, ${teamId}, ${managerUser}
          from strategy_discussion sd join person p on p.id = sd.person_id where ${mine}`)
      await tx.execute(sql`insert into cp_conference (person_id, referral_id, type, section47_id, target_date, scheduled_on, status, held_on, decision, categories, created_by)
        select s.person_id, s.referral_id, 'initial', s.id, s.icpc_target_date, s.start_date + 16, 'held', s.start_date + 16, 'plan', '{NEG}', ${managerUser}
          from section47_enquiry s join person p on p.id = s.person_id where ${mine} and s.status = 'authorised'`)
      await tx.execute(sql`insert into cp_plan (person_id, referral_id, start_conference_id, start_date, initial_categories, latest_categories, number_of_previous_plans, repeat_within_2_years, lead_worker_id, first_core_group_due, next_review_due, created_by)
        select c.person_id, c.referral_id, c.id, c.held_on, '{NEG}', '{NEG}', 0, false, ${workerId}, c.held_on + 14, c.held_on + 90, ${managerUser}
          from cp_conference c join person p on p.id = c.person_id where ${mine}`)
      await tx.execute(sql`insert into core_group_meeting (cp_plan_id, person_id, held_on, created_by)
        select cp.id, cp.person_id, cp.start_date + 7, ${managerUser} from cp_plan cp join person p on p.id = cp.person_id where ${mine}`)
      await tx.execute(sql`insert into visit (person_id, plan_type, cp_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, created_by)
        select cp.person_id, 'cp', cp.id, cp.start_date + (${n} % 10), true, true, 'yes', true, 'Bench Worker', ${managerUser} from cp_plan cp join person p on p.id = cp.person_id where ${mine}`)
      await tx.execute(sql`insert into cin_plan (person_id, referral_id, start_date, review_frequency, visit_frequency, worker_id, team_id, created_by)
        select p.id, r.id, r.referral_date + 5, '{"amount":3,"unit":"months"}'::jsonb, '{"amount":20,"unit":"workingDays"}'::jsonb, ${workerId}, ${teamId}, ${managerUser}
          from person p join referral r on r.person_id = p.id where ${mine} and ${n} between 11 and 18`)
      await tx.execute(sql`insert into visit (person_id, plan_type, cin_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, created_by)
        select c.person_id, 'cin', c.id, c.start_date + ${n}, true, false, 'yes', true, 'Bench Worker', ${managerUser} from cin_plan c join person p on p.id = c.person_id where ${mine}`)
    }
  })
  await database.db.execute(sql`analyze`)
  return Math.round(performance.now() - t0)
}

async function main(): Promise<void> {
  const { database, stop } = await prepareBenchDatabase()
  try {
    await migrateDatabase(database)
    const now = new Date()
    await seedDemoCouncil(database, { password: PASSWORD, today: londonDate(now) })
    const loadMs = await loadBenchTeam(database)
    const app = await buildServer({ ctx: { database, now: () => new Date() }, idleTimeoutMinutes: 60, secureCookies: false, logLevel: 'silent', signInRateLimit: 1000 })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const cookies = { benchworker: await benchSignIn(base, 'benchworker', PASSWORD), benchmanager: await benchSignIn(base, 'benchmanager', PASSWORD) }
    const get = async (user: keyof typeof cookies, url: string, expect: string): Promise<number> => {
      const t = performance.now()
      const r = await fetch(`${base}${url}`, { headers: { cookie: cookies[user] } })
      const body = await r.text()
      if (r.status !== 200 || !body.includes(expect)) throw new Error(`${url} as ${user}: ${r.status}${body.includes(expect) ? '' : ` (no "${expect}")`}`)
      return performance.now() - t
    }
    const pages = [
      ['My work (worker with 30 children)', 'benchworker', '/my-work', 'Bench Child'],
      ['Team (manager with 12 workers)', 'benchmanager', '/team', 'Bench Worker 12'],
      ['Caseloads (12 workers)', 'benchmanager', '/caseloads', 'Bench Worker 12'],
      ['Unallocated children', 'benchmanager', '/unallocated', 'Children waiting for a worker'],
      ['Timeliness (team, year to date)', 'benchmanager', '/timeliness', 'imeliness'],
    ] as const
    const results: Record<string, unknown>[] = []
    for (const [label, user, url, expect] of pages) {
      for (let i = 0; i < 5; i++) await get(user, url, expect)
      const times: number[] = []
      const deadline = performance.now() + 20_000
      for (let i = 0; i < 60 && performance.now() < deadline; i++) times.push(await get(user, url, expect))
      times.sort((a, b) => a - b)
      results.push({ page: label, url, requests: times.length, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95) })
    }
    await app.close()
    const out = {
      date: londonDate(now),
      database: database.kind,
      machine: machine(),
      benchTeam: { workers: WORKERS, childrenPerWorker: CHILDREN_PER_WORKER, openAssessments: WORKERS * CHILDREN_PER_WORKER, tasks: WORKERS * CHILDREN_PER_WORKER * 2 },
      loadMs,
      results,
    }
    fs.mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/${out.date}-worklists-${database.kind}.json`
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
    console.log(`\nWorklists: ${WORKERS} workers × ${CHILDREN_PER_WORKER} children on the demo council (${database.kind}; ${out.machine})\n`)
    console.log('| page | p50 ms | p95 ms | requests |')
    console.log('| --- | --- | --- | --- |')
    for (const r of results) console.log(`| ${r.page} | ${r.p50_ms} | ${r.p95_ms} | ${r.requests} |`)
    console.log(`\nWritten to ${file}`)
  } finally {
    await stop()
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1) })
