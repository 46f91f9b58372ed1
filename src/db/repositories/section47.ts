/**
 * Strategy discussions and section 47 enquiries (issue 6): the rows, the child's open enquiry, the
 * allocated worker the enquiry is given to, and the versioned state changes of an enquiry.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { section47Enquiry, strategyDiscussion } from '../schema.ts'
import { one, toDate } from './rows.ts'

export type StrategySourceType = 'contact' | 'referral' | 'assessment' | 'cin_plan' | 'cp_plan'

export type NewStrategyDiscussion = {
  personId: string
  referralId: string
  sourceType: StrategySourceType
  sourceId: string | null
  heldOn: string
  heldAt: string
  participants: { name: string; agency: string; role: string | null }[]
  decision: string
  informationShared: string
  riskAnalysis: string | null
  immediateProtectiveActions: string | null
  actions: { action: string; owner: string; dueOn: string }[]
  warnings: { field: string; message: string }[]
  createdBy: string
}

export async function insertStrategyDiscussion(db: Executor, s: NewStrategyDiscussion, now: Date): Promise<{ id: string }> {
  const [row] = await db
    .insert(strategyDiscussion)
    .values({ ...s, createdAt: now })
    .returning({ id: strategyDiscussion.id })
  if (!row) throw new Error('insert strategy_discussion returned no row')
  return row
}

export type StrategyDiscussionRow = {
  id: string
  personId: string
  referralId: string
  referralRef: string
  sourceType: string
  sourceId: string | null
  heldOn: string
  heldAt: string
  participants: { name: string; agency: string; role: string | null }[]
  decision: string
  informationShared: string
  riskAnalysis: string | null
  immediateProtectiveActions: string | null
  actions: { action: string; owner: string; dueOn: string }[]
  warnings: { field: string; message: string }[]
  createdAt: Date
  createdByName: string | null
  section47Id: string | null
  section47StartDate: string | null
  section47IcpcTargetDate: string | null
  section47Status: string | null
}

/** One strategy discussion of the child, with the section 47 enquiry it started (if any). */
export async function getStrategyDiscussion(db: Executor, id: string, personId: string): Promise<StrategyDiscussionRow | undefined> {
  const r = await one<StrategyDiscussionRow>(
    db,
    sql`select s.id, s.person_id as "personId", s.referral_id as "referralId", r.referral_ref as "referralRef", s.source_type as "sourceType", s.source_id as "sourceId",
               s.held_on::text as "heldOn", s.held_at as "heldAt", s.participants, s.decision, s.information_shared as "informationShared",
               s.risk_analysis as "riskAnalysis", s.immediate_protective_actions as "immediateProtectiveActions", s.actions, s.warnings,
               s.created_at as "createdAt", u.display_name as "createdByName",
               e.id as "section47Id", e.start_date::text as "section47StartDate", e.icpc_target_date::text as "section47IcpcTargetDate", e.status as "section47Status"
          from strategy_discussion s
          join referral r on r.id = s.referral_id
          left join user_account u on u.id = s.created_by
          left join section47_enquiry e on e.strategy_discussion_id = s.id
         where s.id = ${id} and s.person_id = ${personId}`,
  )
  return r && { ...r, createdAt: toDate(r.createdAt) }
}

/** True when the record the strategy discussion started from belongs to this child. */
export async function strategySourceBelongsTo(db: Executor, personId: string, type: StrategySourceType, id: string): Promise<boolean> {
  const q =
    type === 'contact'
      ? sql`select exists (select 1 from contact_child where contact_id = ${id} and person_id = ${personId}) as yes`
      : type === 'referral'
        ? sql`select exists (select 1 from referral where id = ${id} and person_id = ${personId}) as yes`
        : type === 'assessment'
          ? sql`select exists (select 1 from assessment where id = ${id} and person_id = ${personId}) as yes`
          : type === 'cin_plan'
            ? sql`select exists (select 1 from cin_plan where id = ${id} and person_id = ${personId}) as yes`
            : sql`select exists (select 1 from cp_plan where id = ${id} and person_id = ${personId}) as yes`
  return (await one<{ yes: boolean }>(db, q))?.yes ?? false
}

/** The child's open section 47 enquiry (not yet authorised), if any. */
export async function openSection47For(db: Executor, personId: string): Promise<{ id: string; startDate: string } | undefined> {
  return one<{ id: string; startDate: string }>(
    db,
    sql`select id, start_date::text as "startDate" from section47_enquiry where person_id = ${personId} and status <> 'authorised' order by start_date desc limit 1`,
  )
}

/** The child's open allocated worker and their team (the named worker, not co-workers). */
export async function openAllocatedWorker(db: Executor, personId: string): Promise<{ workerId: string; teamId: string } | undefined> {
  return one<{ workerId: string; teamId: string }>(
    db,
    sql`select worker_id as "workerId", team_id as "teamId" from allocation
         where person_id = ${personId} and end_date is null and allocation_role = 'allocated_worker' limit 1`,
  )
}

export type NewSection47 = {
  personId: string
  referralId: string
  strategyDiscussionId: string
  joint: boolean
  startDate: string
  icpcTargetDate: string
  workerId: string | null
  teamId: string | null
  createdBy: string
}

