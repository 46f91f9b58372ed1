/**
 * `harbour returns cin-census`: writes the file and reports counts and validation failures (exit 0 with no
 * errors, 1 with errors); bad arguments, an unknown LA code, a bad or empty year and an --out that cannot
 * be written exit 2 and write nothing. All data fictional.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { testDatabase } from '../helpers/harness.ts'
import { CIN_CENSUS_USAGE, runCinCensus } from '../../src/cli/returnsCinCensus.ts'
import { capture } from '../helpers/cli.ts'

const database = testDatabase()
let dir: string
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-cin-census-'))
})
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  await database.close()
})


async function run(args: string[], now = new Date()) {
  const out = capture()
  const code = await runCinCensus(database, args, out, now)
  return { code, ...out.text() }
}

describe('harbour returns cin-census', () => {
  it('writes the 2025-26 file, prints the counts and the validation summary, and records the analyst as producing it', async () => {
    const file = path.join(dir, 'CIN_Census_886_2026.xml')
    const before = new Date()
    const r = await run(['--year', '2026', '--la', '886', '--out', file])
    const xml = fs.readFileSync(file, 'utf8')
    assert.match(xml, /^<\?xml/)
    assert.match(xml, /<ReferenceDate>2026-03-31<\/ReferenceDate>/)
    assert.match(xml, /<LEA>886<\/LEA>/)
    const children = (xml.match(/<Child>/g) ?? []).length
    const episodes = (xml.match(/<CINdetails>/g) ?? []).length
    assert.match(r.stdout, new RegExp(`${children} children, ${episodes} episodes`))
    const m = /Validation \(CIN census 2025-26 rules\): (\d+) errors?, (\d+) quer(?:y|ies)\./.exec(r.stdout)
    assert.ok(m, r.stdout)
    const errors = Number(m[1])
    const queries = Number(m[2])
    // Exit 1 when the file has errors to fix, 0 when it has none.
    assert.equal(r.code, errors > 0 ? 1 : 0, r.stderr)
    if (errors + queries > 0) {
      assert.match(r.stdout, /By rule:\n {2}\S+ +(error|query) +\d+ +\S/)
      assert.match(r.stdout, /First \d+ of \d+:/)
    }
    if (errors > 0) assert.match(r.stderr, /errors? to fix before it is submitted/)

    const audit = (
      await database.db.execute(sql`select username, after from audit_log where action = 'returns.cin-census.generated' and at >= ${before.toISOString()} order by at desc limit 1`)
    ).rows as { username: string; after: { year: number; children: number; errors: number } }[]
    assert.equal(audit[0]?.username, 'analyst')
    assert.equal(audit[0]?.after.year, 2026)
    assert.equal(audit[0]?.after.children, children)
    assert.equal(audit[0]?.after.errors, errors)
  })

  it('--as names another user who may produce returns; a user who may not, or no such user, exits 2 with no file', async () => {
    const ok = path.join(dir, 'by-manager.xml')
    const r = await run(['--year', '2026', '--la', '886', '--out', ok, '--as', 'servicemanager'])
    assert.ok(r.code === 0 || r.code === 1, r.stderr)
    assert.ok(fs.existsSync(ok))

    const no = path.join(dir, 'by-social-worker.xml')
    const sw = await run(['--year', '2026', '--la', '886', '--out', no, '--as', 'socialworker'])
    assert.equal(sw.code, 2)
    assert.match(sw.stderr, /socialworker .* may not produce statutory returns/)
    assert.equal(fs.existsSync(no), false)

    const nobody = await run(['--year', '2026', '--la', '886', '--out', no, '--as', 'nobody-here'])
    assert.equal(nobody.code, 2)
    assert.match(nobody.stderr, /no active user called nobody-here/)
  })

  it('an unknown LA code exits 2 and writes nothing', async () => {
    const file = path.join(dir, 'bad-la.xml')
    const r = await run(['--year', '2026', '--la', '999', '--out', file])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--la: 999 is not a DfE local authority code/)
    assert.equal(fs.existsSync(file), false)
  })

  it('a bad year, or one not started yet, exits 2 and writes nothing', async () => {
    const file = path.join(dir, 'bad-year.xml')
    for (const [year, message] of [
      ['20x6', /--year: Enter the collection year as 4 digits/],
      ['2011', /starts with 2013/],
      ['2031', /2031 has not started yet: the current collection year is 2027 \(2026-27\)/],
    ] as const) {
      const r = await run(['--year', year, '--la', '886', '--out', file], new Date('2026-11-26T12:00:00Z'))
      assert.equal(r.code, 2, year)
      assert.match(r.stderr, message)
      assert.equal(fs.existsSync(file), false)
    }
  })

  it('an --out that cannot be written (no such folder, or a folder) exits 2', async () => {
    const missing = await run(['--year', '2026', '--la', '886', '--out', path.join(dir, 'no-such-folder', 'cin.xml')])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /cannot write/)
    const folder = await run(['--year', '2026', '--la', '886', '--out', dir])
    assert.equal(folder.code, 2)
    assert.match(folder.stderr, /is a folder/)
  })

  it('missing or unknown options exit 2 with the usage', async () => {
    const missing = await run(['--year', '2026', '--la', '886'])
    assert.equal(missing.code, 2)
    assert.ok(missing.stderr.includes(CIN_CENSUS_USAGE))
    const unknown = await run(['--year', '2026', '--la', '886', '--out', path.join(dir, 'x.xml'), '--colour', 'blue'])
    assert.equal(unknown.code, 2)
    assert.ok(unknown.stderr.includes(CIN_CENSUS_USAGE))
  })
})
