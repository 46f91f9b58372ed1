import { listNameSql } from './people.ts'
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'

export const CONCERN_EXCERPT_LENGTH = 200

export type HandoverRow = {
  id: string
  contactRef: string
  receivedAt: Date
  channel: string
  sourceCode: string
  concernExcerpt: string
  concernTruncated: boolean
  rag: string | null
  thresholdLevel: string | null
  screenedAt: Date | null
  decisionDueDate: string
  decidedAt: Date | null
  children: string | null
  childCount: number
  decidedCount: number
}

/** Out-of-hours contacts the daytime front door has not yet acknowledged, oldest first (uses contact_handover_idx). */
export async function unacknowledgedHandover(db: Executor, viewerUserId: string, limit: number): Promise<HandoverRow[]> {
  const list = await rows<HandoverRow>(
    db,
    sql`select c.id, c.contact_ref as "contactRef", c.received_at as "receivedAt", c.channel, c.source_code as "sourceCode",
               left(c.concern, ${CONCERN_EXCERPT_LENGTH}) as "concernExcerpt", length(c.concern) > ${CONCERN_EXCERPT_LENGTH} as "concernTruncated",
               c.rag, c.threshold_level as "thresholdLevel", c.screened_at as "screenedAt",
               c.decision_due_date as "decisionDueDate", c.decided_at as "decidedAt",
               (select string_agg(${listNameSql(viewerUserId)}, ', ' order by p.date_of_birth nulls first, p.full_name) from contact_child cc join person p on p.id = cc.person_id where cc.contact_id = c.id) as children,
               (select count(*)::int from contact_child cc where cc.contact_id = c.id) as "childCount",
               (select count(*)::int from contact_child cc where cc.contact_id = c.id and cc.decided_at is not null) as "decidedCount"
          from contact c
         where c.out_of_hours and c.handover_acknowledged_at is null
         order by c.received_at, c.contact_ref
         limit ${limit}`,
  )
  return list.map((r) => ({ ...r, receivedAt: toDate(r.receivedAt), screenedAt: toDate(r.screenedAt), decidedAt: toDate(r.decidedAt) }))
}

export async function countUnacknowledgedHandover(db: Executor): Promise<number> {
  const row = await one<{ n: number }>(db, sql`select count(*)::int as n from contact where out_of_hours and handover_acknowledged_at is null`)
  return row?.n ?? 0
}

/**
 * Marks the handover item acknowledged, only if nobody has yet: under concurrent acknowledgements the
 * row lock makes the second update see the first one's value and change nothing. True when this call did it.
 */
export async function markHandoverAcknowledged(db: Executor, contactId: string, userId: string, now: Date): Promise<boolean> {
  const r = await db.execute(
    sql`update contact set handover_acknowledged_at = ${now.toISOString()}::timestamptz, handover_acknowledged_by = ${userId}
         where id = ${contactId} and out_of_hours and handover_acknowledged_at is null`,
  )
  return (r.rowCount ?? 0) === 1
}

export type HandoverState = { contactRef: string; outOfHours: boolean; acknowledgedAt: Date | null; acknowledgedByName: string | null }

export async function handoverState(db: Executor, contactId: string): Promise<HandoverState | undefined> {
  const row = await one<HandoverState>(
    db,
    sql`select c.contact_ref as "contactRef", c.out_of_hours as "outOfHours", c.handover_acknowledged_at as "acknowledgedAt", u.display_name as "acknowledgedByName"
          from contact c left join user_account u on u.id = c.handover_acknowledged_by
         where c.id = ${contactId}`,
  )
  return row && { ...row, acknowledgedAt: toDate(row.acknowledgedAt) }
}
