import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one } from './rows.ts'

export async function loadWorkerQualification(db: Executor, workerId: string): Promise<boolean> {
  const row = await one<{ q: boolean }>(db, sql`select qualified_social_worker as q from worker where id = ${workerId} and left_on is null`)
  return row?.q ?? false
}
