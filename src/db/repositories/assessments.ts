/** Assessments (initial, core, single): the record, child-seen visits and the sign-off trail. */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { assessment, assessmentChildSeen, assessmentReview } from '../schema.ts'
import { one, rows, toDate } from './rows.ts'
import type { AssessmentKind, FrameworkPeriod } from '../../domain/assessments/frameworks.ts'
import type { AssessmentRecord } from '../../domain/assessments/assessment.ts'
import type { AssessmentOutcome, AssessmentStatus } from '../../domain/assessments/codes.ts'
import type { Framework } from '../../domain/timescales/rules.ts'

export async function nextAssessmentRef(db: Executor): Promise<string> {
  const row = await one<{ n: number }>(db, sql`select nextval('assessment_ref_seq')::int as n`)
  return `A${String(row?.n ?? 0).padStart(6, '0')}`
}

export async function frameworkPeriods(db: Executor): Promise<FrameworkPeriod[]> {
  const list = await rows<{ framework: Framework; effectiveFrom: string; internalTargets: number[] | null }>(
    db,
    sql`select framework, effective_from::text as "effectiveFrom", internal_targets as "internalTargets" from assessment_framework_period order by effective_from`,
  )
  return list.map((p) => ({ framework: p.framework, effectiveFrom: p.effectiveFrom, internalTargets: (p.internalTargets ?? []).map(Number) }))
}

export type AssessmentPersonFacts = {
  id: string
  personRef: string
  name: string
  isUnborn: boolean
  ethnicityCode: string | null
  religion: string | null
  firstLanguage: string | null
  interpreterNeeded: boolean
}

export async function assessmentPersonFacts(db: Executor, personId: string): Promise<AssessmentPersonFacts | undefined> {
  return one<AssessmentPersonFacts>(
    db,
    sql`select id, person_ref as "personRef", full_name as name, is_unborn as "isUnborn", ethnicity_code as "ethnicityCode", religion,
               first_language as "firstLanguage", interpreter_needed as "interpreterNeeded"
          from person where id = ${personId}`,
  )
}

export type ReferralForAssessment = {
  id: string
  referralRef: string
  referralDate: string
  /** When the referral's initial assessment concluded "core assessment" (authorised) and no core assessment exists yet. */
  coreDecidedOn: string | null
  /** The latest authorisation of an assessment on this referral, if any. */
  lastCompletedOn: string | null
}

/** The child's open referral and, if its initial assessment concluded "core assessment", when that was authorised. */
export async function openReferralForAssessment(db: Executor, personId: string): Promise<ReferralForAssessment | undefined> {
  return one<ReferralForAssessment>(
    db,
    sql`select r.id, r.referral_ref as "referralRef", r.referral_date::text as "referralDate",
               (select max(a.completed_on)::text from assessment a
                 where a.referral_id = r.id and a.kind = 'initial' and a.status = 'authorised' and a.outcome = 'core_assessment'
                   and not exists (select 1 from assessment c where c.referral_id = r.id and c.kind = 'core')) as "coreDecidedOn",
               (select max(a.completed_on)::text from assessment a where a.referral_id = r.id and a.status = 'authorised') as "lastCompletedOn"
          from referral r where r.person_id = ${personId} and r.closed_on is null`,
  )
}

export type NewAssessment = {
  assessmentRef: string
  personId: string
  referralId: string
  kind: AssessmentKind
  framework: Framework
  startDate: string
  dueDate: string
  workerId: string | null
  teamId: string | null
  createdBy: string
  history: string | null
}

/** Refused by assessment_one_open_kind_per_referral when the referral already has an open assessment of the kind. */
export async function insertAssessment(db: Executor, a: NewAssessment, now: Date): Promise<{ id: string }> {
  const [row] = await db
    .insert(assessment)
    .values({ ...a, status: 'in_progress', createdAt: now, updatedAt: now, updatedBy: a.createdBy })
    .returning({ id: assessment.id })
  if (!row) throw new Error('insert assessment returned no row')
  return row
}

