import { listNameSql } from './people.ts'
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { agencyCheck, chronologyEntry, contact, contactAdult, contactChild, referral, referrerFeedback } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import type { ContactDetails, ChildDecision, Screening } from '../../domain/frontDoor/contact.ts'

export async function closureDays(db: Executor): Promise<string[]> {
  return (await rows<{ day: string }>(db, sql`select day from council_closure_day order by day`)).map((r) => r.day)
}

export async function addClosureDay(db: Executor, day: string, reason: string, userId: string): Promise<boolean> {
  const r = await db.execute(sql`insert into council_closure_day (day, reason, created_by) values (${day}, ${reason}, ${userId}) on conflict do nothing`)
  return (r.rowCount ?? 0) === 1
}

async function nextRef(db: Executor, sequence: 'contact_ref_seq' | 'referral_ref_seq' | 'police_notification_ref_seq', prefix: string): Promise<string> {
  const row = await one<{ n: number }>(db, sql`select nextval(${sequence})::int as n`)
  return `${prefix}${String(row?.n ?? 0).padStart(6, '0')}`
}
export const nextContactRef = (db: Executor) => nextRef(db, 'contact_ref_seq', 'C')
export const nextReferralRef = (db: Executor) => nextRef(db, 'referral_ref_seq', 'R')
export const nextPoliceNotificationRef = (db: Executor) => nextRef(db, 'police_notification_ref_seq', 'PN')

export async function insertContact(
  db: Executor,
  c: ContactDetails & { contactRef: string; decisionDueDate: string; outOfHours: boolean; createdBy: string; submittedByPartner?: string | null },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(contact)
    .values({
      contactRef: c.contactRef,
      receivedAt: c.receivedAt,
      channel: c.channel,
      sourceCode: c.sourceCode,
      referrerName: c.referrerName,
      referrerAgency: c.referrerAgency,
      referrerRole: c.referrerRole,
      referrerPhone: c.referrerPhone,
      referrerEmail: c.referrerEmail,
      concern: c.concern,
      parentsAware: c.parentsAware,
      consent: c.consent,
      noConsentReason: c.noConsentReason,
      immediateSafety: c.immediateSafety,
      decisionDueDate: c.decisionDueDate,
      outOfHours: c.outOfHours,
      submittedByPartner: c.submittedByPartner ?? null,
      createdBy: c.createdBy,
      createdAt: now,
    })
    .returning({ id: contact.id })
  if (!row) throw new Error('insert contact returned no row')
  for (const personId of c.childIds) await db.insert(contactChild).values({ contactId: row.id, personId })
  for (const personId of c.adultIds) await db.insert(contactAdult).values({ contactId: row.id, personId, role: 'household' })
  return row
}

export type ContactRow = {
  id: string
  contactRef: string
  receivedAt: Date
  channel: string
  sourceCode: string
  referrerName: string | null
  referrerAgency: string | null
  referrerRole: string | null
  referrerPhone: string | null
  referrerEmail: string | null
  concern: string
  parentsAware: string
  consent: string
  noConsentReason: string | null
  immediateSafety: string | null
  thresholdLevel: string | null
  rag: string | null
  screeningNotes: string | null
  screenedAt: Date | null
  screenedByName: string | null
  decisionDueDate: string
  decidedAt: Date | null
  outOfHours: boolean
  handoverAcknowledgedAt: Date | null
  submittedByPartner: string | null
  createdByName: string | null
  createdAt: Date
  version: number
}

const dates = <T extends Record<string, unknown>>(r: T, keys: (keyof T)[]): T => {
  const out = { ...r }
  for (const k of keys) out[k] = (r[k] === null || r[k] === undefined ? null : toDate(r[k] as Date | string)) as T[keyof T]
  return out
}

