/**
 * `harbour import police-notifications`: a file with good and bad rows (a bad date, an unknown code, an
 * unmatched child, a reference repeated in the file) imports only the good rows and reports each bad one
 * by row and column; files with missing columns, that are not CSV, or where every row fails exit non-zero.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { progressBar, runImportPoliceNotifications, type ImportOutput } from '../../src/cli/importPoliceNotifications.ts'
import { CSV_COLUMNS } from '../../src/domain/frontDoor/policeNotification.ts'
import { londonDate, londonTime } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
let dir: string
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-pn-import-'))
})
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  await database.close()
})

const ctx = testContext(database)
const HEADER = CSV_COLUMNS.join(',')
const ref = () => `PNI-${randomBytes(4).toString('hex').toUpperCase()}`
const ago = (hours: number) => new Date(Date.now() - hours * 3600_000)
const when = (hours: number) => `${londonDate(ago(hours))} ${londonTime(ago(hours))}`
const day = (hours: number) => londonDate(ago(hours))

function randomNhsNumber(): string {
  for (;;) {
    const body = `999${String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')}`
    let sum = 0
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i)
    const check = 11 - (sum % 11)
    if (check === 10) continue
    return `${body}${check === 11 ? 0 : check}`
  }
}

async function child(dob: string, nhsNumber = ''): Promise<{ id: string; familyName: string }> {
  const familyName = uniqueFamilyName()
  const actor = await actorFor(database, 'frontdoor')
  const out = await createPerson(ctx, { actor, ip: null, requestId: 'test' }, { givenNames: 'Ellis Mae', familyName, dateOfBirth: dob, sex: 'F', nhsNumber, confirmedNotDuplicate: true })
  if (out.kind !== 'created') throw new Error('not created')
  return { id: out.id, familyName }
}

function capture(tty = false): ImportOutput & { text: () => { stdout: string; stderr: string } } {
  let stdout = ''
  let stderr = ''
  return {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    text: () => ({ stdout, stderr }),
  }
}

function write(name: string, content: string | Buffer): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, content)
  return p
}

const imported = async (policeReference: string) =>
  ((await database.db.execute(sql`select count(*)::int as n from police_notification where police_reference = ${policeReference}`)).rows[0] as { n: number }).n

describe('harbour import police-notifications', () => {
  it('imports the good rows and reports each bad row by row and column; bad rows import nothing', async () => {
    const nhs = randomNhsNumber()
    const a = await child('2015-05-05', nhs)
    const b = await child('2018-08-08')
    const refs = { good1: ref(), good2: ref(), badDate: ref(), badCode: ref(), unmatched: ref(), repeated: ref() }
    const csv = [
      `${HEADER},officer`,
      `${refs.good1},${when(30)},${day(50)},domestic_abuse,high,yes,"Parents argued, police called by a neighbour",${nhs},,,`,
      `${refs.good2},${when(20)},${day(21)},missing_child,medium,no,"Missing overnight;\nfound next morning",,${b.familyName},Ellis  Mae,2018-08-08`,
      `${refs.badDate},${when(20)},2026-02-30,domestic_abuse,standard,yes,Bad date,,${b.familyName},Ellis Mae,2018-08-08`,
      `${refs.badCode},${when(20)},${day(21)},burglary,standard,yes,Unknown code,${nhs},,,`,
      `${refs.unmatched},${when(20)},${day(21)},other,standard,yes,No such child,,${uniqueFamilyName()},Nobody,2017-01-01`,
      `${refs.good1},${when(20)},${day(21)},other,standard,yes,Same reference again,${nhs},,,`,
      `${refs.repeated},04/03/2026 10:00,${day(21)},other,standard,perhaps,Several problems,1234567890,,,`,
    ].join('\r\n')
    const file = write('mixed.csv', csv)
    const out = capture()
    const code = await runImportPoliceNotifications(database, file, 'frontdoor', out)
    const { stdout, stderr } = out.text()
    assert.equal(code, 0, stderr)

    assert.equal(await imported(refs.good1), 1)
    assert.equal(await imported(refs.good2), 1)
    for (const r of [refs.badDate, refs.badCode, refs.unmatched, refs.repeated]) assert.equal(await imported(r), 0, `${r} not imported`)
    const children = (await database.db.execute(sql`select n.police_reference as ref, pc.person_id as person from police_notification n join police_notification_child pc on pc.notification_id = n.id where n.police_reference in (${refs.good1}, ${refs.good2})`)).rows as { ref: string; person: string }[]
    assert.deepEqual(Object.fromEntries(children.map((c) => [c.ref, c.person])), { [refs.good1]: a.id, [refs.good2]: b.id })
    // Chronology and audit for imported rows only.
    const chron = (await database.db.execute(sql`select count(*)::int as n from chronology_entry where person_id = ${a.id} and kind = 'police-notification'`)).rows[0] as { n: number }
    assert.equal(chron.n, 1)

    const line = (row: number, field: string) => new RegExp(`^${row}\\s+${field}\\s+\\S`, 'm')
    assert.match(stdout, /Columns not imported \(not part of the format\): officer/)
    assert.match(stdout, /^row\s+field\s+problem$/m)
    assert.match(stdout, line(4, 'incident_date'))
    assert.match(stdout, /real date/)
    assert.match(stdout, line(5, 'incident_type'))
    assert.match(stdout, /“burglary” is not one of domestic_abuse, missing_child, child_at_risk, other/)
    assert.match(stdout, line(6, 'child_family_name'))
    assert.match(stdout, /No child in the person index is Nobody/)
    assert.match(stdout, line(7, 'police_reference'))
    assert.match(stdout, /also on row 2 of this file/)
    assert.match(stdout, line(8, 'received_at'))
    assert.match(stdout, line(8, 'children_present'))
    assert.match(stdout, line(8, 'child_nhs_number'))
    assert.doesNotMatch(stdout, /^[23]\s{2,}/m)
    assert.match(stdout, /2 of 7 rows imported; 5 rows not imported\./)
    // The progress bar, on stderr.
    assert.match(stderr, /\[#{30}\] 7\/7/)
    assert.match(stderr, /\[\.{30}\] 0\/7/)
  })

  it('refuses a file with missing columns, naming them, and imports nothing', async () => {
    const r = ref()
    const columns = CSV_COLUMNS.filter((c) => c !== 'risk_level' && c !== 'children_present')
    const file = write('missing.csv', `${columns.join(',')}\n${r},${when(5)},${day(6)},other,summary,,Smith,Jo,2015-01-01\n`)
    const out = capture()
    const code = await runImportPoliceNotifications(database, file, 'frontdoor', out)
    assert.equal(code, 2)
    assert.match(out.text().stderr, /missing these columns: risk_level, children_present/)
    assert.equal(await imported(r), 0)
  })

  it('refuses files that are not CSV, missing files and unknown users', async () => {
    const xlsx = write('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x00]))
    let out = capture()
    assert.equal(await runImportPoliceNotifications(database, xlsx, 'frontdoor', out), 2)
    assert.match(out.text().stderr, /not a CSV/)

    const prose = write('notes.txt', 'Dear colleague,\nplease find the notifications attached.\n')
    out = capture()
    assert.equal(await runImportPoliceNotifications(database, prose, 'frontdoor', out), 2)
    assert.match(out.text().stderr, /does not start with the header row/)

    const quotes = write('broken.csv', `${HEADER}\n"unterminated,${when(5)}\n`)
    out = capture()
    assert.equal(await runImportPoliceNotifications(database, quotes, 'frontdoor', out), 2)
    assert.match(out.text().stderr, /not valid CSV/)

    out = capture()
    assert.equal(await runImportPoliceNotifications(database, path.join(dir, 'nope.csv'), 'frontdoor', out), 2)
    assert.match(out.text().stderr, /there is no file/)

    const ok = write('ok.csv', `${HEADER}\n${ref()},${when(5)},${day(6)},other,standard,yes,s,,Smith,Jo,2015-01-01\n`)
    out = capture()
    assert.equal(await runImportPoliceNotifications(database, ok, 'no-such-user', out), 2)
    assert.match(out.text().stderr, /no active user called no-such-user/)
    out = capture()
    assert.equal(await runImportPoliceNotifications(database, ok, 'socialworker', out), 2)
    assert.match(out.text().stderr, /may not record police notifications/)
  })

  it('exits 1 when every row fails, and redraws the bar in place on a terminal', async () => {
    const r = ref()
    const file = write('allbad.csv', `${HEADER}\n${r},${when(5)},${day(6)},other,extreme,yes,s,,${uniqueFamilyName()},Jo,2015-01-01\n`)
    const out = capture(true)
    const code = await runImportPoliceNotifications(database, file, 'FrontDoor', out)
    const { stdout, stderr } = out.text()
    assert.equal(code, 1)
    assert.match(stdout, /^2\s+risk_level\s/m)
    assert.match(stdout, /^2\s+child_family_name\s/m)
    assert.match(stdout, /0 of 1 row imported; 1 row not imported\./)
    assert.match(stderr, /\r\[#{30}\] 1\/1\n/)
    assert.match(stderr, /no row was imported/)
    assert.equal(await imported(r), 0)
    assert.equal(progressBar(5, 10, 10), '[#####.....] 5/10')
  })
})
