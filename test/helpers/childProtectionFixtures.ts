/**
 * Test data for child protection and child in need: rows written straight to their tables, so a test of
 * one step (a conference, a plan, a visit, a worklist) need not drive every step before it. Dates are
 * passed in; defaults are the simplest valid record.
 */
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/database.ts'
import type { TestChild } from './worklistFixtures.ts'

const idOf = (r: { rows: unknown[] }): string => (r.rows[0] as { id: string }).id

async function userId(database: Database, username: string): Promise<string> {
  return idOf(await database.db.execute(sql`select id from user_account where username = ${username}`))
}

/** A strategy discussion (police and health took part) that decided on a section 47 enquiry, and the open enquiry. */
export async function section47Row(
  database: Database,
  child: TestChild,
  opts: { heldOn: string; icpcTargetDate: string; decision?: 's47_single' | 's47_joint'; workerId?: string | null; teamId?: string | null; by?: string },
): Promise<{ strategyDiscussionId: string; section47Id: string }> {
  const by = await userId(database, opts.by ?? 'socialworker')
  const decision = opts.decision ?? 's47_joint'
  const participants = JSON.stringify([
    { name: 'DC Hollis', agency: 'police', role: 'Detective constable' },
    { name: 'Nurse Patel', agency: 'health', role: 'School nurse' },
    { name: 'Sam Okafor', agency: 'childrens_social_care', role: 'Social worker' },
  ])
  const strategyDiscussionId = idOf(
    await database.db.execute(sql`
      insert into strategy_discussion (person_id, referral_id, source_type, source_id, held_on, held_at, participants, decision, information_shared, created_by)
      values (${child.personId}, ${child.referralId}, 'referral', ${child.referralId}, ${opts.heldOn}, '10:00', ${participants}::jsonb, ${decision}, 'Fictional test information', ${by})
      returning id`),
  )
  const section47Id = idOf(
    await database.db.execute(sql`
      insert into section47_enquiry (person_id, referral_id, strategy_discussion_id, joint, start_date, icpc_target_date, worker_id, team_id, created_by)
      values (${child.personId}, ${child.referralId}, ${strategyDiscussionId}, ${decision === 's47_joint'}, ${opts.heldOn}, ${opts.icpcTargetDate}, ${opts.workerId ?? null}, ${opts.teamId ?? null}, ${by})
      returning id`),
  )
  return { strategyDiscussionId, section47Id }
}

/** Marks a section 47 enquiry authorised with "continuing risk: conference needed". */
export async function authoriseSection47Row(database: Database, section47Id: string, on: string): Promise<void> {
  const tm = await userId(database, 'teammanager')
  await database.db.execute(sql`
    update section47_enquiry set status = 'authorised', child_seen = true, child_seen_on = start_date, child_seen_alone = true,
           outcome = 'substantiated_continuing_risk', icpc_required = true, recorded_on = start_date, authorised_by = ${tm}, authorised_on = ${on}
     where id = ${section47Id}`)
}

/** A conference: scheduled, or held with a decision when `heldOn` is given. */
export async function conferenceRow(
  database: Database,
  child: TestChild,
  opts: {
    type?: 'initial' | 'review' | 'transfer_in'
    section47Id?: string | null
    cpPlanId?: string | null
    targetDate: string
    scheduledOn: string
    heldOn?: string | null
    decision?: 'plan' | 'no_plan' | 'continue' | 'change_category' | 'end_plan' | null
    categories?: string[]
  },
): Promise<string> {
  const by = await userId(database, 'chair')
  const held = Boolean(opts.heldOn)
  const categories = `{${(opts.categories ?? (opts.decision === 'plan' ? ['NEG'] : [])).join(',')}}`
  return idOf(
    await database.db.execute(sql`
      insert into cp_conference (person_id, referral_id, type, section47_id, cp_plan_id, target_date, scheduled_on, status, held_on, decision, categories, chair_user_id, recorded_by, recorded_at, created_by)
      values (${child.personId}, ${child.referralId}, ${opts.type ?? 'initial'}, ${opts.section47Id ?? null}, ${opts.cpPlanId ?? null}, ${opts.targetDate}, ${opts.scheduledOn},
              ${held ? 'held' : 'scheduled'}, ${opts.heldOn ?? null}, ${opts.decision ?? null}, ${categories}::text[], ${by}, ${held ? by : null}, ${held ? new Date() : null}, ${by})
      returning id`),
  )
}

/** An open child protection plan started by `startConferenceId` (a held ICPC). */
export async function cpPlanRow(
  database: Database,
  child: TestChild,
  opts: {
    startConferenceId: string
    startDate: string
    firstCoreGroupDue: string
    nextReviewDue: string
    categories?: string[]
    leadWorkerId?: string | null
    numberOfPreviousPlans?: number
    visitFrequencyWorkingDays?: number
  },
): Promise<string> {
  const by = await userId(database, 'chair')
  const cats = `{${(opts.categories ?? ['NEG']).join(',')}}`
  return idOf(
    await database.db.execute(sql`
      insert into cp_plan (person_id, referral_id, start_conference_id, start_date, initial_categories, latest_categories, number_of_previous_plans, repeat_within_2_years,
                           lead_worker_id, visit_frequency_working_days, first_core_group_due, next_review_due, created_by)
      values (${child.personId}, ${child.referralId}, ${opts.startConferenceId}, ${opts.startDate}, ${cats}::text[], ${cats}::text[], ${opts.numberOfPreviousPlans ?? 0}, false,
              ${opts.leadWorkerId ?? null}, ${opts.visitFrequencyWorkingDays ?? 10}, ${opts.firstCoreGroupDue}, ${opts.nextReviewDue}, ${by})
      returning id`),
  )
}

/** An open child in need plan with one need; visits every 20 working days, reviews every 3 months. */
export async function cinPlanRow(database: Database, child: TestChild, opts: { startDate: string; workerId?: string | null; teamId?: string | null }): Promise<string> {
  const by = await userId(database, 'socialworker')
  const needs = JSON.stringify([{ need: 'Fictional need: school attendance', services: 'Education welfare', actions: [{ action: 'Attendance plan', owner: 'School', agency: 'Education', dueDate: opts.startDate }] }])
  return idOf(
    await database.db.execute(sql`
      insert into cin_plan (person_id, referral_id, start_date, needs, review_frequency, visit_frequency, worker_id, team_id, created_by)
      values (${child.personId}, ${child.referralId}, ${opts.startDate}, ${needs}::jsonb, '{"amount":3,"unit":"months"}'::jsonb, '{"amount":20,"unit":"workingDays"}'::jsonb,
              ${opts.workerId ?? null}, ${opts.teamId ?? null}, ${by})
      returning id`),
  )
}

/** A visit on a CP or CIN plan. */
export async function visitRow(
  database: Database,
  child: TestChild,
  opts: { planType: 'cp' | 'cin'; planId: string; visitDate: string; childSeen?: boolean; seenAlone?: boolean | null },
): Promise<string> {
  const by = await userId(database, 'socialworker')
  const seen = opts.childSeen ?? true
  return idOf(
    await database.db.execute(sql`
      insert into visit (person_id, plan_type, cp_plan_id, cin_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, not_seen_reason, created_by)
      values (${child.personId}, ${opts.planType}, ${opts.planType === 'cp' ? opts.planId : null}, ${opts.planType === 'cin' ? opts.planId : null}, ${opts.visitDate},
              ${seen}, ${seen ? (opts.seenAlone ?? true) : null}, 'yes', true, 'Sam Okafor', ${seen ? null : 'Fictional: nobody home'}, ${by})
      returning id`),
  )
}
