import { createHash, randomBytes } from 'node:crypto'
import { verify } from '@node-rs/argon2'
import { appendAudit } from '../../db/repositories/audit.ts'
import { endSession, findLiveSession, insertSession, touchSession } from '../../db/repositories/sessions.ts'
import { clearFailedSignIns, findUserForSignIn, loadActor, recordFailedSignIn } from '../../db/repositories/users.ts'
import type { Actor } from '../../domain/access/roles.ts'
import type { AppContext } from '../context.ts'

/** After this many wrong passwords in a row the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_SIGN_INS = 5
export const LOCK_MINUTES = 15

// A real argon2id hash of a random password, so an unknown user name costs the same time as a wrong password.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$/oQWTklbnJqQuvnkDrPjkg$QDhRFP1d/knqILqhdpr3cSJnQIQ0pbr0u7GVkr2aCKs'

export type SignInOutcome =
  | { kind: 'signed-in'; token: string; actor: Actor }
  | { kind: 'invalid' }
  | { kind: 'locked' }

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export async function signIn(ctx: AppContext, username: string, password: string, idleMinutes: number, ip: string | null): Promise<SignInOutcome> {
  const now = ctx.now()
  const db = ctx.database.db
  const user = await findUserForSignIn(db, username.trim())
  if (!user || user.disabled) {
    await verify(DUMMY_HASH, password).catch(() => false)
    await appendAudit(db, { userId: null, username: username.trim().slice(0, 100), action: 'sign-in.failed', ip, at: now })
    return { kind: 'invalid' }
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await appendAudit(db, { userId: user.id, username: user.username, action: 'sign-in.refused-locked', ip, at: now })
    return { kind: 'locked' }
  }
  const good = await verify(user.passwordHash, password).catch(() => false)
  if (!good) {
    const { locked } = await db.transaction(async (tx) => {
      const r = await recordFailedSignIn(tx, user.id, now, MAX_FAILED_SIGN_INS, LOCK_MINUTES)
      await appendAudit(tx, { userId: user.id, username: user.username, action: r.locked ? 'sign-in.locked' : 'sign-in.failed', ip, at: now })
      return r
    })
    return locked ? { kind: 'locked' } : { kind: 'invalid' }
  }
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const actor = await db.transaction(async (tx) => {
    await clearFailedSignIns(tx, user.id)
    await insertSession(tx, { id: hashToken(token), userId: user.id, csrfToken, now, expiresAt: new Date(now.getTime() + idleMinutes * 60_000) })
    await appendAudit(tx, { userId: user.id, username: user.username, action: 'sign-in', ip, at: now })
    return loadActor(tx, user.id)
  })
  if (!actor) return { kind: 'invalid' }
  return { kind: 'signed-in', token, actor }
}

export type LiveSession = { sessionId: string; csrfToken: string; actor: Actor; expiresAt: Date }

/** Resolves a session cookie to the signed-in user, sliding the idle timeout forward when `touch` is set. */
export async function resumeSession(ctx: AppContext, token: string, idleMinutes: number, touch: boolean): Promise<LiveSession | undefined> {
  const now = ctx.now()
  const db = ctx.database.db
  const s = await findLiveSession(db, hashToken(token), now)
  if (!s) return undefined
  const actor = await loadActor(db, s.userId)
  if (!actor) return undefined
  let expiresAt = s.expiresAt
  // Only write when a minute has passed, so a page with many requests does not write for each.
  if (touch && now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    expiresAt = new Date(now.getTime() + idleMinutes * 60_000)
    await touchSession(db, s.id, now, expiresAt)
  }
  return { sessionId: s.id, csrfToken: s.csrfToken, actor, expiresAt }
}

export async function signOut(ctx: AppContext, sessionId: string, actor: Actor, ip: string | null, reason: 'sign-out' | 'timeout' = 'sign-out'): Promise<void> {
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await endSession(tx, sessionId, now)
    await appendAudit(tx, { userId: actor.userId, username: actor.username, action: reason === 'timeout' ? 'sign-out.timeout' : 'sign-out', ip, at: now })
  })
}