export async function getContact(db: Executor, id: string): Promise<ContactRow | undefined> {
  const row = await one<ContactRow>(
    db,
    sql`select c.id, c.contact_ref as "contactRef", c.received_at as "receivedAt", c.channel, c.source_code as "sourceCode",
               c.referrer_name as "referrerName", c.referrer_agency as "referrerAgency", c.referrer_role as "referrerRole",
               c.referrer_phone as "referrerPhone", c.referrer_email as "referrerEmail", c.concern, c.parents_aware as "parentsAware",
               c.consent, c.no_consent_reason as "noConsentReason", c.immediate_safety as "immediateSafety",
               c.threshold_level as "thresholdLevel", c.rag, c.screening_notes as "screeningNotes", c.screened_at as "screenedAt",
               su.display_name as "screenedByName", c.decision_due_date as "decisionDueDate", c.decided_at as "decidedAt",
               c.out_of_hours as "outOfHours", c.handover_acknowledged_at as "handoverAcknowledgedAt",
               c.submitted_by_partner as "submittedByPartner", cu.display_name as "createdByName", c.created_at as "createdAt", c.version
          from contact c
          left join user_account su on su.id = c.screened_by
          left join user_account cu on cu.id = c.created_by
         where c.id = ${id}`,
  )
  return row && dates(row, ['receivedAt', 'screenedAt', 'decidedAt', 'handoverAcknowledgedAt', 'createdAt'])
}

export type ContactChildRow = {
  id: string
  personId: string
  personRef: string
  name: string
  dateOfBirth: string | null
  isUnborn: boolean
  outcome: string | null
  reasons: string | null
  decidedAt: Date | null
  decidedByName: string | null
  referralId: string | null
  referralRef: string | null
  isReReferral: boolean | null
}

export type ContactAdultRow = { personId: string; personRef: string; name: string; dateOfBirth: string | null }

export async function getContactAdults(db: Executor, contactId: string): Promise<ContactAdultRow[]> {
  return rows<ContactAdultRow>(
    db,
    sql`select p.id as "personId", p.person_ref as "personRef", p.full_name as name, p.date_of_birth as "dateOfBirth"
          from contact_adult a join person p on p.id = a.person_id where a.contact_id = ${contactId} order by p.full_name`,
  )
}

export async function getContactChildren(db: Executor, contactId: string): Promise<ContactChildRow[]> {
  const list = await rows<ContactChildRow>(
    db,
    sql`select cc.id, p.id as "personId", p.person_ref as "personRef", p.full_name as name, p.date_of_birth as "dateOfBirth", p.is_unborn as "isUnborn",
               cc.outcome, cc.reasons, cc.decided_at as "decidedAt", u.display_name as "decidedByName",
               cc.referral_id as "referralId", r.referral_ref as "referralRef", r.is_re_referral as "isReReferral"
          from contact_child cc join person p on p.id = cc.person_id
          left join user_account u on u.id = cc.decided_by
          left join referral r on r.id = cc.referral_id
         where cc.contact_id = ${contactId}
         order by p.date_of_birth nulls first, p.full_name`,
  )
  return list.map((r) => dates(r, ['decidedAt']))
}

/** Locks the child's decision row for the transaction, so two managers cannot decide it at once. */
export async function lockContactChild(db: Executor, contactId: string, personId: string): Promise<{ id: string; decidedAt: Date | null } | undefined> {
  const row = await one<{ id: string; decidedAt: Date | string | null }>(
    db,
    sql`select id, decided_at as "decidedAt" from contact_child where contact_id = ${contactId} and person_id = ${personId} for update`,
  )
  return row && { id: row.id, decidedAt: toDate(row.decidedAt) }
}

export async function recordChildDecision(db: Executor, contactChildId: string, d: ChildDecision, userId: string, now: Date, referralId: string | null): Promise<void> {
  await db.execute(
    sql`update contact_child set outcome = ${d.outcome}, reasons = ${d.reasons}, decided_at = ${now.toISOString()}::timestamptz,
               decided_by = ${userId}, referral_id = ${referralId}
         where id = ${contactChildId} and decided_at is null`,
  )
}

