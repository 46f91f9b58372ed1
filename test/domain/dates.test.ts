import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ageOn, daysInMonth, formatDate, fromParts, isValidIsoDate, londonDate } from '../../src/domain/shared/dates.ts'

describe('isValidIsoDate', () => {
  it('accepts real calendar dates', () => {
    for (const d of ['2024-02-29', '2023-04-30', '2023-12-31', '2000-02-29', '1850-01-01', '2200-12-31'])
      assert.equal(isValidIsoDate(d), true, d)
  })

  it('rejects impossible dates', () => {
    for (const d of ['2023-02-29', '2023-02-30', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-01-32'])
      assert.equal(isValidIsoDate(d), false, d)
  })

  it('rejects other formats and out-of-range years', () => {
    for (const d of ['', '2023-1-1', '01/02/2023', '2023-01-01T00:00:00Z', ' 2023-01-01', '20230101', '1849-12-31', '2201-01-01', 'abcd-ef-gh'])
      assert.equal(isValidIsoDate(d), false, JSON.stringify(d))
  })
})

describe('daysInMonth', () => {
  it('knows month lengths and leap years', () => {
    assert.equal(daysInMonth(2024, 2), 29)
    assert.equal(daysInMonth(2023, 2), 28)
    assert.equal(daysInMonth(1900, 2), 28)
    assert.equal(daysInMonth(2000, 2), 29)
    assert.equal(daysInMonth(2023, 4), 30)
    assert.equal(daysInMonth(2023, 12), 31)
  })
})

describe('fromParts', () => {
  it('builds a padded ISO date from GOV.UK date input fields', () => {
    assert.equal(fromParts('1', '2', '2020'), '2020-02-01')
    assert.equal(fromParts(' 09 ', ' 3', '2021 '), '2021-03-09')
    assert.equal(fromParts('29', '2', '2024'), '2024-02-29')
  })

  it('returns null for impossible or malformed parts', () => {
    assert.equal(fromParts('29', '2', '2023'), null)
    assert.equal(fromParts('31', '4', '2023'), null)
    assert.equal(fromParts('1', '13', '2023'), null)
    assert.equal(fromParts('0', '1', '2023'), null)
    assert.equal(fromParts('1', '1', '23'), null)
    assert.equal(fromParts('', '', ''), null)
    assert.equal(fromParts('1a', '1', '2023'), null)
    assert.equal(fromParts('123', '1', '2023'), null)
    assert.equal(fromParts('-1', '1', '2023'), null)
  })
})

describe('ageOn', () => {
  it('counts whole years, ticking over on the birthday', () => {
    assert.equal(ageOn('2010-06-15', '2025-06-14'), 14)
    assert.equal(ageOn('2010-06-15', '2025-06-15'), 15)
    assert.equal(ageOn('2010-06-15', '2025-12-31'), 15)
    assert.equal(ageOn('2010-06-15', '2026-01-01'), 15)
    assert.equal(ageOn('2010-06-15', '2010-06-15'), 0)
  })

  it('treats a 29 February birthday as reached on 1 March in other years', () => {
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 17)
    assert.equal(ageOn('2008-02-29', '2026-03-01'), 18)
    assert.equal(ageOn('2008-02-29', '2028-02-29'), 20)
  })
})

describe('formatDate', () => {
  it('formats as day month year without a leading zero', () => {
    assert.equal(formatDate('2024-03-05'), '5 March 2024')
    assert.equal(formatDate('2023-12-31'), '31 December 2023')
    assert.equal(formatDate('2023-01-01'), '1 January 2023')
  })
  it('is empty for no date', () => {
    assert.equal(formatDate(null), '')
    assert.equal(formatDate(undefined), '')
    assert.equal(formatDate(''), '')
  })
})

describe('londonDate', () => {
  it('uses British Summer Time in summer', () => {
    assert.equal(londonDate(new Date('2026-06-30T23:30:00Z')), '2026-07-01')
    assert.equal(londonDate(new Date('2026-06-30T22:59:59Z')), '2026-06-30')
    assert.equal(londonDate(new Date('2026-06-30T23:00:00Z')), '2026-07-01')
  })

  it('uses GMT in winter', () => {
    assert.equal(londonDate(new Date('2026-12-31T23:30:00Z')), '2026-12-31')
    assert.equal(londonDate(new Date('2027-01-01T00:00:00Z')), '2027-01-01')
  })

  it('follows the clock changes', () => {
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    assert.equal(londonDate(new Date('2026-03-28T23:30:00Z')), '2026-03-28')
    assert.equal(londonDate(new Date('2026-10-24T23:30:00Z')), '2026-10-25')
    assert.equal(londonDate(new Date('2026-10-25T23:30:00Z')), '2026-10-25')
  })

  it('returns a valid ISO date', () => {
    assert.equal(isValidIsoDate(londonDate(new Date('2025-02-03T12:00:00Z'))), true)
  })
})
