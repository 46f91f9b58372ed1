/**
 * The facts about a child's child protection and child in need records that several use cases check
 * before they write (CIN census consistency rules: one open plan, no CIN plan alongside a CP plan, nothing
 * before the referral). Shared here so every use case asks the same question the same way.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows } from './rows.ts'

export type OpenReferral = { id: string; referralRef: string; referralDate: string }

/** The child's open referral (the CIN episode), locked: records that hang on it cannot interleave with its closure. */
export async function lockOpenReferralForCasework(db: Executor, personId: string): Promise<OpenReferral | undefined> {
  return one<OpenReferral>(
    db,
    sql`select id, referral_ref as "referralRef", referral_date::text as "referralDate"
          from referral where person_id = ${personId} and closed_on is null for update`,
  )
}

export type PlanPeriodRow = { id: string; startDate: string; endDate: string | null }

/** Every child protection plan of the child (any episode), oldest first. */
export async function cpPlanPeriods(db: Executor, personId: string): Promise<PlanPeriodRow[]> {
  return rows<PlanPeriodRow>(
    db,
    sql`select id, start_date::text as "startDate", end_date::text as "endDate" from cp_plan where person_id = ${personId} order by start_date, created_at`,
  )
}

/** Every child in need plan of the child (any episode), oldest first. */
export async function cinPlanPeriods(db: Executor, personId: string): Promise<PlanPeriodRow[]> {
  return rows<PlanPeriodRow>(
    db,
    sql`select id, start_date::text as "startDate", end_date::text as "endDate" from cin_plan where person_id = ${personId} order by start_date, created_at`,
  )
}

export type ChildProtectionStatus = {
  openCpPlanId: string | null
  openCinPlanId: string | null
  openSection47Id: string | null
}

/** What is open for the child now: a CP plan, a CIN plan, a section 47 enquiry. */
export async function childProtectionStatus(db: Executor, personId: string): Promise<ChildProtectionStatus> {
  const r = await one<ChildProtectionStatus>(
    db,
    sql`select (select id from cp_plan where person_id = ${personId} and end_date is null) as "openCpPlanId",
               (select id from cin_plan where person_id = ${personId} and end_date is null) as "openCinPlanId",
               (select id from section47_enquiry where person_id = ${personId} and status <> 'authorised') as "openSection47Id"`,
  )
  return r ?? { openCpPlanId: null, openCinPlanId: null, openSection47Id: null }
}
