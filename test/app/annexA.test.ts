/**
 * Generating Ofsted Annex A on the demo council: the workbook read back with exceljs has six sheets with
 * the template's headers, bold and frozen; every coded cell is one of the template's values; dates are
 * real Excel dates shown dd/mm/yyyy. A child with a contact, referral and assessment in the window is on
 * lists 1, 3 and 4 with the right values (a restricted record too). Only roles with returns:generate may
 * export; bad windows name the field; each export is audited.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, insertAssessmentRow } from '../helpers/worklistFixtures.ts'
import { generateAnnexA } from '../../src/app/returns/annexA.ts'
import { ForbiddenError, ValidationError } from '../../src/app/context.ts'
import { ANNEX_A_LISTS } from '../../src/domain/returns/annexA/columns.ts'
import { nextContactRef } from '../../src/db/repositories/frontDoor.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate, londonInstant } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const today = londonDate(new Date())
const daysAgo = (n: number) => addDays(today, -n)

const meta = async (username: string, requestId = `test-${randomUUID()}`) => ({ actor: await actorFor(database, username), ip: '127.0.0.1', requestId })

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buffer as unknown as ArrayBuffer)
  return wb
}

const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))

/** The sheet's rows as objects keyed by header. */
function sheetRows(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text)
  const out: Record<string, ExcelJS.CellValue>[] = []
  for (let i = 2; i <= ws.rowCount; i++) {
    const row = ws.getRow(i)
    out.push(Object.fromEntries(headers.map((h, j) => [h, row.getCell(j + 1).value ?? null])))
  }
  return out
}

/** A child with a contact, a referral from it and an authorised assessment in the last weeks, allocated. */
async function childWithContactReferralAndAssessment(opts: { restricted?: boolean } = {}) {
  const w = (await database.db.execute(sql`select w.id as "workerId", w.name as "workerName", t.id as "teamId", t.name as "teamName" from worker w join team t on t.id = w.team_id where w.left_on is null order by w.name limit 1`)).rows[0] as { workerId: string; workerName: string; teamId: string; teamName: string }
  const child = await childWithReferral(database, { referralDate: daysAgo(20), allocateTo: { workerId: w.workerId, teamId: w.teamId }, restricted: opts.restricted ?? false })
  await database.db.execute(sql`update person set sex = 'F', ethnicity_code = 'BAFR', date_of_birth = '2016-03-03', disabilities = '{HEAR}' where id = ${child.personId}`)
  const contactId = (
    await database.db.execute(sql`
      insert into contact (contact_ref, received_at, channel, source_code, concern, parents_aware, consent, decision_due_date)
      values (${await nextContactRef(database.db)}, ${londonInstant(daysAgo(21), '10:30').toISOString()}, 'phone', '6', 'Fictional concern for an Annex A test', 'yes', 'given', ${daysAgo(20)})
      returning id`)
  ).rows[0] as { id: string }
  await database.db.execute(sql`insert into contact_child (contact_id, person_id, outcome, referral_id) values (${contactId.id}, ${child.personId}, 'referral', ${child.referralId})`)
  await database.db.execute(sql`update referral set source_code = '6', contact_id = ${contactId.id} where id = ${child.referralId}`)
  const a = await insertAssessmentRow(database, { child, startDate: daysAgo(19), dueDate: daysAgo(-40), status: 'authorised', completedOn: daysAgo(5), workerId: w.workerId, teamId: w.teamId })
  await database.db.execute(sql`insert into assessment_child_seen (assessment_id, seen_on, seen_alone) values (${a.id}, ${daysAgo(15)}, true)`)
  return { ...child, ...w }
}

