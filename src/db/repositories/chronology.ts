/** The child's chronology with who recorded each entry and when, filtered by kind; practitioners' own entries. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { chronologyEntry } from '../schema.ts'
import { rows, toDate } from './rows.ts'
import type { ChronologyFilter } from '../../domain/oversight/chronologyEntry.ts'

export type ChronologyEntryRow = {
  id: string
  occurredAt: Date
  recordedAt: Date
  kind: string
  summary: string
  sourceType: string | null
  sourceId: string | null
  recordedByName: string | null
}

const FILTERS: Record<ChronologyFilter, SQL> = {
  all: sql`true`,
  'contacts-referrals': sql`(e.kind like 'contact%' or e.kind like 'referral%' or e.kind like 'police%' or e.kind like 'edt%' or e.kind like 'partner%')`,
  assessments: sql`e.kind like 'assessment%'`,
  'child-protection': sql`(e.kind like 'strategy%' or e.kind like 'section-47%' or e.kind like 'conference%' or e.kind like 'cp-plan%' or e.kind like 'core-group%' or e.kind like 'cin-plan%' or e.kind = 'visit' or e.kind = 'replan')`,
  'management-decisions': sql`(e.kind like 'management%' or e.kind like 'closure%' or e.kind like 'supervision%' or e.source_type = 'management_decision')`,
  practitioner: sql`e.kind = 'practitioner'`,
}

export async function chronologyEntries(db: Executor, personId: string, filter: ChronologyFilter, limit = 1000, order: 'newest' | 'oldest' = 'newest'): Promise<ChronologyEntryRow[]> {
  const list = await rows<ChronologyEntryRow>(
    db,
    sql`select e.id, e.occurred_at as "occurredAt", e.recorded_at as "recordedAt", e.kind, e.summary, e.source_type as "sourceType",
               e.source_id as "sourceId", u.display_name as "recordedByName"
          from chronology_entry e left join user_account u on u.id = e.recorded_by
         where e.person_id = ${personId} and ${FILTERS[filter]}
         order by ${order === 'oldest' ? sql`e.occurred_at, e.recorded_at, e.seq` : sql`e.occurred_at desc, e.recorded_at desc, e.seq desc`} limit ${limit}`,
  )
  return list.map((r) => ({ ...r, occurredAt: toDate(r.occurredAt), recordedAt: toDate(r.recordedAt) }))
}

export async function insertPractitionerEntry(db: Executor, e: { personId: string; occurredAt: Date; summary: string; recordedBy: string }, now: Date): Promise<{ id: string }> {
  const [row] = await db
    .insert(chronologyEntry)
    .values({ personId: e.personId, occurredAt: e.occurredAt, kind: 'practitioner', summary: e.summary, sourceType: null, sourceId: null, recordedAt: now, recordedBy: e.recordedBy })
    .returning({ id: chronologyEntry.id })
  if (!row) throw new Error('insert chronology entry returned no row')
  return row
}
