import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ONE_OFF_CHANGES, bankHolidayOn, bankHolidaysFor, easterSunday, isBankHoliday } from '../../src/domain/calendar/bankHolidays.ts'

const testDir = path.dirname(fileURLToPath(import.meta.url))
// A committed copy of shared/specs/bank-holidays/england-and-wales.csv (the GOV.UK list, 2005–2027).
const CSV_CANDIDATES = [path.resolve(testDir, '../fixtures/england-and-wales-bank-holidays.csv')]

function readCommittedTable(): Map<number, string[]> {
  const found = CSV_CANDIDATES.find((p) => fs.existsSync(p))
  if (!found)
    assert.fail(`The committed bank-holiday table test/fixtures/england-and-wales-bank-holidays.csv was not found; looked in:\n  ${CSV_CANDIDATES.join('\n  ')}`)
  const lines = fs.readFileSync(found, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '')
  assert.equal(lines.shift(), 'date,title', `${found}: unexpected header`)
  const byYear = new Map<number, string[]>()
  for (const line of lines) {
    const year = Number(line.slice(0, 4))
    byYear.set(year, [...(byYear.get(year) ?? []), line])
  }
  return byYear
}

const WEEKDAY = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay() // 0 Sunday … 6 Saturday

describe('bankHolidaysFor: the committed table', () => {
  it('equals shared/specs/bank-holidays/england-and-wales.csv exactly (dates and titles) for every year 2005–2027', () => {
    const table = readCommittedTable()
    assert.deepEqual([...table.keys()].sort(), Array.from({ length: 23 }, (_, i) => 2005 + i), 'the table covers 2005–2027')
    for (const [year, lines] of table) {
      const computed = bankHolidaysFor(year).map((h) => `${h.date},${h.title}`)
      assert.deepEqual(computed, lines, `bank holidays ${year}`)
    }
  })

  it('pins the one-offs the date-holidays package gets wrong: 2011-04-29, 2012-06-04 and 2012-06-05', () => {
    assert.equal(isBankHoliday('2011-04-29'), true)
    assert.equal(bankHolidayOn('2011-04-29')?.title, 'Royal wedding (Prince William and Catherine Middleton)')
    assert.equal(isBankHoliday('2012-06-04'), true)
    assert.equal(isBankHoliday('2012-06-05'), true)
    assert.equal(isBankHoliday('2012-05-28'), false, 'the 2012 spring bank holiday moved away from 28 May')
    assert.deepEqual(
      bankHolidaysFor(2012).map((h) => h.date),
      ['2012-01-02', '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27', '2012-12-25', '2012-12-26'],
    )
  })

  it('applies the other one-offs: VE day 2020, Platinum Jubilee and state funeral 2022, coronation 2023', () => {
    assert.equal(isBankHoliday('2020-05-08'), true)
    assert.equal(isBankHoliday('2020-05-04'), false)
    assert.equal(isBankHoliday('2022-05-30'), false)
    for (const d of ['2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) assert.equal(isBankHoliday(d), true, d)
  })
})

describe('bankHolidaysFor: the rules', () => {
  it('computes Easter by the anonymous Gregorian algorithm', () => {
    const known: Record<number, string> = {
      1961: '1961-04-02', 2000: '2000-04-23', 2008: '2008-03-23', 2011: '2011-04-24', 2019: '2019-04-21', 2024: '2024-03-31',
      2025: '2025-04-20', 2038: '2038-04-25', 2049: '2049-04-18', 2285: '2285-03-22', 1818: '1818-03-22', 1943: '1943-04-25',
    }
    for (const [year, date] of Object.entries(known)) assert.equal(easterSunday(Number(year)), date, year)
  })

  it('gives 8 holidays on weekdays, in date order and without duplicates, in every year without a one-off (1978–2200)', () => {
    const oneOffYears = new Set(ONE_OFF_CHANGES.map((c) => Number((c.kind === 'added' ? c.date : c.to).slice(0, 4))))
    for (let year = 1978; year <= 2200; year++) {
      const list = bankHolidaysFor(year)
      const dates = list.map((h) => h.date)
      if (!oneOffYears.has(year)) assert.equal(list.length, 8, `${year}`)
      assert.deepEqual([...dates].sort(), dates, `${year} in order`)
      assert.equal(new Set(dates).size, dates.length, `${year} no duplicates`)
      for (const d of dates) {
        assert.ok(d.startsWith(`${year}-`), `${d} in ${year}`)
        assert.ok(WEEKDAY(d) >= 1 && WEEKDAY(d) <= 5, `${d} is a weekday`)
      }
    }
  })

  it('gives weekend substitutes for Christmas, Boxing Day and New Year', () => {
    const christmas = (y: number) => bankHolidaysFor(y).filter((h) => h.date >= `${y}-12-01`)
    // Christmas on a Saturday (2021): Monday 27 and Tuesday 28.
    assert.deepEqual(christmas(2021), [
      { date: '2021-12-27', title: 'Christmas Day (substitute day)' },
      { date: '2021-12-28', title: 'Boxing Day (substitute day)' },
    ])
    // On a Sunday (2022): Boxing Day on Monday 26, Christmas substitute Tuesday 27.
    assert.deepEqual(christmas(2022), [
      { date: '2022-12-26', title: 'Boxing Day' },
      { date: '2022-12-27', title: 'Christmas Day (substitute day)' },
    ])
    // On a Friday (2020): Boxing Day substitute Monday 28.
    assert.deepEqual(christmas(2020), [
      { date: '2020-12-25', title: 'Christmas Day' },
      { date: '2020-12-28', title: 'Boxing Day (substitute day)' },
    ])
    // On a weekday otherwise (2023, Monday).
    assert.deepEqual(christmas(2023).map((h) => h.date), ['2023-12-25', '2023-12-26'])
    // New Year's Day on a Saturday (2022) → Monday 3; on a Sunday (2023) → Monday 2.
    assert.equal(bankHolidaysFor(2022)[0]?.date, '2022-01-03')
    assert.equal(bankHolidaysFor(2023)[0]?.date, '2023-01-02')
    assert.equal(bankHolidaysFor(2024)[0]?.date, '2024-01-01')
  })

  it('puts early May on the first Monday, spring and summer on the last Mondays of May and August', () => {
    const titles = (y: number) => Object.fromEntries(bankHolidaysFor(y).map((h) => [h.title, h.date]))
    assert.equal(titles(2026)['Early May bank holiday'], '2026-05-04')
    assert.equal(titles(2026)['Spring bank holiday'], '2026-05-25')
    assert.equal(titles(2026)['Summer bank holiday'], '2026-08-31')
    assert.equal(titles(2028)['Early May bank holiday'], '2028-05-01')
    assert.equal(titles(2028)['Spring bank holiday'], '2028-05-29')
    assert.equal(titles(2028)['Good Friday'], '2028-04-14')
    assert.equal(titles(2028)['Easter Monday'], '2028-04-17')
  })

  it('knows the one-offs before the committed table (1995 VE day, 1999 millennium, 2002 Golden Jubilee)', () => {
    assert.equal(isBankHoliday('1995-05-08'), true)
    assert.equal(isBankHoliday('1995-05-01'), false)
    assert.equal(isBankHoliday('1999-12-31'), true)
    assert.deepEqual(bankHolidaysFor(2002).filter((h) => h.date.slice(5, 7) === '06').map((h) => h.date), ['2002-06-03', '2002-06-04'])
    assert.equal(isBankHoliday('2002-05-27'), false)
  })

  it('counts observed days, not nominal ones', () => {
    assert.equal(isBankHoliday('2022-12-25'), false, 'a Sunday: its substitute is the day off')
    assert.equal(isBankHoliday('2022-12-27'), true)
    assert.equal(isBankHoliday('2024-06-04'), false)
  })

  it('returns a fresh array each time, so callers cannot change the cached year', () => {
    const list = bankHolidaysFor(2024)
    list.pop()
    assert.equal(bankHolidaysFor(2024).length, 8)
  })

  it('rejects a bad year or date', () => {
    assert.throws(() => bankHolidaysFor(2024.5), RangeError)
    assert.throws(() => bankHolidaysFor(Number.NaN), RangeError)
    assert.throws(() => isBankHoliday('2023-02-29'), RangeError)
    assert.throws(() => isBankHoliday('25/12/2023'), RangeError)
  })
})
