/**
 * The facts behind what is due on child protection and child in need work (src/domain/childProtection/
 * dueItems.ts): section 47 enquiries waiting for an initial conference, open CP and CIN plans with their
 * latest core group, review and visit, and the re-plans. For one child or many at once (the worklists):
 * a fixed number of set-based queries, whatever the number of children.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'
import type { ChildDueFacts, CinPlanDueFact, CpPlanDueFact, DueItemKind, ReplanFact, Section47Fact } from '../../domain/childProtection/dueItems.ts'
import type { Frequency } from '../../domain/visits/visit.ts'

const idList = (ids: readonly string[]): SQL => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)

type Keyed<T> = T & { personId: string }

/** Due facts for each of these children (every id gets an entry, empty when nothing is open). */
export async function dueFactsForPeople(db: Executor, personIds: readonly string[]): Promise<Map<string, ChildDueFacts>> {
  const out = new Map<string, ChildDueFacts>()
  const ids = [...new Set(personIds)]
  for (const id of ids) out.set(id, { personId: id, section47s: [], cpPlan: null, cinPlan: null, replans: [] })
  if (ids.length === 0) return out
  const inIds = idList(ids)

  // Section 47 enquiries of the open episode that may still wait for an initial conference.
  const s47 = await rows<Keyed<Section47Fact>>(
    db,
    sql`select s.id, s.person_id as "personId", s.start_date::text as "startDate", s.icpc_target_date::text as "icpcTargetDate", s.status,
               s.icpc_required as "icpcRequired",
               exists (select 1 from cp_conference c where c.section47_id = s.id and c.type = 'initial' and c.status = 'held') as "initialConferenceHeld",
               (select min(c.scheduled_on)::text from cp_conference c where c.section47_id = s.id and c.status = 'scheduled') as "conferenceScheduledOn"
          from section47_enquiry s join referral r on r.id = s.referral_id
         where s.person_id in (${inIds}) and r.closed_on is null
           and not (s.status = 'authorised' and coalesce(s.icpc_required, false) = false)
         order by s.start_date`,
  )
  for (const { personId, ...s } of s47) {
    const f = out.get(personId)
    if (f) out.set(personId, { ...f, section47s: [...f.section47s, s] })
  }
  const cp = await rows<Keyed<CpPlanDueFact>>(
    db,
    sql`select p.id, p.person_id as "personId", p.start_date::text as "startDate", p.next_review_due::text as "nextReviewDue",
               (select min(c.scheduled_on)::text from cp_conference c where c.cp_plan_id = p.id and c.type = 'review' and c.status = 'scheduled') as "reviewScheduledOn",
               (select max(g.held_on)::text from core_group_meeting g where g.cp_plan_id = p.id) as "lastCoreGroup",
               p.core_group_frequency_working_days as "coreGroupFrequencyWorkingDays",
               (select max(v.visit_date)::text from visit v where v.cp_plan_id = p.id and v.child_seen) as "lastVisit",
               p.visit_frequency_working_days as "visitFrequencyWorkingDays"
          from cp_plan p
         where p.person_id in (${inIds}) and p.end_date is null`,
  )
  for (const { personId, ...p } of cp) {
    const f = out.get(personId)
    if (f) out.set(personId, { ...f, cpPlan: p })
  }
  const cin = await rows<Keyed<CinPlanDueFact>>(
    db,
    sql`select p.id, p.person_id as "personId", p.start_date::text as "startDate",
               (select max(r.held_on)::text from cin_plan_review r where r.cin_plan_id = p.id) as "lastReview",
               p.review_frequency as "reviewFrequency",
               (select max(v.visit_date)::text from visit v where v.cin_plan_id = p.id and v.child_seen) as "lastVisit",
               p.visit_frequency as "visitFrequency"
          from cin_plan p
         where p.person_id in (${inIds}) and p.end_date is null`,
  )
  for (const { personId, ...p } of cin) {
    const f = out.get(personId)
    if (f) out.set(personId, { ...f, cinPlan: { ...p, reviewFrequency: frequency(p.reviewFrequency), visitFrequency: frequency(p.visitFrequency) } })
  }
  const replans = await rows<Keyed<ReplanFact> & { recordedAt: string | Date }>(
    db,
    sql`select pr.person_id as "personId", pr.item, pr.subject_id as "subjectId", pr.previous_due::text as "previousDue", pr.new_due::text as "newDue",
               pr.reason, pr.created_at as "recordedAt", u.display_name as "recordedByName"
          from plan_replan pr left join user_account u on u.id = pr.created_by
         where pr.person_id in (${inIds})
         order by pr.created_at`,
  )
  for (const { personId, ...r } of replans) {
    const f = out.get(personId)
    if (f) out.set(personId, { ...f, replans: [...f.replans, { ...r, item: r.item as DueItemKind, recordedAt: toDate(r.recordedAt).toISOString() }] })
  }
  return out
}

/** Due facts for one child. */
export async function dueFactsForPerson(db: Executor, personId: string): Promise<ChildDueFacts> {
  const m = await dueFactsForPeople(db, [personId])
  return m.get(personId) ?? { personId, section47s: [], cpPlan: null, cinPlan: null, replans: [] }
}

function frequency(v: unknown): Frequency {
  const o = (typeof v === 'string' ? JSON.parse(v) : v) as { amount?: unknown; unit?: unknown } | null
  const unit = o?.unit === 'months' || o?.unit === 'weeks' || o?.unit === 'workingDays' ? o.unit : 'workingDays'
  const amount = typeof o?.amount === 'number' && o.amount > 0 ? o.amount : Number(o?.amount) > 0 ? Number(o?.amount) : 20
  return { amount, unit }
}