export type AssessmentRow = AssessmentRecord & {
  id: string
  assessmentRef: string
  personId: string
  referralId: string
  referralRef: string
  referralDate: string
  kind: AssessmentKind
  framework: Framework
  startDate: string
  dueDate: string
  status: AssessmentStatus
  outcome: AssessmentOutcome | null
  workerId: string | null
  workerName: string | null
  teamId: string | null
  teamName: string | null
  submittedAt: Date | null
  submittedBy: string | null
  submittedByName: string | null
  authorisedAt: Date | null
  authorisedBy: string | null
  authorisedByName: string | null
  completedOn: string | null
  version: number
  createdAt: Date
  createdBy: string | null
  createdByName: string | null
  updatedAt: Date
}

const COLUMNS = sql`a.id, a.assessment_ref as "assessmentRef", a.person_id as "personId", a.referral_id as "referralId",
  r.referral_ref as "referralRef", r.referral_date::text as "referralDate", a.kind, a.framework, a.start_date::text as "startDate",
  a.due_date::text as "dueDate", a.status, a.worker_id as "workerId", w.name as "workerName", a.team_id as "teamId", t.name as "teamName",
  a.child_wishes as "childWishes", a.parents_views as "parentsViews", a.diversity, a.interpreter_used as "interpreterUsed",
  a.developmental_needs as "developmentalNeeds", a.parenting_capacity as "parentingCapacity", a.family_environment as "familyEnvironment",
  a.history, a.analysis, a.risks, a.factors, a.primary_need_code as "primaryNeedCode", a.outcome, a.shared_on::text as "sharedOn", a.shared_how as "sharedHow",
  a.family_comments as "familyComments", a.delay_reason as "delayReason", a.submitted_at as "submittedAt", a.submitted_by as "submittedBy",
  su.display_name as "submittedByName", a.authorised_at as "authorisedAt", a.authorised_by as "authorisedBy", au.display_name as "authorisedByName",
  a.completed_on::text as "completedOn", a.version, a.created_at as "createdAt", a.created_by as "createdBy", cu.display_name as "createdByName",
  a.updated_at as "updatedAt"`

const FROM = sql`assessment a join referral r on r.id = a.referral_id
  left join worker w on w.id = a.worker_id left join team t on t.id = a.team_id
  left join user_account su on su.id = a.submitted_by left join user_account au on au.id = a.authorised_by
  left join user_account cu on cu.id = a.created_by`

function fix(r: AssessmentRow): AssessmentRow {
  return { ...r, factors: r.factors ?? [], submittedAt: toDate(r.submittedAt), authorisedAt: toDate(r.authorisedAt), createdAt: toDate(r.createdAt), updatedAt: toDate(r.updatedAt) }
}

export async function getAssessment(db: Executor, id: string, opts: { lock?: boolean } = {}): Promise<AssessmentRow | undefined> {
  if (opts.lock) await db.execute(sql`select id from assessment where id = ${id} for update`)
  const row = await one<AssessmentRow>(db, sql`select ${COLUMNS} from ${FROM} where a.id = ${id}`)
  return row && fix(row)
}

export async function listAssessmentsFor(db: Executor, personId: string): Promise<AssessmentRow[]> {
  return (await rows<AssessmentRow>(db, sql`select ${COLUMNS} from ${FROM} where a.person_id = ${personId} order by a.start_date desc, a.created_at desc`)).map(fix)
}

/** Saves the record if nobody changed it since `expectedVersion` was read; false when the version is stale. */
export async function updateAssessmentRecord(db: Executor, id: string, expectedVersion: number, r: AssessmentRecord, userId: string, now: Date): Promise<boolean> {
  const res = await db
    .update(assessment)
    .set({ ...r, version: sql`${assessment.version} + 1`, updatedAt: now, updatedBy: userId })
    .where(and(eq(assessment.id, id), eq(assessment.version, expectedVersion), inArray(assessment.status, ['in_progress', 'returned'])))
  return (res.rowCount ?? 0) === 1
}

/** Moves the status on, from the status the use case read (guards against a second manager acting at once). */
export async function updateAssessmentStatus(
  db: Executor,
  id: string,
  from: AssessmentStatus,
  to: { status: AssessmentStatus; submittedBy?: string; authorisedBy?: string; completedOn?: string },
  userId: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString()
  const res = await db.execute(sql`
    update assessment set status = ${to.status},
           submitted_at = ${to.submittedBy ? sql`${at}::timestamptz` : sql`submitted_at`}, submitted_by = coalesce(${to.submittedBy ?? null}::uuid, submitted_by),
           authorised_at = ${to.authorisedBy ? sql`${at}::timestamptz` : sql`authorised_at`}, authorised_by = coalesce(${to.authorisedBy ?? null}::uuid, authorised_by),
           completed_on = coalesce(${to.completedOn ?? null}::date, completed_on),
           version = version + 1, updated_at = ${at}::timestamptz, updated_by = ${userId}
     where id = ${id} and status = ${from}`)
  return (res.rowCount ?? 0) === 1
}

