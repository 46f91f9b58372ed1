/**
 * Comparators and the child population (issue 8): what the analyst types or loads is checked field by
 * field; a comparator already held is replaced in place with its history in the audit log; a CSV file
 * with any bad row saves nothing and lists every problem by row and column; the `harbour indicators`
 * command does the same from a file. Each test uses its own DfE years, so tests do not see each other's rows.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { capture, tempDirSuite } from '../helpers/cli.ts'
import type { RequestMeta } from '../../src/app/context.ts'
import { ForbiddenError, ValidationError } from '../../src/app/context.ts'
import { ComparatorCsvInvalid, listComparators, loadComparators, loadComparatorsCsv, saveComparator } from '../../src/app/indicators/comparators.ts'
import { childPopulation, setChildPopulation } from '../../src/app/indicators/population.ts'
import { runIndicators } from '../../src/cli/indicators.ts'
import { checkDfeYear, dfeYearOf, validateChildPopulation, validateComparator, validateComparatorCsv } from '../../src/domain/indicators/comparators.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const tmp = tempDirSuite('harbour-indicators-')

const meta = async (username: string): Promise<RequestMeta> => ({ actor: await actorFor(database, username), ip: '127.0.0.1', requestId: `test-${username}` })
const fields = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.field))
const comparatorRows = async (year: string) =>
  (await database.db.execute(sql`select id, indicator_id as "indicatorId", kind, year, value::float8 as value, source from indicator_comparator where year = ${year} order by indicator_id, kind`)).rows as {
    id: string
    indicatorId: string
    kind: string
    year: string
    value: number
    source: string | null
  }[]
const auditFor = async (entityId: string) =>
  (await database.db.execute(sql`select action, username, before, after from audit_log where entity_id = ${entityId} order by id`)).rows as { action: string; username: string; before: Record<string, unknown> | null; after: Record<string, unknown> }[]

describe('checking a comparator (pure)', () => {
  it('accepts a good one, with a percentage written with a % sign and a count with thousands separators', () => {
    assert.deepEqual(validateComparator({ indicator: 're_referrals_12m', kind: 'national', year: '2024-25', value: '22.4%', source: ' DfE CIN 2024-25 ' }), {
      ok: true,
      value: { indicatorId: 're_referrals_12m', kind: 'national', year: '2024-25', value: 22.4, source: 'DfE CIN 2024-25' },
    })
    const count = validateComparator({ indicator: 'referrals', kind: 'Statistical neighbours', year: '2024-25', value: '1,234.5', source: '' })
    assert.ok(count.ok)
    assert.equal(count.value.value, 1234.5)
    assert.equal(count.value.kind, 'statistical_neighbours')
    assert.equal(count.value.source, null, 'a blank source is no source')
  })

  it('names every field that is wrong, in words an analyst can act on', () => {
    const r = validateComparator({ indicator: 'happiness', kind: 'regional', year: '2025-27', value: 'lots', source: 'x'.repeat(201) })
    assert.ok(!r.ok)
    assert.deepEqual(fields(r), ['indicator', 'kind', 'year', 'value', 'source'])
    assert.match(r.errors[0]?.message ?? '', /“happiness” is not an indicator/)
    assert.match(r.errors[1]?.message ?? '', /use national, statistical_neighbours or target/)
    assert.match(r.errors[2]?.message ?? '', /The years must follow each other: 2025-26, not 2025-27/)
    assert.match(r.errors[3]?.message ?? '', /“lots” is not a number/)
    assert.match(r.errors[4]?.message ?? '', /200 characters or fewer \(it has 201\)/)
    assert.deepEqual(fields(validateComparator({})), ['indicator', 'kind', 'year', 'value'])
  })

  it('bounds the value by what the indicator measures: a percentage 0–100, a count 0 or more', () => {
    const v = (indicator: string, value: string) => validateComparator({ indicator, kind: 'target', year: '2025-26', value })
    assert.match((v('assessments_in_timescale', '101') as { errors: { message: string }[] }).errors[0]?.message ?? '', /between 0 and 100/)
    assert.ok(v('assessments_in_timescale', '100').ok)
    assert.ok(v('assessments_in_timescale', '0').ok)
    assert.match((v('section47s', '-1') as { errors: { message: string }[] }).errors[0]?.message ?? '', /cannot be negative/)
    assert.ok(v('section47s', '4500').ok, 'a count can be well over 100')
    assert.ok(!v('cp_rate_per_10000', '10001').ok)
    assert.ok(v('cp_rate_per_10000', '41.6').ok)
    for (const junk of ['1e3', 'NaN', 'Infinity', '12..5', '0x10']) assert.ok(!v('section47s', junk).ok, `${junk} is refused`)
    assert.ok(!v('section47s', '45%').ok, 'a % sign is only for percentages')
  })

  it('reads DfE years, including across a century, and finds the year a date falls in', () => {
    assert.deepEqual(checkDfeYear('1999-00'), { ok: false, message: 'The year must be between 2000-01 and 2098-99' })
    assert.deepEqual(checkDfeYear(' 2025-26 '), { ok: true, year: '2025-26' })
    assert.deepEqual(checkDfeYear('2025/26'), { ok: true, year: '2025-26' })
    assert.ok(!checkDfeYear('2025').ok)
    assert.equal(dfeYearOf('2026-03-31'), '2025-26')
    assert.equal(dfeYearOf('2026-04-01'), '2026-27')
    assert.equal(dfeYearOf('2099-12-01'), '2099-00')
  })

  it('checks a child population: a whole number from 1 to 5,000,000 and a DfE year', () => {
    assert.deepEqual(validateChildPopulation({ year: '2025-26', children: '312,400', source: 'ONS mid-2024' }), { ok: true, value: { year: '2025-26', children: 312400, source: 'ONS mid-2024' } })
    assert.deepEqual(fields(validateChildPopulation({ year: '2025-26', children: '0' })), ['children'])
    assert.deepEqual(fields(validateChildPopulation({ year: '2025-26', children: '5000001' })), ['children'])
    assert.match((validateChildPopulation({ year: '2025-26', children: '312400.5' }) as { errors: { message: string }[] }).errors[0]?.message ?? '', /whole number/)
    assert.deepEqual(fields(validateChildPopulation({})), ['year', 'children'])
  })
})

describe('checking a comparators CSV file (pure)', () => {
  it('reports each bad row by its spreadsheet row number and column, and a row repeated in the file', () => {
    const r = validateComparatorCsv(
      ['indicator,kind,year,value,source', 'referrals,national,2024-25,500,DfE', 'referrals,national,2024-25,510,DfE again', 'contacts,target,2024-25,-3,', 'nonsense,target,24-25,1,', '"re_referrals_12m",national,2024-25,"22,4",DfE'].join('\r\n'),
    )
    assert.ok(!r.ok)
    assert.equal(r.file, null)
    assert.deepEqual(
      r.rowErrors.map((e) => [e.row, e.field]),
      [
        [3, 'indicator'],
        [4, 'value'],
        [5, 'indicator'],
        [5, 'year'],
        [6, 'value'],
      ],
    )
    assert.match(r.rowErrors[0]?.message ?? '', /Row 2 already gives the national value for referrals in 2024-25/)
  })

  it('refuses a file that is not CSV, lacks columns, is empty, has a row with too many values, or is too long', () => {
    const file = (t: string) => {
      const r = validateComparatorCsv(t)
      return r.ok ? 'ok' : (r.file ?? r.rowErrors.map((e) => `${e.row} ${e.field}: ${e.message}`).join('; '))
    }
    assert.match(file('PK\u0003\u0004\u0000\u0000binary'), /not a CSV text file/)
    assert.match(file('name,age\nAlex,9'), /does not start with the header row of a comparators CSV/)
    assert.match(file('indicator,kind,value\nreferrals,national,5'), /missing the column: year/)
    assert.match(file('indicator,kind,year,value,source\n'), /header row but no comparators/)
    assert.match(file(''), /The file is empty/)
    assert.match(file('indicator,kind,"year\nreferrals'), /not valid CSV/)
    assert.match(file('indicator,kind,year,value,source\nreferrals,national,2024-25,500,DfE, table 3'), /^2 row: This row has 1 more value than the header has columns/)
    const many = ['indicator,kind,year,value', ...Array.from({ length: 2001 }, (_, i) => `referrals,target,${2000 + (i % 90)}-${String((2001 + (i % 90)) % 100).padStart(2, '0')},${i}`)].join('\n')
    assert.match(file(many), /2,001 rows: load at most 2,000/)
  })

  it('takes the columns in any order and any case, without the source column, and lists columns it ignores', () => {
    const r = validateComparatorCsv('Value,YEAR,Kind,Indicator,Notes\n85,2025-26,target,assessments_in_timescale,ours\n')
    assert.ok(r.ok)
    assert.deepEqual(r.comparators, [{ indicatorId: 'assessments_in_timescale', kind: 'target', year: '2025-26', value: 85, source: null, row: 2 }])
    assert.deepEqual(r.ignoredColumns, ['Notes'])
  })
})

describe('entering comparators', () => {
  it('adds a comparator, then replaces its value in place with before and after in the audit log', async () => {
    const analyst = await meta('analyst')
    const added = await saveComparator(ctx, analyst, { indicator: 'icpcs_in_15wd', kind: 'target', year: '2031-32', value: '80', source: 'Council plan' })
    assert.equal(added.outcome, 'added')
    const [first] = await comparatorRows('2031-32')
    assert.ok(first)
    assert.deepEqual({ ...first, id: undefined }, { id: undefined, indicatorId: 'icpcs_in_15wd', kind: 'target', year: '2031-32', value: 80, source: 'Council plan' })

    const replaced = await saveComparator(ctx, analyst, { indicator: 'icpcs_in_15wd', kind: 'target', year: '2031-32', value: '85.5', source: 'Council plan (revised)' })
    assert.equal(replaced.outcome, 'replaced')
    const after = await comparatorRows('2031-32')
    assert.equal(after.length, 1, 'one comparator per indicator, kind and year')
    assert.equal(after[0]?.id, first.id, 'updated in place')
    assert.equal(after[0]?.value, 85.5)

    const same = await saveComparator(ctx, analyst, { indicator: 'icpcs_in_15wd', kind: 'target', year: '2031-32', value: '85.50', source: 'Council plan (revised)' })
    assert.equal(same.outcome, 'unchanged')

    const audit = await auditFor(first.id)
    assert.deepEqual(
      audit.map((a) => [a.action, a.username, a.before?.value ?? null, a.after.value]),
      [
        ['indicator_comparator.set', 'analyst', null, 80],
        ['indicator_comparator.set', 'analyst', 80, 85.5],
      ],
      'the unchanged save wrote no audit row',
    )
    assert.equal(audit[1]?.before?.source, 'Council plan')

    const listed = (await listComparators(ctx, await meta('teammanager'))).find((i) => i.id === 'icpcs_in_15wd')
    assert.ok(listed)
    assert.equal(listed.scale, 'percent')
    assert.ok(listed.comparators.some((c) => c.year === '2031-32' && c.value === 85.5 && c.enteredBy))
    assert.ok((await loadComparators(database.db)).some((c) => c.indicatorId === 'icpcs_in_15wd' && c.year === '2031-32' && c.value === 85.5))
  })

  it('refuses a bad comparator with its field errors and saves nothing', async () => {
    await assert.rejects(
      saveComparator(ctx, await meta('analyst'), { indicator: 'cp_visits_in_timescale', kind: 'national', year: '2032-33', value: '140' }),
      (e: unknown) => e instanceof ValidationError && e.errors.length === 1 && e.errors[0]?.field === 'value',
    )
    assert.equal((await comparatorRows('2032-33')).length, 0)
  })

  it('only an analyst may change comparators; managers may look; a social worker may not', async () => {
    for (const who of ['teammanager', 'servicemanager', 'socialworker']) {
      await assert.rejects(saveComparator(ctx, await meta(who), { indicator: 'referrals', kind: 'target', year: '2032-33', value: '1' }), ForbiddenError, who)
      await assert.rejects(loadComparatorsCsv(ctx, await meta(who), 'indicator,kind,year,value\nreferrals,target,2032-33,1'), ForbiddenError, who)
      await assert.rejects(setChildPopulation(ctx, await meta(who), { year: '2032-33', children: '100' }), ForbiddenError, who)
    }
    await assert.rejects(listComparators(ctx, await meta('socialworker')), ForbiddenError)
    assert.equal((await listComparators(ctx, await meta('servicemanager'))).length > 20, true)
    assert.equal((await comparatorRows('2032-33')).length, 0)
  })
})

describe('loading comparators from CSV', () => {
  it('a file with one bad row saves nothing and says which row and column; fixed, every row is saved and audited', async () => {
    const analyst = await meta('analyst')
    await saveComparator(ctx, analyst, { indicator: 'referrals', kind: 'national', year: '2033-34', value: '500' })
    const bad = ['indicator,kind,year,value,source', 'referrals,national,2033-34,520,DfE', 'contacts_to_referral,target,2033-34,120,Plan', 'section47s,statistical_neighbours,2033-34,310,LAIT'].join('\n')
    await assert.rejects(loadComparatorsCsv(ctx, analyst, bad), (e: unknown) => {
      assert.ok(e instanceof ComparatorCsvInvalid)
      assert.deepEqual(e.rowErrors.map((x) => [x.row, x.field]), [[3, 'value']])
      assert.match(e.errors[0]?.message ?? '', /^Row 3, column value: A percentage must be between 0 and 100/)
      return true
    })
    assert.deepEqual((await comparatorRows('2033-34')).map((r) => [r.indicatorId, r.value]), [['referrals', 500]], 'nothing from the file was saved')

    const result = await loadComparatorsCsv(ctx, analyst, bad.replace(',120,', ',35,'))
    assert.deepEqual(result, { rows: 3, added: 2, replaced: 1, unchanged: 0, ignoredColumns: [] })
    assert.deepEqual(
      (await comparatorRows('2033-34')).map((r) => [r.indicatorId, r.kind, r.value, r.source]),
      [
        ['contacts_to_referral', 'target', 35, 'Plan'],
        ['referrals', 'national', 520, 'DfE'],
        ['section47s', 'statistical_neighbours', 310, 'LAIT'],
      ],
    )
    const referrals = (await comparatorRows('2033-34')).find((r) => r.indicatorId === 'referrals')
    const audit = await auditFor(referrals?.id ?? '')
    assert.deepEqual(audit.at(-1)?.before, { indicatorId: 'referrals', kind: 'national', year: '2033-34', value: 500, source: null })
    assert.equal(audit.at(-1)?.after.via, 'csv')
    assert.equal(audit.at(-1)?.after.row, 2)

    const again = await loadComparatorsCsv(ctx, analyst, bad.replace(',120,', ',35,'))
    assert.deepEqual(again, { rows: 3, added: 0, replaced: 0, unchanged: 3, ignoredColumns: [] }, 'loading the same file twice changes nothing')
  })

  it('refuses an empty paste and more than 1 MB', async () => {
    const analyst = await meta('analyst')
    await assert.rejects(loadComparatorsCsv(ctx, analyst, '  \n'), (e: unknown) => e instanceof ComparatorCsvInvalid && /Paste the CSV file/.test(e.file ?? ''))
    const huge = `indicator,kind,year,value,source\nreferrals,target,2034-35,1,${'x'.repeat(1024 * 1024)}`
    await assert.rejects(loadComparatorsCsv(ctx, analyst, huge), (e: unknown) => e instanceof ComparatorCsvInvalid && /load at most 1 MB/.test(e.file ?? ''))
  })
})

describe('the child population', () => {
  it('is set by the analyst; the latest is returned; each change keeps the one before in the audit log', async () => {
    const analyst = await meta('analyst')
    await setChildPopulation(ctx, analyst, { year: '2025-26', children: '312400', source: 'ONS mid-2024' })
    const p1 = await childPopulation(database.db)
    assert.deepEqual(p1 && { year: p1.year, children: p1.children, source: p1.source }, { year: '2025-26', children: 312400, source: 'ONS mid-2024' })
    assert.ok(p1?.updatedBy, 'who set it is shown')
    await setChildPopulation(ctx, analyst, { year: '2026-27', children: '313,050' })
    const p2 = await childPopulation(database.db)
    assert.deepEqual(p2 && { year: p2.year, children: p2.children, source: p2.source }, { year: '2026-27', children: 313050, source: '' })
    const audit = (await database.db.execute(sql`select before, after from audit_log where action = 'council_setting.set' and entity_id = 'child_population' order by id desc limit 1`)).rows[0] as {
      before: { value: { children: number } }
      after: { value: { children: number; year: string } }
    }
    assert.equal(audit.before.value.children, 312400)
    assert.deepEqual(audit.after.value, { year: '2026-27', children: 313050, source: '' })
  })

  it('a bad population is refused by the field and the current one stays', async () => {
    const analyst = await meta('analyst')
    await setChildPopulation(ctx, analyst, { year: '2025-26', children: '312400' })
    await assert.rejects(setChildPopulation(ctx, analyst, { year: '2025-26', children: '-5' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'children')
    assert.equal((await childPopulation(database.db))?.children, 312400)
  })
})

describe('harbour indicators', () => {
  const write = (name: string, text: string) => {
    const f = path.join(tmp.dir(), name)
    fs.writeFileSync(f, text)
    return f
  }

  it('comparators load: a bad row exits 1 listing it and saving nothing; the fixed file exits 0 with the totals', async () => {
    const bad = write('bad.csv', 'indicator,kind,year,value,source\ncp_children,national,2035-36,50000,DfE\ncp_second_or_subsequent,national,2035-36,23.1,DfE\ncp_lasting_2_years,target,2035-37,3,Plan\n')
    const out = capture()
    assert.equal(await runIndicators(database, ['comparators', 'load', bad], out, new Date()), 1)
    assert.match(out.text().stdout, /row\s+column\s+problem\n4\s+year\s+The years must follow each other: 2035-36, not 2035-37/)
    assert.match(out.text().stderr, /1 problem in 1 row: nothing was saved/)
    assert.equal((await comparatorRows('2035-36')).length, 0)

    const good = write('good.csv', fs.readFileSync(bad, 'utf8').replace('2035-37', '2035-36'))
    const ok = capture()
    assert.equal(await runIndicators(database, ['comparators', 'load', good, '--as', 'analyst'], ok, new Date()), 0)
    assert.match(ok.text().stdout, /Loaded 3 rows from .*good\.csv: 3 added, 0 replaced, 0 unchanged\./)
    assert.equal((await comparatorRows('2035-36')).length, 3)
  })

  it('comparators load: no such file, not CSV, missing columns, a user who may not, bad arguments all exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['comparators', 'load', path.join(tmp.dir(), 'missing.csv')], /there is no file/],
      [['comparators', 'load', write('sheet.xlsx', 'PK\u0003\u0004\u0000binary')], /not a CSV text file/],
      [['comparators', 'load', write('cols.csv', 'indicator,kind,value\nreferrals,national,1\n')], /missing the column: year/],
      [['comparators', 'load', write('ok.csv', 'indicator,kind,year,value\nreferrals,national,2036-37,1\n'), '--as', 'teammanager'], /teammanager \(team_manager\) may not change comparators/],
      [['comparators', 'load', write('ok2.csv', 'indicator,kind,year,value\nreferrals,national,2036-37,1\n'), '--as', 'nobody'], /no active user called nobody/],
      [['comparators', 'load'], /give one CSV file/],
      [['comparators'], /unknown command comparators/],
      [[], /say what to do/],
    ]
    for (const [args, message] of cases) {
      const out = capture()
      assert.equal(await runIndicators(database, args, out, new Date()), 2, args.join(' '))
      assert.match(out.text().stderr, message, args.join(' '))
    }
    assert.equal((await comparatorRows('2036-37')).length, 0)
  })

  it('population: sets the child population; a bad one exits 2 naming the option', async () => {
    const out = capture()
    assert.equal(await runIndicators(database, ['population', '--year', '2025-26', '--children', '312400', '--source', 'ONS mid-2024'], out, new Date()), 0)
    assert.match(out.text().stdout, /Child population set: 312,400 children aged 0 to 17 in 2025-26 \(ONS mid-2024\)\./)
    assert.equal((await childPopulation(database.db))?.children, 312400)
    const bad = capture()
    assert.equal(await runIndicators(database, ['population', '--year', '2025-27', '--children', 'many'], bad, new Date()), 2)
    assert.match(bad.text().stderr, /--year: The years must follow each other/)
    assert.match(bad.text().stderr, /--children: The number of children must be a whole number/)
    const missing = capture()
    assert.equal(await runIndicators(database, ['population', '--year', '2025-26'], missing, new Date()), 2)
    assert.match(missing.text().stderr, /give --year and --children/)
  })
})
