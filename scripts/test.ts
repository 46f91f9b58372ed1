/**
 * `npm test`: prepares one database for the whole run, then runs every test file through node's test
 * runner with an explicit file list (on Node 20, `node --test` with no files runs nothing and passes).
 *  - DATABASE_URL set: that PostgreSQL server; its public schema is dropped and rebuilt first.
 *  - otherwise: the embedded PGlite, started in its own process exactly as `npm start` does, in a temp folder.
 * Migrations and the demo council are loaded once; test files then share the database and create what
 * they change, so they do not depend on each other's order.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { connect, type Database } from '../src/db/database.ts'
import { startEmbeddedDatabase } from '../src/db/embedded/startEmbedded.ts'
import { migrateDatabase } from '../src/db/migrate.ts'
import { seedDemoCouncil } from '../src/db/seed/demoCouncil.ts'
import { londonDate } from '../src/domain/shared/dates.ts'

export const TEST_PASSWORD = 'harbour-test-password'

function findTests(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...findTests(p))
    else if (entry.name.endsWith('.test.ts')) out.push(p)
  }
  return out.sort()
}

async function main(): Promise<number> {
  const only = process.argv.slice(2)
  const files = only.length ? only : findTests('test')
  if (files.length === 0) {
    console.error('No test files found under test/: refusing to report success for nothing.')
    return 1
  }
  const url = process.env.DATABASE_URL
  let database: Database
  let tmp: string | null = null
  let stopEmbedded: (() => Promise<void>) | null = null
  const t0 = performance.now()
  if (url) {
    database = connect(url, 'postgres')
    await database.db.execute(sql.raw('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public'))
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-test-'))
    const embedded = await startEmbeddedDatabase(tmp)
    stopEmbedded = embedded.stop
    database = connect(embedded.url, 'pglite')
  }
  await migrateDatabase(database)
  await seedDemoCouncil(database, { password: TEST_PASSWORD, today: londonDate(new Date()) })
  console.log(`# database ready: ${database.kind} in ${Math.round(performance.now() - t0)} ms; ${files.length} test files`)

  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
      stdio: 'inherit',
      env: { ...process.env, HARBOUR_TEST_DATABASE_URL: database.url, HARBOUR_TEST_DB_KIND: database.kind, HARBOUR_TEST_PASSWORD: TEST_PASSWORD },
    })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  await database.pool.end()
  await stopEmbedded?.()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  return code
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