/** Marks the contact decided once every child on it has a decision. */
export async function closeContactIfAllDecided(db: Executor, contactId: string, now: Date): Promise<boolean> {
  const r = await db.execute(
    sql`update contact set decided_at = ${now.toISOString()}::timestamptz, version = version + 1
         where id = ${contactId} and decided_at is null
           and not exists (select 1 from contact_child where contact_id = ${contactId} and decided_at is null)`,
  )
  return (r.rowCount ?? 0) === 1
}

export async function updateScreening(db: Executor, contactId: string, expectedVersion: number, s: Screening, userId: string, now: Date): Promise<boolean> {
  const r = await db.execute(
    sql`update contact set threshold_level = ${s.thresholdLevel}, rag = ${s.rag}, screening_notes = ${s.screeningNotes},
               screened_at = ${now.toISOString()}::timestamptz, screened_by = ${userId}, version = version + 1
         where id = ${contactId} and version = ${expectedVersion}`,
  )
  return (r.rowCount ?? 0) === 1
}

export type OpenReferral = { id: string; referralRef: string; referralDate: string }

export async function openReferralFor(db: Executor, personId: string): Promise<OpenReferral | undefined> {
  return one<OpenReferral>(
    db,
    sql`select id, referral_ref as "referralRef", referral_date as "referralDate" from referral where person_id = ${personId} and closed_on is null`,
  )
}

export async function referralDatesFor(db: Executor, personId: string): Promise<string[]> {
  return (await rows<{ d: string }>(db, sql`select referral_date as d from referral where person_id = ${personId} order by referral_date`)).map((r) => r.d)
}

export async function insertReferral(
  db: Executor,
  r: { referralRef: string; personId: string; contactId: string | null; referralDate: string; sourceCode: string; isReReferral: boolean; referralsInLast12Months: number; createdBy: string },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db.insert(referral).values({ ...r, createdAt: now }).returning({ id: referral.id })
  if (!row) throw new Error('insert referral returned no row')
  return row
}

export async function insertAgencyCheck(db: Executor, contactId: string, agency: string, userId: string, now: Date): Promise<{ id: string }> {
  const [row] = await db.insert(agencyCheck).values({ contactId, agency, requestedAt: now, requestedBy: userId }).returning({ id: agencyCheck.id })
  if (!row) throw new Error('insert agency check returned no row')
  return row
}

export async function returnAgencyCheck(db: Executor, checkId: string, contactId: string, summary: string, userId: string, now: Date): Promise<boolean> {
  const r = await db.execute(
    sql`update agency_check set returned_at = ${now.toISOString()}::timestamptz, returned_by = ${userId}, summary = ${summary}
         where id = ${checkId} and contact_id = ${contactId} and returned_at is null`,
  )
  return (r.rowCount ?? 0) === 1
}

export type AgencyCheckRow = { id: string; agency: string; requestedAt: Date; requestedByName: string | null; returnedAt: Date | null; returnedByName: string | null; summary: string | null }

export async function getAgencyChecks(db: Executor, contactId: string): Promise<AgencyCheckRow[]> {
  const list = await rows<AgencyCheckRow>(
    db,
    sql`select a.id, a.agency, a.requested_at as "requestedAt", ru.display_name as "requestedByName", a.returned_at as "returnedAt",
               tu.display_name as "returnedByName", a.summary
          from agency_check a left join user_account ru on ru.id = a.requested_by left join user_account tu on tu.id = a.returned_by
         where a.contact_id = ${contactId} order by a.requested_at`,
  )
  return list.map((r) => dates(r, ['requestedAt', 'returnedAt']))
}

export async function insertFeedback(db: Executor, f: { contactId: string; givenOn: string; method: string; summary: string; recordedBy: string }, now: Date): Promise<void> {
  // A trigger (migration 0014) copies the date onto contact.feedback_given_on.
  await db.insert(referrerFeedback).values({ ...f, recordedAt: now })
}

