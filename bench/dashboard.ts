/**
 * Benchmark (issue 8): the performance dashboard over HTTP for the whole council and for one team, on the
 * demo council plus a county-sized census year (bench/censusYear.ts: 30,000 children), and the list behind
 * a number with its CSV. `npm run bench:dashboard` on DATABASE_URL (its public schema is dropped and
 * rebuilt: a scratch database only) or a fresh embedded PGlite. Target: whole county ≤ 300 ms p95.
 * Writes bench/results/YYYY-MM-DD-dashboard-<db>.json.
 */
import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import { benchSignIn, machine, percentile, prepareBenchDatabase } from './common.ts'
import { CHILDREN, loadCensusPopulation } from './censusYear.ts'
import { migrateDatabase } from '../src/db/migrate.ts'
import { seedDemoCouncil } from '../src/db/seed/demoCouncil.ts'
import { collectionYearOf } from '../src/domain/returns/cinCensus/build.ts'
import { londonDate } from '../src/domain/shared/dates.ts'
import { buildServer } from '../src/web/server.ts'

const PASSWORD = 'bench-password-2026'
const RUNS = 30

async function main(): Promise<void> {
  const { database, stop } = await prepareBenchDatabase()
  const today = londonDate(new Date())
  await migrateDatabase(database)
  await seedDemoCouncil(database, { password: PASSWORD, today })
  const load = await loadCensusPopulation(database, collectionYearOf(today) - 1, today)
  const app = await buildServer({ ctx: { database, now: () => new Date() }, idleTimeoutMinutes: 60, secureCookies: false, logLevel: 'silent', signInRateLimit: 10_000 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const results: { page: string; p50: number; p95: number; max: number; bytes: number }[] = []
  const measure = async (page: string, url: string, username: string) => {
    const cookie = await benchSignIn(base, username, PASSWORD)
    let bytes = 0
    for (let i = 0; i < 3; i++) bytes = (await (await fetch(`${base}${url}`, { headers: { cookie } })).text()).length
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      const res = await fetch(`${base}${url}`, { headers: { cookie } })
      await res.text()
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    results.push({ page, p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100), bytes })
  }
  const team = ((await database.db.execute(sql`select id from team where name = 'Assessment North'`)).rows[0] as { id: string }).id
  await measure('Dashboard, whole council, last 12 months (analyst)', '/dashboard', 'analyst')
  await measure('Dashboard, whole council, last 24 months (analyst)', '/dashboard?period=last-24-months', 'analyst')
  await measure('Dashboard, one team (team manager)', '/dashboard', 'teammanager')
  await measure('Drill-down: assessments overdue (analyst)', `/dashboard/assessments_overdue?numerator=1`, 'analyst')
  await measure('Drill-down as CSV: assessments completed (analyst)', `/dashboard/assessments_completed?format=csv&team=${team}`, 'analyst')
  await app.close()
  await stop()
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite'
  console.log(`\nPerformance dashboard: the demo council plus ${CHILDREN.toLocaleString('en-GB')} children of a census year, loaded in ${Math.round(load.ms)} ms (${kind}; ${machine()}); ${RUNS} sequential requests after 3 warm-ups\n`)
  console.log('| page | p50 ms | p95 ms | max ms | KB |\n| --- | --- | --- | --- | --- |')
  for (const r of results) console.log(`| ${r.page} | ${r.p50} | ${r.p95} | ${r.max} | ${Math.round(r.bytes / 1024)} |`)
  fs.mkdirSync('bench/results', { recursive: true })
  const file = `bench/results/${today}-dashboard-${kind}.json`
  fs.writeFileSync(file, `${JSON.stringify({ date: today, database: kind, machine: machine(), loadMs: Math.round(load.ms), population: load.counts, runs: RUNS, results }, null, 2)}\n`)
  console.log(`\nWritten to ${file}`)
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1) })
