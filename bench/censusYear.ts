/**
 * A county-sized CIN census year on top of the demo council, for the benches of issues 7 and 8: 30,000
 * children with a referral in the year and an assessment, closures, CIN plans, section 47s with initial
 * conferences and CP plans, review conferences, allocations to the demo's workers. Bulk SQL in one
 * transaction; deterministic (a hash of each child's number), so every run loads the same county.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../src/db/database.ts'
import { collectionPeriod } from '../src/domain/returns/cinCensus/build.ts'
import type { IsoDate } from '../src/domain/shared/dates.ts'

export const CHILDREN = 30_000

// Roughly a shire county's mix: White British the large majority, every other CIN code present.
const ETHNICITY = [...Array<string>(21).fill('WBRI'), 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT']
const SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10']
const textArray = (xs: readonly string[]): SQL => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]`)

/**
 * The synthetic population, in one transaction. A per-child plan is computed first (bench_child), from
 * a hash of the child's number so every run loads the same county; the inserts then copy from it.
 */
export async function loadCensusPopulation(database: Database, year: number, today: IsoDate): Promise<{ ms: number; counts: Record<string, number> }> {
  const t0 = performance.now()
  const { start } = collectionPeriod(year)
  // A deterministic pseudo-random 0 … m−1 for child i (k picks an independent stream).
  const r = (k: number, m: number): SQL => sql.raw(`((hashint4(i * 32 + ${k})::bigint + 2147483648) % ${m})::int`)
  await database.db.transaction(async (tx) => {
    const manager = ((await tx.execute(sql`select id from user_account where username = 'servicemanager'`)).rows[0] as { id: string }).id
    await tx.execute(sql`create temp table bench_worker on commit drop as
      select id, team_id, (row_number() over (order by name) - 1)::int as k from worker where team_id is not null and left_on is null`)
    const workers = Number(((await tx.execute(sql`select count(*)::int as n from bench_worker`)).rows[0] as { n: number }).n)
    // Kinds by i % 100: 0–34 closed RC8 after the assessment; 35–49 closed RC7 after it; 50–65 CIN plan
    // ended, then closed RC7; 66–69 CP plan ended at its review, then closed RC7; 70–73 CP plan open;
    // 74–77 CIN plan open; 78–99 open with the assessment done (awaiting services).
    // Referral dates leave each kind's whole story inside the year (closure by 31 March; ICPC by ~February).
    await tx.execute(sql`create temp table bench_child on commit drop as
      with a as (
        select i, case when i % 100 < 35 then 'rc8' when i % 100 < 50 then 'rc7' when i % 100 < 66 then 'cin_closed' when i % 100 < 70 then 'cp_closed'
                       when i % 100 < 74 then 'cp_open' when i % 100 < 78 then 'cin_open' else 'open' end as kind
          from generate_series(1, ${CHILDREN}) i
      ), b as (
        select a.*, ${start}::date + case kind when 'rc8' then ${r(1, 300)} when 'rc7' then ${r(1, 300)} when 'cin_closed' then ${r(1, 190)}
                                               when 'cp_closed' then ${r(1, 230)} when 'cp_open' then ${r(1, 290)} else ${r(1, 365)} end as ref_date,
               ${r(2, 17)} as age, 5 + ${r(9, 41)} as d
          from a
      ), c as (
        select b.*, ref_date + d as done, ref_date + 2 + ${r(13, 3)} as s47_raw, ref_date - (age * 365 + ${r(10, 300)} + 1) as dob from b
      ), d as (
        -- A section 47 starts on the strategy discussion's date, on a weekday (CIN census 8870Q/8875 look at weekends).
        select c.*, case extract(isodow from s47_raw) when 6 then s47_raw + 2 when 7 then s47_raw + 1 else s47_raw end as s47_start,
               case when kind = 'cin_closed' then done + 1 + 30 + ${r(12, 90)} end as cin_end
          from c
      )
      select i, kind, gen_random_uuid() as person_id, gen_random_uuid() as referral_id, gen_random_uuid() as assessment_id,
             case when kind in ('cp_closed','cp_open') then gen_random_uuid() end as sd_id,
             case when kind in ('cp_closed','cp_open') then gen_random_uuid() end as s47_id,
             case when kind in ('cp_closed','cp_open') then gen_random_uuid() end as icpc_id,
             case when kind in ('cp_closed','cp_open') then gen_random_uuid() end as plan_id,
             case when kind in ('cin_closed','cin_open') then gen_random_uuid() end as cin_id,
             ref_date, dob, age, done, s47_start, cin_end,
             s47_start + 14 as icpc_on, s47_start + 14 + 91 as review_on,
             case when ${r(3, 2)} = 0 then 'F' else 'M' end as sex,
             (${textArray(ETHNICITY)})[1 + ${r(4, ETHNICITY.length)}] as ethnicity,
             (case ${r(5, 100)} when 88 then '{AUT}' when 89 then '{LD}' when 90 then '{COMM}' when 91 then '{BEH}' when 92 then '{MOB}'
                                when 93 then '{HEAR}' when 94 then '{VIS}' when 95 then '{CON}' when 96 then '{HAND}' when 97 then '{AUT,LD}'
                                when 98 then '{PC,INC}' when 99 then '{DDA}' else '{NONE}' end)::text[] as disabilities,
             (${textArray(SOURCES)})[1 + ${r(7, SOURCES.length)}] as source,
             'N' || (1 + ${r(8, 9)}) as need,
             -- Factor 21 ("no factors") only where the case then closed RC8 (CIN census 8873Q).
             (case when kind = 'rc8' and ${r(14, 4)} = 0 then '{21}'
                   else (array['{16A,3B}','{3A,2B}','{4A}','{6A,8B}','{1A,3C}','{2C,4B,16A}','{10A}','{22A,3A}','{18B}','{19B,2A}'])[1 + ${r(15, 10)}] end)::text[] as factors,
             (case ${r(16, 10)} when 0 then '{NEG,EMO}' when 1 then '{EMO}' when 2 then '{EMO}' when 3 then '{PHY}' when 4 then '{SAB}' else '{NEG}' end)::text[] as categories,
             case when ${r(17, 6)} = 0 then 1 else 0 end as previous_plans,
             -- School-age children have a UPN (LA 886), bar a few still being sourced (UN5); the under-4s have none (UN1).
             age >= 4 and ${r(6, 200)} <> 0 as has_upn,
             case kind when 'rc8' then done + ${r(11, 10)} when 'rc7' then done + ${r(11, 10)} when 'cin_closed' then cin_end when 'cp_closed' then s47_start + 14 + 91 + 5 end as closed_on,
             case when kind = 'rc8' then 'RC8' when kind in ('rc7','cin_closed','cp_closed') then 'RC7' end as closure_reason,
             (select id from bench_worker w where w.k = i % ${workers}) as worker_id,
             (select team_id from bench_worker w where w.k = i % ${workers}) as team_id
        from d`)
    await tx.execute(sql`insert into person (id, person_ref, given_names, family_name, date_of_birth, sex, ethnicity_code, disabilities, upn, upn_unknown_reason, created_by)
      select person_id, 'PC' || lpad(i::text, 6, '0'), 'Census', 'Child ' || i, dob, sex, ethnicity, disabilities,
             case when has_upn then substr('ABCDEFGHJKLMNPQRTUVWXYZ', 1 + (select sum(substr(b, k, 1)::int * (k + 1)) from generate_series(1, 12) k)::int % 23, 1) || b end,
             case when age >= 4 and not has_upn then 'UN5' end, ${manager}
        from (select bc.*, '886' || lpad(i::text, 9, '0') as b from bench_child bc) x`)
    await tx.execute(sql`insert into referral (id, referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months, primary_need_code, closed_on, closure_reason, created_by)
      select referral_id, 'RC' || lpad(i::text, 6, '0'), person_id, ref_date, source, false, 0, need, closed_on, closure_reason, ${manager} from bench_child`)
    await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date, created_by)
      select person_id, worker_id, team_id, ref_date + 1, ${manager} from bench_child where closed_on is null`)
    await tx.execute(sql`insert into assessment (id, assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, worker_id, team_id, factors, primary_need_code, outcome,
                                                 submitted_at, submitted_by, authorised_at, authorised_by, completed_on, created_by)
      select assessment_id, 'AC' || lpad(i::text, 6, '0'), person_id, referral_id, 'single', 'wt2023', ref_date, ref_date + 63, 'authorised', worker_id, team_id, factors, need,
             case kind when 'rc8' then 'nfa' when 'rc7' then 'early_help' when 'cp_closed' then 'strategy_discussion' when 'cp_open' then 'strategy_discussion' else 'cin_plan' end,
             (done - 1)::timestamp + interval '16 hours', ${manager}, done::timestamp + interval '11 hours', ${manager}, done, ${manager}
        from bench_child`)
    await tx.execute(sql`insert into assessment_child_seen (assessment_id, seen_on, seen_alone, recorded_by)
      select assessment_id, ref_date + 3, i % 3 <> 0, ${manager} from bench_child`)
    // Child protection: strategy discussion → section 47 (authorised, conference needed) → ICPC 14 days on → plan.
    await tx.execute(sql`insert into strategy_discussion (id, person_id, referral_id, source_type, held_on, held_at, participants, decision, information_shared, created_by)
      select sd_id, person_id, referral_id, 'referral', s47_start, '10:00', '[{"name":"Bench police","agency":"police","role":null},{"name":"Bench health","agency":"health","role":null}]'::jsonb,
             's47_joint', 'Bench', ${manager}
        from bench_child where sd_id is not null`)
    await tx.execute(sql`insert into section47_enquiry (id, person_id, referral_id, strategy_discussion_id, joint, start_date, icpc_target_date, status, child_seen, child_seen_on, child_seen_alone,
                                                        outcome, icpc_required, authorised_by, authorised_on, worker_id, team_id, created_by)
      select s47_id, person_id, referral_id, sd_id, true, s47_start, s47_start + 21, 'authorised', true, s47_start + 1, true,
             'substantiated_continuing_risk', true, ${manager}, s47_start + 10, worker_id, team_id, ${manager}
        from bench_child where s47_id is not null`)
    await tx.execute(sql`insert into cp_conference (id, person_id, referral_id, type, section47_id, target_date, scheduled_on, status, held_on, decision, categories, chair_user_id, created_by)
      select icpc_id, person_id, referral_id, 'initial', s47_id, s47_start + 21, icpc_on, 'held', icpc_on, 'plan', categories, ${manager}::uuid, ${manager}::uuid
        from bench_child where icpc_id is not null`)
    await tx.execute(sql`insert into cp_plan (id, person_id, referral_id, start_conference_id, start_date, initial_categories, latest_categories, number_of_previous_plans, repeat_within_2_years,
                                              lead_worker_id, first_core_group_due, last_review_date, next_review_due, created_by)
      select plan_id, person_id, referral_id, icpc_id, icpc_on, categories, categories, previous_plans, false, worker_id, icpc_on + 10,
             case when review_on + 182 < ${today}::date then review_on + 182 when review_on < ${today}::date then review_on end,
             case when review_on + 182 < ${today}::date then review_on + 364 when review_on < ${today}::date then review_on + 182 else review_on end, ${manager}
        from bench_child where plan_id is not null`)
    // Reviews: every plan at 3 months (the closed ones end there), the open ones again at 9 months, when those dates have passed.
    await tx.execute(sql`insert into cp_conference (person_id, referral_id, type, cp_plan_id, target_date, scheduled_on, status, held_on, decision, categories, chair_user_id, created_by)
      select person_id, referral_id, 'review', plan_id, icpc_on + 91, review_on, 'held', review_on, case kind when 'cp_closed' then 'end_plan' else 'continue' end, categories, ${manager}::uuid, ${manager}::uuid
        from bench_child where plan_id is not null and review_on < ${today}::date
      union all
      select person_id, referral_id, 'review', plan_id, review_on + 182, review_on + 182, 'held', review_on + 182, 'continue', categories, ${manager}::uuid, ${manager}::uuid
        from bench_child where kind = 'cp_open' and review_on + 182 < ${today}::date`)
    await tx.execute(sql`update cp_plan p set end_date = c.held_on, end_conference_id = c.id
      from cp_conference c join bench_child bc on bc.plan_id = c.cp_plan_id
     where c.cp_plan_id = p.id and c.decision = 'end_plan'`)
    await tx.execute(sql`insert into core_group_meeting (cp_plan_id, person_id, held_on, created_by) select plan_id, person_id, icpc_on + 8, ${manager} from bench_child where plan_id is not null`)
    await tx.execute(sql`insert into visit (person_id, plan_type, cp_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, created_by)
      select person_id, 'cp', plan_id, icpc_on + 7, true, true, 'yes', true, 'Bench Worker', ${manager} from bench_child where plan_id is not null`)
    // Child in need plans start the day after the assessment is authorised; the closed ones end on the closure date.
    await tx.execute(sql`insert into cin_plan (id, person_id, referral_id, start_date, review_frequency, visit_frequency, worker_id, team_id, end_date, end_reason, ended_by, created_by)
      select cin_id, person_id, referral_id, done + 1, '{"amount":3,"unit":"months"}'::jsonb, '{"amount":20,"unit":"workingDays"}'::jsonb, worker_id, team_id,
             cin_end, case when cin_end is not null then 'services_not_needed' end, case when cin_end is not null then ${manager}::uuid end, ${manager}
        from bench_child where cin_id is not null`)
    await tx.execute(sql`insert into visit (person_id, plan_type, cin_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, created_by)
      select person_id, 'cin', cin_id, done + 15, true, false, 'yes', true, 'Bench Worker', ${manager} from bench_child where cin_id is not null`)
  })
  await database.db.execute(sql`analyze`)
  const ms = Math.round(performance.now() - t0)
  const counts = (await database.db.execute(sql`select
      (select count(*)::int from person where person_ref like 'PC%') as children,
      (select count(*)::int from referral where referral_ref like 'RC%') as referrals,
      (select count(*)::int from referral where referral_ref like 'RC%' and closed_on is not null) as "closedInYear",
      (select count(*)::int from referral where referral_ref like 'RC%' and closure_reason = 'RC8') as "closedRc8",
      (select count(*)::int from assessment where assessment_ref like 'AC%') as assessments,
      (select count(*)::int from cin_plan c join person p on p.id = c.person_id where p.person_ref like 'PC%') as "cinPlans",
      (select count(*)::int from section47_enquiry s join person p on p.id = s.person_id where p.person_ref like 'PC%') as "section47s",
      (select count(*)::int from cp_plan c join person p on p.id = c.person_id where p.person_ref like 'PC%') as "cpPlans",
      (select count(*)::int from cp_conference c join person p on p.id = c.person_id where p.person_ref like 'PC%' and c.type = 'review') as "reviewConferences",
      (select count(*)::int from person) as "allPersons"`)).rows[0] as Record<string, number>
  return { ms, counts }
}

