import type { SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'

/** Runs raw SQL and returns typed rows. All SQL stays in src/db. */
export async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = await db.execute(query)
  return result.rows as T[]
}

export async function one<T>(db: Executor, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0]
}

/**
 * Drizzle's node-postgres driver returns timestamptz as text in raw queries (it overrides pg's parsers);
 * repositories convert with this so callers always get a Date.
 */
export function toDate(v: Date | string): Date
export function toDate(v: Date | string | null): Date | null
export function toDate(v: Date | string | null): Date | null {
  if (v === null) return null
  return v instanceof Date ? v : new Date(v)
}

/**
 * True when the database refused a write because of the named unique index or constraint — a race the
 * use case's own check could not see (two people saving the same thing at the same moment).
 */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  for (let err: unknown = e, depth = 0; err && depth < 4; err = (err as { cause?: unknown }).cause, depth++) {
    const x = err as { code?: string; constraint?: string }
    if (x.code === '23505' && x.constraint === constraint) return true
  }
  return false
}
