/**
 * Child protection conferences, child protection plans and core groups (issue 6): the SQL behind
 * src/app/childProtection/conferences.ts and cpPlans.ts. Dates come back as 'YYYY-MM-DD' strings.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import type { Actor } from '../../domain/access/roles.ts'
import { listNameSql, personAccessSql } from './people.ts'
import { one, rows, toDate } from './rows.ts'

/** Conferences already held or scheduled for a section 47 enquiry. */
export async function conferencesForSection47(db: Executor, section47Id: string): Promise<{ id: string; status: string; scheduledOn: string; heldOn: string | null }[]> {
  return rows(db, sql`select id, status, scheduled_on::text as "scheduledOn", held_on::text as "heldOn" from cp_conference where section47_id = ${section47Id} order by scheduled_on`)
}

/** The child's scheduled (not yet held) conference, if any. */
export async function scheduledConferenceOf(db: Executor, personId: string): Promise<{ id: string; type: string; scheduledOn: string } | undefined> {
  return one(db, sql`select id, type, scheduled_on::text as "scheduledOn" from cp_conference where person_id = ${personId} and status = 'scheduled'`)
}

export type ChairOption = { id: string; name: string }

/** Users who chair conferences (role conference_chair, not disabled). */
export async function conferenceChairs(db: Executor): Promise<ChairOption[]> {
  return rows<ChairOption>(db, sql`select id, display_name as name from user_account where role = 'conference_chair' and not disabled order by display_name`)
}

export type NewConference = {
  personId: string
  referralId: string
  type: 'initial' | 'transfer_in' | 'review'
  section47Id: string | null
  cpPlanId: string | null
  targetDate: string
  notifiedOn: string | null
  scheduledOn: string
  reportsSharedOn: string | null
  chairUserId: string | null
  invitees: unknown[]
  warnings: unknown[]
  createdBy: string
}

