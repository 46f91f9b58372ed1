/** Child in need plans and their review meetings (issue 6). */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'
import type { Frequency } from '../../domain/visits/visit.ts'
import type { PlanNeed } from '../../domain/childInNeed/cinPlan.ts'

export type CinPlanRow = {
  id: string
  personId: string
  referralId: string
  referralRef: string
  startDate: string
  endDate: string | null
  needs: PlanNeed[]
  reviewFrequency: Frequency
  visitFrequency: Frequency
  stepDownFromCp: boolean
  workerId: string | null
  workerName: string | null
  teamName: string | null
  endReason: string | null
  endReasonDetail: string | null
  endedByName: string | null
  version: number
  createdAt: Date
  createdByName: string | null
}

const PLAN_SELECT = sql`select p.id, p.person_id as "personId", p.referral_id as "referralId", r.referral_ref as "referralRef",
         p.start_date::text as "startDate", p.end_date::text as "endDate", p.needs, p.review_frequency as "reviewFrequency",
         p.visit_frequency as "visitFrequency", p.step_down_from_cp as "stepDownFromCp", p.worker_id as "workerId", w.name as "workerName",
         t.name as "teamName", p.end_reason as "endReason", p.end_reason_detail as "endReasonDetail", eu.display_name as "endedByName",
         p.version, p.created_at as "createdAt", cu.display_name as "createdByName"
    from cin_plan p join referral r on r.id = p.referral_id
    left join worker w on w.id = p.worker_id left join team t on t.id = p.team_id
    left join user_account eu on eu.id = p.ended_by left join user_account cu on cu.id = p.created_by`

const fix = (r: CinPlanRow & { createdAt: Date | string }): CinPlanRow => ({ ...r, createdAt: toDate(r.createdAt) })

export async function getCinPlan(db: Executor, personId: string, planId: string): Promise<CinPlanRow | undefined> {
  const r = await one<CinPlanRow>(db, sql`${PLAN_SELECT} where p.id = ${planId} and p.person_id = ${personId}`)
  return r ? fix(r) : undefined
}

/** The plan, its row locked: reviews and the ending are serialised with each other. */
export async function lockCinPlan(tx: Executor, personId: string, planId: string): Promise<CinPlanRow | undefined> {
  const locked = await one<{ id: string }>(tx, sql`select id from cin_plan where id = ${planId} and person_id = ${personId} for update`)
  if (!locked) return undefined
  return getCinPlan(tx, personId, planId)
}

/** Every CIN plan of the child, newest first. */
export async function cinPlansOf(db: Executor, personId: string): Promise<CinPlanRow[]> {
  return (await rows<CinPlanRow>(db, sql`${PLAN_SELECT} where p.person_id = ${personId} order by p.start_date desc, p.created_at desc`)).map(fix)
}

/** The child's allocated worker (not a co-worker), if any. */
export async function allocatedWorkerOf(db: Executor, personId: string): Promise<{ workerId: string; teamId: string } | undefined> {
  return one<{ workerId: string; teamId: string }>(
    db,
    sql`select worker_id as "workerId", team_id as "teamId" from allocation
         where person_id = ${personId} and end_date is null and allocation_role = 'allocated_worker'
         order by start_date desc, created_at desc limit 1`,
  )
}

export type NewCinPlan = {
  personId: string
  referralId: string
  startDate: string
  needs: PlanNeed[]
  reviewFrequency: Frequency
  visitFrequency: Frequency
  stepDownFromCp: boolean
  workerId: string | null
  teamId: string | null
  createdBy: string
}

export async function insertCinPlan(db: Executor, p: NewCinPlan, now: Date): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into cin_plan (person_id, referral_id, start_date, needs, review_frequency, visit_frequency, step_down_from_cp, worker_id, team_id, created_at, created_by)
        values (${p.personId}, ${p.referralId}, ${p.startDate}, ${JSON.stringify(p.needs)}::jsonb, ${JSON.stringify(p.reviewFrequency)}::jsonb,
                ${JSON.stringify(p.visitFrequency)}::jsonb, ${p.stepDownFromCp}, ${p.workerId}, ${p.teamId}, ${now.toISOString()}::timestamptz, ${p.createdBy})
        returning id`,
  )
  if (!r) throw new Error('insert cin_plan returned no row')
  return r
}

/** Ends the plan; false when the version moved on or it had already ended. */
export async function endCinPlanRow(db: Executor, id: string, expectedVersion: number, e: { endDate: string; reason: string; reasonDetail: string | null; endedBy: string }): Promise<boolean> {
  const r = await db.execute(
    sql`update cin_plan set end_date = ${e.endDate}, end_reason = ${e.reason}, end_reason_detail = ${e.reasonDetail}, ended_by = ${e.endedBy}, version = version + 1
         where id = ${id} and version = ${expectedVersion} and end_date is null`,
  )
  return (r.rowCount ?? 0) === 1
}

export type CinReviewRow = { id: string; heldOn: string; notes: string | null; createdAt: Date; recordedByName: string | null }

/** The plan's reviews, in the order they were held. */
export async function reviewsOfCinPlan(db: Executor, planId: string): Promise<CinReviewRow[]> {
  return (
    await rows<CinReviewRow & { createdAt: Date | string }>(
      db,
      sql`select r.id, r.held_on::text as "heldOn", r.notes, r.created_at as "createdAt", u.display_name as "recordedByName"
            from cin_plan_review r left join user_account u on u.id = r.created_by
           where r.cin_plan_id = ${planId} order by r.held_on, r.created_at`,
    )
  ).map((r) => ({ ...r, createdAt: toDate(r.createdAt) }))
}

export async function lastReviewDateOf(db: Executor, planId: string): Promise<string | null> {
  const r = await one<{ d: string | null }>(db, sql`select max(held_on)::text as d from cin_plan_review where cin_plan_id = ${planId}`)
  return r?.d ?? null
}

export async function insertCinPlanReview(db: Executor, r: { planId: string; personId: string; heldOn: string; notes: string | null; createdBy: string }, now: Date): Promise<{ id: string }> {
  const out = await one<{ id: string }>(
    db,
    sql`insert into cin_plan_review (cin_plan_id, person_id, held_on, notes, created_at, created_by)
        values (${r.planId}, ${r.personId}, ${r.heldOn}, ${r.notes}, ${now.toISOString()}::timestamptz, ${r.createdBy}) returning id`,
  )
  if (!out) throw new Error('insert cin_plan_review returned no row')
  return out
}
