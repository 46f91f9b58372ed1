/**
 * `harbour seed county`: refuses a database that holds data (unless --force) and bad arguments; loads a
 * small county into an empty database with the statutory shapes the pages and returns rely on (one open
 * referral per child, every ended CP plan ended by a conference, assessments due 45 working days on); the
 * same seed gives the same county; a load stopped part-way leaves the database empty.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { connect, type Database } from '../../src/db/database.ts'
import { startEmbeddedDatabase } from '../../src/db/embedded/startEmbedded.ts'
import { migrateDatabase } from '../../src/db/migrate.ts'
import { isDatabaseEmpty } from '../../src/db/seed/demoCouncil.ts'
import { seedCounty } from '../../src/db/seed/county.ts'
import { runSeedCounty } from '../../src/cli/seedCounty.ts'
import { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { DEFAULT_TOOL, DEFAULT_TOOL_NAME } from '../../src/domain/caseAudit/tool.ts'
import { capture } from '../helpers/cli.ts'
import { testDatabase } from '../helpers/harness.ts'

const shared = testDatabase()
const now = new Date()
const today = londonDate(now)
const SMALL = ['--years', '2', '--scale', '0.02']

/** An empty database of the same kind as the test run's: a new database on the server, or a second embedded one. */
let empty: Database
let cleanup: () => Promise<void> = async () => {}
before(async () => {
  if (shared.kind === 'postgres') {
    const name = `harbour_county_test_${process.pid}`
    await shared.db.execute(sql.raw(`drop database if exists ${name}`))
    await shared.db.execute(sql.raw(`create database ${name}`))
    const url = new URL(shared.url)
    url.pathname = `/${name}`
    empty = connect(url.toString(), 'postgres')
    cleanup = async () => {
      await empty.close()
      await shared.db.execute(sql.raw(`drop database if exists ${name}`))
    }
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-county-test-'))
    const embedded = await startEmbeddedDatabase(dir)
    empty = connect(embedded.url, 'pglite', embedded.stop)
    cleanup = async () => {
      await empty.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  await migrateDatabase(empty)
})
after(async () => {
  await cleanup()
  await shared.close()
})

const one = async <T>(d: Database, q: string): Promise<T> => (await d.db.execute(sql.raw(q))).rows[0] as T
/** The county's people as text, to compare two loads (ids and references are generated, so left out). */
const fingerprint = (d: Database) =>
  one<{ f: string }>(d, `select md5(string_agg(given_names || ' ' || family_name || ' ' || coalesce(date_of_birth::text, '') || ' ' || coalesce(nhs_number, ''), ',' order by given_names, family_name, date_of_birth, nhs_number)) as f from person`)

describe('a newly migrated database (any council, not only the demo)', () => {
  it('already has the built-in case audit tool, once, however often it is migrated', async () => {
    const tools = async () => (await empty.db.execute(sql`select t.name, v.version, v.definition from audit_tool t join audit_tool_version v on v.tool_id = t.id where t.built_in`)).rows as { name: string; version: number; definition: unknown }[]
    assert.deepEqual((await tools()).map((t) => [t.name, t.version]), [[DEFAULT_TOOL_NAME, 1]])
    assert.deepEqual((await tools())[0]?.definition, DEFAULT_TOOL)
    await migrateDatabase(empty)
    assert.equal((await tools()).length, 1)
  })
})

describe('harbour seed county', () => {
  it('refuses a database that already holds data, and changes nothing', async () => {
    const before = await one<{ n: number }>(shared, 'select count(*)::int as n from person')
    const out = capture()
    assert.equal(await runSeedCounty(shared, SMALL, out, now), 1)
    assert.match(out.text().stderr, /already holds data.*--force/)
    assert.deepEqual(await one<{ n: number }>(shared, 'select count(*)::int as n from person'), before)
  })

  it('rejects bad arguments by name', async () => {
    for (const [args, field] of [[['--years', '0'], '--years'], [['--seed', 'seven'], '--seed'], [['--scale', '2'], '--scale'], [['--colour', 'red'], 'colour']] as const) {
      const out = capture()
      assert.equal(await runSeedCounty(empty, [...args], out, now), 2, args.join(' '))
      assert.match(out.text().stderr, new RegExp(field))
    }
    assert.equal(await isDatabaseEmpty(empty), true)
  })

  it('a load stopped part-way leaves the database as it was', async () => {
    await assert.rejects(seedCounty(empty, { seed: 1, years: 2, scale: 0.02, today, password: 'county-password-2026', failAfter: 'child protection' }), /stopped after child protection/)
    assert.equal(await isDatabaseEmpty(empty), true)
    assert.deepEqual(await one(empty, 'select (select count(*)::int from person) as p, (select count(*)::int from contact) as c, (select count(*)::int from team) as t'), { p: 0, c: 0, t: 0 })
  })

  it('loads a small county with the shapes the pages and returns rely on, and prints the rows', async () => {
    const out = capture()
    assert.equal(await runSeedCounty(empty, SMALL, out, now), 0, out.text().stderr)
    const text = out.text().stdout
    const counts = await one<Record<string, number>>(empty, `select (select count(*)::int from person) as person, (select count(*)::int from contact) as contact,
        (select count(*)::int from referral) as referral, (select count(*)::int from team) as team, (select count(*)::int from cp_plan) as cp_plan`)
    for (const [table, n] of Object.entries(counts)) {
      assert.ok(n > 0, `${table} has rows`)
      assert.match(text, new RegExp(`${table} +${n.toLocaleString('en-GB')}\\n`), `${table} count printed`)
    }
    assert.equal(counts.team, 40)
    assert.match(text, /Sign in with password "county-password-2026"/)
    assert.match(text, /sw001 +social_worker/)

    // One open referral per child; each referral has its assessment, due 45 working days after it started.
    assert.equal((await one<{ n: number }>(empty, 'select count(*)::int as n from (select person_id from referral where closed_on is null group by person_id having count(*) > 1) x')).n, 0)
    assert.equal((await one<{ n: number }>(empty, 'select count(*)::int as n from referral r where (select count(*) from assessment a where a.referral_id = r.id) <> 1')).n, 0)
    const cal = new WorkingDayCalendar()
    const sample = (await empty.db.execute(sql`select start_date::text as s, due_date::text as d from assessment order by assessment_ref limit 50`)).rows as { s: string; d: string }[]
    for (const a of sample) assert.equal(a.d, cal.addWorkingDays(a.s, 45), `due date of an assessment started ${a.s}`)
    // Some assessments late, most on time (DfE: about 84% within 45 working days).
    const late = await one<{ late: number; done: number }>(empty, `select count(*) filter (where completed_on > due_date)::int as late, count(*) filter (where completed_on is not null)::int as done from assessment`)
    assert.ok(late.late > 0 && late.late < late.done * 0.35, `late ${late.late} of ${late.done}`)
    // Every ended CP plan was ended by a held review conference on its end date.
    assert.equal((await one<{ n: number }>(empty, `select count(*)::int as n from cp_plan p left join cp_conference c on c.id = p.end_conference_id
        where p.end_date is not null and (c.id is null or c.held_on <> p.end_date or c.decision <> 'end_plan')`)).n, 0)
    // Open cases have a worker or wait in a team's queue; closed ones have no open allocation.
    assert.equal((await one<{ n: number }>(empty, `select count(*)::int as n from referral r where r.closed_on is null
        and not exists (select 1 from allocation a where a.person_id = r.person_id and a.end_date is null)
        and not exists (select 1 from team_queue q where q.person_id = r.person_id and q.allocated_at is null)`)).n, 0)
    // Today's contacts wait to be decided on the front-door queue.
    assert.ok((await one<{ n: number }>(empty, 'select count(*)::int as n from contact where decided_at is null')).n > 0)
    // The load is recorded for the bench.
    const record = await one<{ value: { seed: number; years: number; counts: Record<string, number> } }>(empty, `select value from council_setting where key = 'county_seed'`)
    assert.equal(record.value.seed, 1)
    assert.equal(record.value.counts.person, counts.person)
  })

  it('the same seed gives the same county; another seed another one', async () => {
    const first = await fingerprint(empty)
    const out = capture()
    assert.equal(await runSeedCounty(empty, [...SMALL, '--force'], out, now), 0, out.text().stderr)
    assert.match(out.text().stdout, /--force: deleting everything/)
    assert.deepEqual(await fingerprint(empty), first)
    assert.equal(await runSeedCounty(empty, [...SMALL, '--force', '--seed', '2'], capture(), now), 0)
    assert.notDeepEqual(await fingerprint(empty), first)
  })
})