export async function insertConference(db: Executor, c: NewConference, now: Date): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into cp_conference (person_id, referral_id, type, section47_id, cp_plan_id, target_date, notified_on, scheduled_on, reports_shared_on, chair_user_id, invitees, warnings, created_by, created_at)
        values (${c.personId}, ${c.referralId}, ${c.type}, ${c.section47Id}, ${c.cpPlanId}, ${c.targetDate}, ${c.notifiedOn}, ${c.scheduledOn}, ${c.reportsSharedOn}, ${c.chairUserId},
                ${JSON.stringify(c.invitees)}::jsonb, ${JSON.stringify(c.warnings)}::jsonb, ${c.createdBy}, ${now})
        returning id`,
  )
  if (!r) throw new Error('conference not inserted')
  return r
}

export type PersonEntry = { name: string; agency: string; role: string | null }
export type AttendeeEntry = PersonEntry & { attended: boolean }
export type WarningEntry = { field: string; message: string }

export type ConferenceRow = {
  id: string
  personId: string
  referralId: string
  type: 'initial' | 'transfer_in' | 'review'
  section47Id: string | null
  cpPlanId: string | null
  targetDate: string
  notifiedOn: string | null
  scheduledOn: string
  reportsSharedOn: string | null
  chairUserId: string | null
  chairName: string | null
  invitees: PersonEntry[]
  status: 'scheduled' | 'held'
  heldOn: string | null
  attendees: AttendeeEntry[]
  decision: string | null
  categories: string[]
  quorate: boolean | null
  childParticipation: string | null
  dissent: string | null
  summary: string | null
  coreGroupMembers: PersonEntry[]
  warnings: WarningEntry[]
  recordedByName: string | null
  recordedAt: Date | null
  strategyHeldOn: string | null
  version: number
  /** The plan this conference started (initial / transfer-in with a plan). */
  startedPlanId: string | null
  /** The plan this conference ended (review, end_plan). */
  endedPlanId: string | null
}

const CONFERENCE_COLUMNS = sql`c.id, c.person_id as "personId", c.referral_id as "referralId", c.type, c.section47_id as "section47Id", c.cp_plan_id as "cpPlanId",
  c.target_date::text as "targetDate", c.notified_on::text as "notifiedOn", c.scheduled_on::text as "scheduledOn", c.reports_shared_on::text as "reportsSharedOn",
  c.chair_user_id as "chairUserId", ch.display_name as "chairName", c.invitees, c.status, c.held_on::text as "heldOn", c.attendees, c.decision, to_jsonb(c.categories) as categories, c.quorate,
  c.child_participation as "childParticipation", c.dissent, c.summary, c.core_group_members as "coreGroupMembers", c.warnings,
  rb.display_name as "recordedByName", c.recorded_at as "recordedAt", s.held_on::text as "strategyHeldOn", c.version,
  (select p1.id from cp_plan p1 where p1.start_conference_id = c.id) as "startedPlanId",
  (select p2.id from cp_plan p2 where p2.end_conference_id = c.id) as "endedPlanId"`

const CONFERENCE_FROM = sql`cp_conference c
  left join user_account ch on ch.id = c.chair_user_id
  left join user_account rb on rb.id = c.recorded_by
  left join section47_enquiry e on e.id = c.section47_id
  left join strategy_discussion s on s.id = e.strategy_discussion_id`

const mapConference = (r: ConferenceRow): ConferenceRow => ({ ...r, recordedAt: r.recordedAt ? toDate(r.recordedAt) : null })

export async function getConference(db: Executor, id: string, personId: string): Promise<ConferenceRow | undefined> {
  const r = await one<ConferenceRow>(db, sql`select ${CONFERENCE_COLUMNS} from ${CONFERENCE_FROM} where c.id = ${id} and c.person_id = ${personId}`)
  return r ? mapConference(r) : undefined
}

/** The conference row locked for recording its outcome. */
export async function lockConference(db: Executor, id: string, personId: string): Promise<ConferenceRow | undefined> {
  await db.execute(sql`select id from cp_conference where id = ${id} and person_id = ${personId} for update`)
  return getConference(db, id, personId)
}

export type ConferenceOutcomeWrite = {
  heldOn: string
  attendees: AttendeeEntry[]
  decision: string
  categories: string[]
  quorate: boolean
  childParticipation: string | null
  dissent: string | null
  summary: string | null
  coreGroupMembers: PersonEntry[]
  warnings: WarningEntry[]
  recordedBy: string
}

/** Records the outcome once: only while scheduled and at the expected version. False when stale. */
export async function recordConferenceOutcomeRow(db: Executor, id: string, expectedVersion: number, o: ConferenceOutcomeWrite, now: Date): Promise<boolean> {
  const r = await one<{ id: string }>(
    db,
    sql`update cp_conference set status = 'held', held_on = ${o.heldOn}, attendees = ${JSON.stringify(o.attendees)}::jsonb, decision = ${o.decision},
               categories = ${pgTextArray(o.categories)}, quorate = ${o.quorate}, child_participation = ${o.childParticipation}, dissent = ${o.dissent}, summary = ${o.summary},
               core_group_members = ${JSON.stringify(o.coreGroupMembers)}::jsonb, warnings = ${JSON.stringify(o.warnings)}::jsonb,
               recorded_by = ${o.recordedBy}, recorded_at = ${now}, version = version + 1
         where id = ${id} and status = 'scheduled' and version = ${expectedVersion} returning id`,
  )
  return Boolean(r)
}

const pgTextArray = (xs: readonly string[]): SQL => (xs.length ? sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]` : sql`'{}'::text[]`)

/** The referral's date (to refuse anything before it). */
export async function referralDateOf(db: Executor, referralId: string): Promise<string | undefined> {
  return (await one<{ d: string }>(db, sql`select referral_date::text as d from referral where id = ${referralId}`))?.d
}

// ---------------------------------------------------------------- child protection plans

export type CpPlanRow = {
  id: string
  personId: string
  referralId: string
  startConferenceId: string
  startDate: string
  initialCategories: string[]
  latestCategories: string[]
  numberOfPreviousPlans: number
  repeatWithin2Years: boolean
  leadWorkerId: string | null
  leadWorkerName: string | null
  leadWorkerQualified: boolean | null
  visitFrequencyWorkingDays: number
  coreGroupFrequencyWorkingDays: number
  firstCoreGroupDue: string
  lastReviewDate: string | null
  nextReviewDue: string
  otherLa: boolean
  endDate: string | null
  endConferenceId: string | null
  version: number
}

const PLAN_COLUMNS = sql`p.id, p.person_id as "personId", p.referral_id as "referralId", p.start_conference_id as "startConferenceId", p.start_date::text as "startDate",
  to_jsonb(p.initial_categories) as "initialCategories", to_jsonb(p.latest_categories) as "latestCategories", p.number_of_previous_plans as "numberOfPreviousPlans",
  p.repeat_within_2_years as "repeatWithin2Years", p.lead_worker_id as "leadWorkerId", w.name as "leadWorkerName", w.qualified_social_worker as "leadWorkerQualified",
  p.visit_frequency_working_days as "visitFrequencyWorkingDays", p.core_group_frequency_working_days as "coreGroupFrequencyWorkingDays",
  p.first_core_group_due::text as "firstCoreGroupDue", p.last_review_date::text as "lastReviewDate", p.next_review_due::text as "nextReviewDue",
  p.other_la as "otherLa", p.end_date::text as "endDate", p.end_conference_id as "endConferenceId", p.version`

