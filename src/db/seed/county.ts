/**
 * `harbour seed county`: a fictional county council of about 40 teams and 360 workers with ten years of
 * children's social care history (issue 10), for benchmarks at the size of a large shire county. Flows and
 * rates are documented with their sources in docs/synthetic-county.md.
 *
 * How it is built: the whole county is generated inside PostgreSQL with INSERT … SELECT over
 * generate_series (one multi-row insert per table and slice, never a row per round trip), from a hash of
 * each row's number and the seed, so the same seed and the same `today` give the same county. The
 * working-day calendar (England & Wales bank holidays, src/domain/calendar) is handed to the database as a
 * table so assessment, ICPC and visit dates follow the same timescales as the application.
 *
 * Everything runs in ONE transaction: an interrupted load leaves the database exactly as it was. The
 * data-quality triggers (which mark each changed child for re-checking) are switched off for the load and
 * every child with a referral is marked for checking once at the end; foreign keys and checks stay on.
 */
import { hash } from '@node-rs/argon2'
import { sql, type SQL } from 'drizzle-orm'
import type { Database, Tx } from '../database.ts'
import { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { addDays } from '../../domain/calendar/days.ts'
import { collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import type { IsoDate } from '../../domain/shared/dates.ts'
import { COUNTY_CONCERNS, COUNTY_FAMILY_NAMES, COUNTY_GIVEN_NAMES_F, COUNTY_GIVEN_NAMES_M, COUNTY_NOTES } from './countyNames.ts'

/** Tables whose user triggers are off during the load (data-quality marks, the dashboard's month marks). */
const TRIGGERED_TABLES = ['person', 'contact', 'contact_child', 'referral', 'assessment', 'assessment_child_seen', 'section47_enquiry', 'cp_conference', 'cp_plan', 'cin_plan']

export const COUNTY_PASSWORD = 'county-password-2026'
export const DEFAULT_COUNTY_SEED = 1
/** Families per year of history: 16,500 a year gives about 620,000 people over ten years. */
const FAMILIES_PER_YEAR = 16_500
const SLICES = 10

export type CountyOptions = {
  seed: number
  years: number
  today: IsoDate
  password: string
  /** A smaller county (fewer families, same teams): 1 is the full county. */
  scale?: number
  progress?: (stage: string, done: number, total: number, ms: number) => void
  /** Tests only: fail after this stage, to show an interrupted load leaves nothing behind. */
  failAfter?: string
}
export type CountyResult = { ms: number; counts: Record<string, number>; signIns: { username: string; role: string; note: string }[] }

const AREAS = ['Northmoor', 'Eastmarsh', 'Southdown', 'Westcliff', 'Kingsmead', 'Oakhaven', 'Riverside', 'Highfield', 'Seabrook', 'Millbridge']
const DISTRICT_STREETS = ['Mill Lane', 'Church Street', 'Station Road', 'Meadow View', 'Orchard Close', 'Victoria Road', 'The Green', 'Park Avenue', 'Chapel Row', 'Quarry Lane', 'Elm Grove', 'Kings Road']
const SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10']
// DfE "Characteristics of children in need" 2023-24, referrals by source (England): police 29%, schools
// 21%, health 14%, LA services 11%, individuals 8%, other 17%. Weighted by repeating codes.
const SOURCE_WEIGHTS: Record<string, number> = { '1A': 5, '1B': 1, '1C': 1, '1D': 1, '2A': 19, '2B': 2, '3A': 3, '3B': 3, '3C': 1, '3D': 2, '3E': 3, '3F': 2, '4': 3, '5A': 3, '5B': 3, '5C': 2, '5D': 3, '6': 29, '7': 3, '8': 6, '9': 1, '10': 5 }
const WEIGHTED_SOURCES = SOURCES.flatMap((s) => Array<string>(SOURCE_WEIGHTS[s] ?? 1).fill(s))
const ETHNICITY = [...Array<string>(72).fill('WBRI'), 'WIRI', 'WIRT', ...Array<string>(5).fill('WOTH'), 'WROM', 'MWBC', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'OOTH', 'REFU', 'NOBT', 'NOBT']

const lit = (xs: readonly string[]): string => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`

/** COUNT of rows in each table the county fills, for the summary. */
export const COUNTY_TABLES = [
  'team', 'worker', 'user_account', 'person', 'person_name', 'address', 'person_relationship', 'contact', 'contact_child', 'referrer_feedback', 'referral', 'assessment',
  'assessment_child_seen', 'assessment_review', 'management_decision', 'allocation', 'team_transfer', 'team_queue', 'strategy_discussion', 'section47_enquiry',
  'cp_conference', 'cp_plan', 'core_group_meeting', 'cin_plan', 'cin_plan_review', 'visit', 'case_closure', 'task', 'supervision', 'supervision_case', 'chronology_entry',
] as const

/** Tables loaded in bulk whose secondary indexes are rebuilt after the load. */
const BULK_TABLES = ['person', 'person_name', 'address', 'person_relationship', 'contact', 'contact_child', 'referrer_feedback', 'referral', 'assessment', 'assessment_child_seen', 'assessment_review',
  'management_decision', 'allocation', 'team_queue', 'team_transfer', 'cp_conference', 'cp_plan', 'core_group_meeting', 'cin_plan', 'cin_plan_review', 'visit', 'case_closure',
  'chronology_entry', 'section47_enquiry', 'strategy_discussion', 'supervision_case']

export async function seedCounty(database: Database, opts: CountyOptions): Promise<CountyResult> {
  const t0 = performance.now()
  const years = opts.years
  const today = opts.today
  const windowStart = addDays(today, -Math.round(years * 365.25))
  const families = Math.max(10, Math.round(FAMILIES_PER_YEAR * years * (opts.scale ?? 1)))
  const seedMix = (BigInt(opts.seed) * 1_000_003n) % 1_000_000_007n
  /** A deterministic pseudo-random whole number 0 … m−1 for the row whose number is `key` (k: an independent stream). */
  const r = (key: string, k: number, m: number): string => `((hashint8((${key})::bigint * 128 + ${k} + ${seedMix})::bigint + 2147483648) % ${m})::int`
  const pick = (key: string, k: number, xs: readonly string[]): string => `(${lit(xs)})[1 + ${r(key, k, xs.length)}]`
  const passwordHash = await hash(opts.password)
  let stageStart = performance.now()
  const progress = (stage: string, done: number, total: number) => {
    opts.progress?.(stage, done, total, Math.round(performance.now() - stageStart))
    if (done === total) stageStart = performance.now()
    if (done === total && opts.failAfter === stage) throw new Error(`stopped after ${stage} (test)`)
  }
  const timing = process.env.HARBOUR_SEED_TIMING === '1'
  const run = async (tx: Tx, q: string) => {
    const t = performance.now()
    let res
    try {
      res = await tx.execute(sql.raw(q))
    } catch (e) {
      // The driver's message repeats the whole statement (arrays of dates included): say what failed, briefly.
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message.slice(0, 200) : String(e)
      throw new Error(`loading the county failed: ${cause} (in: ${q.replace(/\s+/g, ' ').slice(0, 100)}…)`, { cause: e })
    }
    if (timing && performance.now() - t > 1000) console.error(`\n  ${Math.round(performance.now() - t)} ms: ${q.replace(/\s+/g, ' ').slice(0, 110)}`)
    return res
  }

  await database.db.transaction(async (tx) => {
    await run(tx, `set local work_mem = '256MB'`)
    await run(tx, `set local synchronous_commit = off`)
    await run(tx, `set local gin_pending_list_limit = '64MB'`)
    // The data-quality triggers mark a child for re-checking row by row; one bulk mark at the end instead.
    // The dashboard's month triggers (migration 0017) would mark every historic month stale row by row; the
    // county starts with no cached months instead (cleared below), so there is nothing to mark.
    for (const t of TRIGGERED_TABLES) await run(tx, `alter table ${t} disable trigger user`)
    // Foreign keys are checked once per key over whole tables at the end (verifyForeignKeys), not once per
    // row: row-by-row checks were over half the load time. Needs a superuser; otherwise they stay per row.
    const superuser = Boolean(((await run(tx, `select rolsuper from pg_roles where rolname = current_user`)).rows[0] as { rolsuper?: boolean } | undefined)?.rolsuper)
    if (superuser) await run(tx, `set local session_replication_role = replica`)
    // Secondary indexes of the big tables are built once at the end (CREATE INDEX from their own definitions,
    // which re-checks the unique ones) instead of row by row; primary keys and unique constraints stay.
    await run(tx, `set local maintenance_work_mem = '512MB'`)
    const secondary = (await run(tx, `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indrelid
        where c.relnamespace = 'public'::regnamespace and c.relname = any(${lit(BULK_TABLES)}) and not i.indisprimary
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`)).rows as { name: string; def: string }[]
    for (const ix of secondary) await run(tx, `drop index ${ix.name}`)

    // ---------------------------------------------------------------- the calendar
    const cal = new WorkingDayCalendar()
    const calRows: string[] = []
    const base = addDays(windowStart, -800)
    const dayIndex: number[] = [] // per calendar day from base: working days up to and including it
    const workingDays: string[] = [] // the n-th working day (1-based)
    for (let d = base; d <= addDays(today, 900); d = addDays(d, 1)) {
      if (cal.isWorkingDay(d)) workingDays.push(d)
      dayIndex.push(workingDays.length)
      calRows.push(`('${d}',${workingDays.length},${cal.isWorkingDay(d)})`)
    }
    await run(tx, `create temp table cal (day date primary key, n int not null, working boolean not null) on commit drop`)
    for (let i = 0; i < calRows.length; i += 2000) await run(tx, `insert into cal values ${calRows.slice(i, i + 2000).join(',')}`)
    // add_wd(d, k): k working days after d (as src/domain/calendar addWorkingDays). A single expression over
    // two constant arrays, so PostgreSQL inlines it: no query per row.
    await run(tx, `create or replace function pg_temp.add_wd(d date, k int) returns date language sql immutable as $$
      select ('{${workingDays.join(',')}}'::date[])[('{${dayIndex.join(',')}}'::int[])[d - '${base}'::date + 1] + k] $$`)
    await run(tx, `create or replace function pg_temp.weekday(d date) returns date language sql immutable as $$ select case extract(isodow from d) when 6 then d + 2 when 7 then d + 1 else d end $$`)
    progress('calendar', 1, 1)

    // ---------------------------------------------------------------- organisation
    const serviceNames = ['Front door', 'Assessment', 'Safeguarding and family support', 'Children in care and disability']
    await run(tx, `insert into service (name) select unnest(${lit(serviceNames)})`)
    type TeamDef = { name: string; service: number; kind: string; staff: string[] }
    const staff = (tm: number, sp: number, sw: number, fsw: number) => [...Array<string>(tm).fill('Team manager'), ...Array<string>(sp).fill('Senior practitioner'), ...Array<string>(sw).fill('Social worker'), ...Array<string>(fsw).fill('Family support worker')]
    const teams: TeamDef[] = [
      { name: 'MASH North', service: 0, kind: 'front_door', staff: ['Service manager', ...staff(1, 2, 7, 2)] },
      { name: 'MASH South', service: 0, kind: 'front_door', staff: staff(1, 2, 7, 2) },
      { name: 'Emergency duty team', service: 0, kind: 'edt', staff: staff(1, 0, 5, 0) },
      ...AREAS.map((a, k) => ({ name: `Assessment ${a}`, service: 1, kind: 'assessment', staff: k === 0 ? ['Service manager', ...staff(1, 1, 6, 1)] : staff(1, 1, 6, 1) })),
      ...AREAS.flatMap((a, k) => [1, 2].map((x) => ({ name: `Family support ${a} ${x}`, service: 2, kind: 'safeguarding', staff: k === 0 && x === 1 ? ['Service manager', ...staff(1, 1, 6, 1)] : staff(1, 1, 6, 1) }))),
      ...['North', 'South', 'East', 'West'].map((a, k) => ({ name: `Children in care ${a}`, service: 3, kind: 'children_in_care', staff: k === 0 ? ['Service manager', ...staff(1, 1, 6, 1)] : staff(1, 1, 6, 1) })),
      { name: 'Disabled children North', service: 3, kind: 'disabled_children', staff: staff(1, 1, 4, 1) },
      { name: 'Disabled children South', service: 3, kind: 'disabled_children', staff: staff(1, 1, 4, 1) },
      { name: 'Care leavers', service: 3, kind: 'children_in_care', staff: staff(1, 0, 4, 1) },
    ]
    await run(tx, `create temp table cteam on commit drop as
      select t.ord::int as ord, gen_random_uuid() as id, t.name, t.kind, s.id as service_id
        from unnest(${lit(teams.map((t) => t.name))}, ${lit(teams.map((t) => t.kind))}, ${lit(teams.map((t) => String(t.service)))}) with ordinality t(name, kind, svc, ord)
        join (select id, row_number() over (order by name) as k from service) s on s.id = (select id from service where name = (${lit(serviceNames)})[t.svc::int + 1])`)
    await run(tx, `insert into team (id, service_id, name, kind) select id, service_id, name, kind from cteam`)
    const staffRows = teams.flatMap((t, ti) => t.staff.map((role) => `(${ti + 1},'${role}')`))
    await run(tx, `create temp table cworker on commit drop as
      select row_number() over ()::int as k, gen_random_uuid() as id, s.team_ord, s.role, t.id as team_id, t.kind as team_kind, t.service_id
        from (values ${staffRows.join(',')}) s(team_ord, role) join cteam t on t.ord = s.team_ord`)
    await run(tx, `insert into worker (id, name, job_role, qualified_social_worker, swe_registration, fte, team_id, started_on, newly_qualified)
      select id, ${pick('k', 1, [...COUNTY_GIVEN_NAMES_F, ...COUNTY_GIVEN_NAMES_M])} || ' ' || ${pick('k', 2, COUNTY_FAMILY_NAMES)}, role, role <> 'Family support worker',
             case when role <> 'Family support worker' then 'SW' || lpad((100000 + k * 7)::text, 6, '0') end,
             case when ${r('k', 3, 10)} < 8 then 1.00 when ${r('k', 3, 10)} = 8 then 0.80 else 0.60 end,
             team_id, '${windowStart}'::date - 400 + ${r('k', 4, Math.round(years * 365))}, role = 'Social worker' and ${r('k', 5, 8)} = 0
        from cworker`)
    // Sign-ins: one per worker, by job and team; plus the council-wide roles. One shared password (synthetic data).
    await run(tx, `create temp table cuser on commit drop as
      select gen_random_uuid() as id, w.id as worker_id, w.team_id, w.service_id, w.role as job_role, w.team_kind,
             case when w.role = 'Service manager' then 'service_manager' when w.role = 'Team manager' then 'team_manager'
                  when w.team_kind = 'front_door' then 'front_door_worker' when w.team_kind = 'edt' then 'edt_worker' else 'social_worker' end as role,
             case when w.role = 'Service manager' then 'sm' when w.role = 'Team manager' then 'tm' when w.team_kind = 'front_door' then 'fd' when w.team_kind = 'edt' then 'edt' else 'sw' end as prefix,
             w.k
        from cworker w`)
    await run(tx, `insert into user_account (id, username, display_name, password_hash, role, scope, worker_id)
      select u.id, u.prefix || lpad((row_number() over (partition by u.prefix order by u.k))::text, 3, '0'), w.name, '${passwordHash}', u.role::user_role,
             (case u.role when 'service_manager' then 'service' when 'team_manager' then 'team' when 'front_door_worker' then 'council' when 'edt_worker' then 'council' else 'own_caseload' end)::access_scope,
             u.worker_id
        from cuser u join worker w on w.id = u.worker_id`)
    await run(tx, `insert into user_account (username, display_name, password_hash, role, scope) values
      ('analyst', 'County analyst', '${passwordHash}', 'performance_analyst', 'council'), ('auditor', 'County auditor', '${passwordHash}', 'auditor', 'council'),
      ('admin', 'County administrator', '${passwordHash}', 'administrator', 'council'), ('chair1', 'Conference chair one', '${passwordHash}', 'conference_chair', 'council'),
      ('chair2', 'Conference chair two', '${passwordHash}', 'conference_chair', 'council'), ('chair3', 'Conference chair three', '${passwordHash}', 'conference_chair', 'council')`)
    await run(tx, `create temp table cref on commit drop as select
      (select id from user_account where username = 'admin') as admin,
      (select array_agg(id order by username) from user_account where role = 'conference_chair') as chairs,
      (select array_agg(id order by username) from user_account where role = 'front_door_worker') as fd,
      (select array_agg(u.id order by u.username) from user_account u join worker w on w.id = u.worker_id where u.role = 'team_manager' and w.team_id in (select id from cteam where kind = 'front_door')) as fd_tm`)
    // Case-holding workers of each allocating team, numbered within the team; team managers by team.
    await run(tx, `create temp table tw on commit drop as
      select w.team_id, (row_number() over (partition by w.team_id order by w.k) - 1)::int as j, w.id as worker_id, u.id as user_id, count(*) over (partition by w.team_id)::int as n
        from cworker w join cuser u on u.worker_id = w.id
       where w.role in ('Senior practitioner', 'Social worker', 'Family support worker') and w.team_kind in ('assessment', 'safeguarding');
      create index on tw (team_id, j)`)
    await run(tx, `create temp table ttm on commit drop as select w.team_id, u.id as user_id from cworker w join cuser u on u.worker_id = w.id where w.role = 'Team manager'`)
    await run(tx, `create temp table area_team on commit drop as
      select a.k::int as area, (select id from cteam where name = 'Assessment ' || a.name) as assess_id,
             (select id from cteam where name = 'Family support ' || a.name || ' 1') as fs1, (select id from cteam where name = 'Family support ' || a.name || ' 2') as fs2
        from unnest(${lit(AREAS)}) with ordinality a(name, k)`)
    progress('organisation', 1, 1)

    // ---------------------------------------------------------------- families and people
    // Per family: 1–4 children (mean 2.2), a mother and, in 60%, a father or partner; one home.
    await run(tx, `create temp table fam on commit drop as
      select f, 1 + ${r('f', 1, 10)} as area,
             case when ${r('f', 2, 100)} < 30 then 1 when ${r('f', 2, 100)} < 65 then 2 when ${r('f', 2, 100)} < 88 then 3 else 4 end as nc,
             ${r('f', 3, 100)} < 60 as has_father,
             ${pick('f', 4, COUNTY_FAMILY_NAMES)} as family_name,
             ${pick('f', 5, ETHNICITY)} as ethnicity
        from generate_series(1, ${families}) f;
      alter table fam add primary key (f)`)
    // Children: born so that part of their childhood falls in the window; siblings about two years apart.
    const span = Math.round(years * 365.25) + 17 * 365
    await run(tx, `create temp table kid on commit drop as
      select row_number() over (order by f.f, c)::int as i, f.f, c, gen_random_uuid() as person_id, f.area, f.family_name, f.ethnicity,
             least('${today}'::date - 25 - ${r('f.f * 8 + c', 9, 200)}, '${windowStart}'::date - ${17 * 365} + ${r('f.f', 6, span)} + (c - 1) * (500 + ${r('f.f * 8 + c', 7, 600)})) as dob,
             case when ${r('f.f * 8 + c', 8, 2)} = 0 then 'F' else 'M' end as sex
        from fam f cross join lateral generate_series(1, f.nc) c;
      alter table kid add primary key (i); create index on kid (f)`)
    await run(tx, `create temp table grown on commit drop as
      select f.f, a.role, gen_random_uuid() as person_id, f.family_name, f.ethnicity,
             (select min(dob) from kid k where k.f = f.f) - (case a.role when 'mother' then 19 else 21 end + ${r('f.f', 11, 16)}) * 365 - ${r('f.f * 2 + a.o', 12, 300)} as dob
        from fam f cross join lateral (values ('mother', 1), ('father', 2)) a(role, o)
       where a.role = 'mother' or f.has_father`)
    // NHS numbers in the 999 range (never issued to patients), valid by the modulus-11 check; UPNs for LA 886.
    const personInsert = (from: string, cols: string) => `insert into person (id, person_ref, given_names, family_name, date_of_birth, sex, ethnicity_code, disabilities, nhs_number, upn, upn_unknown_reason, created_by, created_at, updated_at)
      select person_id, 'P' || lpad(nextval('person_ref_seq')::text, 7, '0'), given, family_name, dob, sex, ethnicity, disabilities,
             case when nhs_check < 10 and nhs9 <> '000000000' then nhs9 || nhs_check end, upn, case when upn is null and child and dob <= '${today}'::date - 4 * 365 then 'UN5' end,
             (select admin from cref), '${windowStart}'::timestamptz + make_interval(days => greatest(0, dob - '${windowStart}'::date)), now()
        from (select y.*, (11 - (select sum(substr(y.nhs9, d, 1)::int * (11 - d)) from generate_series(1, 9) d) % 11) % 11 as nhs_check
                from (select x.*, ${cols} from ${from}) y) z`
    const upnBase = `('886' || lpad(x.i::text, 9, '0'))`
    await run(tx, `${personInsert(`(select k.*, true as child from kid k) x`, `
      case when x.sex = 'F' then ${pick('x.i', 13, COUNTY_GIVEN_NAMES_F)} else ${pick('x.i', 13, COUNTY_GIVEN_NAMES_M)} end as given,
      '999' || lpad(x.i::text, 6, '0') as nhs9,
      (case ${r('x.i', 14, 100)} when 90 then '{AUT}' when 91 then '{LD}' when 92 then '{COMM}' when 93 then '{BEH}' when 94 then '{MOB}' when 95 then '{HEAR}'
         when 96 then '{VIS}' when 97 then '{CON}' when 98 then '{AUT,LD}' else '{NONE}' end)::text[] as disabilities,
      case when x.dob <= '${today}'::date - 4 * 365 and ${r('x.i', 15, 50)} <> 0 then
        substr('ABCDEFGHJKLMNPQRTUVWXYZ', 1 + (select sum(substr(${upnBase}, d, 1)::int * (d + 1)) from generate_series(1, 12) d)::int % 23, 1) || ${upnBase} end as upn`)}`)
    progress('people', 1, 3)
    // Adults: NHS numbers continue after the children's.
    await run(tx, `${personInsert(`(select g.*, false as child, row_number() over (order by g.f, g.role)::int + (select max(i) from kid) as i, case when g.role = 'mother' then 'F' else 'M' end as sex from grown g) x`, `
      case when x.role = 'mother' then ${pick('x.i', 16, COUNTY_GIVEN_NAMES_F)} else ${pick('x.i', 16, COUNTY_GIVEN_NAMES_M)} end as given,
      case when x.i < 1000000 then '999' || lpad(x.i::text, 6, '0') else '000000000' end as nhs9, '{}'::text[] as disabilities, null::text as upn`)}`)
    progress('people', 2, 3)
    await run(tx, `insert into person_name (person_id, name_type, given_names, family_name, valid_from, created_at)
      select id, 'current', given_names, family_name, date_of_birth, created_at from person`)
    // A few known aliases, the way names arrive spelt differently on referrals.
    await run(tx, `insert into person_name (person_id, name_type, given_names, family_name, created_at)
      select p.id, 'alias', p.given_names, p.family_name || 'e', p.created_at from kid k join person p on p.id = k.person_id where ${r('k.i', 17, 25)} = 0`)
    await run(tx, `insert into address (person_id, line1, town, postcode, start_date, created_at)
      select m.person_id, (1 + ${r('m.f', 18, 140)})::text || ' ' || ${pick('m.f', 19, DISTRICT_STREETS)}, (${lit(AREAS)})[f.area], 'HC' || f.area || ' ' || (1 + ${r('m.f', 20, 9)})::text || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + ${r('m.f', 21, 20)}, 1) || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + ${r('m.f', 22, 20)}, 1),
             greatest(p.date_of_birth, '${windowStart}'::date - 365), p.created_at
        from (select f, person_id from kid union all select f, person_id from grown) m join fam f on f.f = m.f join person p on p.id = m.person_id`)
    await run(tx, `insert into person_relationship (person_id, related_person_id, relationship_type, parental_responsibility, lives_with, start_date)
      select g.person_id, k.person_id, 'parent', g.role = 'mother' or ${r('k.i', 23, 3)} > 0, g.role = 'mother' or ${r('k.i', 24, 4)} > 0, k.dob
        from kid k join grown g on g.f = k.f`)
    progress('people', 3, 3)

    // ---------------------------------------------------------------- contacts
    // Each child comes to the front door 1–10 times (mean 2.5), inside a stretch of their childhood.
    await run(tx, `create temp table kspan on commit drop as
      select y.i, y.person_id, y.f, y.area, y.s, y.e,
             -- A child known for less than two years (a baby, or a young person about to turn 18) has fewer contacts.
             greatest(1, (y.nk0 * least(1.0, (y.e - y.s) / 700.0))::int) as nk
        from (select k.i, k.person_id, k.f, k.area, greatest(k.dob, '${windowStart}'::date) as s, least(k.dob + 18 * 365 - 1, '${today}'::date - 1) as e,
                     case when ${r('k.i', 30, 100)} < 40 then 1 when ${r('k.i', 30, 100)} < 63 then 2 when ${r('k.i', 30, 100)} < 78 then 3 when ${r('k.i', 30, 100)} < 88 then 4
                          when ${r('k.i', 30, 100)} < 94 then 5 else 6 + ${r('k.i', 31, 5)} end as nk0
                from kid k) y`)
    await run(tx, `create temp table cc (j bigint, i int, person_id uuid, area int, at timestamptz, day date, ooh boolean) on commit drop`)
    for (let s = 0; s < SLICES; s++) {
      // Contacts cluster: the stretch is about 2 years (or the whole childhood in the window, if shorter).
      await run(tx, `insert into cc
        select x.i::bigint * 16 + c, x.i, x.person_id, x.area,
               (d + make_interval(hours => h, mins => ${r('x.i * 16 + c', 34, 60)})) at time zone 'Europe/London', d,
               h < 8 or h >= 18 or extract(isodow from d) > 5
          from kspan x cross join lateral generate_series(1, x.nk) c
          cross join lateral (select x.s + ${r('x.i', 32, 100000)} % greatest(1, x.e - x.s - 700 + 1) as ws) w
          cross join lateral (select w.ws + ${r('x.i * 16 + c', 33, 100000)} % least(700, x.e - w.ws + 1) as d) dd
          cross join lateral (select case when ${r('x.i * 16 + c', 35, 100)} < 88 then 8 + ${r('x.i * 16 + c', 36, 10)} else (18 + ${r('x.i * 16 + c', 36, 14)}) % 24 end as h) hh
         where x.i % ${SLICES} = ${s} and x.e > x.s`)
      progress('contacts', s + 1, SLICES * 2)
    }
    await run(tx, `create index on cc (i, day); analyze cc`)
    // Which contacts become referrals. Candidates ~36% of contacts (DfE: about a quarter to a third of
    // contacts become referrals); a candidate is kept only if it starts after every earlier candidate's
    // episode would have ended, so a child has one open referral at a time.
    await run(tx, `create temp table cand on commit drop as
      select c.j, c.i, c.person_id, c.area, c.day as ref_date,
             case when ${r('c.j', 40, 1000)} < 330 then 'nfa' when ${r('c.j', 40, 1000)} < 625 then 'eh' when ${r('c.j', 40, 1000)} < 845 then 'cin'
                  when ${r('c.j', 40, 1000)} < 935 then 's47nfa' else 'cp' end as cls,
             case when ${r('c.j', 41, 100)} < 84 then 6 + ${r('c.j', 42, 34)} else 46 + ${r('c.j', 42, 30)} end as a_wd
        from cc c
       where ${r('c.j', 39, 1000)} < 360 and c.day < '${today}'::date - 1`)
    await run(tx, `create temp table cand2 on commit drop as
      select c.*, pg_temp.add_wd(c.ref_date, c.a_wd) as a_done,
             pg_temp.add_wd(c.ref_date, 1 + ${r('c.j', 43, 4)}) as sd_on,
             ${r('c.j', 44, 100)} as p
        from cand c`)
    await run(tx, `create temp table cand3 on commit drop as
      select c.*, pg_temp.add_wd(c.sd_on, 8 + ${r('c.j', 45, 10)}) as s47_end,
             pg_temp.weekday(pg_temp.add_wd(c.sd_on, case when c.p < 80 then 9 + ${r('c.j', 46, 7)} else 16 + ${r('c.j', 46, 12)} end)) as icpc_on
        from cand2 c`)
    await run(tx, `create temp table cand4 on commit drop as
      select c.*, case when c.cls = 'cp' then least(c.s47_end, pg_temp.add_wd(c.icpc_on, -1)) else c.s47_end end as s47_done,
             -- A CP plan ends at a review conference: reviews 3 months after the ICPC, then every 6 months.
             case when cls = 'cp' then c.icpc_on + 91 + 182 * greatest(0, ceil((case when ${r('c.j', 47, 100)} < 6 then 730 + ${r('c.j', 48, 200)} else 90 + ${r('c.j', 48, 560)} end - 91) / 182.0))::int end as cp_end,
             case when cls = 'cin' then 60 + ${r('c.j', 49, 200)} end as cin_days,
             45 + ${r('c.j', 50, 90)} as stepdown_days
        from cand3 c`)
    await run(tx, `create temp table cand5 on commit drop as
      select c.*, case cls when 'nfa' then c.a_done + ${r('c.j', 51, 5)} when 'eh' then c.a_done + 2 + ${r('c.j', 51, 10)}
                           when 's47nfa' then greatest(c.a_done, c.s47_done) + ${r('c.j', 51, 10)} when 'cin' then c.a_done + 1 + c.cin_days
                           else c.cp_end + 1 + c.stepdown_days end as planned_end
        from cand4 c`)
    await run(tx, `create temp table ep on commit drop as
      select row_number() over (order by ref_date, j)::int as e, x.*, gen_random_uuid() as referral_id, gen_random_uuid() as assessment_id,
             case when cls in ('cp', 's47nfa') then gen_random_uuid() end as sd_id, case when cls in ('cp', 's47nfa') then gen_random_uuid() end as s47_id,
             case when cls = 'cp' then gen_random_uuid() end as icpc_id, case when cls = 'cp' then gen_random_uuid() end as cp_id,
             case when cls in ('cin', 'cp') then gen_random_uuid() end as cin_id,
             case when planned_end < '${today}'::date then planned_end end as closed_on
        from (select c.*, max(c.planned_end) over (partition by c.i order by c.ref_date, c.j rows between unbounded preceding and 1 preceding) as prev_end from cand5 c) x
       where x.prev_end is null or x.ref_date > x.prev_end;
      alter table ep add primary key (e); create index on ep (j); create index on ep (i, ref_date)`)
    // Re-referral: another referral for the child in the 12 months before (DfE definition).
    await run(tx, `alter table ep add column prior_12m int; update ep set prior_12m = (select count(*) from ep p where p.i = ep.i and p.ref_date < ep.ref_date and p.ref_date >= ep.ref_date - 365)`)
    // Teams and workers: assessment by the child's area; plans by one of the area's two family support teams.
    await run(tx, `alter table ep add column a_team uuid, add column a_worker uuid, add column a_user uuid, add column p_team uuid, add column p_worker uuid, add column p_user uuid, add column unallocated boolean`)
    await run(tx, `update ep set a_team = at.assess_id, p_team = case when ${r('ep.j', 52, 2)} = 0 then at.fs1 else at.fs2 end,
                               unallocated = closed_on is null and ${r('ep.j', 53, 100)} < 3
                     from area_team at where at.area = ep.area`)
    await run(tx, `update ep set a_worker = tw.worker_id, a_user = tw.user_id from tw where tw.team_id = ep.a_team and tw.j = ${r('ep.j', 54, 1000)} % tw.n`)
    await run(tx, `update ep set p_worker = tw.worker_id, p_user = tw.user_id from tw where tw.team_id = ep.p_team and tw.j = ${r('ep.j', 55, 1000)} % tw.n`)
    await run(tx, `analyze ep`)

    // The contacts themselves, decided within one working day bar a few; today's still to decide.
    for (let s = 0; s < SLICES; s++) {
      await run(tx, `insert into contact (id, contact_ref, received_at, channel, source_code, referrer_name, referrer_agency, concern, parents_aware, consent, threshold_level, rag,
                                          screening_notes, screened_at, screened_by, decision_due_date, decided_at, out_of_hours, handover_acknowledged_at, handover_acknowledged_by, created_at, created_by, feedback_given_on)
        select x.contact_id, 'C' || lpad(x.j::text, 8, '0'), x.at, case when x.ooh then 'edt' when x.src = '6' then 'police_notification' when ${r('x.j', 60, 3)} = 0 then 'email' else 'phone' end,
               x.src, 'County referrer ' || (1 + ${r('x.j', 61, 400)}), case x.src when '6' then 'County police' when '2A' then 'County school' when '3A' then 'County GP practice' else null end,
               ${pick('x.j', 62, COUNTY_CONCERNS)}, (array['yes','yes','no','not_known'])[1 + ${r('x.j', 63, 4)}], (array['given','given','not_given','not_sought'])[1 + ${r('x.j', 64, 4)}],
               case when x.decided then (case when ep.e is not null then (case when ep.cls = 'cp' or ep.cls = 's47nfa' then '4' else '3' end) else (array['1','2','2','3'])[1 + ${r('x.j', 65, 4)}] end) end,
               case when x.decided then (array['red','amber','amber','green','green'])[1 + ${r('x.j', 66, 5)}] end,
               case when x.decided then 'Checks with police, health and school completed.' end,
               case when x.decided then x.decided_at - interval '1 hour' end, case when x.decided then (select fd[1 + ${r('x.j', 67, 20)}] from cref) end,
               pg_temp.add_wd(x.day, 1), case when x.decided then x.decided_at end, x.ooh,
               case when x.ooh and x.decided then x.decided_at - interval '2 hours' end, case when x.ooh and x.decided then (select fd[1 + ${r('x.j', 68, 20)}] from cref) end,
               x.at, (select fd[1 + ${r('x.j', 69, 20)}] from cref),
               -- Referrers told the outcome within three days (none yet for the last week's contacts, and never for anonymous ones).
               case when x.decided and x.src not in ('9', '10') and x.day < '${today}'::date - 7 and ${r('x.j', 73, 50)} > 0 then x.decided_at::date + ${r('x.j', 74, 4)} end
          from (select cc.*, gen_random_uuid() as contact_id, ${pick('cc.j', 59, WEIGHTED_SOURCES)} as src, cc.day < '${today}'::date - 1 as decided,
                       greatest(cc.at + interval '2 hours', (pg_temp.add_wd(cc.day, case when ${r('cc.j', 70, 100)} < 93 then case when ${r('cc.j', 71, 2)} = 0 then 0 else 1 end else 2 end)
                                 + time '09:00' + make_interval(hours => ${r('cc.j', 72, 8)})) at time zone 'Europe/London') as decided_raw
                  from cc where cc.i % ${SLICES} = ${s}) x0
          cross join lateral (select x0.*, least(x0.decided_raw, '${today}'::timestamp at time zone 'Europe/London' + interval '8 hours') as decided_at) x
          left join ep on ep.j = x.j`)
      progress('contacts', SLICES + s + 1, SLICES * 2)
    }
    await run(tx, `insert into referrer_feedback (contact_id, given_on, method, summary, recorded_by, recorded_at)
      select c.id, c.feedback_given_on, case when c.source_code = '6' then 'email' else 'phone' end, 'Told the referrer the outcome and what happens next.', c.screened_by,
             c.feedback_given_on::timestamp at time zone 'Europe/London' + interval '15 hours'
        from contact c where c.feedback_given_on is not null`)
    await run(tx, `create temp table ccid on commit drop as select c.id, substr(c.contact_ref, 2)::bigint as j from contact c where c.contact_ref like 'C________';
      create unique index on ccid (j); analyze ccid`)
    await run(tx, `alter table ep add column contact_id uuid; update ep set contact_id = ccid.id from ccid where ccid.j = ep.j`)

    // ---------------------------------------------------------------- referrals and assessments
    await run(tx, `insert into referral (id, referral_ref, person_id, contact_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months, primary_need_code, closed_on, closure_reason, created_at, created_by)
      select ep.referral_id, 'R' || lpad(ep.e::text, 7, '0'), ep.person_id, ep.contact_id, ep.ref_date, c.source_code, ep.prior_12m > 0, ep.prior_12m,
             case when ep.a_done < '${today}'::date then (case ep.cls when 'cp' then (array['N1','N1','N2'])[1 + ${r('ep.j', 80, 3)}] when 's47nfa' then 'N1' when 'nfa' then (array['N9','N8','N5','N2'])[1 + ${r('ep.j', 80, 4)}] else (array['N1','N2','N3','N4','N5','N6','N8'])[1 + ${r('ep.j', 80, 7)}] end) end,
             ep.closed_on, case when ep.closed_on is not null then (case ep.cls when 'nfa' then 'RC8' when 'eh' then 'RC9' else (case when ${r('ep.j', 81, 20)} = 0 then 'RC5' else 'RC7' end) end) end,
             c.received_at, (select fd_tm[1 + ${r('ep.j', 82, 2)}] from cref)
        from ep join contact c on c.id = ep.contact_id`)
    await run(tx, `insert into contact_child (contact_id, person_id, outcome, reasons, decided_at, decided_by, referral_id)
      select c.id, cc.person_id,
             case when c.decided_at is null then null when ep.e is not null then 'referral' else (array['nfa','information_advice','information_advice','early_help','early_help'])[1 + ${r('cc.j', 83, 5)}] end,
             case when c.decided_at is not null then 'Threshold applied with the partner information gathered.' end,
             c.decided_at, case when c.decided_at is not null then (select fd_tm[1 + ${r('cc.j', 84, 2)}] from cref) end, ep.referral_id
        from cc join ccid on ccid.j = cc.j join contact c on c.id = ccid.id left join ep on ep.j = cc.j`)
    progress('referrals', 1, 3)
    await run(tx, `insert into assessment (id, assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, worker_id, team_id, child_wishes, analysis, factors,
                                          primary_need_code, outcome, submitted_at, submitted_by, authorised_at, authorised_by, completed_on, delay_reason, created_at, created_by, updated_at)
      select ep.assessment_id, 'A' || lpad(ep.e::text, 7, '0'), ep.person_id, ep.referral_id, 'single', 'wt2023', ep.ref_date, pg_temp.add_wd(ep.ref_date, 45),
             case when done then 'authorised' when ${r('ep.j', 85, 10)} = 0 then 'submitted' else 'in_progress' end,
             ep.a_worker, ep.a_team, 'The child told me what they like about home and what worries them.', case when done then 'Needs and risks analysed with the family.' end,
             case when done then (array['{2B,3A}','{4A}','{6A,8B}','{1A,3C}','{2C,16A}','{10A}','{22A,3A}','{18B}','{19B,2A}','{3B}'])[1 + ${r('ep.j', 86, 10)}]::text[] else '{}'::text[] end,
             case when done then (array['N1','N2','N3','N4','N5','N6','N8','N9'])[1 + ${r('ep.j', 80, 8)}] end,
             case when done then (case ep.cls when 'nfa' then 'nfa' when 'eh' then 'early_help' when 'cin' then 'cin_plan' else 'strategy_discussion' end) end,
             case when done or ${r('ep.j', 85, 10)} = 0 then (least(ep.a_done, '${today}'::date) - 1)::timestamp at time zone 'Europe/London' + interval '15 hours' end,
             case when done or ${r('ep.j', 85, 10)} = 0 then ep.a_user end,
             case when done then ep.a_done::timestamp at time zone 'Europe/London' + interval '11 hours' end, case when done then tm.user_id end, case when done then ep.a_done end,
             case when done and ep.a_wd > 45 then 'The family were not available for some weeks; the manager agreed the delay.' end,
             ep.ref_date::timestamp at time zone 'Europe/London' + interval '10 hours', ep.a_user, now()
        from (select ep.*, ep.a_done < '${today}'::date as done from ep) ep join ttm tm on tm.team_id = ep.a_team`)
    await run(tx, `insert into assessment_child_seen (assessment_id, seen_on, seen_alone, recorded_at, recorded_by)
      select ep.assessment_id, least(pg_temp.add_wd(ep.ref_date, 2 + ${r('ep.j', 87, 4)}), '${today}'::date - 1), ${r('ep.j', 88, 10)} < 7, now(), ep.a_user from ep where ep.ref_date < '${today}'::date - 2 and ${r('ep.j', 89, 20)} > 0`)
    await run(tx, `insert into assessment_review (assessment_id, action, acted_at, acted_by)
      select a.id, 'submitted', a.submitted_at, a.submitted_by from assessment a where a.submitted_at is not null and a.assessment_ref like 'A_______'
      union all select a.id, 'authorised', a.authorised_at, a.authorised_by from assessment a where a.authorised_at is not null and a.assessment_ref like 'A_______'`)
    await run(tx, `insert into management_decision (person_id, stage, subject_type, subject_id, decision, reasons, decided_at, decided_by)
      select a.person_id, 'assessment', 'assessment', a.id, 'Assessment authorised: ' || replace(a.outcome, '_', ' '), 'The analysis supports the outcome.', a.authorised_at, a.authorised_by
        from assessment a where a.authorised_at is not null and a.assessment_ref like 'A_______'`)
    progress('referrals', 2, 3)

    // ---------------------------------------------------------------- allocation, transfer to a family support team, queues
    // Plans move to a family support team when they start (CIN plan start, or the ICPC).
    await run(tx, `alter table ep add column move_on date; update ep set move_on = case when cls = 'cin' then a_done + 1 when cls = 'cp' then icpc_on end where cls in ('cin','cp')`)
    await run(tx, `update ep set move_on = null where move_on >= '${today}'::date or move_on >= coalesce(closed_on, '${today}'::date)`)
    await run(tx, `create temp table alloc on commit drop as
      select ep.e, 1 as leg, gen_random_uuid() as id, ep.person_id, ep.a_worker as worker_id, ep.a_team as team_id, ep.ref_date + ${r('ep.j', 90, 3)} as start_date,
             coalesce(ep.move_on, ep.closed_on) as end_date, ep.a_user, ep.unallocated and ep.move_on is null as skip
        from ep
      union all
      select ep.e, 2, gen_random_uuid(), ep.person_id, ep.p_worker, ep.p_team, least(ep.move_on + ${r('ep.j', 91, 10)}, greatest(ep.move_on, '${today}'::date - 1)), ep.closed_on, ep.p_user, ep.unallocated
        from ep where ep.move_on is not null`)
    await run(tx, `update alloc set end_date = start_date where end_date < start_date`)
    await run(tx, `insert into allocation (id, person_id, worker_id, team_id, start_date, end_date, reason, end_reason, created_at, created_by)
      select a.id, a.person_id, a.worker_id, a.team_id, a.start_date, a.end_date, case a.leg when 1 then 'Assessment' else 'Plan' end,
             case when a.end_date is not null then (case a.leg when 1 then 'MANAGE' else 'CLOSED' end) end,
             a.start_date::timestamp at time zone 'Europe/London' + interval '12 hours', tm.user_id
        from alloc a join ttm tm on tm.team_id = a.team_id where not a.skip`)
    await run(tx, `insert into team_queue (person_id, team_id, waiting_since, reason, source_type, source_id, allocated_at, allocation_id)
      select a.person_id, a.team_id, (case a.leg when 1 then ep.ref_date else ep.move_on end)::timestamp at time zone 'Europe/London' + interval '9 hours',
             case a.leg when 1 then 'New referral' else 'Transfer for a plan' end, 'referral', ep.referral_id,
             case when not a.skip then a.start_date::timestamp at time zone 'Europe/London' + interval '12 hours' end, case when not a.skip then a.id end
        from alloc a join ep on ep.e = a.e
       where not a.skip or a.end_date is null`)
    await run(tx, `insert into team_transfer (person_id, from_team_id, to_team_id, summary, status, proposed_at, proposed_by, decided_at, decided_by, decision_reasons)
      select ep.person_id, ep.a_team, ep.p_team, 'Assessment complete; the plan needs a family support team.', 'accepted',
             ep.move_on::timestamp at time zone 'Europe/London' + interval '10 hours', fromtm.user_id, ep.move_on::timestamp at time zone 'Europe/London' + interval '15 hours', totm.user_id, 'Accepted.'
        from ep join ttm fromtm on fromtm.team_id = ep.a_team join ttm totm on totm.team_id = ep.p_team where ep.move_on is not null`)
    progress('referrals', 3, 3)

    // ---------------------------------------------------------------- child protection
    await run(tx, `insert into strategy_discussion (id, person_id, referral_id, source_type, source_id, held_on, held_at, participants, decision, information_shared, created_at, created_by)
      select ep.sd_id, ep.person_id, ep.referral_id, 'referral', ep.referral_id, ep.sd_on, '1' || ${r('ep.j', 100, 7)} || ':00',
             '[{"name":"County police officer","agency":"police","role":"Detective constable"},{"name":"County health lead","agency":"health","role":"Named nurse"},{"name":"County school DSL","agency":"education","role":"DSL"}]'::jsonb,
             case when ${r('ep.j', 101, 3)} = 0 then 's47_single' else 's47_joint' end, 'Police and health records shared; the incident and history discussed.',
             ep.sd_on::timestamp at time zone 'Europe/London' + interval '16 hours', ep.a_user
        from ep where ep.sd_id is not null and ep.sd_on < '${today}'::date`)
    await run(tx, `insert into section47_enquiry (id, person_id, referral_id, strategy_discussion_id, joint, start_date, icpc_target_date, status, child_seen, child_seen_on, child_seen_alone,
                                                  outcome, icpc_required, conference_not_required_reason, recorded_by, recorded_on, authorised_by, authorised_on, worker_id, team_id, created_at, created_by)
      select ep.s47_id, ep.person_id, ep.referral_id, ep.sd_id, true, ep.sd_on, pg_temp.add_wd(ep.sd_on, 15), case when done then 'authorised' else 'open' end,
             true, ep.sd_on + 1, ${r('ep.j', 102, 10)} < 8,
             case when done then (case when ep.cls = 'cp' then 'substantiated_continuing_risk' when ${r('ep.j', 103, 2)} = 0 then 'not_substantiated' else 'substantiated_no_risk' end) end,
             case when done then ep.cls = 'cp' end, case when done and ep.cls <> 'cp' then 'No continuing risk of significant harm; support offered.' end,
             case when done then ep.a_user end, case when done then ep.s47_done end, case when done then tm.user_id end, case when done then ep.s47_done end,
             ep.a_worker, ep.a_team, ep.sd_on::timestamp at time zone 'Europe/London' + interval '17 hours', ep.a_user
        from (select ep.*, ep.s47_done < '${today}'::date as done from ep) ep join ttm tm on tm.team_id = ep.a_team
       where ep.s47_id is not null and ep.sd_on < '${today}'::date`)
    // ICPCs: held, or scheduled when the date is still to come.
    await run(tx, `insert into cp_conference (id, person_id, referral_id, type, section47_id, target_date, scheduled_on, chair_user_id, status, held_on, decision, categories, quorate, created_at, created_by)
      select ep.icpc_id, ep.person_id, ep.referral_id, 'initial', ep.s47_id, pg_temp.add_wd(ep.sd_on, 15), ep.icpc_on, (select chairs[1 + ${r('ep.j', 104, 3)}] from cref),
             case when held then 'held' else 'scheduled' end, case when held then ep.icpc_on end, case when held then 'plan' end,
             case when held then (case ${r('ep.j', 105, 20)} when 0 then '{SAB}' when 1 then '{PHY}' when 2 then '{PHY}' when 3 then '{NEG,EMO}' else (case when ${r('ep.j', 106, 2)} = 0 then '{NEG}' else '{EMO}' end) end)::text[] else '{}'::text[] end,
             case when held then true end, ep.s47_done::timestamp at time zone 'Europe/London' + interval '17 hours', ep.a_user
        from (select ep.*, ep.icpc_on < '${today}'::date as held from ep) ep
       where ep.icpc_id is not null and ep.s47_done < '${today}'::date`)
    await run(tx, `create temp table cpp on commit drop as
      select ep.e, ep.j, ep.cp_id, ep.icpc_id, ep.person_id, ep.referral_id, ep.icpc_on as start_date, case when ep.cp_end < '${today}'::date then ep.cp_end end as end_date, ep.cp_end,
             coalesce(ep.p_worker, ep.a_worker) as worker, coalesce(ep.p_user, ep.a_user) as user_id, c.categories,
             (select count(*) from ep p where p.i = ep.i and p.cls = 'cp' and p.icpc_on < ep.icpc_on)::int as previous,
             exists (select 1 from ep p where p.i = ep.i and p.cls = 'cp' and p.cp_end < ep.icpc_on and p.cp_end >= ep.icpc_on - 730) as repeat2
        from ep join cp_conference c on c.id = ep.icpc_id where c.status = 'held'`)
    // Review conferences: 3 months after the ICPC, then every 6 months, held up to today; the last ends the plan.
    await run(tx, `create temp table cprev on commit drop as
      select p.*, k, p.start_date + 91 + 182 * (k - 1) as rev_on from cpp p cross join lateral generate_series(1, 1 + (least(p.cp_end, '${today}'::date) - p.start_date) / 182) k
       where p.start_date + 91 + 182 * (k - 1) < '${today}'::date and p.start_date + 91 + 182 * (k - 1) <= p.cp_end`)
    await run(tx, `create index on cprev (e); create index on cpp (e); analyze cprev; analyze cpp`)
    // One open plan per child at a time (cp_plan_one_open_per_child): plans go in one round per plan number,
    // each ended by its last review before the child's next plan goes in.
    await run(tx, `alter table cpp add column ord int; update cpp set ord = x.o from (select e, row_number() over (partition by person_id order by start_date)::int as o from cpp) x where x.e = cpp.e`)
    const rounds = Number(((await run(tx, `select coalesce(max(ord), 0)::int as n from cpp`)).rows[0] as { n: number }).n)
    for (let round = 1; round <= rounds; round++) {
      await run(tx, `insert into cp_plan (id, person_id, referral_id, start_conference_id, start_date, initial_categories, latest_categories, number_of_previous_plans, repeat_within_2_years,
                                        lead_worker_id, first_core_group_due, last_review_date, next_review_due, created_at, created_by)
      select p.cp_id, p.person_id, p.referral_id, p.icpc_id, p.start_date, p.categories, p.categories, p.previous, p.repeat2, p.worker, pg_temp.add_wd(p.start_date, 10),
             (select max(rev_on) from cprev r where r.e = p.e), coalesce((select max(rev_on) + 182 from cprev r where r.e = p.e), p.start_date + 91),
             p.start_date::timestamp at time zone 'Europe/London' + interval '16 hours', p.user_id
        from cpp p where p.ord = ${round}`)
      await run(tx, `insert into cp_conference (person_id, referral_id, type, cp_plan_id, target_date, scheduled_on, chair_user_id, status, held_on, decision, categories, quorate, created_at, created_by)
      select r.person_id, r.referral_id, 'review', r.cp_id, r.rev_on, r.rev_on, (select chairs[1 + ${r('r.j * 8 + r.k', 107, 3)}] from cref), 'held', r.rev_on,
             case when r.rev_on = r.end_date then 'end_plan' else 'continue' end, r.categories, true, r.rev_on::timestamp at time zone 'Europe/London' + interval '16 hours', r.user_id
        from cprev r join cpp p on p.e = r.e where p.ord = ${round}`)
      await run(tx, `update cp_plan p set end_date = c.held_on, end_conference_id = c.id from cp_conference c join cpp on cpp.cp_id = c.cp_plan_id
      where c.cp_plan_id = p.id and c.decision = 'end_plan' and cpp.ord = ${round}`)
    }
    // The next review of each open plan is already booked.
    await run(tx, `insert into cp_conference (person_id, referral_id, type, cp_plan_id, target_date, scheduled_on, chair_user_id, status, created_at, created_by)
      select p.person_id, p.referral_id, 'review', p.id, p.next_review_due, p.next_review_due, (select chairs[1] from cref), 'scheduled', now(), p.created_by
        from cp_plan p join cpp on cpp.cp_id = p.id
       where p.end_date is null and not exists (select 1 from cp_conference c where c.person_id = p.person_id and c.status = 'scheduled')`)
    progress('child protection', 1, 2)
    // Core groups within 10 working days, then monthly; statutory visits about every 10 working days.
    await run(tx, `insert into core_group_meeting (cp_plan_id, person_id, held_on, notes, created_at, created_by)
      select p.cp_id, p.person_id, d, 'Core group reviewed the plan’s actions.', d::timestamp at time zone 'Europe/London' + interval '15 hours', p.user_id
        from cpp p cross join lateral generate_series(pg_temp.add_wd(p.start_date, 8)::timestamp, least(coalesce(p.end_date, '${today}'::date), '${today}'::date - 1)::timestamp, interval '28 days') g(t)
        cross join lateral (select g.t::date as d) x`)
    await run(tx, `insert into visit (person_id, plan_type, cp_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, notes, not_seen_reason, created_at, created_by)
      select p.person_id, 'cp', p.cp_id, v.d, v.seen, case when v.seen then ${r('p.j * 64 + v.n', 108, 10)} < 7 end, case when v.seen then 'yes' else 'no' end, ${r('p.j * 64 + v.n', 109, 5)} > 0,
             'County social worker', 'Saw the child at home and talked about the plan.', case when not v.seen then 'Child at a relative’s; seen two days later at school.' end,
             v.d::timestamp at time zone 'Europe/London' + interval '14 hours', p.user_id
        from cpp p cross join lateral (
          select n::int, pg_temp.weekday(p.start_date + 3 + 14 * n + ${r('p.j * 64 + n', 110, 3)} * (case when ${r('p.j * 64 + n', 111, 10)} = 0 then 2 else 0 end)) as d,
                 ${r('p.j * 64 + n', 112, 25)} > 0 as seen
            from generate_series(0, (least(coalesce(p.end_date, '${today}'::date), '${today}'::date - 1) - p.start_date - 3) / 14) n) v
       where v.d < least(coalesce(p.end_date, '${today}'::date), '${today}'::date)`)
    progress('child protection', 2, 2)

    // ---------------------------------------------------------------- children in need plans (and step-down from a CP plan)
    await run(tx, `create temp table cinp on commit drop as
      select ep.e, ep.j, ep.cin_id, ep.person_id, ep.referral_id, s.start_date, s.start_date + s.days as raw_end, ep.closed_on, ep.cls = 'cp' as step_down,
             coalesce(ep.p_worker, ep.a_worker) as worker, coalesce(ep.p_team, ep.a_team) as team, coalesce(ep.p_user, ep.a_user) as user_id
        from ep cross join lateral (select case when ep.cls = 'cin' then ep.a_done + 1 else ep.cp_end + 1 end as start_date,
                                           case when ep.cls = 'cin' then ep.cin_days else ep.stepdown_days end as days) s
       where ep.cin_id is not null and s.start_date < '${today}'::date`)
    await run(tx, `insert into cin_plan (id, person_id, referral_id, start_date, needs, review_frequency, visit_frequency, step_down_from_cp, worker_id, team_id, end_date, end_reason, ended_by, created_at, created_by)
      select c.cin_id, c.person_id, c.referral_id, c.start_date,
             '[{"need":"Safe, consistent care at home","services":"Parenting programme; school support","actions":[]}]'::jsonb,
             '{"amount":3,"unit":"months"}'::jsonb, '{"amount":20,"unit":"workingDays"}'::jsonb, c.step_down, c.worker, c.team,
             c.closed_on, case when c.closed_on is not null then 'services_not_needed' end, case when c.closed_on is not null then c.user_id end,
             c.start_date::timestamp at time zone 'Europe/London' + interval '12 hours', c.user_id
        from cinp c where c.closed_on is null or c.closed_on >= c.start_date`)
    await run(tx, `insert into cin_plan_review (cin_plan_id, person_id, held_on, notes, created_at, created_by)
      select c.cin_id, c.person_id, d, 'Plan reviewed with the family and the school.', d::timestamp at time zone 'Europe/London' + interval '11 hours', c.user_id
        from cinp c cross join lateral generate_series((c.start_date + 91)::timestamp, (least(coalesce(c.closed_on, '${today}'::date), '${today}'::date) - 1)::timestamp, interval '91 days') g(t)
        cross join lateral (select pg_temp.weekday(g.t::date) as d) x
       where c.closed_on is null or c.closed_on >= c.start_date`)
    await run(tx, `insert into visit (person_id, plan_type, cin_plan_id, visit_date, child_seen, seen_alone, bedroom_seen, announced, visited_by, notes, created_at, created_by)
      select c.person_id, 'cin', c.cin_id, d, true, ${r('c.j * 64 + x.n', 113, 2)} = 0, 'not_applicable', true, 'County social worker', 'Visited at home; the plan is on track.',
             d::timestamp at time zone 'Europe/London' + interval '15 hours', c.user_id
        from cinp c cross join lateral (select n::int, pg_temp.weekday(c.start_date + 7 + 28 * n) as d from generate_series(0, (least(coalesce(c.closed_on, '${today}'::date), '${today}'::date) - c.start_date - 8) / 28) n) x
       where (c.closed_on is null or c.closed_on >= c.start_date) and x.d < least(coalesce(c.closed_on, '${today}'::date), '${today}'::date)`)
    progress('children in need', 1, 1)

    // ---------------------------------------------------------------- closures, tasks, supervision
    await run(tx, `insert into case_closure (referral_id, person_id, reason_code, summary, status, proposed_at, proposed_by, decided_at, decided_by, manager_comments, closure_date, family_informed_on, family_informed_how)
      select r.id, r.person_id, r.closure_reason, 'Work complete; the family know who to call.', 'authorised',
             (r.closed_on - 1)::timestamp at time zone 'Europe/London' + interval '14 hours', coalesce(ep.p_user, ep.a_user),
             r.closed_on::timestamp at time zone 'Europe/London' + interval '10 hours', tm.user_id, 'Agreed.', r.closed_on, r.closed_on, 'letter'
        from ep join referral r on r.id = ep.referral_id join ttm tm on tm.team_id = coalesce(ep.p_team, ep.a_team) where r.closed_on is not null`)
    await run(tx, `insert into management_decision (person_id, stage, subject_type, subject_id, decision, reasons, decided_at, decided_by)
      select person_id, 'closure', 'case_closure', id, 'Close the case (' || reason_code || ')', 'Work complete.', decided_at, decided_by from case_closure where status = 'authorised'`)
    await run(tx, `insert into task (person_id, title, details, due_date, assigned_worker_id, source_type, created_at, created_by)
      select ep.person_id, (array['Arrange a family group conference','Chase the school attendance report','Update the chronology before supervision','See the child alone at school'])[1 + ${r('ep.j', 120, 4)}],
             'Direction from the team manager.', '${today}'::date - 10 + ${r('ep.j', 121, 30)}, coalesce(ep.p_worker, ep.a_worker), 'management_direction',
             '${today}'::timestamptz - interval '20 days', coalesce(ep.p_user, ep.a_user)
        from ep where ep.closed_on is null and not ep.unallocated and ${r('ep.j', 122, 3)} = 0`)
    // Supervision about monthly (a tenth of months missed), discussing up to four of the worker's cases.
    await run(tx, `create index on alloc (worker_id, start_date)`)
    await run(tx, `create temp table sup on commit drop as
      select gen_random_uuid() as id, w.worker_id, tm.user_id as supervisor, (m + ${r('w.j * 1000 + extract(epoch from m)::bigint / 86400', 130, 25)} * interval '1 day')::date as held_on, w.team_id
        from tw w join ttm tm on tm.team_id = w.team_id join worker wk on wk.id = w.worker_id
        cross join generate_series(date_trunc('month', greatest(wk.started_on, '${windowStart}'::date))::timestamp, ('${today}'::date - 28)::timestamp, interval '1 month') m
       where ${r('w.j * 1000 + extract(epoch from m)::bigint / 86400 + 7', 131, 10)} > 0`)
    await run(tx, `insert into supervision (id, worker_id, supervisor_user_id, held_on, reflective_notes, created_at, created_by)
      select id, worker_id, supervisor, held_on, 'Talked about workload and what is going well.', held_on::timestamp at time zone 'Europe/London' + interval '13 hours', supervisor from sup`)
    await run(tx, `insert into supervision_case (supervision_id, person_id, discussion)
      select s.id, a.person_id, 'Plan progress reviewed; next steps agreed.'
        from sup s cross join lateral (select distinct a.person_id from alloc a where a.worker_id = s.worker_id and a.start_date <= s.held_on and coalesce(a.end_date, '${today}'::date) > s.held_on and not a.skip limit 4) a`)
    progress('supervision', 1, 1)

    // ---------------------------------------------------------------- chronology and case notes
    await run(tx, `insert into chronology_entry (person_id, occurred_at, kind, summary, source_type, source_id, recorded_at, recorded_by)
      select cc.person_id, c.received_at, 'contact', 'Contact from ' || c.source_code || ': ' || c.concern, 'contact', c.id, c.received_at, c.created_by
        from cc join ccid on ccid.j = cc.j join contact c on c.id = ccid.id`)
    progress('chronology', 1, 3)
    await run(tx, `insert into chronology_entry (person_id, occurred_at, kind, summary, source_type, source_id, recorded_at, recorded_by)
      select r.person_id, r.created_at, 'referral', 'Referral accepted', 'referral', r.id, r.created_at, r.created_by from referral r
      union all select a.person_id, a.created_at, 'assessment-started', 'Single assessment started', 'assessment', a.id, a.created_at, a.created_by from assessment a
      union all select a.person_id, a.authorised_at, 'assessment-authorised', 'Assessment authorised: ' || replace(a.outcome, '_', ' '), 'assessment', a.id, a.authorised_at, a.authorised_by from assessment a where a.authorised_at is not null
      union all select s.person_id, s.created_at, 'strategy-discussion', 'Strategy discussion held', 'strategy_discussion', s.id, s.created_at, s.created_by from strategy_discussion s
      union all select c.person_id, c.held_on::timestamp at time zone 'Europe/London' + interval '12 hours', 'conference-held', 'Child protection conference held: ' || c.decision, 'cp_conference', c.id, c.created_at, c.created_by
                  from cp_conference c where c.status = 'held'
      union all select c.person_id, c.created_at, 'cin-plan-started', 'Child in need plan started', 'cin_plan', c.id, c.created_at, c.created_by from cin_plan c
      union all select c.person_id, c.decided_at, 'closure-authorised', 'Case closed (' || c.reason_code || ')', 'case_closure', c.id, c.decided_at, c.decided_by from case_closure c
      union all select v.person_id, v.created_at, 'visit', case when v.child_seen then 'Visit: child seen' else 'Visit: child not seen' end, 'visit', v.id, v.created_at, v.created_by from visit v`)
    progress('chronology', 2, 3)
    // Practitioners' case notes: about one every four weeks while a case is open.
    await run(tx, `insert into chronology_entry (person_id, occurred_at, kind, summary, recorded_at, recorded_by)
      select ep.person_id, t, 'practitioner', ${pick('ep.j * 64 + n', 140, COUNTY_NOTES)}, t + interval '1 hour', coalesce(case when t::date >= ep.move_on then ep.p_user end, ep.a_user)
        from ep cross join lateral generate_series(0, (least(coalesce(ep.closed_on, '${today}'::date), '${today}'::date - 1) - ep.ref_date) / 28) n
        cross join lateral (select (ep.ref_date + 2 + 28 * n + ${r('ep.j * 64 + n', 141, 5)})::timestamp at time zone 'Europe/London' + make_interval(hours => 9 + ${r('ep.j * 64 + n', 142, 8)}) as t) x
       where t < '${today}'::date`)
    progress('chronology', 3, 3)

    // ---------------------------------------------------------------- finishing
    await run(tx, `select setval('contact_ref_seq', greatest((select max(j) from cc), 1)); select setval('referral_ref_seq', greatest((select max(e) from ep), 1));
                   select setval('assessment_ref_seq', greatest((select max(e) from ep), 1))`)
    await run(tx, `insert into data_quality_check (person_id, dirty) select distinct person_id, true from referral on conflict (person_id) do update set dirty = true`)
    for (const t of TRIGGERED_TABLES) await run(tx, `alter table ${t} enable trigger user`)
    await run(tx, `truncate indicator_day, indicator_day_stale`)
    for (const [k, ix] of secondary.entries()) {
      await run(tx, ix.def)
      progress('indexes', k + 1, secondary.length)
    }
    if (superuser) {
      await run(tx, `set local session_replication_role = origin`)
      await verifyForeignKeys(tx, run)
    }
    progress('foreign keys', 1, 1)
    // A large shire county's 0–17 population (ONS mid-year estimates put Kent's at about 330,000).
    const y = collectionYearOf(today)
    await run(tx, `insert into council_setting (key, value) values ('child_population', jsonb_build_object('year', '${y - 1}-${String(y).slice(2)}', 'children', 330000,
                     'source', 'Synthetic county: about the 0–17 population of a large shire county'))`)
  })
  const ms = Math.round(performance.now() - t0)
  progress('analyse', 0, 1)
  // VACUUM as well as ANALYZE: it sets the visibility map, without which every index-only scan on the
  // freshly loaded tables fetched each heap row (the dashboard's contact counts: 94,000 heap fetches).
  await database.db.execute(sql`vacuum (analyze)`)
  progress('analyse', 1, 1)
  const counts: Record<string, number> = {}
  const countSql: SQL = sql.raw(`select ${COUNTY_TABLES.map((t) => `(select count(*)::int from ${t}) as "${t}"`).join(', ')}`)
  Object.assign(counts, (await database.db.execute(countSql)).rows[0] as Record<string, number>)
  counts['re_referrals'] = Number(((await database.db.execute(sql`select count(*)::int as n from referral where is_re_referral`)).rows[0] as { n: number }).n)
  counts['open_referrals'] = Number(((await database.db.execute(sql`select count(*)::int as n from referral where closed_on is null`)).rows[0] as { n: number }).n)
  const totalMs = Math.round(performance.now() - t0)
  await database.db.execute(sql`insert into council_setting (key, value) values ('county_seed', ${JSON.stringify({ seed: opts.seed, years, today, loadMs: totalMs, transactionMs: ms, counts, loadedAt: new Date().toISOString() })}::jsonb)
                                 on conflict (key) do update set value = excluded.value, updated_at = now()`)
  const signIns = (await database.db.execute(sql`select u.username, u.role::text as role, coalesce(t.name, '') as note from user_account u left join worker w on w.id = u.worker_id left join team t on t.id = w.team_id
      where u.username in ('sw001', 'tm001', 'sm001', 'fd001', 'edt001', 'analyst', 'auditor', 'admin', 'chair1') order by u.username`)).rows as { username: string; role: string; note: string }[]
  return { ms: totalMs, counts, signIns }
}

/**
 * Every foreign key of the schema, checked set-based (one anti-join per key): throws, and so rolls the
 * whole load back, if any row points at nothing.
 */
async function verifyForeignKeys(tx: Tx, run: (tx: Tx, q: string) => Promise<{ rows: unknown[] }>): Promise<void> {
  const keys = (await run(tx, `select c.conname, c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent, pa.attname as pcol
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace and cardinality(c.conkey) = 1`)).rows as { conname: string; child: string; col: string; parent: string; pcol: string }[]
  for (const k of keys) {
    const bad = (await run(tx, `select count(*)::int as n from ${k.child} c where c.${k.col} is not null and not exists (select 1 from ${k.parent} p where p.${k.pcol} = c.${k.col})`)).rows[0] as { n: number }
    if (bad.n > 0) throw new Error(`the county breaks foreign key ${k.conname}: ${bad.n} rows of ${k.child}.${k.col} point at no ${k.parent}`)
  }
}
