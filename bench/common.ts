/** What every bench shares: a scratch database (DATABASE_URL or a fresh embedded one), percentiles, HTTP sign-in. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { connect, type Database } from '../src/db/database.ts'
import { startEmbeddedDatabase } from '../src/db/embedded/startEmbedded.ts'

export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round((sorted[i] ?? 0) * 10) / 10
}

/** DATABASE_URL has its public schema dropped and rebuilt, so point it at a scratch database. */
export async function prepareBenchDatabase(): Promise<{ database: Database; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const database = connect(process.env.DATABASE_URL, 'postgres')
    // These benches rebuild their own data: never on a database holding the synthetic county (npm run bench's).
    const county = await database.db.execute(sql.raw(`select 1 from information_schema.tables where table_name = 'council_setting'`))
    if (county.rows.length && (await database.db.execute(sql.raw(`select 1 from council_setting where key = 'county_seed'`))).rows.length) {
      await database.close()
      throw new Error('DATABASE_URL holds the synthetic county: this bench drops its database, so point it at a scratch database (npm run bench is the county bench)')
    }
    await database.db.execute(sql.raw('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public'))
    return { database, stop: () => database.close() }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-bench-'))
  const embedded = await startEmbeddedDatabase(dir)
  const database = connect(embedded.url, 'pglite', embedded.stop)
  return { database, stop: async () => { await database.close(); fs.rmSync(dir, { recursive: true, force: true }) } }
}

/** Signs in over HTTP as a browser would; returns the cookie header. */
export async function benchSignIn(base: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`)
  const pre = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const res = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, username, password }) })
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
}

export const machine = (): string => `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`
