/**
 * `harbour returns annex-a --from --to --out [--as]`: writes the workbook as the analyst by default (or
 * the named user, in the audit log); missing or bad arguments, a user without the capability and a file
 * that cannot be written exit 2 with a message and write nothing.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { testDatabase } from '../helpers/harness.ts'
import { runAnnexA } from '../../src/cli/returnsAnnexA.ts'
import { capture } from '../helpers/cli.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
let dir: string
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-annex-a-'))
})
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  await database.close()
})

const now = new Date()
const today = londonDate(now)
const from = addDays(today, -182)


const lastExportBy = async () =>
  ((await database.db.execute(sql`select username from audit_log where action = 'returns.annex-a.generated' order by id desc limit 1`)).rows[0] as { username: string } | undefined)?.username

describe('harbour returns annex-a', () => {
  it('writes the workbook as the analyst and lists the rows per list', async () => {
    const file = path.join(dir, 'annex-a.xlsx')
    const out = capture()
    assert.equal(await runAnnexA(database, ['--from', from, '--to', today, '--out', file], out, now), 0, out.text().stderr)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['List 1 - Contacts', 'List 3 - Referrals', 'List 4 - Assessments', 'List 5 - S47 and ICPCs', 'List 6 - Children in need', 'List 7 - Child protection'],
    )
    assert.match(out.text().stdout, new RegExp(`Wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    assert.match(out.text().stdout, /List 1: \d+ rows?/)
    assert.match(out.text().stdout, /List 7: \d+ rows?/)
    assert.equal(await lastExportBy(), 'analyst')
  })

  it('acts as the user named with --as', async () => {
    const out = capture()
    assert.equal(await runAnnexA(database, ['--from', from, '--to', today, '--out', path.join(dir, 'sm.xlsx'), '--as', 'servicemanager'], out, now), 0, out.text().stderr)
    assert.equal(await lastExportBy(), 'servicemanager')
  })

  it('exits 2 with the usage when an argument is missing or unknown', async () => {
    for (const args of [['--from', from, '--to', today], ['--to', today, '--out', path.join(dir, 'x.xlsx')], ['--from', from, '--to', today, '--out', path.join(dir, 'x.xlsx'), '--format', 'csv']]) {
      const out = capture()
      assert.equal(await runAnnexA(database, args, out, now), 2)
      assert.match(out.text().stderr, /Usage: harbour returns annex-a --from YYYY-MM-DD --to YYYY-MM-DD --out FILE\.xlsx/)
    }
    assert.equal(fs.existsSync(path.join(dir, 'x.xlsx')), false)
  })

  it('exits 2 naming the option for a bad date, a start after the end and an end in the future', async () => {
    const file = path.join(dir, 'bad.xlsx')
    const cases: [string[], RegExp][] = [
      [['--from', '01/06/2026', '--to', today], /--from: Enter the start of the period as a real date/],
      [['--from', today, '--to', from], /--from: The start of the period must be on or before its end/],
      [['--from', from, '--to', addDays(today, 1)], /--to: The end of the period cannot be in the future/],
    ]
    for (const [args, message] of cases) {
      const out = capture()
      assert.equal(await runAnnexA(database, [...args, '--out', file], out, now), 2)
      assert.match(out.text().stderr, message)
    }
    assert.equal(fs.existsSync(file), false)
  })

  it('exits 2 for a file it cannot write, and for a user who may not generate returns', async () => {
    fs.mkdirSync(path.join(dir, 'folder.xlsx'))
    const cases: [string[], RegExp][] = [
      [['--out', path.join(dir, 'no-such-folder', 'a.xlsx')], /there is no folder/],
      [['--out', path.join(dir, 'folder.xlsx')], /is a folder/],
      [['--out', path.join(dir, 'a.csv')], /must end in \.xlsx/],
      [['--out', path.join(dir, 'sw.xlsx'), '--as', 'socialworker'], /socialworker \(social_worker\) may not generate statutory returns/],
      [['--out', path.join(dir, 'nobody.xlsx'), '--as', 'no-such-user'], /there is no active user called no-such-user/],
    ]
    for (const [args, message] of cases) {
      const out = capture()
      assert.equal(await runAnnexA(database, ['--from', from, '--to', today, ...args], out, now), 2)
      assert.match(out.text().stderr, message)
    }
    assert.equal(fs.existsSync(path.join(dir, 'sw.xlsx')), false)
  })
})
