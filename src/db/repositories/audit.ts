import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { auditLog } from '../schema.ts'
import { rows, toDate } from './rows.ts'

export type AuditEntry = {
  userId: string | null
  username: string | null
  action: string
  entityType?: string | null
  entityId?: string | null
  personId?: string | null
  before?: unknown
  after?: unknown
  ip?: string | null
  requestId?: string | null
  at?: Date
}

/** Appends to the audit log, inside the caller's transaction so the change and its audit land together. */
export async function appendAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    userId: e.userId,
    username: e.username,
    action: e.action,
    entityType: e.entityType ?? null,
    entityId: e.entityId ?? null,
    personId: e.personId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip ?? null,
    requestId: e.requestId ?? null,
    ...(e.at ? { at: e.at } : {}),
  })
}

export type AuditRow = {
  id: number
  at: Date
  username: string | null
  displayName: string | null
  role: string | null
  action: string
  entityType: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** Every entry about one person, newest first: views and changes. */
export async function listPersonAudit(db: Executor, personId: string, opts: { viewsOnly?: boolean; changesOnly?: boolean; limit?: number }): Promise<AuditRow[]> {
  const filter = opts.viewsOnly ? sql`and a.action = 'person.view'` : opts.changesOnly ? sql`and a.action <> 'person.view'` : sql``
  const list = await rows<AuditRow>(
    db,
    sql`select a.id, a.at, a.username, u.display_name as "displayName", u.role, a.action, a.entity_type as "entityType", a.before, a.after
          from audit_log a left join user_account u on u.id = a.user_id
         where a.person_id = ${personId} ${filter}
         order by a.at desc, a.id desc
         limit ${opts.limit ?? 500}`,
  )
  return list.map((r) => ({ ...r, at: toDate(r.at) }))
}
