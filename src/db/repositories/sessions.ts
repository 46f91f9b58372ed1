import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { session } from '../schema.ts'
import { one, toDate } from './rows.ts'

export type SessionRow = { id: string; userId: string; csrfToken: string; expiresAt: Date; lastSeenAt: Date }

export async function insertSession(db: Executor, s: { id: string; userId: string; csrfToken: string; now: Date; expiresAt: Date }): Promise<void> {
  await db.insert(session).values({ id: s.id, userId: s.userId, csrfToken: s.csrfToken, createdAt: s.now, lastSeenAt: s.now, expiresAt: s.expiresAt })
}

/** A live session: not ended, not past its idle expiry, and its user still enabled. */
export async function findLiveSession(db: Executor, id: string, now: Date): Promise<SessionRow | undefined> {
  const row = await one<SessionRow>(
    db,
    sql`select s.id, s.user_id as "userId", s.csrf_token as "csrfToken", s.expires_at as "expiresAt", s.last_seen_at as "lastSeenAt"
          from session s join user_account u on u.id = s.user_id
         where s.id = ${id} and s.ended_at is null and s.expires_at > ${now.toISOString()}::timestamptz and not u.disabled`,
  )
  return row && { ...row, expiresAt: toDate(row.expiresAt), lastSeenAt: toDate(row.lastSeenAt) }
}

/** Slides the idle expiry forward on activity. */
export async function touchSession(db: Executor, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db.execute(sql`update session set last_seen_at = ${now.toISOString()}::timestamptz, expires_at = ${expiresAt.toISOString()}::timestamptz where id = ${id}`)
}

export async function endSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.execute(sql`update session set ended_at = ${now.toISOString()}::timestamptz where id = ${id} and ended_at is null`)
}
