import { describe, it } from 'node:test'
import { prng } from '../helpers/cli.ts'
import assert from 'node:assert/strict'
import { ENGLAND_AND_WALES_CALENDAR, WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { addCalendarMonths, addDays, addWeeks, fromDayNumber, isoWeekday, toDayNumber } from '../../src/domain/calendar/days.ts'

const cal = ENGLAND_AND_WALES_CALENDAR


describe('day numbers', () => {
  it('round-trip and agree with the platform calendar for every day 1850–2200', () => {
    const start = Date.UTC(1850, 0, 1) / 86_400_000
    const end = Date.UTC(2200, 11, 31) / 86_400_000
    for (let n = start; n <= end; n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10)
      if (toDayNumber(iso) !== n || fromDayNumber(n) !== iso) assert.fail(`${iso}: ${toDayNumber(iso)} vs ${n}`)
    }
  })

  it('give ISO weekdays (1 Monday … 7 Sunday)', () => {
    assert.equal(isoWeekday('2024-01-01'), 1)
    assert.equal(isoWeekday('2022-12-23'), 5)
    assert.equal(isoWeekday('2022-12-25'), 7)
    assert.equal(isoWeekday('1970-01-01'), 4)
    assert.equal(isoWeekday('1900-01-01'), 1)
  })

  it('add days across months, years and leap days', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29')
    assert.equal(addDays('2023-02-28', 1), '2023-03-01')
    assert.equal(addDays('2023-12-31', 1), '2024-01-01')
    assert.equal(addDays('2024-03-01', -1), '2024-02-29')
  })
})

describe('isWorkingDay', () => {
  it('is Monday to Friday except bank holidays', () => {
    assert.equal(cal.isWorkingDay('2024-06-03'), true) // Monday
    assert.equal(cal.isWorkingDay('2024-06-07'), true) // Friday
    assert.equal(cal.isWorkingDay('2024-06-08'), false) // Saturday
    assert.equal(cal.isWorkingDay('2024-06-09'), false) // Sunday
    assert.equal(cal.isWorkingDay('2024-05-27'), false) // spring bank holiday
    assert.equal(cal.isWorkingDay('2022-09-19'), false) // state funeral
    assert.equal(cal.isWorkingDay('2022-12-27'), false) // Christmas substitute
  })

  it('rejects a bad date', () => {
    assert.throws(() => cal.isWorkingDay('2024-13-01'), RangeError)
  })
})

describe('addWorkingDays: the n-th working day strictly after the date', () => {
  it('Friday + 1 working day is Monday', () => {
    assert.equal(cal.addWorkingDays('2024-06-07', 1), '2024-06-10')
  })

  it('Friday before a bank-holiday Monday + 1 is Tuesday', () => {
    assert.equal(cal.addWorkingDays('2024-05-24', 1), '2024-05-28')
    assert.equal(cal.addWorkingDays('2024-08-23', 1), '2024-08-27')
  })

  it('a Saturday or Sunday contact + 1 is Monday (the start day never counts)', () => {
    assert.equal(cal.addWorkingDays('2024-06-08', 1), '2024-06-10')
    assert.equal(cal.addWorkingDays('2024-06-09', 1), '2024-06-10')
    assert.equal(cal.addWorkingDays('2024-06-08', 2), '2024-06-11')
  })

  it('a working day itself does not count: Monday + 1 is Tuesday', () => {
    assert.equal(cal.addWorkingDays('2024-06-10', 1), '2024-06-11')
    assert.equal(cal.addWorkingDays('2024-06-10', 5), '2024-06-17')
  })

  it('n = 0 returns the date itself, even at a weekend', () => {
    assert.equal(cal.addWorkingDays('2024-06-10', 0), '2024-06-10')
    assert.equal(cal.addWorkingDays('2024-06-08', 0), '2024-06-08')
  })

  it('steps over Christmas and New Year', () => {
    assert.equal(cal.addWorkingDays('2022-12-23', 1), '2022-12-28')
    assert.equal(cal.addWorkingDays('2021-12-24', 1), '2021-12-29')
    assert.equal(cal.addWorkingDays('2022-12-30', 1), '2023-01-03')
    assert.equal(cal.addWorkingDays('2010-12-20', 10), '2011-01-06')
  })

  it('counts back with a negative n', () => {
    assert.equal(cal.addWorkingDays('2024-06-10', -1), '2024-06-07')
    assert.equal(cal.addWorkingDays('2024-05-28', -1), '2024-05-24')
  })

  it('rejects a fractional count', () => {
    assert.throws(() => cal.addWorkingDays('2024-06-10', 1.5), RangeError)
  })
})

describe('council closure days', () => {
  const closures = new WorkingDayCalendar({ closureDays: ['2024-12-24', '2024-12-27', '2024-12-30', '2024-12-31', '2024-12-28', '2024-12-25'] })

  it('are skipped when passed in', () => {
    assert.equal(closures.isWorkingDay('2024-12-24'), false)
    assert.equal(closures.addWorkingDays('2024-12-23', 1), '2025-01-02')
    assert.equal(cal.addWorkingDays('2024-12-23', 1), '2024-12-24', 'the statutory calendar ignores them')
    assert.equal(closures.workingDaysBetween('2024-12-20', '2025-01-02'), 2)
    assert.equal(cal.workingDaysBetween('2024-12-20', '2025-01-02'), 6)
  })

  it('keep only those that are otherwise working days', () => {
    assert.deepEqual(closures.closureDays, ['2024-12-24', '2024-12-27', '2024-12-30', '2024-12-31'])
  })

  it('must be real dates', () => {
    assert.throws(() => new WorkingDayCalendar({ closureDays: ['2024-02-30'] }), /closure day/)
  })
})

