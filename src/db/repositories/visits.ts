/** Statutory visits to children on child protection and child in need plans (issue 6). */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'
import type { BedroomSeen, Frequency } from '../../domain/visits/visit.ts'

export type VisitPlanType = 'cp' | 'cin'

export type PlanVisitRow = { visitDate: string; childSeen: boolean; seenAlone: boolean | null; bedroomSeen: BedroomSeen; visitedBy: string }

/** The visits recorded against one plan, oldest first (by visit date, then when recorded). */
export async function visitsForPlan(db: Executor, planType: VisitPlanType, planId: string): Promise<PlanVisitRow[]> {
  const where = planType === 'cp' ? sql`cp_plan_id = ${planId}` : sql`cin_plan_id = ${planId}`
  return rows<PlanVisitRow>(
    db,
    sql`select visit_date::text as "visitDate", child_seen as "childSeen", seen_alone as "seenAlone", bedroom_seen as "bedroomSeen", visited_by as "visitedBy"
          from visit where plan_type = ${planType} and ${where} order by visit_date, created_at`,
  )
}

export type VisitRow = PlanVisitRow & {
  id: string
  planType: VisitPlanType
  planId: string
  planStartDate: string
  announced: boolean
  notes: string | null
  notSeenReason: string | null
  createdAt: Date
  recordedByName: string | null
}

/** Every visit to the child, newest first. */
export async function visitsOfPerson(db: Executor, personId: string): Promise<VisitRow[]> {
  return (
    await rows<VisitRow & { createdAt: Date | string }>(
      db,
      sql`select v.id, v.plan_type as "planType", coalesce(v.cp_plan_id, v.cin_plan_id) as "planId",
                 coalesce(cp.start_date, cin.start_date)::text as "planStartDate",
                 v.visit_date::text as "visitDate", v.child_seen as "childSeen", v.seen_alone as "seenAlone", v.bedroom_seen as "bedroomSeen",
                 v.announced, v.visited_by as "visitedBy", v.notes, v.not_seen_reason as "notSeenReason", v.created_at as "createdAt", u.display_name as "recordedByName"
            from visit v
            left join cp_plan cp on cp.id = v.cp_plan_id
            left join cin_plan cin on cin.id = v.cin_plan_id
            left join user_account u on u.id = v.created_by
           where v.person_id = ${personId}
           order by v.visit_date desc, v.created_at desc`,
    )
  ).map((r) => ({ ...r, createdAt: toDate(r.createdAt) }))
}

/** A plan a visit can be recorded against: its dates and how often the child is to be visited. */
export type VisitablePlan = { type: VisitPlanType; id: string; startDate: string; endDate: string | null; visitFrequency: Frequency }

const CP_PLAN_SELECT = sql`select 'cp'::text as type, id, start_date::text as "startDate", end_date::text as "endDate",
         json_build_object('amount', visit_frequency_working_days, 'unit', 'workingDays') as "visitFrequency" from cp_plan`
const CIN_PLAN_SELECT = sql`select 'cin'::text as type, id, start_date::text as "startDate", end_date::text as "endDate", visit_frequency as "visitFrequency" from cin_plan`

/** The plan a new visit goes to: the child's open CP plan if there is one, else the open CIN plan. */
export async function openPlanForVisit(db: Executor, personId: string): Promise<VisitablePlan | undefined> {
  return (
    (await one<VisitablePlan>(db, sql`${CP_PLAN_SELECT} where person_id = ${personId} and end_date is null order by start_date desc limit 1`)) ??
    (await one<VisitablePlan>(db, sql`${CIN_PLAN_SELECT} where person_id = ${personId} and end_date is null order by start_date desc limit 1`))
  )
}

/** A named plan of the child, its row locked (share) so it cannot end or change under the visit being saved. */
export async function lockPlanForVisit(tx: Executor, personId: string, type: VisitPlanType, planId: string): Promise<VisitablePlan | undefined> {
  return type === 'cp'
    ? one<VisitablePlan>(tx, sql`${CP_PLAN_SELECT} where id = ${planId} and person_id = ${personId} for share`)
    : one<VisitablePlan>(tx, sql`${CIN_PLAN_SELECT} where id = ${planId} and person_id = ${personId} for share`)
}

export type NewVisit = {
  personId: string
  planType: VisitPlanType
  planId: string
  visitDate: string
  childSeen: boolean
  seenAlone: boolean | null
  bedroomSeen: BedroomSeen
  announced: boolean
  visitedBy: string
  notes: string | null
  notSeenReason: string | null
  createdBy: string
}

export async function insertVisit(db: Executor, v: NewVisit, now: Date): Promise<{ id: string }> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into visit (person_id, plan_type, cp_plan_id, cin_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, notes, not_seen_reason, created_at, created_by)
        values (${v.personId}, ${v.planType}, ${v.planType === 'cp' ? v.planId : null}, ${v.planType === 'cin' ? v.planId : null}, ${v.visitDate}, ${v.childSeen}, ${v.seenAlone},
                ${v.bedroomSeen}, ${v.announced}, ${v.visitedBy}, ${v.notes}, ${v.notSeenReason}, ${now.toISOString()}::timestamptz, ${v.createdBy})
        returning id`,
  )
  if (!r) throw new Error('insert visit returned no row')
  return r
}
