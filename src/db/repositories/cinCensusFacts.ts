/**
 * The facts the CIN census is built from (src/domain/returns/cinCensus/facts.ts), for every child with a
 * referral open at some point in [from, to]. Set-based: one query per table, each restricted to the
 * qualifying referrals by a subquery, assembled here by referral and person id — so a whole council
 * (~60,000 children) is seven queries, not one per child. Dates are 'YYYY-MM-DD' text.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import type {
  CensusAssessmentFacts,
  CensusCinPlanFacts,
  CensusConferenceFacts,
  CensusCpPlanFacts,
  CensusPersonFacts,
  CensusReferralFacts,
  CensusSection47Facts,
} from '../../domain/returns/cinCensus/facts.ts'
import { rows } from './rows.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type CensusFactsQuery = { from: string; to: string; personIds?: readonly string[] }

type ReferralRow = Omit<CensusReferralFacts, 'assessments' | 'section47s' | 'conferences' | 'cinPlans' | 'cpPlans'> & { personId: string }
type PersonRow = Omit<CensusPersonFacts, 'referrals'>
type WithReferral<T> = T & { referralId: string }

export async function loadCensusFacts(db: Executor, q: CensusFactsQuery): Promise<CensusPersonFacts[]> {
  let personFilter: SQL = sql``
  if (q.personIds) {
    const ids = q.personIds.filter((id) => UUID.test(id))
    if (ids.length === 0) return []
    // One array parameter, not one parameter per id (a council's worth would pass the protocol's limit).
    personFilter = sql`and r.person_id = any(${`{${ids.join(',')}}`}::uuid[])`
  }
  // The referrals (CIN episodes) open at some point in [from, to].
  const inRange = sql`select r.id from referral r where r.referral_date <= ${q.to} and (r.closed_on is null or r.closed_on >= ${q.from}) ${personFilter}`
  const personsInRange = sql`select r.person_id from referral r where r.referral_date <= ${q.to} and (r.closed_on is null or r.closed_on >= ${q.from}) ${personFilter}`

  const referralRows = await rows<ReferralRow>(
    db,
    sql`select r.id as "referralId", r.person_id as "personId", r.referral_ref as "referralRef", r.referral_date::text as "referralDate",
               r.source_code as "sourceCode", r.primary_need_code as "primaryNeedCode", r.closed_on::text as "closedOn", r.closure_reason as "closureReason"
          from referral r
         where r.referral_date <= ${q.to} and (r.closed_on is null or r.closed_on >= ${q.from}) ${personFilter}
         order by r.person_id, r.referral_date, r.referral_ref`,
  )
  if (referralRows.length === 0) return []

  const personRows = await rows<PersonRow>(
    db,
    sql`select p.id as "personId", p.person_ref as "personRef", p.upn, p.upn_unknown_reason as "upnUnknownReason",
               p.date_of_birth::text as "dateOfBirth", p.is_unborn as "isUnborn", p.expected_date_of_birth::text as "expectedDateOfBirth",
               p.date_of_death::text as "dateOfDeath", p.sex, p.ethnicity_code as "ethnicityCode", to_jsonb(p.disabilities) as disabilities
          from person p
         where p.id in (${personsInRange})`,
  )
  const assessmentRows = await rows<WithReferral<CensusAssessmentFacts>>(
    db,
    sql`select a.id as "assessmentId", a.referral_id as "referralId", a.assessment_ref as "assessmentRef", a.kind, a.start_date::text as "startDate",
               a.completed_on::text as "completedOn", to_jsonb(a.factors) as factors
          from assessment a
         where a.referral_id in (${inRange})
         order by a.start_date, a.assessment_ref`,
  )
  const section47Rows = await rows<WithReferral<CensusSection47Facts>>(
    db,
    sql`select s.id as "section47Id", s.referral_id as "referralId", s.start_date::text as "startDate", s.icpc_target_date::text as "icpcTargetDate",
               s.status, s.authorised_on::text as "authorisedOn", s.icpc_required as "icpcRequired"
          from section47_enquiry s
         where s.referral_id in (${inRange})
         order by s.start_date`,
  )
  const cpPlanRows = await rows<WithReferral<CensusCpPlanFacts>>(
    db,
    sql`select p.id as "cpPlanId", p.referral_id as "referralId", p.start_conference_id as "startConferenceId", p.start_date::text as "startDate",
               p.end_date::text as "endDate", p.end_conference_id as "endConferenceId", to_jsonb(p.initial_categories) as "initialCategories",
               to_jsonb(p.latest_categories) as "latestCategories", p.number_of_previous_plans as "numberOfPreviousPlans"
          from cp_plan p
         where p.referral_id in (${inRange})
         order by p.start_date`,
  )
  const cinPlanRows = await rows<WithReferral<CensusCinPlanFacts>>(
    db,
    sql`select c.id as "cinPlanId", c.referral_id as "referralId", c.start_date::text as "startDate", c.end_date::text as "endDate"
          from cin_plan c
         where c.referral_id in (${inRange})
         order by c.start_date`,
  )
  // The episode's conferences, and any review of its plans or ICPC of its enquiries recorded against another referral.
  const conferenceRows = await rows<WithReferral<CensusConferenceFacts>>(
    db,
    sql`select c.id as "conferenceId", c.referral_id as "referralId", c.type, c.section47_id as "section47Id", c.cp_plan_id as "cpPlanId",
               c.status, c.held_on::text as "heldOn", c.decision, to_jsonb(c.categories) as categories
          from cp_conference c
         where c.referral_id in (${inRange})
            or c.cp_plan_id in (select p.id from cp_plan p where p.referral_id in (${inRange}))
            or c.section47_id in (select s.id from section47_enquiry s where s.referral_id in (${inRange}))
         order by c.held_on nulls last, c.scheduled_on`,
  )

  const referrals = new Map<string, CensusReferralFacts>()
  const byPerson = new Map<string, CensusReferralFacts[]>()
  for (const { personId, ...r } of referralRows) {
    const facts: CensusReferralFacts = { ...r, assessments: [], section47s: [], conferences: [], cinPlans: [], cpPlans: [] }
    referrals.set(r.referralId, facts)
    const list = byPerson.get(personId)
    if (list) list.push(facts)
    else byPerson.set(personId, [facts])
  }
  for (const { referralId, ...a } of assessmentRows) referrals.get(referralId)?.assessments.push(a)
  const s47Referral = new Map<string, string>()
  for (const { referralId, ...s } of section47Rows) {
    s47Referral.set(s.section47Id, referralId)
    referrals.get(referralId)?.section47s.push(s)
  }
  const planReferral = new Map<string, string>()
  for (const { referralId, ...p } of cpPlanRows) {
    planReferral.set(p.cpPlanId, referralId)
    referrals.get(referralId)?.cpPlans.push(p)
  }
  for (const { referralId, ...p } of cinPlanRows) referrals.get(referralId)?.cinPlans.push(p)
  for (const { referralId, ...c } of conferenceRows) {
    const home = referrals.has(referralId)
      ? referralId
      : ((c.cpPlanId ? planReferral.get(c.cpPlanId) : undefined) ?? (c.section47Id ? s47Referral.get(c.section47Id) : undefined))
    if (home) referrals.get(home)?.conferences.push(c)
  }

  return personRows
    .map((p) => ({ ...p, disabilities: p.disabilities ?? [], referrals: byPerson.get(p.personId) ?? [] }))
    .sort((a, b) => a.personRef.localeCompare(b.personRef))
}