export type FeedbackRow = { givenOn: string; method: string; summary: string; recordedByName: string | null }
export async function getFeedback(db: Executor, contactId: string): Promise<FeedbackRow[]> {
  return rows<FeedbackRow>(
    db,
    sql`select f.given_on as "givenOn", f.method, f.summary, u.display_name as "recordedByName"
          from referrer_feedback f left join user_account u on u.id = f.recorded_by where f.contact_id = ${contactId} order by f.given_on`,
  )
}

export async function addChronology(
  db: Executor,
  e: { personId: string; occurredAt: Date; kind: string; summary: string; sourceType: string; sourceId: string; recordedBy: string | null },
  now: Date,
): Promise<void> {
  await db.insert(chronologyEntry).values({ ...e, recordedAt: now })
}

export type QueueRow = {
  id: string
  contactRef: string
  receivedAt: Date
  channel: string
  sourceCode: string
  rag: string | null
  thresholdLevel: string | null
  decisionDueDate: string
  outOfHours: boolean
  children: string
  childCount: number
  undecidedCount: number
}

export type QueueFilter = { channel?: 'police_notification' | 'edt' | undefined; sort: 'oldest' | 'priority' }

/** Every undecided contact, oldest first or by priority (red, amber, green, not yet screened). */
export async function undecidedContacts(db: Executor, viewerUserId: string, f: QueueFilter, limit: number, offset = 0): Promise<QueueRow[]> {
  const where = f.channel === 'edt' ? sql`and c.out_of_hours` : f.channel === 'police_notification' ? sql`and c.channel = 'police_notification'` : sql``
  const order = f.sort === 'priority' ? sql`case c.rag when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end, c.received_at` : sql`c.received_at`
  const list = await rows<QueueRow>(
    db,
    sql`select c.id, c.contact_ref as "contactRef", c.received_at as "receivedAt", c.channel, c.source_code as "sourceCode", c.rag,
               c.threshold_level as "thresholdLevel", c.decision_due_date as "decisionDueDate", c.out_of_hours as "outOfHours",
               (select string_agg(${listNameSql(viewerUserId)}, ', ' order by p.date_of_birth nulls first) from contact_child cc join person p on p.id = cc.person_id where cc.contact_id = c.id) as children,
               (select count(*)::int from contact_child cc where cc.contact_id = c.id) as "childCount",
               (select count(*)::int from contact_child cc where cc.contact_id = c.id and cc.decided_at is null) as "undecidedCount"
          from contact c
         where c.decided_at is null ${where}
         order by ${order}, c.id
         limit ${limit} offset ${offset}`,
  )
  return list.map((r) => dates(r, ['receivedAt']))
}

export type QueueSummary = { total: number; overdue: number; oldestReceivedAt: Date | null }

export async function undecidedSummary(db: Executor, today: string, f: QueueFilter): Promise<QueueSummary> {
  const where = f.channel === 'edt' ? sql`and out_of_hours` : f.channel === 'police_notification' ? sql`and channel = 'police_notification'` : sql``
  const row = await one<{ total: number; overdue: number; oldest: Date | string | null }>(
    db,
    sql`select count(*)::int as total, count(*) filter (where decision_due_date < ${today}::date)::int as overdue, min(received_at) as oldest
          from contact where decided_at is null ${where}`,
  )
  return { total: row?.total ?? 0, overdue: row?.overdue ?? 0, oldestReceivedAt: toDate(row?.oldest ?? null) }
}

/** What Harbour already knows about a child, shown when a contact about them is opened. */
export type ChildHistory = {
  personId: string
  openReferral: OpenReferral | null
  referrals: { referralRef: string; referralDate: string; closedOn: string | null; isReReferral: boolean }[]
  previousContacts: { contactId: string; contactRef: string; receivedAt: Date; outcome: string | null }[]
  allocatedWorkers: { workerName: string; teamName: string }[]
}

