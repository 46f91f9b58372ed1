import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import * as schema from './schema.ts'
import { startEmbeddedDatabase } from './embedded/startEmbedded.ts'

// DATE columns stay 'YYYY-MM-DD' strings (a calendar date has no time zone); bigint counts become numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10))

export type Db = NodePgDatabase<typeof schema>
/** A transaction handle; repositories take `Db | Tx` so a use case can compose them in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type Executor = Db | Tx
export type DatabaseKind = 'pglite' | 'postgres'

export type Database = {
  kind: DatabaseKind
  db: Db
  pool: pg.Pool
  url: string
  close: () => Promise<void>
}

export function connect(url: string, kind: DatabaseKind, onClose?: () => Promise<void>): Database {
  const pool = new pg.Pool({
    connectionString: url,
    // One connection to the embedded database: pglite-socket 0.2.17 can interleave the extended-protocol
    // messages of concurrent connections (seen: another connection's result returned, "portal does not
    // exist"), so requests queue here instead. PGlite runs one statement at a time anyway. See ADR 0002.
    max: kind === 'pglite' ? 1 : 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // JIT compilation off: Harbour's queries are short index reads and counts, and on the synthetic county
    // PostgreSQL's JIT spent 60–80 ms compiling each costly one (the unallocated list: 693 ms with it, 122
    // without; open assessments by month: 599 → 251). PGlite has no JIT; the setting is PostgreSQL's only.
    ...(kind === 'postgres' ? { options: '-c jit=off' } : {}),
  })
  // A connection dropped by the server must not crash the process; queries report it instead.
  pool.on('error', () => {})
  const db = drizzle(pool, { schema })
  let closed = false
  return {
    kind,
    db,
    pool,
    url,
    close: async () => {
      if (closed) return
      closed = true
      await pool.end()
      await onClose?.()
    },
  }
}

/**
 * DATABASE_URL → that PostgreSQL server. Otherwise the embedded PGlite in `dataDir`, run in its own
 * process (see docs/adr/0002). Same migrations, same code either way.
 */
export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return connect(opts.databaseUrl, 'postgres')
  const embedded = await startEmbeddedDatabase(opts.dataDir)
  return connect(embedded.url, 'pglite', embedded.stop)
}
