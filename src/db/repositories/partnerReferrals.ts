import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'

/** The audit action whose `after` holds a partner's submission exactly as typed (append-only, so it never changes). */
export const PARTNER_REFERRAL_AUDIT_ACTION = 'contact.partner-referral'

export type PartnerProfile = { displayName: string; partnerAgency: string | null }

export async function partnerProfile(db: Executor, userId: string): Promise<PartnerProfile | undefined> {
  return one<PartnerProfile>(db, sql`select display_name as "displayName", partner_agency as "partnerAgency" from user_account where id = ${userId}`)
}

/**
 * Serialises submissions about the same child (same name and date of birth) for the rest of the
 * transaction, so two partners referring a new child at the same moment cannot add them twice.
 */
export async function lockChildIdentity(db: Executor, givenNames: string, familyName: string, dateOfBirth: string): Promise<void> {
  const key = `partner-referral|${familyName.toLowerCase()}|${givenNames.toLowerCase()}|${dateOfBirth}`
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`)
}

/** People in the index with exactly this name (either case) and date of birth: current names only. */
export async function exactChildMatches(db: Executor, givenNames: string, familyName: string, dateOfBirth: string): Promise<{ id: string }[]> {
  return rows<{ id: string }>(
    db,
    sql`select p.id from person p
         where lower(p.family_name) = lower(${familyName}) and lower(p.given_names) = lower(${givenNames})
           and p.date_of_birth = ${dateOfBirth}::date and not p.is_unborn
         order by p.created_at
         limit 2`,
  )
}

export type PartnerSubmissionRow = {
  id: string
  contactRef: string
  receivedAt: Date
  decidedAt: Date | null
  outcomes: (string | null)[]
  child: { givenNames?: string; familyName?: string; dateOfBirth?: string } | null
  feedback: { givenOn: string; method: string; summary: string }[]
}

const SUBMISSION_COLUMNS = sql`c.id, c.contact_ref as "contactRef", c.received_at as "receivedAt", c.decided_at as "decidedAt",
  coalesce((select array_agg(cc.outcome order by cc.decided_at) from contact_child cc where cc.contact_id = c.id), '{}') as outcomes,
  (select a.after -> 'child' from audit_log a
    where a.user_id = c.submitted_by_partner and a.action = ${PARTNER_REFERRAL_AUDIT_ACTION} and a.entity_id = c.id::text
    order by a.id limit 1) as child,
  coalesce((select json_agg(json_build_object('givenOn', f.given_on, 'method', f.method, 'summary', f.summary) order by f.given_on, f.recorded_at)
              from referrer_feedback f where f.contact_id = c.id), '[]'::json) as feedback`

const fix = (r: PartnerSubmissionRow): PartnerSubmissionRow => ({ ...r, receivedAt: toDate(r.receivedAt), decidedAt: toDate(r.decidedAt) })

/** The partner's own submissions, newest first. Nobody else's: the partner is the only filter. */
export async function submissionsByPartner(db: Executor, partnerUserId: string, limit: number): Promise<PartnerSubmissionRow[]> {
  const list = await rows<PartnerSubmissionRow>(
    db,
    sql`select ${SUBMISSION_COLUMNS} from contact c where c.submitted_by_partner = ${partnerUserId} order by c.received_at desc, c.contact_ref desc limit ${limit}`,
  )
  return list.map(fix)
}

export type PartnerSubmissionDetail = PartnerSubmissionRow & {
  referrerName: string | null
  referrerRole: string | null
  referrerAgency: string | null
  referrerPhone: string | null
  referrerEmail: string | null
  sourceCode: string
  parentsAware: string
  consent: string
  noConsentReason: string | null
  immediateSafety: string | null
  submitted: { concern?: string; child?: { address?: { line1: string; line2: string | null; town: string; postcode: string } | null; school?: string | null } } | null
}

/** One submission, only if this partner sent it (anyone else's is "not found"). */
export async function submissionForPartner(db: Executor, partnerUserId: string, contactId: string): Promise<PartnerSubmissionDetail | undefined> {
  const row = await one<PartnerSubmissionDetail>(
    db,
    sql`select ${SUBMISSION_COLUMNS},
               c.referrer_name as "referrerName", c.referrer_role as "referrerRole", c.referrer_agency as "referrerAgency",
               c.referrer_phone as "referrerPhone", c.referrer_email as "referrerEmail", c.source_code as "sourceCode",
               c.parents_aware as "parentsAware", c.consent, c.no_consent_reason as "noConsentReason", c.immediate_safety as "immediateSafety",
               (select a.after from audit_log a
                 where a.user_id = c.submitted_by_partner and a.action = ${PARTNER_REFERRAL_AUDIT_ACTION} and a.entity_id = c.id::text
                 order by a.id limit 1) as submitted
          from contact c
         where c.id = ${contactId} and c.submitted_by_partner = ${partnerUserId}`,
  )
  return row && { ...row, ...fix(row) }
}