export type ReplanRow = { id: string }

/** Records a re-plan. */
export async function insertReplan(
  db: Executor,
  r: { personId: string; item: DueItemKind; subjectId: string; previousDue: string; newDue: string; reason: string; createdBy: string },
  at: Date,
): Promise<ReplanRow> {
  const row = await one<ReplanRow>(
    db,
    sql`insert into plan_replan (person_id, item, subject_id, previous_due, new_due, reason, created_by, created_at)
        values (${r.personId}, ${r.item}, ${r.subjectId}, ${r.previousDue}, ${r.newDue}, ${r.reason}, ${r.createdBy}, ${at})
        returning id`,
  )
  if (!row) throw new Error('plan_replan insert returned nothing')
  return row
}

/**
 * Locks the subject of a re-plan (the section 47 or plan row), so two re-plans of the same item cannot
 * both read the same due date. Returns false when it is not this child's.
 */
export async function lockReplanSubject(db: Executor, personId: string, item: DueItemKind, subjectId: string): Promise<boolean> {
  const table = item === 'icpc' ? sql`section47_enquiry` : item === 'cin_review' || item === 'cin_visit' ? sql`cin_plan` : sql`cp_plan`
  const r = await one<{ id: string }>(db, sql`select id from ${table} where id = ${subjectId} and person_id = ${personId} for update`)
  return r !== undefined
}

export type ChildProtectionSummaryRow = {
  section47: { id: string; startDate: string; icpcTargetDate: string; status: string } | null
  cpPlan: { id: string; startDate: string; latestCategories: string[]; numberOfPreviousPlans: number; leadWorkerName: string | null } | null
  lastCpPlan: { id: string; startDate: string; endDate: string } | null
  cinPlan: { id: string; startDate: string } | null
  previousCpPlans: number
}

/** The child's child protection status for their summary: open section 47, open CP plan, open CIN plan. */
export async function childProtectionSummary(db: Executor, personId: string): Promise<ChildProtectionSummaryRow> {
  const section47 =
    (await one<NonNullable<ChildProtectionSummaryRow['section47']>>(
      db,
      sql`select id, start_date::text as "startDate", icpc_target_date::text as "icpcTargetDate", status
            from section47_enquiry where person_id = ${personId} and status <> 'authorised' order by start_date desc limit 1`,
    )) ?? null
  const cpPlan =
    (await one<NonNullable<ChildProtectionSummaryRow['cpPlan']>>(
      db,
      sql`select p.id, p.start_date::text as "startDate", p.latest_categories as "latestCategories", p.number_of_previous_plans as "numberOfPreviousPlans", w.name as "leadWorkerName"
            from cp_plan p left join worker w on w.id = p.lead_worker_id where p.person_id = ${personId} and p.end_date is null limit 1`,
    )) ?? null
  const lastCpPlan = cpPlan
    ? null
    : ((await one<NonNullable<ChildProtectionSummaryRow['lastCpPlan']>>(
        db,
        sql`select id, start_date::text as "startDate", end_date::text as "endDate" from cp_plan where person_id = ${personId} and end_date is not null order by end_date desc limit 1`,
      )) ?? null)
  const cinPlan =
    (await one<NonNullable<ChildProtectionSummaryRow['cinPlan']>>(db, sql`select id, start_date::text as "startDate" from cin_plan where person_id = ${personId} and end_date is null limit 1`)) ?? null
  const prev = await one<{ n: number }>(db, sql`select count(*)::int as n from cp_plan where person_id = ${personId} and end_date is not null`)
  return { section47, cpPlan: cpPlan ? { ...cpPlan, latestCategories: pgArray(cpPlan.latestCategories) } : null, lastCpPlan, cinPlan, previousCpPlans: prev?.n ?? 0 }
}

/** text[] comes back as an array from node-postgres, as '{A,B}' text from some drivers. */
function pgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String)
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean)
  return []
}

export type EpisodeChildProtection = { section47: boolean; icpc: boolean; cpPlan: boolean; cinPlan: boolean; openCpPlan: boolean; openCinPlanSince: string | null }

/**
 * What a referral (CIN episode) holds, for the closure rules (CIN census 2990): a section 47, an initial
 * conference, a CP plan, a CIN plan; and what the child has open now (any episode).
 */
export async function episodeChildProtection(db: Executor, personId: string, referralId: string): Promise<EpisodeChildProtection> {
  const r = await one<EpisodeChildProtection>(
    db,
    sql`select exists (select 1 from section47_enquiry s where s.referral_id = ${referralId}) as "section47",
               exists (select 1 from cp_conference c where c.referral_id = ${referralId} and c.type in ('initial','transfer_in') and c.status = 'held') as "icpc",
               exists (select 1 from cp_plan p where p.referral_id = ${referralId}) as "cpPlan",
               exists (select 1 from cin_plan p where p.referral_id = ${referralId}) as "cinPlan",
               exists (select 1 from cp_plan p where p.person_id = ${personId} and p.end_date is null) as "openCpPlan",
               (select p.start_date::text from cin_plan p where p.person_id = ${personId} and p.end_date is null limit 1) as "openCinPlanSince"`,
  )
  return r ?? { section47: false, icpc: false, cpPlan: false, cinPlan: false, openCpPlan: false, openCinPlanSince: null }
}
