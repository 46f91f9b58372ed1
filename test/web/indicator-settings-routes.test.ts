/**
 * The comparators page through the real web server: who sees what, error summaries linking to the
 * right inputs, a pasted CSV file with problems listed by row and column (nothing saved), success
 * banners after each change, and answers escaped. Each test uses its own DfE years.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { routeSuite } from '../helpers/harness.ts'

const { database, get, post } = routeSuite()
const PAGE = '/dashboard/comparators'
const countFor = async (year: string) => ((await database.db.execute(sql`select count(*)::int as n from indicator_comparator where year = ${year}`)).rows[0] as { n: number }).n

describe('the comparators page', () => {
  it('an analyst sees the comparators, the forms and the indicator ids; a team manager sees no forms; a social worker is refused', async () => {
    const analyst = await get('analyst', PAGE)
    assert.equal(analyst.statusCode, 200)
    assert.match(analyst.body, /<h1 class="govuk-heading-l">Comparators and child population<\/h1>/)
    assert.match(analyst.body, /<form method="post" action="\/dashboard\/comparators" novalidate>/)
    assert.match(analyst.body, /action="\/dashboard\/comparators\/csv"/)
    assert.match(analyst.body, /action="\/dashboard\/comparators\/population"/)
    assert.match(analyst.body, /<option value="re_referrals_12m">/)
    assert.match(analyst.body, /<option value="statistical_neighbours">Statistical neighbours<\/option>/)
    assert.match(analyst.body, /<code>cp_rate_per_10000<\/code><\/td><td class="govuk-table__cell">a rate per 10,000 children/)

    const manager = await get('teammanager', PAGE)
    assert.equal(manager.statusCode, 200)
    assert.match(manager.body, /Comparators by indicator/)
    assert.doesNotMatch(manager.body, /action="\/dashboard\/comparators/)
    assert.doesNotMatch(manager.body, /Save the comparator|Load the comparators|Save the child population/)

    assert.equal((await get('socialworker', PAGE)).statusCode, 403)
    assert.equal((await post('socialworker', PAGE, { indicator: 'referrals', kind: 'target', year: '2040-41', value: '1' })).statusCode, 403)
    assert.equal((await post('teammanager', PAGE, { indicator: 'referrals', kind: 'target', year: '2040-41', value: '1' })).statusCode, 403)
    assert.equal((await post('teammanager', `${PAGE}/csv`, { csv: 'indicator,kind,year,value\nreferrals,target,2040-41,1' })).statusCode, 403)
    assert.equal((await post('teammanager', `${PAGE}/population`, { populationYear: '2040-41', populationChildren: '1' })).statusCode, 403)
    assert.equal(await countFor('2040-41'), 0)
  })

  it('a bad comparator: the error summary links to each input, the message is by the field, answers are kept', async () => {
    const res = await post('analyst', PAGE, { indicator: '', kind: 'target', year: '2041-43', value: '150', source: '' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /<title>Error: Comparators and child population – Harbour<\/title>/)
    assert.match(res.body, /href="#indicator">Select the indicator/)
    assert.match(res.body, /href="#year">The years must follow each other: 2041-42, not 2041-43/)
    assert.match(res.body, /id="indicator-error"/)
    assert.match(res.body, /id="year-error"/)
    assert.match(res.body, /name="year" type="text" spellcheck="false" value="2041-43"/)
    assert.match(res.body, /<option value="target" selected>/)
    // Without an indicator the value's bounds are unknown; with one, a percentage over 100 is refused.
    const pct = await post('analyst', PAGE, { indicator: 'supervision_in_timescale', kind: 'target', year: '2041-42', value: '150', source: 'x'.repeat(300) })
    assert.match(pct.body, /href="#value">A percentage must be between 0 and 100/)
    assert.match(pct.body, /href="#source">The source must be 200 characters or fewer/)
    assert.equal(await countFor('2041-42'), 0)
  })

  it('saving a comparator redirects with a banner and shows it in its indicator’s table, escaped; again it says replaced', async () => {
    const res = await post('analyst', PAGE, { indicator: 'supervision_in_timescale', kind: 'target', year: '2042-43', value: '90', source: 'Plan <b>2042</b>' })
    assert.equal(res.statusCode, 302)
    assert.equal(res.headers.location, `${PAGE}?saved=added`)
    const page = await get('analyst', `${PAGE}?saved=added`)
    assert.match(page.body, /Comparator added/)
    const table = /<table class="govuk-table" id="comparators-supervision_in_timescale">[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? ''
    assert.match(table, /<th scope="row" class="govuk-table__header">2042-43<\/th>\s*<td[^>]*><span class="govuk-visually-hidden">None entered<\/span><span aria-hidden="true">–<\/span><\/td>\s*<td[^>]*><span class="govuk-visually-hidden">None entered<\/span><span aria-hidden="true">–<\/span><\/td>\s*<td[^>]*>90%<br><span[^>]*>Plan &lt;b&gt;2042&lt;\/b&gt;<\/span><\/td>/)
    const again = await post('analyst', PAGE, { indicator: 'supervision_in_timescale', kind: 'target', year: '2042-43', value: '92', source: '' })
    assert.equal(again.headers.location, `${PAGE}?saved=replaced`)
    assert.match((await get('analyst', `${PAGE}?saved=replaced`)).body, /Comparator replaced: the value it had before is kept in the audit log/)
    const audit = (await database.db.execute(sql`select a.ip, a.before, a.after from audit_log a join indicator_comparator c on a.entity_id = c.id::text where c.year = '2042-43' order by a.id`)).rows as { ip: string; before: { value: number } | null; after: { value: number } }[]
    assert.deepEqual(audit.map((a) => [a.before?.value ?? null, a.after.value]), [[null, 90], [90, 92]])
    assert.ok(audit.every((a) => a.ip), 'the audit row records where the change came from')
  })

  it('a pasted CSV with a bad row saves nothing and lists the row and column; fixed, it loads with the totals', async () => {
    const csv = 'indicator,kind,year,value,source\nreferrals,national,2043-44,600,DfE\nreferrals,target,2043-44,lots,Plan\ncontacts,national,2043-44,9000,DfE\n'
    const res = await post('analyst', `${PAGE}/csv`, { csv })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /href="#csv">Row 3, column value: “lots” is not a number/)
    assert.match(res.body, /id="csv-error"[\s\S]*The file has 1 problem in 1 row: nothing was saved/)
    assert.match(res.body, /<table class="govuk-table" id="csv-problems">[\s\S]*<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>\s*<td class="govuk-table__cell">value<\/td>/)
    assert.match(res.body, /referrals,target,2043-44,lots,Plan/, 'the pasted file is kept to correct')
    assert.equal(await countFor('2043-44'), 0)

    const ok = await post('analyst', `${PAGE}/csv`, { csv: csv.replace('lots', '640') })
    assert.equal(ok.statusCode, 302)
    assert.equal(ok.headers.location, `${PAGE}?saved=csv&rows=3&added=3&replaced=0&unchanged=0`)
    assert.match((await get('analyst', ok.headers.location as string)).body, /CSV loaded: 3 rows — 3 added, 0 replaced, 0 unchanged/)
    assert.equal(await countFor('2043-44'), 3)
  })

  it('a file that is not a comparators CSV, or has many bad rows, gets a clear message and a short summary', async () => {
    const wrong = await post('analyst', `${PAGE}/csv`, { csv: 'name,age\nAlex,9' })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /href="#csv">The file does not start with the header row of a comparators CSV/)
    const missing = await post('analyst', `${PAGE}/csv`, { csv: 'indicator,kind,value\nreferrals,target,1' })
    assert.match(missing.body, /The file is missing the column: year/)
    const empty = await post('analyst', `${PAGE}/csv`, { csv: '' })
    assert.match(empty.body, /href="#csv">Paste the CSV file’s contents/)

    const many = ['indicator,kind,year,value', ...Array.from({ length: 25 }, (_, i) => `referrals,target,2044-45,-${i + 1}`)].join('\n')
    const res = await post('analyst', `${PAGE}/csv`, { csv: many })
    assert.equal((res.body.match(/href="#csv">Row \d+, column value/g) ?? []).length, 20, 'the summary lists the first 20')
    assert.match(res.body, /and 5 more problems: every one is listed under the box/)
    assert.equal((/<table class="govuk-table" id="csv-problems">[\s\S]*?<\/table>/.exec(res.body)?.[0].match(/<tr class="govuk-table__row">/g) ?? []).length, 26, 'the table lists all 25 (and its header)')
    assert.equal(await countFor('2044-45'), 0)
  })

  it('the child population: refused by the field when wrong; saved, it shows with who set it', async () => {
    const bad = await post('analyst', `${PAGE}/population`, { populationYear: '2025-26', populationChildren: '12.5', populationSource: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#populationChildren">The number of children must be a whole number/)
    assert.match(bad.body, /id="populationChildren-error"/)
    assert.match(bad.body, /name="populationChildren" type="text" spellcheck="false" value="12.5" aria-describedby/)

    const ok = await post('analyst', `${PAGE}/population`, { populationYear: '2025-26', populationChildren: '312,400', populationSource: 'ONS mid-2024 estimates' })
    assert.equal(ok.statusCode, 302)
    assert.equal(ok.headers.location, `${PAGE}?saved=population`)
    const page = await get('teammanager', `${PAGE}?saved=population`)
    assert.match(page.body, /Child population saved/)
    assert.match(page.body, /Children aged 0 to 17\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*312,400/)
    assert.match(page.body, /ONS mid-2024 estimates/)
    assert.match((await get('analyst', PAGE)).body, /name="populationChildren" type="text" spellcheck="false" value="312400"/, 'the form starts from the current figure')
  })
})