export async function insertSection47(db: Executor, e: NewSection47, now: Date): Promise<{ id: string }> {
  const [row] = await db
    .insert(section47Enquiry)
    .values({ ...e, status: 'open', createdAt: now })
    .returning({ id: section47Enquiry.id })
  if (!row) throw new Error('insert section47_enquiry returned no row')
  return row
}

export type Section47Row = {
  id: string
  personId: string
  referralId: string
  strategyDiscussionId: string
  /** The date of the strategy discussion that started the enquiry. */
  strategyHeldOn: string
  strategyHeldAt: string
  joint: boolean
  startDate: string
  icpcTargetDate: string
  status: 'open' | 'outcome_recorded' | 'returned' | 'authorised'
  childSeen: boolean | null
  childSeenOn: string | null
  childSeenAlone: boolean | null
  outcome: 'not_substantiated' | 'substantiated_no_risk' | 'substantiated_continuing_risk' | null
  icpcRequired: boolean | null
  conferenceNotRequiredReason: string | null
  summary: string | null
  recordedBy: string | null
  recordedByName: string | null
  recordedOn: string | null
  returnComments: string | null
  authorisedBy: string | null
  authorisedByName: string | null
  authorisedOn: string | null
  workerId: string | null
  workerName: string | null
  teamId: string | null
  teamName: string | null
  version: number
}

const S47_SELECT = sql`select e.id, e.person_id as "personId", e.referral_id as "referralId", e.strategy_discussion_id as "strategyDiscussionId",
       s.held_on::text as "strategyHeldOn", s.held_at as "strategyHeldAt", e.joint, e.start_date::text as "startDate", e.icpc_target_date::text as "icpcTargetDate",
       e.status, e.child_seen as "childSeen", e.child_seen_on::text as "childSeenOn", e.child_seen_alone as "childSeenAlone", e.outcome,
       e.icpc_required as "icpcRequired", e.conference_not_required_reason as "conferenceNotRequiredReason", e.summary,
       e.recorded_by as "recordedBy", ru.display_name as "recordedByName", e.recorded_on::text as "recordedOn", e.return_comments as "returnComments",
       e.authorised_by as "authorisedBy", au.display_name as "authorisedByName", e.authorised_on::text as "authorisedOn",
       e.worker_id as "workerId", w.name as "workerName", e.team_id as "teamId", t.name as "teamName", e.version
  from section47_enquiry e
  join strategy_discussion s on s.id = e.strategy_discussion_id
  left join user_account ru on ru.id = e.recorded_by
  left join user_account au on au.id = e.authorised_by
  left join worker w on w.id = e.worker_id
  left join team t on t.id = e.team_id`

/**
 * One section 47 enquiry of the child (camelCase; dates as 'YYYY-MM-DD'), or undefined when it is not
 * this child's. Other use cases (the initial conference) read it through this.
 */
export async function getSection47(db: Executor, id: string, personId: string): Promise<Section47Row | undefined> {
  return one<Section47Row>(db, sql`${S47_SELECT} where e.id = ${id} and e.person_id = ${personId}`)
}

/** The same, locked for a change (a second manager waits here, then sees the new version). */
export async function lockSection47(db: Executor, id: string, personId: string): Promise<Section47Row | undefined> {
  await db.execute(sql`select id from section47_enquiry where id = ${id} and person_id = ${personId} for update`)
  return getSection47(db, id, personId)
}

export type Section47State = {
  status: 'open' | 'outcome_recorded' | 'returned' | 'authorised'
  childSeen: boolean | null
  childSeenOn: string | null
  childSeenAlone: boolean | null
  outcome: string | null
  icpcRequired: boolean | null
  conferenceNotRequiredReason: string | null
  summary: string | null
  recordedBy: string | null
  recordedOn: string | null
  returnComments: string | null
  authorisedBy: string | null
  authorisedOn: string | null
}

/** Writes the enquiry's new state; false when someone else changed it first (the version moved on). */
export async function updateSection47State(db: Executor, id: string, expectedVersion: number, s: Section47State): Promise<boolean> {
  const r = await db.execute(
    sql`update section47_enquiry
           set status = ${s.status}, child_seen = ${s.childSeen}, child_seen_on = ${s.childSeenOn}, child_seen_alone = ${s.childSeenAlone},
               outcome = ${s.outcome}, icpc_required = ${s.icpcRequired}, conference_not_required_reason = ${s.conferenceNotRequiredReason},
               summary = ${s.summary}, recorded_by = ${s.recordedBy}, recorded_on = ${s.recordedOn}, return_comments = ${s.returnComments},
               authorised_by = ${s.authorisedBy}, authorised_on = ${s.authorisedOn}, version = version + 1
         where id = ${id} and version = ${expectedVersion}`,
  )
  return (r.rowCount ?? 0) === 1
}

/** The conference that followed the enquiry (the latest), for the enquiry page. */
export async function conferenceForSection47(db: Executor, section47Id: string): Promise<{ id: string; scheduledOn: string; heldOn: string | null; status: string } | undefined> {
  return one<{ id: string; scheduledOn: string; heldOn: string | null; status: string }>(
    db,
    sql`select id, scheduled_on::text as "scheduledOn", held_on::text as "heldOn", status from cp_conference
         where section47_id = ${section47Id} order by created_at desc limit 1`,
  )
}