export async function childHistory(db: Executor, personId: string, exceptContactId: string): Promise<ChildHistory> {
  const openReferral = (await openReferralFor(db, personId)) ?? null
  const referrals = await rows<ChildHistory['referrals'][number]>(
    db,
    sql`select referral_ref as "referralRef", referral_date as "referralDate", closed_on as "closedOn", is_re_referral as "isReReferral"
          from referral where person_id = ${personId} order by referral_date desc limit 20`,
  )
  const previousContacts = (
    await rows<ChildHistory['previousContacts'][number]>(
      db,
      sql`select c.id as "contactId", c.contact_ref as "contactRef", c.received_at as "receivedAt", cc.outcome
            from contact_child cc join contact c on c.id = cc.contact_id
           where cc.person_id = ${personId} and c.id <> ${exceptContactId} order by c.received_at desc limit 20`,
    )
  ).map((r) => dates(r, ['receivedAt']))
  const allocatedWorkers = await rows<ChildHistory['allocatedWorkers'][number]>(
    db,
    sql`select w.name as "workerName", t.name as "teamName" from allocation a join worker w on w.id = a.worker_id join team t on t.id = a.team_id
         where a.person_id = ${personId} and a.end_date is null`,
  )
  return { personId, openReferral, referrals, previousContacts, allocatedWorkers }
}

export type ChronologyRow = { occurredAt: Date; kind: string; summary: string; sourceType: string | null; sourceId: string | null; recordedByName: string | null }

export async function chronologyFor(db: Executor, personId: string, limit = 500): Promise<ChronologyRow[]> {
  const list = await rows<ChronologyRow>(
    db,
    sql`select e.occurred_at as "occurredAt", e.kind, e.summary, e.source_type as "sourceType", e.source_id as "sourceId", u.display_name as "recordedByName"
          from chronology_entry e left join user_account u on u.id = e.recorded_by
         where e.person_id = ${personId} order by e.occurred_at desc, e.recorded_at desc, e.seq desc limit ${limit}`,
  )
  return list.map((r) => dates(r, ['occurredAt']))
}

/** Contacts whose referrer has not yet been told the outcome (decided, with a named referrer). */
export async function awaitingFeedback(db: Executor, limit: number): Promise<{ id: string; contactRef: string; decidedAt: Date; referrerName: string | null; referrerAgency: string | null }[]> {
  const list = await rows<{ id: string; contactRef: string; decidedAt: Date; referrerName: string | null; referrerAgency: string | null }>(
    db,
    sql`select c.id, c.contact_ref as "contactRef", c.decided_at as "decidedAt", c.referrer_name as "referrerName", c.referrer_agency as "referrerAgency"
          from contact c
         where c.decided_at is not null and c.feedback_given_on is null and c.source_code not in ('9', '10')
         order by c.decided_at limit ${limit}`,
  )
  return list.map((r) => dates(r, ['decidedAt']))
}

/**
 * The team a new referral waits for: the deciding manager's own team when it holds cases, otherwise the
 * assessment team with the fewest children (allocated or waiting) — the front door itself holds none.
 */
export async function referralTeamFor(db: Executor, deciderTeamId: string | null): Promise<string | null> {
  const row = await one<{ id: string }>(
    db,
    sql`select t.id from team t
         where t.kind in ('assessment','safeguarding','children_in_care','disabled_children')
         order by (t.id = ${deciderTeamId}) desc, (t.kind = 'assessment') desc,
                  (select count(*) from allocation a where a.team_id = t.id and a.end_date is null)
                  + (select count(*) from team_queue q where q.team_id = t.id and q.allocated_at is null), t.name
         limit 1`,
  )
  return row?.id ?? null
}

export async function hasOpenAllocatedWorker(db: Executor, personId: string): Promise<boolean> {
  const row = await one<{ n: number }>(db, sql`select count(*)::int as n from allocation where person_id = ${personId} and end_date is null and allocation_role = 'allocated_worker'`)
  return (row?.n ?? 0) > 0
}

