/**
 * `harbour seed county [--seed N] [--years 10] [--force]`: loads the synthetic county (src/db/seed/county.ts)
 * with a progress bar per stage and the row counts at the end. Refuses a database that already holds data
 * unless --force, which drops everything first. The load is one transaction: stopped part-way (Ctrl+C, a
 * crash), it leaves the database as it was.
 */
import { keepCouncilDays } from '../app/indicators/keptCounts.ts'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import type { Database } from '../db/database.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { isDatabaseEmpty } from '../db/seed/demoCouncil.ts'
import { COUNTY_PASSWORD, DEFAULT_COUNTY_SEED, seedCounty } from '../db/seed/county.ts'
import { londonDate } from '../domain/shared/dates.ts'

export const SEED_COUNTY_USAGE = 'Usage: harbour seed county [--seed N] [--years 1-15] [--scale 0.01-1] [--password P] [--force]'

type Io = { stdout: { write(s: string): unknown; isTTY?: boolean }; stderr: { write(s: string): unknown; isTTY?: boolean } }

function bar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

export async function runSeedCounty(database: Database, argv: string[], io: Io, now: Date): Promise<number> {
  let values: { seed?: string; years?: string; scale?: string; password?: string; force?: boolean }
  try {
    values = parseArgs({ args: argv, options: { seed: { type: 'string' }, years: { type: 'string' }, scale: { type: 'string' }, password: { type: 'string' }, force: { type: 'boolean' } }, strict: true }).values
  } catch (e) {
    io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${SEED_COUNTY_USAGE}\n`)
    return 2
  }
  const seed = values.seed === undefined ? DEFAULT_COUNTY_SEED : Number(values.seed)
  const years = values.years === undefined ? 10 : Number(values.years)
  const scale = values.scale === undefined ? 1 : Number(values.scale)
  const problems: string[] = []
  if (!Number.isFinite(scale) || scale < 0.01 || scale > 1) problems.push('--scale: a fraction of the full county from 0.01 to 1')
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) problems.push('--seed: a whole number from 0 to 2147483648')
  if (!Number.isInteger(years) || years < 1 || years > 15) problems.push('--years: a whole number of years from 1 to 15')
  const password = values.password ?? COUNTY_PASSWORD
  if (password.length < 12) problems.push('--password: at least 12 characters')
  if (problems.length) {
    io.stderr.write(`Cannot load the county:\n  ${problems.join('\n  ')}\n${SEED_COUNTY_USAGE}\n`)
    return 2
  }
  await migrateDatabase(database)
  if (!(await isDatabaseEmpty(database))) {
    if (!values.force) {
      io.stderr.write('The database already holds data: the county is only loaded into an empty database. Add --force to delete everything in it first.\n')
      return 1
    }
    io.stdout.write('--force: deleting everything in the database…\n')
    await database.db.execute(sql.raw('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public'))
    await migrateDatabase(database)
  }
  if (database.kind === 'pglite') io.stdout.write('Note: the embedded database is slow at this size; the county is meant for a PostgreSQL server (DATABASE_URL).\n')
  const today = londonDate(now)
  io.stdout.write(`Loading the synthetic county${scale < 1 ? ` at ${scale} of full size` : ''}: seed ${seed}, ${years} years to ${today}, in one transaction (stopping part-way leaves the database untouched).\n`)
  const tty = Boolean(io.stdout.isTTY)
  let last = ''
  const result = await seedCounty(database, {
    seed,
    years,
    today,
    password,
    scale,
    progress: (stage, done, total, ms) => {
      const line = `  ${stage.padEnd(18)} ${bar(done, total)} ${done}/${total}  ${(ms / 1000).toFixed(1)} s`
      if (tty) io.stdout.write(`\r${line}${done === total ? '\n' : ''}`)
      else if (done === total && line !== last) io.stdout.write(`${line}\n`)
      last = line
    },
  })
  // The dashboard keeps settled days' counts (ADR 0011): count the last 24 months now, so the first
  // analyst to open it does not wait while fifteen years of records are counted.
  const kept = performance.now()
  await keepCouncilDays({ database, now: () => now })
  io.stdout.write(`  dashboard          the last 24 months counted and kept in ${((performance.now() - kept) / 1000).toFixed(1)} s\n`)
  io.stdout.write(`\nLoaded in ${(result.ms / 1000).toFixed(1)} s. Rows:\n`)
  const width = Math.max(...Object.keys(result.counts).map((k) => k.length))
  for (const [k, v] of Object.entries(result.counts)) io.stdout.write(`  ${k.padEnd(width)} ${v.toLocaleString('en-GB').padStart(10)}\n`)
  io.stdout.write(`\nSign in with password "${password}", for example as:\n`)
  for (const u of result.signIns) io.stdout.write(`  ${u.username.padEnd(8)} ${u.role}${u.note ? ` (${u.note})` : ''}\n`)
  return 0
}
