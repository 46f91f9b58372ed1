/**
 * The embedded PostgreSQL (PGlite) runs in this child process and speaks the Postgres wire protocol on
 * loopback, so the web server never blocks on it (PGlite runs synchronously on its thread) and the
 * application uses exactly the same `pg` driver and code as with a PostgreSQL server. See docs/adr/0002.
 *
 * Started by src/db/embedded/startEmbedded.ts with IPC; reports { ready, port } or { error }.
 */
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const dataDir = process.argv[2]
const port = Number(process.argv[3] ?? 0)

async function main(): Promise<void> {
  if (!dataDir) throw new Error('usage: pgliteServer DATA_DIR PORT')
  const db = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, {
    extensions: { pg_trgm, fuzzystrmatch },
  })
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 32 })
  await server.start()
  const shutdown = async (): Promise<void> => {
    try {
      await server.stop()
      await db.close()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGTERM', () => void shutdown())
  process.on('SIGINT', () => void shutdown())
  process.on('disconnect', () => void shutdown())
  process.send?.({ ready: true, port })
}

main().catch((e: unknown) => {
  process.send?.({ error: e instanceof Error ? e.message : String(e) })
  process.exit(1)
})
