import { listNameSql } from './people.ts'
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { policeNotification, policeNotificationChild } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import type { PoliceNotificationDetails, Triage } from '../../domain/frontDoor/policeNotification.ts'

export async function insertPoliceNotification(
  db: Executor,
  n: PoliceNotificationDetails & { notificationRef: string; createdBy: string },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(policeNotification)
    .values({
      notificationRef: n.notificationRef,
      policeReference: n.policeReference,
      receivedAt: n.receivedAt,
      incidentDate: n.incidentDate,
      incidentType: n.incidentType,
      riskLevel: n.riskLevel,
      childrenPresent: n.childrenPresent,
      summary: n.summary,
      createdBy: n.createdBy,
      createdAt: now,
    })
    .returning({ id: policeNotification.id })
  if (!row) throw new Error('insert police notification returned no row')
  for (const personId of n.childIds) await db.insert(policeNotificationChild).values({ notificationId: row.id, personId })
  return row
}

/** The notification already recorded under this police reference, if any (references are stored upper-case). */
export async function findByPoliceReference(db: Executor, policeReference: string): Promise<{ id: string; notificationRef: string } | undefined> {
  return one(db, sql`select id, notification_ref as "notificationRef" from police_notification where police_reference = ${policeReference}`)
}

export type PoliceNotificationRow = {
  id: string
  notificationRef: string
  policeReference: string
  receivedAt: Date
  incidentDate: string
  incidentType: string
  riskLevel: string
  childrenPresent: boolean
  summary: string
  outcome: string | null
  outcomeReasons: string | null
  triagedAt: Date | null
  triagedByName: string | null
  contactId: string | null
  contactRef: string | null
  createdAt: Date
  createdByName: string | null
  ageSeconds: number
}

export type PoliceNotificationChildRow = { personId: string; personRef: string; name: string; dateOfBirth: string | null; isUnborn: boolean; expectedDateOfBirth: string | null }

export async function getPoliceNotification(db: Executor, id: string, now: Date): Promise<PoliceNotificationRow | undefined> {
  const row = await one<PoliceNotificationRow & { receivedAt: Date | string; triagedAt: Date | string | null; createdAt: Date | string }>(
    db,
    sql`select n.id, n.notification_ref as "notificationRef", n.police_reference as "policeReference", n.received_at as "receivedAt",
               n.incident_date as "incidentDate", n.incident_type as "incidentType", n.risk_level as "riskLevel",
               n.children_present as "childrenPresent", n.summary, n.outcome, n.outcome_reasons as "outcomeReasons",
               n.triaged_at as "triagedAt", tu.display_name as "triagedByName", n.contact_id as "contactId", c.contact_ref as "contactRef",
               n.created_at as "createdAt", cu.display_name as "createdByName",
               greatest(0, floor(extract(epoch from (coalesce(n.triaged_at, ${now.toISOString()}::timestamptz) - n.received_at))))::int as "ageSeconds"
          from police_notification n
          left join user_account tu on tu.id = n.triaged_by
          left join user_account cu on cu.id = n.created_by
          left join contact c on c.id = n.contact_id
         where n.id = ${id}`,
  )
  return row && { ...row, receivedAt: toDate(row.receivedAt), triagedAt: toDate(row.triagedAt), createdAt: toDate(row.createdAt) }
}

export async function getPoliceNotificationChildren(db: Executor, notificationId: string): Promise<PoliceNotificationChildRow[]> {
  return rows<PoliceNotificationChildRow>(
    db,
    sql`select p.id as "personId", p.person_ref as "personRef", p.full_name as name, p.date_of_birth as "dateOfBirth",
               p.is_unborn as "isUnborn", p.expected_date_of_birth as "expectedDateOfBirth"
          from police_notification_child pc join person p on p.id = pc.person_id
         where pc.notification_id = ${notificationId}
         order by p.date_of_birth nulls first, p.full_name`,
  )
}

/** Locks the notification for the transaction, so two people cannot triage it at once. */
export async function lockPoliceNotification(db: Executor, id: string): Promise<{ id: string; triagedAt: Date | null } | undefined> {
  const row = await one<{ id: string; triagedAt: Date | string | null }>(db, sql`select id, triaged_at as "triagedAt" from police_notification where id = ${id} for update`)
  return row && { id: row.id, triagedAt: toDate(row.triagedAt) }
}

/** Records the triage only if nobody has yet: false means someone else got there first. */
export async function recordTriage(db: Executor, id: string, t: Triage, userId: string, now: Date, contactId: string | null): Promise<boolean> {
  const r = await db.execute(
    sql`update police_notification
           set outcome = ${t.outcome}, outcome_reasons = ${t.reasons}, triaged_at = ${now.toISOString()}::timestamptz,
               triaged_by = ${userId}, contact_id = ${contactId}
         where id = ${id} and triaged_at is null`,
  )
  return (r.rowCount ?? 0) === 1
}

