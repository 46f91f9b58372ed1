/** Case closure: proposals, the manager's decision, closing the referral and ending allocations. */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { caseClosure } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import type { AssessmentFact } from '../../domain/closure/closure.ts'

export type ReferralRow = { id: string; referralRef: string; referralDate: string; closedOn: string | null; closureReason: string | null }

/** The child's open referral, locked so two closures of it cannot interleave. */
export async function lockOpenReferral(db: Executor, personId: string): Promise<ReferralRow | undefined> {
  return one<ReferralRow>(
    db,
    sql`select id, referral_ref as "referralRef", referral_date as "referralDate", closed_on as "closedOn", closure_reason as "closureReason"
          from referral where person_id = ${personId} and closed_on is null for update`,
  )
}

export async function getReferral(db: Executor, id: string): Promise<ReferralRow | undefined> {
  return one<ReferralRow>(
    db,
    sql`select id, referral_ref as "referralRef", referral_date as "referralDate", closed_on as "closedOn", closure_reason as "closureReason" from referral where id = ${id}`,
  )
}

/** The open referral, or else the most recent one (to show how it closed). */
export async function currentOrLatestReferral(db: Executor, personId: string): Promise<ReferralRow | undefined> {
  return one<ReferralRow>(
    db,
    sql`select id, referral_ref as "referralRef", referral_date as "referralDate", closed_on as "closedOn", closure_reason as "closureReason"
          from referral where person_id = ${personId} order by (closed_on is null) desc, referral_date desc, created_at desc limit 1`,
  )
}

export async function assessmentsOnReferral(db: Executor, referralId: string): Promise<AssessmentFact[]> {
  return rows<AssessmentFact>(
    db,
    sql`select assessment_ref as "assessmentRef", status, outcome, completed_on as "completedOn"
          from assessment where referral_id = ${referralId} order by start_date, created_at`,
  )
}

export type ClosureRow = {
  id: string
  referralId: string
  referralRef: string
  personId: string
  reasonCode: string
  summary: string
  status: 'proposed' | 'authorised' | 'returned'
  proposedAt: Date
  proposedBy: string
  proposedByName: string | null
  decidedAt: Date | null
  decidedByName: string | null
  managerComments: string | null
  closureDate: string | null
  referrerInformedOn: string | null
  referrerInformedHow: string | null
  familyInformedOn: string | null
  familyInformedHow: string | null
  version: number
}

const CLOSURE_COLUMNS = sql`c.id, c.referral_id as "referralId", r.referral_ref as "referralRef", c.person_id as "personId", c.reason_code as "reasonCode",
  c.summary, c.status, c.proposed_at as "proposedAt", c.proposed_by as "proposedBy", pu.display_name as "proposedByName",
  c.decided_at as "decidedAt", du.display_name as "decidedByName", c.manager_comments as "managerComments", c.closure_date as "closureDate",
  c.referrer_informed_on as "referrerInformedOn", c.referrer_informed_how as "referrerInformedHow",
  c.family_informed_on as "familyInformedOn", c.family_informed_how as "familyInformedHow", c.version`
const CLOSURE_FROM = sql`case_closure c join referral r on r.id = c.referral_id
  left join user_account pu on pu.id = c.proposed_by left join user_account du on du.id = c.decided_by`

const closureDates = (c: ClosureRow): ClosureRow => ({ ...c, proposedAt: toDate(c.proposedAt), decidedAt: toDate(c.decidedAt) })

/** Every closure proposal on the child, newest first. */
export async function closuresForPerson(db: Executor, personId: string): Promise<ClosureRow[]> {
  return (await rows<ClosureRow>(db, sql`select ${CLOSURE_COLUMNS} from ${CLOSURE_FROM} where c.person_id = ${personId} order by c.proposed_at desc`)).map(closureDates)
}

/** One closure, locked for the decision (a second manager waits here, then sees it decided). */
export async function lockClosure(db: Executor, id: string, personId: string): Promise<ClosureRow | undefined> {
  await db.execute(sql`select id from case_closure where id = ${id} for update`)
  const c = await one<ClosureRow>(db, sql`select ${CLOSURE_COLUMNS} from ${CLOSURE_FROM} where c.id = ${id} and c.person_id = ${personId}`)
  return c && closureDates(c)
}

export type NewClosure = {
  referralId: string
  personId: string
  reasonCode: string
  summary: string
  proposedBy: string
  referrerInformedOn: string | null
  referrerInformedHow: string | null
  familyInformedOn: string | null
  familyInformedHow: string | null
}

export async function insertClosureProposal(db: Executor, c: NewClosure, now: Date): Promise<{ id: string }> {
  const [row] = await db.insert(caseClosure).values({ ...c, status: 'proposed', proposedAt: now }).returning({ id: caseClosure.id })
  if (!row) throw new Error('insert case_closure returned no row')
  return row
}

/** The manager's decision; false when someone else decided first (the version moved on). */
export async function decideClosure(
  db: Executor,
  id: string,
  expectedVersion: number,
  d: { status: 'authorised' | 'returned'; decidedBy: string; managerComments: string | null; closureDate: string | null },
  now: Date,
): Promise<boolean> {
  const r = await db.execute(
    sql`update case_closure set status = ${d.status}, decided_at = ${now.toISOString()}::timestamptz, decided_by = ${d.decidedBy},
               manager_comments = ${d.managerComments}, closure_date = ${d.closureDate}, version = version + 1
         where id = ${id} and version = ${expectedVersion} and status = 'proposed'`,
  )
  return (r.rowCount ?? 0) === 1
}

export async function updateInformed(
  db: Executor,
  id: string,
  expectedVersion: number,
  i: { referrerInformedOn: string | null; referrerInformedHow: string | null; familyInformedOn: string | null; familyInformedHow: string | null },
): Promise<boolean> {
  const r = await db.execute(
    sql`update case_closure set referrer_informed_on = ${i.referrerInformedOn}, referrer_informed_how = ${i.referrerInformedHow},
               family_informed_on = ${i.familyInformedOn}, family_informed_how = ${i.familyInformedHow}, version = version + 1
         where id = ${id} and version = ${expectedVersion}`,
  )
  return (r.rowCount ?? 0) === 1
}

export async function closeReferral(db: Executor, referralId: string, closedOn: string, reason: string): Promise<boolean> {
  const r = await db.execute(sql`update referral set closed_on = ${closedOn}, closure_reason = ${reason} where id = ${referralId} and closed_on is null`)
  return (r.rowCount ?? 0) === 1
}

/** Ends the child's open allocations on the closure date; returns what was ended (for the audit). */
export async function endOpenAllocations(db: Executor, personId: string, endDate: string, endedBy: string): Promise<{ id: string; workerId: string; teamId: string }[]> {
  return rows<{ id: string; workerId: string; teamId: string }>(
    db,
    sql`update allocation set end_date = greatest(${endDate}::date, start_date), ended_by = ${endedBy}
         where person_id = ${personId} and end_date is null
     returning id, worker_id as "workerId", team_id as "teamId"`,
  )
}

/** True when the user proposed or decided an authorised closure of this child's case. */
export async function tookPartInClosure(db: Executor, personId: string, userId: string): Promise<boolean> {
  const r = await one<{ yes: boolean }>(
    db,
    sql`select exists (select 1 from case_closure where person_id = ${personId} and status = 'authorised' and (proposed_by = ${userId} or decided_by = ${userId})) as yes`,
  )
  return r?.yes ?? false
}
