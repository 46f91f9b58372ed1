import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, toDate } from './rows.ts'

export type Draft = { data: Record<string, string | string[]>; savedAt: Date }

export async function upsertDraft(db: Executor, userId: string, formKey: string, personId: string | null, data: Record<string, string | string[]>, now: Date): Promise<void> {
  await db.execute(
    sql`insert into form_draft (user_id, form_key, person_id, data, saved_at)
        values (${userId}, ${formKey}, ${personId}, ${JSON.stringify(data)}::jsonb, ${now.toISOString()}::timestamptz)
        on conflict (user_id, form_key) do update set data = excluded.data, saved_at = excluded.saved_at`,
  )
}

export async function findDraft(db: Executor, userId: string, formKey: string): Promise<Draft | undefined> {
  const row = await one<{ data: Draft['data']; savedAt: Date | string }>(
    db,
    sql`select data, saved_at as "savedAt" from form_draft where user_id = ${userId} and form_key = ${formKey}`,
  )
  return row && { data: row.data, savedAt: toDate(row.savedAt) }
}

/** A draft is work in progress, not part of the record: once the form is saved it has served its purpose. */
export async function discardDraft(db: Executor, userId: string, formKey: string): Promise<void> {
  await db.execute(sql`delete from form_draft where user_id = ${userId} and form_key = ${formKey}`)
}