describe('generateAnnexA', () => {
  it('writes six sheets with the template headers, bold and frozen, coded values from the template and real dates', async () => {
    const result = await generateAnnexA(ctx, await meta('analyst'), { from: daysAgo(182), to: today })
    assert.equal(result.fileName, `annex-a-${daysAgo(182)}-to-${today}.xlsx`)
    const wb = await readWorkbook(result.workbook)
    assert.deepEqual(
      wb.worksheets.map((ws) => ws.name),
      ANNEX_A_LISTS.map((l) => l.sheetName),
    )
    for (const [i, list] of ANNEX_A_LISTS.entries()) {
      const ws = wb.worksheets[i] as ExcelJS.Worksheet
      const header = ws.getRow(1)
      assert.deepEqual(
        (header.values as ExcelJS.CellValue[]).slice(1),
        list.columns.map((c) => c.header),
        list.sheetName,
      )
      assert.equal(header.getCell(1).font?.bold, true)
      assert.equal((ws.views[0] as { state?: string; ySplit?: number }).state, 'frozen')
      assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1)
      assert.equal(ws.rowCount - 1, result.rowCounts[list.list], `${list.list} row count`)
      for (let r = 2; r <= ws.rowCount; r++) {
        list.columns.forEach((c, j) => {
          const cell = ws.getRow(r).getCell(j + 1)
          const v = cell.value
          if (v === null || v === undefined) {
            assert.ok(c.canBeBlank, `${list.sheetName} row ${r}: ${c.header} is empty`)
            return
          }
          if (c.allowed) assert.ok(c.allowed.includes(String(v)), `${list.sheetName} row ${r}: ${c.header} = ${String(v)}`)
          if (c.type === 'date') {
            assert.ok(v instanceof Date, `${list.sheetName} row ${r}: ${c.header} is a date`)
            assert.equal(cell.numFmt, 'dd/mm/yyyy')
          }
          if (c.type === 'integer') assert.ok(Number.isInteger(v), `${list.sheetName} row ${r}: ${c.header} is a whole number`)
        })
      }
    }
    // The demo council has work on every list in the last six months.
    for (const list of ANNEX_A_LISTS) assert.ok((result.rowCounts[list.list] ?? 0) > 0, `${list.list} has rows`)
  })

  it('puts a child with a contact, referral and assessment in the window on lists 1, 3 and 4, restricted or not', async () => {
    const c = await childWithContactReferralAndAssessment({ restricted: true })
    const wb = await readWorkbook((await generateAnnexA(ctx, await meta('analyst'), { from: daysAgo(60), to: today })).workbook)
    const find = (i: number) => sheetRows(wb.worksheets[i] as ExcelJS.Worksheet).filter((r) => r['Child Unique ID'] === c.personRef)
    const [l1, l3, l4] = [find(0), find(1), find(2)]
    assert.equal(l1.length, 1)
    assert.equal(l3.length, 1)
    assert.equal(l4.length, 1)
    const child = { Gender: 'b) Female', Ethnicity: 'o) BAFR', 'Date of Birth': '2016-03-03' }
    for (const row of [l1[0], l3[0], l4[0]]) for (const [k, v] of Object.entries(child)) assert.equal(text(row?.[k] ?? null), v, k)
    const age = Number(today.slice(0, 4)) - 2016 - (today.slice(5) < '03-03' ? 1 : 0)
    assert.equal(l1[0]?.['Age of Child (Years)'], age)
    assert.equal(text(l1[0]?.['Date of Contact'] ?? null), daysAgo(21))
    assert.equal(l1[0]?.['Contact Source'], 'q) 6: Police')
    assert.equal(text(l3[0]?.['Date of referral'] ?? null), daysAgo(20))
    assert.equal(l3[0]?.['Referral Source'], 'q) 6: Police')
    assert.equal(l3[0]?.['Referral NFA?'], 'b) No')
    assert.equal(l3[0]?.['Number of Referrals in Last 12 Months'], 0)
    assert.equal(l3[0]?.['Allocated Team'], c.teamName)
    assert.equal(l3[0]?.['Allocated Worker'], c.workerName)
    assert.equal(l4[0]?.['Does the Child have a Disability'], 'a) Yes')
    assert.equal(text(l4[0]?.['Continuous Assessment Start Date'] ?? null), daysAgo(19))
    assert.equal(l4[0]?.['Child Seen During Continuous Assessment'], 'a) Yes')
    assert.equal(text(l4[0]?.['Continuous Assessment Date of Authorisation'] ?? null), daysAgo(5))
    assert.equal(l4[0]?.["Was the child assessed as requiring LA children's social care support?"], 'a) Yes')
    assert.equal(l4[0]?.['Allocated Worker'], c.workerName)
  })

  it('shows the assessment as not yet authorised in a window ending before its authorisation', async () => {
    const c = await childWithContactReferralAndAssessment()
    const wb = await readWorkbook((await generateAnnexA(ctx, await meta('servicemanager'), { from: daysAgo(60), to: daysAgo(6) })).workbook)
    const row = sheetRows(wb.worksheets[2] as ExcelJS.Worksheet).find((r) => r['Child Unique ID'] === c.personRef)
    assert.ok(row)
    assert.equal(row['Continuous Assessment Date of Authorisation'], null)
    assert.equal(row["Was the child assessed as requiring LA children's social care support?"], null)
  })

  it('refuses a social worker', async () => {
    await assert.rejects(generateAnnexA(ctx, await meta('socialworker'), { from: daysAgo(182), to: today }), ForbiddenError)
  })

  it('names the field for a bad date, a start after the end, an end in the future and a window over 2 years', async () => {
    const m = await meta('analyst')
    const fieldOf = async (from: string, to: string): Promise<string[]> => {
      try {
        await generateAnnexA(ctx, m, { from, to })
      } catch (e) {
        assert.ok(e instanceof ValidationError)
        return e.errors.map((x) => x.field)
      }
      assert.fail(`${from}..${to} was accepted`)
    }
    assert.deepEqual(await fieldOf('2026-13-01', today), ['from'])
    assert.deepEqual(await fieldOf(daysAgo(10), 'yesterday'), ['to'])
    assert.deepEqual(await fieldOf(daysAgo(10), daysAgo(20)), ['from'])
    assert.deepEqual(await fieldOf(daysAgo(10), addDays(today, 1)), ['to'])
    assert.deepEqual(await fieldOf(addDays(today, -800), today), ['to'])
  })

  it('writes one audit row with the window and the row counts', async () => {
    const m = await meta('analyst')
    const result = await generateAnnexA(ctx, m, { from: daysAgo(90), to: daysAgo(1) })
    const audit = (await database.db.execute(sql`select username, action, after from audit_log where request_id = ${m.requestId}`)).rows as { username: string; action: string; after: { from: string; to: string; rowCounts: Record<string, number> } }[]
    assert.equal(audit.length, 1)
    assert.equal(audit[0]?.username, 'analyst')
    assert.equal(audit[0]?.action, 'returns.annex-a.generated')
    assert.deepEqual(audit[0]?.after, { from: daysAgo(90), to: daysAgo(1), rowCounts: result.rowCounts })
  })
})
