/**
 * The demo council's child protection and child in need records (src/db/seed/demoChildProtection.ts)
 * keep the CIN census rules a user would rely on. The database is shared with other test files, so only
 * the demo's own records are checked: everything the seed wrote was created before today, anything a
 * test adds is created now.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { testDatabase } from '../helpers/harness.ts'
import { londonDate, londonInstant } from '../../src/domain/shared/dates.ts'
import { isoWeekday } from '../../src/domain/calendar/days.ts'
import { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { icpcTargetDate } from '../../src/domain/childProtection/section47.ts'

const database = testDatabase()
after(() => database.close())

const today = londonDate(new Date())
const seeded = londonInstant(today, '00:00')

async function q<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await database.db.execute(query)).rows as T[]
}

type Plan = { id: string; personId: string; referralId: string; startDate: string; endDate: string | null; startConferenceId: string; endConferenceId: string | null }
type Cin = { id: string; personId: string; referralId: string; startDate: string; endDate: string | null; stepDownFromCp: boolean }

let plans: Plan[] = []
let cins: Cin[] = []
let calendar: WorkingDayCalendar

before(async () => {
  plans = await q<Plan>(sql`select id, person_id as "personId", referral_id as "referralId", start_date::text as "startDate", end_date::text as "endDate",
                                   start_conference_id as "startConferenceId", end_conference_id as "endConferenceId"
                              from cp_plan where created_at < ${seeded}`)
  cins = await q<Cin>(sql`select id, person_id as "personId", referral_id as "referralId", start_date::text as "startDate", end_date::text as "endDate", step_down_from_cp as "stepDownFromCp"
                            from cin_plan where created_at < ${seeded}`)
  // The calendar the seed used: the demo's closure days (other tests may add their own today).
  const days = await q<{ day: string }>(sql`select day::text as day from council_closure_day where created_at < ${seeded}`)
  calendar = new WorkingDayCalendar({ closureDays: days.map((d) => d.day) })
})

describe('the demo: child protection and children in need', () => {
  it('has children on child protection plans, child in need plans, step-downs, earlier plans and strategy discussions without an enquiry', async () => {
    const open = plans.filter((p) => p.endDate === null)
    assert.ok(open.length >= 10, `open child protection plans: ${open.length}`)
    assert.ok(cins.length >= 10, `child in need plans: ${cins.length}`)
    assert.ok(cins.filter((c) => c.stepDownFromCp).length >= 2, 'two step-downs from child protection')
    const previous = await q<{ n: number }>(sql`select count(*)::int as n from cp_plan where created_at < ${seeded} and end_date is null and number_of_previous_plans > 0`)
    assert.ok((previous[0]?.n ?? 0) >= 1, 'children with an earlier plan')
    const noS47 = await q<{ n: number }>(sql`select count(*)::int as n from strategy_discussion where created_at < ${seeded} and decision = 'no_s47'`)
    assert.ok((noS47[0]?.n ?? 0) >= 1, 'strategy discussions that decided no section 47 enquiry')
    const categories = await q<{ c: string }>(sql`select distinct unnest(initial_categories) as c from cp_plan where created_at < ${seeded}`)
    assert.ok(categories.some((c) => c.c === 'NEG') && categories.some((c) => c.c === 'EMO'), 'neglect and emotional abuse among the categories')
  })

  it('no child has two open child protection plans, or an open child in need plan alongside one', () => {
    const openCp = new Map<string, number>()
    for (const p of plans) if (p.endDate === null) openCp.set(p.personId, (openCp.get(p.personId) ?? 0) + 1)
    for (const [person, n] of openCp) assert.equal(n, 1, `child ${person} has ${n} open plans`)
    for (const c of cins) if (c.endDate === null) assert.ok(!openCp.has(c.personId), `child ${c.personId} has an open CIN plan and an open CP plan`)
  })

  it('a child in need plan never overlaps a child protection plan; a step-down starts the day the CP plan ended', () => {
    for (const c of cins) {
      for (const p of plans.filter((x) => x.personId === c.personId)) {
        // Half-open periods [start, end): a plan starting on the day another ended does not overlap it.
        const overlap = c.startDate < (p.endDate ?? '9999-12-31') && p.startDate < (c.endDate ?? '9999-12-31')
        assert.ok(!overlap, `CIN plan from ${c.startDate} overlaps the CP plan ${p.startDate}–${p.endDate ?? 'open'}`)
      }
      if (c.stepDownFromCp) assert.ok(plans.some((p) => p.personId === c.personId && p.endDate === c.startDate), `step-down CIN plan ${c.id} starts on a CP plan's end date`)
    }
  })

  it('every plan starts on the day of the conference that decided it; every ended plan was ended by a review conference', async () => {
    const confs = new Map(
      (
        await q<{ id: string; type: string; status: string; heldOn: string | null; decision: string | null; cpPlanId: string | null }>(
          sql`select id, type, status, held_on::text as "heldOn", decision, cp_plan_id as "cpPlanId" from cp_conference where created_at < ${seeded}`,
        )
      ).map((c) => [c.id, c]),
    )
    for (const p of plans) {
      const start = confs.get(p.startConferenceId)
      assert.ok(start, `plan ${p.id} has its start conference`)
      assert.equal(start.status, 'held')
      assert.equal(start.decision, 'plan')
      assert.equal(start.heldOn, p.startDate, `plan ${p.id} starts on the conference day`)
      if (p.endDate !== null) {
        const end = confs.get(p.endConferenceId ?? '')
        assert.ok(end, `ended plan ${p.id} has its end conference`)
        assert.equal(end.type, 'review')
        assert.equal(end.decision, 'end_plan')
        assert.equal(end.heldOn, p.endDate)
        assert.equal(end.cpPlanId, p.id)
      }
    }
    for (const c of confs.values()) if (c.type === 'review') assert.ok(c.cpPlanId, `review conference ${c.id} belongs to a plan`)
  })

  it('conferences are on working days, in order, and never before the strategy discussion', async () => {
    const rows = await q<{ day: string; strategyOn: string | null; target: string }>(
      sql`select coalesce(c.held_on, c.scheduled_on)::text as day, sd.held_on::text as "strategyOn", c.target_date::text as target
            from cp_conference c left join section47_enquiry s on s.id = c.section47_id left join strategy_discussion sd on sd.id = s.strategy_discussion_id
           where c.created_at < ${seeded}`,
    )
    assert.ok(rows.length > 0)
    for (const r of rows) {
      assert.ok(isoWeekday(r.day) <= 5, `conference on a weekend: ${r.day}`)
      assert.ok(calendar.isWorkingDay(r.day), `conference on a bank holiday or closure day: ${r.day}`)
      if (r.strategyOn) assert.ok(r.day >= r.strategyOn, 'conference after its strategy discussion')
    }
  })

  it('section 47 enquiries start on their strategy discussion day with the ICPC target 15 working days later', async () => {
    const rows = await q<{ startDate: string; heldOn: string; target: string; decision: string }>(
      sql`select s.start_date::text as "startDate", sd.held_on::text as "heldOn", s.icpc_target_date::text as target, sd.decision
            from section47_enquiry s join strategy_discussion sd on sd.id = s.strategy_discussion_id where s.created_at < ${seeded}`,
    )
    assert.ok(rows.length > 0)
    for (const r of rows) {
      assert.equal(r.startDate, r.heldOn)
      assert.notEqual(r.decision, 'no_s47')
      assert.equal(r.target, icpcTargetDate(r.heldOn, calendar))
    }
  })

  it('nothing is dated before the referral it belongs to, nor in the future', async () => {
    const rows = await q<{ what: string; day: string; referralDate: string }>(sql`
      select 'strategy discussion' as what, x.held_on::text as day, r.referral_date::text as "referralDate" from strategy_discussion x join referral r on r.id = x.referral_id where x.created_at < ${seeded}
      union all select 'section 47', x.start_date::text, r.referral_date::text from section47_enquiry x join referral r on r.id = x.referral_id where x.created_at < ${seeded}
      union all select 'conference', coalesce(x.held_on, x.scheduled_on)::text, r.referral_date::text from cp_conference x join referral r on r.id = x.referral_id where x.created_at < ${seeded}
      union all select 'cp plan', x.start_date::text, r.referral_date::text from cp_plan x join referral r on r.id = x.referral_id where x.created_at < ${seeded}
      union all select 'cin plan', x.start_date::text, r.referral_date::text from cin_plan x join referral r on r.id = x.referral_id where x.created_at < ${seeded}
      union all select 'cp visit', v.visit_date::text, p.start_date::text from visit v join cp_plan p on p.id = v.cp_plan_id where v.created_at < ${seeded}
      union all select 'cin visit', v.visit_date::text, p.start_date::text from visit v join cin_plan p on p.id = v.cin_plan_id where v.created_at < ${seeded}
      union all select 'core group', g.held_on::text, p.start_date::text from core_group_meeting g join cp_plan p on p.id = g.cp_plan_id where g.created_at < ${seeded}
      union all select 'cin review', g.held_on::text, p.start_date::text from cin_plan_review g join cin_plan p on p.id = g.cin_plan_id where g.created_at < ${seeded}`)
    assert.ok(rows.length > 100)
    for (const r of rows) {
      assert.ok(r.day >= r.referralDate, `${r.what} on ${r.day} is before ${r.referralDate}`)
      if (r.what !== 'conference') assert.ok(r.day <= today, `${r.what} on ${r.day} is in the future`)
    }
    const visitsAfterEnd = await q<{ n: number }>(
      sql`select count(*)::int as n from visit v join cp_plan p on p.id = v.cp_plan_id where v.created_at < ${seeded} and p.end_date is not null and v.visit_date > p.end_date`,
    )
    assert.equal(visitsAfterEnd[0]?.n, 0, 'no visit after its plan ended')
  })

  it('the chronology tells the story: strategy discussion, section 47, conference, plan, visits', async () => {
    const open = plans.find((p) => p.endDate === null)
    assert.ok(open)
    const kinds = (await q<{ kind: string }>(sql`select distinct kind from chronology_entry where person_id = ${open.personId}`)).map((k) => k.kind)
    for (const k of ['strategy-discussion', 'section-47-started', 'conference-held', 'cp-plan-started', 'visit']) assert.ok(kinds.includes(k), `chronology has ${k}`)
    const stepDown = cins.find((c) => c.stepDownFromCp)
    assert.ok(stepDown)
    const sd = (await q<{ kind: string }>(sql`select distinct kind from chronology_entry where person_id = ${stepDown.personId}`)).map((k) => k.kind)
    for (const k of ['cp-plan-ended', 'cin-plan-started']) assert.ok(sd.includes(k), `step-down chronology has ${k}`)
  })

  it('Sam Okafor has a child with an open section 47 enquiry (ICPC due in 3–6 working days) and a child whose visit is overdue; Leo Ashworth has none', async () => {
    const sam = (await q<{ workerId: string }>(sql`select worker_id as "workerId" from user_account where username = 'socialworker'`))[0]
    assert.ok(sam)
    const s47 = await q<{ target: string }>(
      sql`select s.icpc_target_date::text as target from section47_enquiry s
            join allocation a on a.person_id = s.person_id and a.end_date is null and a.allocation_role = 'allocated_worker'
           where s.status <> 'authorised' and a.worker_id = ${sam.workerId} and s.created_at < ${seeded}`,
    )
    assert.ok(
      s47.some((s) => {
        const wd = calendar.workingDaysBetween(today, s.target)
        return wd >= 3 && wd <= 6
      }),
      `an open section 47 with its ICPC 3–6 working days away: ${JSON.stringify(s47)}`,
    )
    const onPlan = await q<{ startDate: string; lastVisit: string | null; frequency: number }>(
      sql`select p.start_date::text as "startDate", (select max(v.visit_date)::text from visit v where v.cp_plan_id = p.id and v.child_seen) as "lastVisit", p.visit_frequency_working_days as frequency
            from cp_plan p join allocation a on a.person_id = p.person_id and a.end_date is null and a.allocation_role = 'allocated_worker'
           where p.end_date is null and a.worker_id = ${sam.workerId} and p.created_at < ${seeded}`,
    )
    assert.ok(
      onPlan.some((p) => calendar.addWorkingDays(p.lastVisit ?? p.startDate, p.frequency) < today),
      'a child on a plan whose next visit is overdue',
    )
    const leo = await q<{ n: number }>(sql`
      select (select count(*) from cp_plan x join person p on p.id = x.person_id where p.person_ref = 'P001001' and x.created_at < ${seeded})
           + (select count(*) from cin_plan x join person p on p.id = x.person_id where p.person_ref = 'P001001' and x.created_at < ${seeded})
           + (select count(*) from strategy_discussion x join person p on p.id = x.person_id where p.person_ref = 'P001001' and x.created_at < ${seeded}) as n`)
    assert.equal(Number(leo[0]?.n), 0, 'Leo Ashworth is left for the demo walkthrough')
  })
})