/** The child's open plan, else the latest one. */
export async function currentOrLatestCpPlan(db: Executor, personId: string): Promise<CpPlanRow | undefined> {
  return one<CpPlanRow>(db, sql`select ${PLAN_COLUMNS} from cp_plan p left join worker w on w.id = p.lead_worker_id where p.person_id = ${personId} order by (p.end_date is null) desc, p.start_date desc, p.created_at desc limit 1`)
}

/** The child's open plan, locked. */
export async function lockOpenCpPlan(db: Executor, personId: string): Promise<CpPlanRow | undefined> {
  await db.execute(sql`select id from cp_plan where person_id = ${personId} and end_date is null for update`)
  return one<CpPlanRow>(db, sql`select ${PLAN_COLUMNS} from cp_plan p left join worker w on w.id = p.lead_worker_id where p.person_id = ${personId} and p.end_date is null`)
}

export async function getCpPlan(db: Executor, id: string, personId: string): Promise<CpPlanRow | undefined> {
  return one<CpPlanRow>(db, sql`select ${PLAN_COLUMNS} from cp_plan p left join worker w on w.id = p.lead_worker_id where p.id = ${id} and p.person_id = ${personId}`)
}

export type NewCpPlan = {
  personId: string
  referralId: string
  startConferenceId: string
  startDate: string
  categories: string[]
  numberOfPreviousPlans: number
  repeatWithin2Years: boolean
  leadWorkerId: string | null
  visitFrequencyWorkingDays: number
  firstCoreGroupDue: string
  nextReviewDue: string
  otherLa: boolean
  createdBy: string
}