export async function touchAssessment(db: Executor, id: string, userId: string, now: Date): Promise<void> {
  await db.execute(sql`update assessment set version = version + 1, updated_at = ${now.toISOString()}::timestamptz, updated_by = ${userId} where id = ${id}`)
}

export type ChildSeenRow = { id: string; seenOn: string; seenAlone: boolean; note: string | null; recordedAt: Date; recordedByName: string | null }

export async function insertChildSeen(db: Executor, v: { assessmentId: string; seenOn: string; seenAlone: boolean; note: string | null; recordedBy: string }, now: Date): Promise<{ id: string }> {
  const [row] = await db.insert(assessmentChildSeen).values({ ...v, recordedAt: now }).returning({ id: assessmentChildSeen.id })
  if (!row) throw new Error('insert child seen returned no row')
  return row
}

export async function childSeenFor(db: Executor, assessmentId: string): Promise<ChildSeenRow[]> {
  const list = await rows<ChildSeenRow>(
    db,
    sql`select s.id, s.seen_on::text as "seenOn", s.seen_alone as "seenAlone", s.note, s.recorded_at as "recordedAt", u.display_name as "recordedByName"
          from assessment_child_seen s left join user_account u on u.id = s.recorded_by
         where s.assessment_id = ${assessmentId} order by s.seen_on, s.recorded_at`,
  )
  return list.map((r) => ({ ...r, recordedAt: toDate(r.recordedAt) }))
}

export type ReviewRow = { id: string; action: 'submitted' | 'returned' | 'authorised'; comments: string | null; actedAt: Date; actedByName: string | null }

export async function insertReview(db: Executor, v: { assessmentId: string; action: 'submitted' | 'returned' | 'authorised'; comments: string | null; actedAt: Date; actedBy: string }): Promise<void> {
  await db.insert(assessmentReview).values(v)
}

export async function reviewsFor(db: Executor, assessmentId: string): Promise<ReviewRow[]> {
  const list = await rows<ReviewRow>(
    db,
    sql`select r.id, r.action, r.comments, r.acted_at as "actedAt", u.display_name as "actedByName"
          from assessment_review r left join user_account u on u.id = r.acted_by
         where r.assessment_id = ${assessmentId} order by r.acted_at, r.id`,
  )
  return list.map((r) => ({ ...r, actedAt: toDate(r.actedAt) }))
}

/** The manager who authorises an assessment belongs to the worker's team (for the list of who can act). */
export async function workerUserId(db: Executor, workerId: string): Promise<string | null> {
  const row = await one<{ id: string }>(db, sql`select id from user_account where worker_id = ${workerId} limit 1`)
  return row?.id ?? null
}

/** The episode's primary need follows the assessment's as soon as the worker records it (CIN census PrimaryNeedCode, 8610). */
export async function setReferralPrimaryNeed(db: Executor, referralId: string, code: string): Promise<void> {
  await db.execute(sql`update referral set primary_need_code = ${code} where id = ${referralId} and primary_need_code is distinct from ${code}`)
}

export type ReferralPrimaryNeedRow = { id: string; personId: string; referralRef: string; referralDate: string; closedOn: string | null; primaryNeedCode: string | null }

export async function getReferralPrimaryNeed(db: Executor, referralId: string, opts: { lock?: boolean } = {}): Promise<ReferralPrimaryNeedRow | undefined> {
  const lock = opts.lock ? sql`for update` : sql``
  const [row] = (
    await db.execute(sql`select id, person_id as "personId", referral_ref as "referralRef", referral_date::text as "referralDate", closed_on::text as "closedOn", primary_need_code as "primaryNeedCode"
                           from referral where id = ${referralId} ${lock}`)
  ).rows as ReferralPrimaryNeedRow[]
  return row
}
