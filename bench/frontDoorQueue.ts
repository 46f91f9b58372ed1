/**
 * Benchmark: the front-door queue page with 5,000 undecided contacts (issue 3).
 * `npm run bench` — on DATABASE_URL (a PostgreSQL server; its public schema is dropped and rebuilt,
 * so point it at a scratch database) or, without it, on a fresh embedded PGlite in a temp folder.
 * Loopback only, bounded in count and time. Writes bench/results/YYYY-MM-DD.json and prints a table.
 */
import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import type { Database } from '../src/db/database.ts'
import { benchSignIn, machine, percentile, prepareBenchDatabase } from './common.ts'
import { migrateDatabase } from '../src/db/migrate.ts'
import { seedDemoCouncil } from '../src/db/seed/demoCouncil.ts'
import { londonDate } from '../src/domain/shared/dates.ts'
import { WorkingDayCalendar } from '../src/domain/calendar/workingDays.ts'
import { buildServer } from '../src/web/server.ts'

const CONTACTS = 5000
const PASSWORD = 'bench-password-2026'

async function loadContacts(database: Database, now: Date): Promise<number> {
  const t0 = performance.now()
  const children = (await database.db.execute(sql`select id from person where is_unborn or date_of_birth > (current_date - interval '18 years') order by person_ref`)).rows as { id: string }[]
  const creator = ((await database.db.execute(sql`select id from user_account where username = 'frontdoor'`)).rows[0] as { id: string }).id
  const calendar = new WorkingDayCalendar()
  const rags = [null, 'red', 'amber', 'green']
  await database.db.transaction(async (tx) => {
    for (let start = 0; start < CONTACTS; start += 500) {
      const values = []
      for (let i = start; i < Math.min(CONTACTS, start + 500); i++) {
        // Spread over the last ~14 days, every 4 minutes; deterministic.
        const receivedAt = new Date(now.getTime() - (i * 4 + 5) * 60_000)
        const due = calendar.addWorkingDays(londonDate(receivedAt), 1)
        values.push(sql`(${`C9${String(i).padStart(5, '0')}`}, ${receivedAt.toISOString()}::timestamptz, ${i % 7 === 0 ? 'police_notification' : 'phone'}, ${i % 7 === 0 ? '6' : '2A'}, 'Bench referrer', 'Synthetic concern for the benchmark', 'not_known', 'not_sought', 'Benchmark', ${due}, ${i % 11 === 0}, ${rags[i % 4] ?? null}, ${creator})`)
      }
      await tx.execute(sql`insert into contact (contact_ref, received_at, channel, source_code, referrer_name, concern, parents_aware, consent, no_consent_reason, decision_due_date, out_of_hours, rag, created_by) values ${sql.join(values, sql`, `)}`)
    }
    // One or two children per contact.
    await tx.execute(sql`insert into contact_child (contact_id, person_id)
      select c.id, (${sql.raw(`array[${children.map((c) => `'${c.id}'::uuid`).join(',')}]`)})[1 + (row_number() over (order by c.contact_ref))::int % ${children.length}]
        from contact c where c.contact_ref like 'C9%'`)
    await tx.execute(sql`insert into contact_child (contact_id, person_id)
      select c.id, (${sql.raw(`array[${children.map((c) => `'${c.id}'::uuid`).join(',')}]`)})[1 + ((row_number() over (order by c.contact_ref))::int + 7) % ${children.length}]
        from contact c where c.contact_ref like 'C9%' and right(c.contact_ref, 1) in ('1','2','3') on conflict do nothing`)
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
    const loadMs = await loadContacts(database, now)
    const app = await buildServer({ ctx: { database, now: () => new Date() }, idleTimeoutMinutes: 60, secureCookies: false, logLevel: 'silent', signInRateLimit: 1000 })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const cookie = await benchSignIn(base, 'frontdoor', PASSWORD)
    const get = async (url: string): Promise<number> => {
      const t = performance.now()
      const r = await fetch(`${base}${url}`, { headers: { cookie } })
      const body = await r.text()
      if (r.status !== 200 || !body.includes('Waiting for a decision')) throw new Error(`${url}: ${r.status}`)
      return performance.now() - t
    }
    const results: Record<string, unknown>[] = []
    for (const [label, url] of [['queue, oldest first', '/front-door'], ['queue, by priority', '/front-door?sort=priority'], ['queue, police only', '/front-door?show=police']] as const) {
      for (let i = 0; i < 5; i++) await get(url) // warm up
      const times: number[] = []
      const deadline = performance.now() + 20_000
      for (let i = 0; i < 100 && performance.now() < deadline; i++) times.push(await get(url))
      times.sort((a, b) => a - b)
      // 10 concurrent users for up to 10 seconds or 300 requests.
      const t0 = performance.now()
      let done = 0
      const concurrent: number[] = []
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (done < 300 && performance.now() - t0 < 10_000) {
            done++
            concurrent.push(await get(url))
          }
        }),
      )
      const seconds = (performance.now() - t0) / 1000
      concurrent.sort((a, b) => a - b)
      results.push({ page: label, url, requests: times.length, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95), c10_p95_ms: percentile(concurrent, 95), c10_req_per_s: Math.round((concurrent.length / seconds) * 10) / 10 })
    }
    await app.close()
    const out = {
      date: londonDate(now),
      database: database.kind,
      machine: machine(),
      undecidedContacts: CONTACTS,
      contactLoadMs: loadMs,
      serverRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      results,
    }
    fs.mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/${out.date}-front-door-${database.kind}.json`
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
    console.log(`\nFront-door queue with ${CONTACTS} undecided contacts (${database.kind}; ${out.machine})\n`)
    console.log('| page | p50 ms (1 user) | p95 ms (1 user) | p95 ms (10 users) | req/s (10 users) |')
    console.log('| --- | --- | --- | --- | --- |')
    for (const r of results) console.log(`| ${r.page} | ${r.p50_ms} | ${r.p95_ms} | ${r.c10_p95_ms} | ${r.c10_req_per_s} |`)
    console.log(`\nWritten to ${file}`)
  } finally {
    await stop()
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1) })