export async function insertCpPlan(db: Executor, p: NewCpPlan, now: Date): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into cp_plan (person_id, referral_id, start_conference_id, start_date, initial_categories, latest_categories, number_of_previous_plans, repeat_within_2_years,
                             lead_worker_id, visit_frequency_working_days, first_core_group_due, next_review_due, other_la, created_by, created_at)
        values (${p.personId}, ${p.referralId}, ${p.startConferenceId}, ${p.startDate}, ${pgTextArray(p.categories)}, ${pgTextArray(p.categories)}, ${p.numberOfPreviousPlans}, ${p.repeatWithin2Years},
                ${p.leadWorkerId}, ${p.visitFrequencyWorkingDays}, ${p.firstCoreGroupDue}, ${p.nextReviewDue}, ${p.otherLa}, ${p.createdBy}, ${now})
        returning id`,
  )
  if (!r) throw new Error('plan not inserted')
  return r
}

/** A review conference's decision on the plan: latest categories, last review, next review due. */
export async function updateCpPlanReview(db: Executor, id: string, expectedVersion: number, v: { latestCategories: string[]; lastReviewDate: string; nextReviewDue: string }): Promise<boolean> {
  const r = await one<{ id: string }>(
    db,
    sql`update cp_plan set latest_categories = ${pgTextArray(v.latestCategories)}, last_review_date = ${v.lastReviewDate}, next_review_due = ${v.nextReviewDue}, version = version + 1
         where id = ${id} and end_date is null and version = ${expectedVersion} returning id`,
  )
  return Boolean(r)
}

/** Ends the plan by a conference decision (cp_plan_ended_by_conference). */
export async function endCpPlanRow(db: Executor, id: string, expectedVersion: number, v: { endDate: string; endConferenceId: string; lastReviewDate: string }): Promise<boolean> {
  const r = await one<{ id: string }>(
    db,
    sql`update cp_plan set end_date = ${v.endDate}, end_conference_id = ${v.endConferenceId}, last_review_date = ${v.lastReviewDate}, version = version + 1
         where id = ${id} and end_date is null and version = ${expectedVersion} returning id`,
  )
  return Boolean(r)
}

export type AllocatedWorker = { id: string; name: string; qualifiedSocialWorker: boolean }

/** The child's allocated worker (not co-workers), if any. */
export async function allocatedWorkerOf(db: Executor, personId: string): Promise<AllocatedWorker | undefined> {
  return one<AllocatedWorker>(
    db,
    sql`select w.id, w.name, w.qualified_social_worker as "qualifiedSocialWorker" from allocation a join worker w on w.id = a.worker_id
         where a.person_id = ${personId} and a.end_date is null and a.allocation_role = 'allocated_worker' order by a.start_date desc limit 1`,
  )
}

/** The child's open child in need plan, locked. */
export async function lockOpenCinPlan(db: Executor, personId: string): Promise<{ id: string; startDate: string; version: number } | undefined> {
  return one(db, sql`select id, start_date::text as "startDate", version from cin_plan where person_id = ${personId} and end_date is null for update`)
}

/** CIN census 4001/4017: the open CIN plan ends on the day the CP plan starts (stepped up to child protection). */
export async function endCinPlanSteppedUp(db: Executor, id: string, endDate: string, endedBy: string): Promise<boolean> {
  const r = await one<{ id: string }>(
    db,
    sql`update cin_plan set end_date = ${endDate}, end_reason = 'stepped_up_to_cp', end_reason_detail = 'A child protection conference decided on a child protection plan',
               ended_by = ${endedBy}, version = version + 1
         where id = ${id} and end_date is null returning id`,
  )
  return Boolean(r)
}

// ---------------------------------------------------------------- what happened under a plan

export type CoreGroupRow = { id: string; heldOn: string; attendees: AttendeeEntry[]; notes: string | null; actions: { action: string; owner: string; dueOn: string }[]; recordedByName: string }

export async function coreGroupsOfPlan(db: Executor, planId: string): Promise<CoreGroupRow[]> {
  return rows<CoreGroupRow>(
    db,
    sql`select g.id, g.held_on::text as "heldOn", g.attendees, g.notes, g.actions, u.display_name as "recordedByName"
          from core_group_meeting g join user_account u on u.id = g.created_by where g.cp_plan_id = ${planId} order by g.held_on desc, g.created_at desc`,
  )
}

export type ReviewConferenceRow = { id: string; status: string; targetDate: string; scheduledOn: string; heldOn: string | null; decision: string | null; categories: string[] }

export async function reviewConferencesOfPlan(db: Executor, planId: string): Promise<ReviewConferenceRow[]> {
  return rows<ReviewConferenceRow>(
    db,
    sql`select id, status, target_date::text as "targetDate", scheduled_on::text as "scheduledOn", held_on::text as "heldOn", decision, to_jsonb(categories) as categories
          from cp_conference where cp_plan_id = ${planId} and type = 'review' order by scheduled_on desc`,
  )
}

export type PlanVisitRow = { id: string; visitDate: string; childSeen: boolean; seenAlone: boolean | null; bedroomSeen: string; visitedBy: string }

export async function visitsOfPlan(db: Executor, planId: string): Promise<PlanVisitRow[]> {
  return rows<PlanVisitRow>(
    db,
    sql`select id, visit_date::text as "visitDate", child_seen as "childSeen", seen_alone as "seenAlone", bedroom_seen as "bedroomSeen", visited_by as "visitedBy"
          from visit where cp_plan_id = ${planId} order by visit_date desc, created_at desc`,
  )
}

export async function insertCoreGroup(
  db: Executor,
  g: { cpPlanId: string; personId: string; heldOn: string; attendees: unknown[]; notes: string | null; actions: unknown[]; createdBy: string },
  now: Date,
): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into core_group_meeting (cp_plan_id, person_id, held_on, attendees, notes, actions, created_by, created_at)
        values (${g.cpPlanId}, ${g.personId}, ${g.heldOn}, ${JSON.stringify(g.attendees)}::jsonb, ${g.notes}, ${JSON.stringify(g.actions)}::jsonb, ${g.createdBy}, ${now})
        returning id`,
  )
  if (!r) throw new Error('core group not inserted')
  return r
}

// ---------------------------------------------------------------- the list of scheduled conferences

export type ScheduledConferenceListRow = {
  id: string
  personId: string
  personRef: string
  childName: string
  type: 'initial' | 'transfer_in' | 'review'
  targetDate: string
  scheduledOn: string
  chairName: string | null
}

/**
 * Scheduled conferences: a chair sees those they chair and those with no chair yet (council-wide); anyone
 * else sees those of children in their scope. Restricted children's names are masked.
 */
export async function scheduledConferences(db: Executor, actor: Actor, mode: 'chair' | 'scope'): Promise<ScheduledConferenceListRow[]> {
  const filter = mode === 'chair' ? sql`(c.chair_user_id = ${actor.userId} or c.chair_user_id is null)` : personAccessSql(actor)
  return rows<ScheduledConferenceListRow>(
    db,
    sql`select c.id, c.person_id as "personId", p.person_ref as "personRef", ${listNameSql(actor.userId)} as "childName", c.type,
               c.target_date::text as "targetDate", c.scheduled_on::text as "scheduledOn", ch.display_name as "chairName"
          from cp_conference c join person p on p.id = c.person_id left join user_account ch on ch.id = c.chair_user_id
         where c.status = 'scheduled' and ${filter}
         order by c.scheduled_on, c.created_at`,
  )
}