export type UntriagedRow = {
  id: string
  notificationRef: string
  policeReference: string
  receivedAt: Date
  incidentDate: string
  incidentType: string
  riskLevel: string
  childrenPresent: boolean
  children: string | null
  childCount: number
  ageSeconds: number
}

/** Every notification not yet triaged, oldest first, with how long it has waited at `now`. */
export async function untriagedPoliceNotifications(db: Executor, viewerUserId: string, now: Date, limit: number): Promise<UntriagedRow[]> {
  const list = await rows<UntriagedRow & { receivedAt: Date | string }>(
    db,
    sql`select n.id, n.notification_ref as "notificationRef", n.police_reference as "policeReference", n.received_at as "receivedAt",
               n.incident_date as "incidentDate", n.incident_type as "incidentType", n.risk_level as "riskLevel",
               n.children_present as "childrenPresent",
               (select string_agg(${listNameSql(viewerUserId)}, ', ' order by p.date_of_birth nulls first, p.full_name)
                  from police_notification_child pc join person p on p.id = pc.person_id where pc.notification_id = n.id) as children,
               (select count(*)::int from police_notification_child pc where pc.notification_id = n.id) as "childCount",
               greatest(0, floor(extract(epoch from (${now.toISOString()}::timestamptz - n.received_at))))::int as "ageSeconds"
          from police_notification n
         where n.triaged_at is null
         order by n.received_at, n.notification_ref
         limit ${limit}`,
  )
  return list.map((r) => ({ ...r, receivedAt: toDate(r.receivedAt) }))
}

export type UntriagedSummary = { count: number; highRisk: number; oldestReceivedAt: Date | null; oldestAgeSeconds: number | null }

export async function untriagedSummary(db: Executor, now: Date): Promise<UntriagedSummary> {
  const row = await one<{ count: number; highRisk: number; oldest: Date | string | null; oldestAgeSeconds: number | null }>(
    db,
    sql`select count(*)::int as count, count(*) filter (where risk_level = 'high')::int as "highRisk", min(received_at) as oldest,
               greatest(0, floor(extract(epoch from (${now.toISOString()}::timestamptz - min(received_at)))))::int as "oldestAgeSeconds"
          from police_notification where triaged_at is null`,
  )
  return { count: row?.count ?? 0, highRisk: row?.highRisk ?? 0, oldestReceivedAt: toDate(row?.oldest ?? null), oldestAgeSeconds: row?.oldestAgeSeconds ?? null }
}

// ---------------------------------------------------------------- matching children to the person index

export type ChildCandidate = { id: string; personRef: string; givenNames: string; familyName: string; dateOfBirth: string | null; isUnborn: boolean }

const CANDIDATE_COLUMNS = sql`p.id, p.person_ref as "personRef", p.given_names as "givenNames", p.family_name as "familyName",
  p.date_of_birth as "dateOfBirth", p.is_unborn as "isUnborn"`

export async function peopleByRefs(db: Executor, refs: string[]): Promise<ChildCandidate[]> {
  if (refs.length === 0) return []
  return rows<ChildCandidate>(db, sql`select ${CANDIDATE_COLUMNS} from person p where p.person_ref in (${sql.join(refs.map((r) => sql`${r}`), sql`, `)})`)
}

export async function peopleByIds(db: Executor, ids: string[]): Promise<ChildCandidate[]> {
  if (ids.length === 0) return []
  return rows<ChildCandidate>(db, sql`select ${CANDIDATE_COLUMNS} from person p where p.id in (${sql.join(ids.map((r) => sql`${r}::uuid`), sql`, `)})`)
}

/** NHS numbers are unique in the index (stored as 10 digits). */
export async function personByNhsNumber(db: Executor, nhsNumber: string): Promise<ChildCandidate | undefined> {
  return one<ChildCandidate>(db, sql`select ${CANDIDATE_COLUMNS} from person p where p.nhs_number = ${nhsNumber}`)
}

/**
 * Exact match on current family name, given names (both ignoring case and surrounding or repeated
 * spaces) and date of birth. Every match is returned, so the caller can refuse an ambiguous one.
 */
export async function peopleByNameAndDob(db: Executor, familyName: string, givenNames: string, dateOfBirth: string): Promise<ChildCandidate[]> {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()
  return rows<ChildCandidate>(
    db,
    sql`select ${CANDIDATE_COLUMNS} from person p
         where lower(p.family_name) = ${norm(familyName)}
           and lower(regexp_replace(btrim(p.given_names), '\\s+', ' ', 'g')) = ${norm(givenNames)}
           and p.date_of_birth = ${dateOfBirth}::date
         order by p.person_ref
         limit 10`,
  )
}
