import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'

/** A round trip to the database, for /health. */
export async function pingDatabase(db: Executor): Promise<void> {
  await db.execute(sql`select 1`)
}