describe('workingDaysBetween: working days in (a, b]', () => {
  it('is 0 when done on the same day', () => {
    assert.equal(cal.workingDaysBetween('2024-06-10', '2024-06-10'), 0)
    assert.equal(cal.workingDaysBetween('2024-06-08', '2024-06-08'), 0)
  })

  it('excludes the start day and includes the end day', () => {
    assert.equal(cal.workingDaysBetween('2024-06-07', '2024-06-10'), 1) // Friday → Monday
    assert.equal(cal.workingDaysBetween('2024-06-07', '2024-06-08'), 0) // Friday → Saturday
    assert.equal(cal.workingDaysBetween('2024-06-10', '2024-06-14'), 4) // Monday → Friday
    assert.equal(cal.workingDaysBetween('2024-06-08', '2024-06-10'), 1) // Saturday → Monday
  })

  it('leaves out bank holidays', () => {
    assert.equal(cal.workingDaysBetween('2022-12-23', '2022-12-28'), 1)
    assert.equal(cal.workingDaysBetween('2020-04-30', '2020-05-22'), 15)
    assert.equal(cal.workingDaysBetween('2022-08-15', '2022-10-19'), 45)
    assert.equal(cal.workingDaysBetween('2024-01-01', '2024-12-31'), 254) // 262 weekdays less 8 bank holidays (1 January is one: excluded either way)
  })

  it('decides "within N working days"', () => {
    const within = (start: string, done: string, n: number) => cal.workingDaysBetween(start, done) <= n
    assert.equal(within('2024-05-24', '2024-05-28', 1), true)
    assert.equal(within('2024-05-24', '2024-05-29', 1), false)
  })

  it('is negative when the end is before the start', () => {
    assert.equal(cal.workingDaysBetween('2024-06-10', '2024-06-07'), -1)
  })

  it('agrees with stepping day by day, and inverts addWorkingDays (property check)', () => {
    const random = prng(20240610)
    const withClosures = new WorkingDayCalendar({ closureDays: ['2011-12-29', '2012-06-06', '2020-05-07', '2023-12-27'] })
    const lo = toDayNumber('2004-01-01')
    for (let i = 0; i < 500; i++) {
      const a = fromDayNumber(lo + Math.floor(random() * 8000))
      const b = addDays(a, Math.floor(random() * 400))
      for (const c of [cal, withClosures]) {
        let stepped = 0
        for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (c.isWorkingDay(d)) stepped += 1
        assert.equal(c.workingDaysBetween(a, b), stepped, `(${a}, ${b}]`)
        const n = Math.floor(random() * 60)
        const due = c.addWorkingDays(a, n)
        assert.equal(c.workingDaysBetween(a, due), n, `${a} + ${n}`)
        if (n > 0) assert.equal(c.isWorkingDay(due), true, `${due} is a working day`)
      }
    }
  })

  it('is fast over long ranges', () => {
    const t0 = performance.now()
    for (let i = 0; i < 10_000; i++) cal.workingDaysBetween('1990-01-01', '2030-12-31')
    assert.ok(performance.now() - t0 < 2000, 'ten thousand 40-year ranges in under 2 s')
  })
})

describe('calendar months and weeks', () => {
  it('keep the day of the month, or clamp to the month’s last day', () => {
    assert.equal(cal.addCalendarMonths('2023-11-30', 3), '2024-02-29')
    assert.equal(cal.addCalendarMonths('2023-11-30', 15), '2025-02-28')
    assert.equal(cal.addCalendarMonths('2024-01-31', 1), '2024-02-29')
    assert.equal(cal.addCalendarMonths('2023-01-31', 1), '2023-02-28')
    assert.equal(cal.addCalendarMonths('2024-03-31', 6), '2024-09-30')
    assert.equal(cal.addCalendarMonths('2024-08-15', 6), '2025-02-15')
    assert.equal(cal.addCalendarMonths('2024-01-15', -1), '2023-12-15')
    assert.equal(cal.addCalendarMonths('2024-03-31', -1), '2024-02-29')
    assert.equal(cal.addCalendarMonths('2024-05-05', 0), '2024-05-05')
    assert.equal(addCalendarMonths('2024-12-31', 2), '2025-02-28')
  })

  it('add weeks of 7 calendar days, whatever the holidays', () => {
    assert.equal(cal.addWeeks('2024-02-26', 1), '2024-03-04')
    assert.equal(cal.addWeeks('2022-12-23', 1), '2022-12-30')
    assert.equal(addWeeks('2024-01-01', 26), '2024-07-01')
    assert.equal(cal.addWeeks('2024-01-08', -1), '2024-01-01')
  })

  it('reject bad input', () => {
    assert.throws(() => cal.addCalendarMonths('2024-02-30', 1), RangeError)
    assert.throws(() => cal.addWeeks('2024-02-01', 0.5), RangeError)
  })
})
