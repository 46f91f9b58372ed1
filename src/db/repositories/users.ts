import { eq, sql } from 'drizzle-orm'
import type { Db, Executor } from '../database.ts'
import { userAccount } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import type { Actor, Role, Scope } from '../../domain/access/roles.ts'

export type UserForSignIn = {
  id: string
  username: string
  passwordHash: string
  failedSignIns: number
  lockedUntil: Date | null
  disabled: boolean
}

export async function findUserForSignIn(db: Executor, username: string): Promise<UserForSignIn | undefined> {
  const row = await one<UserForSignIn>(
    db,
    sql`select id, username, password_hash as "passwordHash", failed_sign_ins as "failedSignIns",
               locked_until as "lockedUntil", disabled
          from user_account where lower(username) = lower(${username})`,
  )
  return row && { ...row, lockedUntil: toDate(row.lockedUntil) }
}

/** Records a failed sign-in; locks the account for `lockMinutes` once `maxFailures` is reached. */
export async function recordFailedSignIn(db: Executor, userId: string, now: Date, maxFailures: number, lockMinutes: number): Promise<{ locked: boolean }> {
  const row = await one<{ failed: number; locked: boolean }>(
    db,
    sql`update user_account
           set failed_sign_ins = failed_sign_ins + 1,
               locked_until = case when failed_sign_ins + 1 >= ${maxFailures}
                                   then ${now.toISOString()}::timestamptz + make_interval(mins => ${lockMinutes}) else locked_until end
         where id = ${userId}
     returning failed_sign_ins as failed, (locked_until is not null and locked_until > ${now.toISOString()}::timestamptz) as locked`,
  )
  return { locked: row?.locked ?? false }
}

export async function clearFailedSignIns(db: Executor, userId: string): Promise<void> {
  await db.update(userAccount).set({ failedSignIns: 0, lockedUntil: null }).where(eq(userAccount.id, userId))
}

/** The signed-in person as the access rules see them: role, scope, and their worker, team and service. */
export async function loadActor(db: Executor, userId: string): Promise<Actor | undefined> {
  return one<Actor>(
    db,
    sql`select u.id as "userId", u.username, u.display_name as "displayName", u.role, u.scope,
               u.worker_id as "workerId", w.team_id as "teamId", t.service_id as "serviceId"
          from user_account u
          left join worker w on w.id = u.worker_id
          left join team t on t.id = w.team_id
         where u.id = ${userId} and not u.disabled`,
  )
}

export type NewUser = { username: string; displayName: string; passwordHash: string; role: Role; scope: Scope; workerId?: string | null; partnerAgency?: string | null }

export async function insertUser(db: Executor, u: NewUser): Promise<{ id: string }> {
  const [row] = await db
    .insert(userAccount)
    .values({ username: u.username, displayName: u.displayName, passwordHash: u.passwordHash, role: u.role, scope: u.scope, workerId: u.workerId ?? null, partnerAgency: u.partnerAgency ?? null })
    .returning({ id: userAccount.id })
  if (!row) throw new Error('insert user returned no row')
  return row
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n from user_account where lower(username) = lower(${username})`)
  return (r?.n ?? 0) > 0
}

export async function findWorkerByName(db: Db, name: string): Promise<{ id: string } | undefined> {
  return one(db, sql`select id from worker where lower(name) = lower(${name}) and left_on is null`)
}

export async function listUsers(db: Executor): Promise<{ username: string; displayName: string; role: Role; scope: Scope }[]> {
  return rows(db, sql`select username, display_name as "displayName", role, scope from user_account order by username`)
}

