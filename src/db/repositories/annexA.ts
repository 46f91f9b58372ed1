/**
 * The facts Ofsted Annex A is built from (src/domain/returns/annexA/facts.ts) for a window. Set-based:
 * one query per table, each limited to the children in scope (a subquery, not a list of ids), so a whole
 * council is ten queries, not ten per child. Records after the window's end are left out where the
 * builder cannot need them; the builder still reads every record "as at" the window's end itself.
 * Restricted children are included: Annex A is a statutory return (the export is audited).
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import type {
  AnnexAAllocationFacts,
  AnnexAAssessmentFacts,
  AnnexAChildFacts,
  AnnexACinPlanFacts,
  AnnexAConferenceFacts,
  AnnexAContactFacts,
  AnnexACpPlanFacts,
  AnnexAFacts,
  AnnexAReferralFacts,
  AnnexASection47Facts,
  AnnexAVisitFacts,
  AnnexAWindow,
} from '../../domain/returns/annexA/facts.ts'
import { rows } from './rows.ts'

/** A contact's received instant as a date in England (the front door's day, not UTC's). */
const contactDay = sql`(c.received_at at time zone 'Europe/London')::date`

export async function loadAnnexAFacts(db: Executor, w: AnnexAWindow): Promise<AnnexAFacts> {
  const { from, to } = w
  // Every child who could be on a list: on a contact in the window, with an episode open in it (lists 3,
  // 4, 5 and 6 all sit inside an episode), an assessment or enquiry started in it, or a CP plan open in it.
  const scope = sql`(
      select cc.person_id from contact_child cc join contact c on c.id = cc.contact_id where ${contactDay} between ${from} and ${to}
      union select r.person_id from referral r where r.referral_date <= ${to} and (r.closed_on is null or r.closed_on >= ${from})
      union select a.person_id from assessment a where a.start_date between ${from} and ${to}
      union select s.person_id from section47_enquiry s where s.start_date between ${from} and ${to}
      union select p.person_id from cp_plan p where p.start_date <= ${to} and (p.end_date is null or p.end_date >= ${from}))`

  const children = await rows<AnnexAChildFacts>(
    db,
    sql`select p.id as "personId", p.person_ref as "personRef", p.sex, p.ethnicity_code as "ethnicityCode", p.date_of_birth::text as "dateOfBirth",
               p.is_unborn as "isUnborn", to_jsonb(p.disabilities) as disabilities
          from person p where p.id in ${scope}`,
  )
  if (children.length === 0) return { children: [], allocations: [], contacts: [], referrals: [], assessments: [], section47s: [], conferences: [], cpPlans: [], cinPlans: [], visits: [] }

  const allocations = await rows<AnnexAAllocationFacts>(
    db,
    sql`select a.person_id as "personId", a.start_date::text as "startDate", a.end_date::text as "endDate", w.name as "workerName", t.name as "teamName"
          from allocation a join worker w on w.id = a.worker_id join team t on t.id = a.team_id
         where a.allocation_role = 'allocated_worker' and a.start_date <= ${to} and a.person_id in ${scope}`,
  )
  const contacts = await rows<AnnexAContactFacts>(
    db,
    sql`select cc.person_id as "personId", c.contact_ref as "contactRef", ${contactDay}::text as "receivedOn", c.source_code as "sourceCode"
          from contact_child cc join contact c on c.id = cc.contact_id
         where ${contactDay} between ${from} and ${to}`,
  )
  // Every earlier referral too: list 3 counts those in the 12 months before each one.
  const referrals = await rows<AnnexAReferralFacts>(
    db,
    sql`select r.id as "referralId", r.person_id as "personId", r.referral_ref as "referralRef", r.referral_date::text as "referralDate",
               r.source_code as "sourceCode", r.primary_need_code as "primaryNeedCode", r.closed_on::text as "closedOn", r.closure_reason as "closureReason"
          from referral r
         where r.referral_date <= ${to} and r.person_id in ${scope}`,
  )
  const assessments = await rows<AnnexAAssessmentFacts>(
    db,
    sql`select a.id as "assessmentId", a.person_id as "personId", a.referral_id as "referralId", a.assessment_ref as "assessmentRef",
               a.start_date::text as "startDate", a.completed_on::text as "completedOn", a.outcome, a.primary_need_code as "primaryNeedCode",
               coalesce((select jsonb_agg(s.seen_on::text order by s.seen_on) from assessment_child_seen s where s.assessment_id = a.id), '[]'::jsonb) as "childSeenOn",
               w.name as "workerName", t.name as "teamName"
          from assessment a
          left join worker w on w.id = a.worker_id
          left join team t on t.id = coalesce(a.team_id, w.team_id)
         where a.start_date <= ${to} and a.person_id in ${scope}`,
  )
  const section47s = await rows<AnnexASection47Facts>(
    db,
    sql`select s.id as "section47Id", s.person_id as "personId", s.referral_id as "referralId", s.start_date::text as "startDate",
               s.authorised_on::text as "authorisedOn", s.icpc_required as "icpcRequired", s.child_seen_on::text as "childSeenOn",
               w.name as "workerName", t.name as "teamName"
          from section47_enquiry s
          left join worker w on w.id = s.worker_id
          left join team t on t.id = coalesce(s.team_id, w.team_id)
         where s.start_date <= ${to} and s.person_id in ${scope}`,
  )
  // Held conferences of any date: a category change after the window tells the builder the categories then.
  const conferences = await rows<AnnexAConferenceFacts>(
    db,
    sql`select c.id as "conferenceId", c.person_id as "personId", c.type, c.section47_id as "section47Id", c.cp_plan_id as "cpPlanId",
               c.held_on::text as "heldOn", c.decision, to_jsonb(c.categories) as categories
          from cp_conference c
         where c.status = 'held' and c.person_id in ${scope}`,
  )
  const cpPlans = await rows<AnnexACpPlanFacts>(
    db,
    sql`select p.id as "cpPlanId", p.person_id as "personId", p.referral_id as "referralId", p.start_date::text as "startDate", p.end_date::text as "endDate",
               to_jsonb(p.initial_categories) as "initialCategories", to_jsonb(p.latest_categories) as "latestCategories",
               p.number_of_previous_plans as "numberOfPreviousPlans", w.name as "leadWorkerName"
          from cp_plan p left join worker w on w.id = p.lead_worker_id
         where p.start_date <= ${to} and p.person_id in ${scope}`,
  )
  const cinPlans = await rows<AnnexACinPlanFacts>(
    db,
    sql`select p.id as "cinPlanId", p.person_id as "personId", p.referral_id as "referralId", p.start_date::text as "startDate", p.end_date::text as "endDate",
               w.name as "workerName", t.name as "teamName"
          from cin_plan p
          left join worker w on w.id = p.worker_id
          left join team t on t.id = coalesce(p.team_id, w.team_id)
         where p.start_date <= ${to} and p.person_id in ${scope}`,
  )
  const visits = await rows<AnnexAVisitFacts>(
    db,
    sql`select v.person_id as "personId", v.cp_plan_id as "cpPlanId", v.cin_plan_id as "cinPlanId", v.visit_date::text as "visitDate",
               v.child_seen as "childSeen", v.seen_alone as "seenAlone"
          from visit v
         where v.visit_date <= ${to} and v.person_id in ${scope}`,
  )
  return { children, allocations, contacts, referrals, assessments, section47s, conferences, cpPlans, cinPlans, visits }
}
