import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { countingVisitDates, DEFAULT_CIN_VISIT_FREQUENCY, DEFAULT_CP_VISIT_FREQUENCY, addFrequency, frequencyLabel, seenAloneAtLastVisit, validateFrequency, validateVisit, visitDue, visitsInTimescale, type VisitFacts, type VisitInput } from '../../src/domain/visits/visit.ts'
import { ENGLAND_AND_WALES_CALENDAR, WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import type { FieldError } from '../../src/domain/shared/result.ts'

const cal = ENGLAND_AND_WALES_CALENDAR
const facts = { planStart: '2025-01-06', today: '2025-03-03' }
const good: VisitInput = { visitDate: '2025-01-17', childSeen: 'yes', seenAlone: 'yes', bedroomSeen: 'yes', announced: 'unannounced', visitedBy: 'Sam Okafor', notes: 'Leo showed me his room.' }

function refusal(input: VisitInput, f: VisitFacts = facts): FieldError[] {
  const r = validateVisit(input, f)
  assert.equal(r.ok, false, 'expected the visit to be refused')
  return r.ok ? [] : r.errors
}
const messageFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message

describe('recording a statutory visit', () => {
  it('keeps a complete visit, trimmed, with announced as a yes/no', () => {
    const r = validateVisit({ ...good, visitedBy: '  Sam Okafor ', notes: 'Line one\r\nLine two ' }, facts)
    assert.ok(r.ok)
    assert.deepEqual(r.value, { visitDate: '2025-01-17', childSeen: true, seenAlone: true, bedroomSeen: 'yes', announced: false, visitedBy: 'Sam Okafor', notes: 'Line one\nLine two', notSeenReason: null })
  })

  it('accepts a visit on the day the plan started and on today, and no notes', () => {
    assert.ok(validateVisit({ ...good, visitDate: '2025-01-06', notes: '' }, facts).ok)
    const r = validateVisit({ ...good, visitDate: '2025-03-03', announced: 'announced', bedroomSeen: 'not_applicable' }, facts)
    assert.ok(r.ok)
    assert.equal(r.value.announced, true)
    assert.equal(r.value.bedroomSeen, 'not_applicable')
  })

  it('refuses a missing, unreal, future, pre-plan or post-plan date with its field and message', () => {
    assert.equal(messageFor(refusal({ ...good, visitDate: '' }), 'visitDate'), 'Enter the date of the visit')
    assert.equal(messageFor(refusal({ ...good, visitDate: 'invalid' }), 'visitDate'), 'The date of the visit must be a real date, like 15 8 2022')
    assert.equal(messageFor(refusal({ ...good, visitDate: '2025-02-30' }), 'visitDate'), 'The date of the visit must be a real date, like 15 8 2022')
    assert.equal(messageFor(refusal({ ...good, visitDate: '2025-03-04' }), 'visitDate'), 'The date of the visit cannot be in the future')
    assert.equal(messageFor(refusal({ ...good, visitDate: '2025-01-05' }), 'visitDate'), 'The date of the visit cannot be before the plan started (6 January 2025)')
    assert.equal(messageFor(refusal({ ...good, visitDate: '2025-02-20' }, { ...facts, planEnd: '2025-02-19' }), 'visitDate'), 'The date of the visit cannot be after the plan ended (19 February 2025)')
  })

  it('needs to know whether the child was seen, and if seen whether alone', () => {
    assert.equal(messageFor(refusal({ ...good, childSeen: '' }), 'childSeen'), 'Say whether the child was seen')
    assert.equal(messageFor(refusal({ ...good, seenAlone: undefined }), 'seenAlone'), 'Say whether the child was seen alone')
    const notSeen = { ...good, childSeen: 'no', seenAlone: 'yes', notSeenReason: 'Nobody home' }
    assert.equal(messageFor(refusal(notSeen), 'seenAlone'), 'The child cannot have been seen alone if they were not seen')
  })

  it('requires a reason when the child was not seen, and keeps seen alone empty', () => {
    const errors = refusal({ ...good, childSeen: 'no', seenAlone: '' })
    assert.deepEqual(errors, [{ field: 'notSeenReason', message: 'Enter the reason the child was not seen' }])
    const r = validateVisit({ ...good, childSeen: false, seenAlone: 'no', notSeenReason: 'Child at school trip; mother seen' }, facts)
    assert.ok(r.ok)
    assert.equal(r.value.childSeen, false)
    assert.equal(r.value.seenAlone, null)
    assert.equal(r.value.notSeenReason, 'Child at school trip; mother seen')
  })

  it('drops a not-seen reason when the child was seen', () => {
    const r = validateVisit({ ...good, notSeenReason: 'left over from an earlier answer' }, facts)
    assert.ok(r.ok)
    assert.equal(r.value.notSeenReason, null)
  })

  it('needs bedroom seen, announced and who visited', () => {
    assert.equal(messageFor(refusal({ ...good, bedroomSeen: '' }), 'bedroomSeen'), 'Say whether the child’s bedroom was seen, or that it does not apply')
    assert.equal(messageFor(refusal({ ...good, bedroomSeen: 'maybe' }), 'bedroomSeen'), 'Select whether the child’s bedroom was seen from the list')
    assert.equal(messageFor(refusal({ ...good, announced: '' }), 'announced'), 'Say whether the visit was announced or unannounced')
    assert.equal(messageFor(refusal({ ...good, visitedBy: '   ' }), 'visitedBy'), 'Enter who visited')
    assert.equal(messageFor(refusal({ ...good, visitedBy: 'x'.repeat(501) }), 'visitedBy'), 'Who visited must be 500 characters or fewer (it has 501)')
  })

  it('caps the notes and the not-seen reason at 20,000 characters: a 1 MB paste is a field error', () => {
    assert.ok(validateVisit({ ...good, notes: 'a'.repeat(20_000) }, facts).ok)
    assert.equal(messageFor(refusal({ ...good, notes: 'a'.repeat(20_001) }), 'notes'), 'The visit notes must be 20,000 characters or fewer (it has 20,001)')
    assert.equal(messageFor(refusal({ ...good, notes: 'a'.repeat(1_000_000) }), 'notes'), 'The visit notes must be 20,000 characters or fewer (it has 1,000,000)')
    const long = refusal({ ...good, childSeen: 'no', seenAlone: '', notSeenReason: 'b'.repeat(20_001) })
    assert.deepEqual(long.map((e) => e.field), ['notSeenReason'])
  })

  it('reports every problem at once', () => {
    const errors = refusal({})
    assert.deepEqual(errors.map((e) => e.field), ['visitDate', 'childSeen', 'bedroomSeen', 'announced', 'visitedBy'])
  })
})

describe('visit frequencies', () => {
  it('defaults: CP visits every 10 working days, CIN every 20 [local]', () => {
    assert.equal(frequencyLabel(DEFAULT_CP_VISIT_FREQUENCY), 'every 10 working days')
    assert.equal(frequencyLabel(DEFAULT_CIN_VISIT_FREQUENCY), 'every 20 working days')
    assert.equal(frequencyLabel({ amount: 1, unit: 'months' }), 'every month')
    assert.equal(frequencyLabel({ amount: 4, unit: 'weeks' }), 'every 4 weeks')
  })

  it('adds working days over Christmas and New Year, months with end-of-month clamping, and weeks', () => {
    assert.equal(addFrequency('2024-12-20', { amount: 10, unit: 'workingDays' }, cal), '2025-01-08')
    assert.equal(addFrequency('2024-12-20', { amount: 20, unit: 'workingDays' }, cal), '2025-01-22')
    assert.equal(addFrequency('2025-01-31', { amount: 1, unit: 'months' }, cal), '2025-02-28')
    assert.equal(addFrequency('2024-12-20', { amount: 4, unit: 'weeks' }, cal), '2025-01-17')
  })

  it('takes a blank frequency as the default and refuses nonsense with the field and message', () => {
    const errors: FieldError[] = []
    assert.deepEqual(validateFrequency(errors, 'visitFrequency', 'visits', { amount: '', unit: '' }, DEFAULT_CP_VISIT_FREQUENCY), DEFAULT_CP_VISIT_FREQUENCY)
    assert.deepEqual(validateFrequency(errors, 'visitFrequency', 'visits', null, DEFAULT_CP_VISIT_FREQUENCY), DEFAULT_CP_VISIT_FREQUENCY)
    assert.deepEqual(validateFrequency(errors, 'visitFrequency', 'visits', { amount: ' 4 ', unit: 'weeks' }, DEFAULT_CP_VISIT_FREQUENCY), { amount: 4, unit: 'weeks' })
    assert.deepEqual(validateFrequency(errors, 'visitFrequency', 'visits', { amount: 15, unit: 'workingDays' }, DEFAULT_CP_VISIT_FREQUENCY), { amount: 15, unit: 'workingDays' })
    assert.deepEqual(errors, [])
    const cases: [Record<string, string>, FieldError][] = [
      [{ amount: '10', unit: '' }, { field: 'visitFrequencyUnit', message: 'Select how visits are counted: months, weeks or working days' }],
      [{ amount: '10', unit: 'fortnights' }, { field: 'visitFrequencyUnit', message: 'Select how visits are counted from the list' }],
      [{ amount: '', unit: 'weeks' }, { field: 'visitFrequencyAmount', message: 'Enter how often visits are due' }],
      [{ amount: '0', unit: 'weeks' }, { field: 'visitFrequencyAmount', message: 'How often visits are due must be a whole number, like 20' }],
      [{ amount: '2.5', unit: 'weeks' }, { field: 'visitFrequencyAmount', message: 'How often visits are due must be a whole number, like 20' }],
      [{ amount: '53', unit: 'weeks' }, { field: 'visitFrequencyAmount', message: 'Visits must be due at least once a year (at most 52 weeks)' }],
      [{ amount: '261', unit: 'workingDays' }, { field: 'visitFrequencyAmount', message: 'Visits must be due at least once a year (at most 260 working days)' }],
    ]
    for (const [input, expected] of cases) {
      const e: FieldError[] = []
      assert.equal(validateFrequency(e, 'visitFrequency', 'visits', input, DEFAULT_CP_VISIT_FREQUENCY), null, JSON.stringify(input))
      assert.deepEqual(e, [expected], JSON.stringify(input))
    }
  })
})

describe('when the next visit is due', () => {
  const every10 = { amount: 10, unit: 'workingDays' } as const
  const every20 = { amount: 20, unit: 'workingDays' } as const

  it('before any visit, runs from the plan start', () => {
    const d = visitDue('2025-01-06', [], every10, '2025-01-07', cal)
    assert.equal(d.lastVisit, null)
    assert.equal(d.dueDate, '2025-01-20')
    assert.equal(d.rag, 'green')
  })

  it('every 10 working days from a visit on Friday 20 December 2024 is due Wednesday 8 January 2025 (Christmas, Boxing Day, New Year skipped)', () => {
    const visits = ['2024-12-02', '2024-12-20', '2024-12-10']
    const green = visitDue('2024-11-25', visits, every10, '2024-12-23', cal)
    assert.deepEqual(green, { lastVisit: '2024-12-20', dueDate: '2025-01-08', overdue: false, workingDaysLeft: 9, rag: 'green' })
    const amber = visitDue('2024-11-25', visits, every10, '2025-01-02', cal)
    assert.deepEqual(amber, { lastVisit: '2024-12-20', dueDate: '2025-01-08', overdue: false, workingDaysLeft: 4, rag: 'amber' })
    const dueToday = visitDue('2024-11-25', visits, every10, '2025-01-08', cal)
    assert.equal(dueToday.overdue, false)
    assert.equal(dueToday.workingDaysLeft, 0)
    assert.equal(dueToday.rag, 'amber')
    const red = visitDue('2024-11-25', visits, every10, '2025-01-13', cal)
    assert.deepEqual(red, { lastVisit: '2024-12-20', dueDate: '2025-01-08', overdue: true, workingDaysLeft: -3, rag: 'red' })
  })

  it('every 20 working days from 20 December 2024 is due 22 January 2025', () => {
    const d = visitDue('2024-11-25', ['2024-12-20'], every20, '2025-01-06', cal)
    assert.equal(d.dueDate, '2025-01-22')
    assert.equal(d.workingDaysLeft, 12)
    assert.equal(d.rag, 'green')
  })

  it('counts council closure days between Christmas and New Year when the council has them', () => {
    const closed = new WorkingDayCalendar({ closureDays: ['2024-12-24', '2024-12-27', '2024-12-30', '2024-12-31'] })
    assert.equal(visitDue('2024-11-25', ['2024-12-20'], every10, '2024-12-23', closed).dueDate, '2025-01-14')
  })

  it('ignores visits before the plan start and recorded after today', () => {
    const d = visitDue('2025-01-06', ['2024-12-20', '2025-02-10'], every10, '2025-01-10', cal)
    assert.equal(d.lastVisit, null)
    assert.equal(d.dueDate, '2025-01-20')
  })

  it('a visit where the child was not seen does not reset the clock when only seen visits count [local]', () => {
    const visits = [
      { visitDate: '2024-12-20', childSeen: true },
      { visitDate: '2025-01-07', childSeen: false },
      { visitDate: '2024-12-20', childSeen: true },
    ]
    assert.deepEqual(countingVisitDates(visits, { seenOnly: false }), ['2024-12-20', '2025-01-07'])
    assert.deepEqual(countingVisitDates(visits, { seenOnly: true }), ['2024-12-20'])
    assert.equal(visitDue('2024-11-25', countingVisitDates(visits, { seenOnly: true }), every10, '2025-01-09', cal).rag, 'red')
    assert.equal(visitDue('2024-11-25', countingVisitDates(visits, { seenOnly: false }), every10, '2025-01-09', cal).rag, 'green')
  })

  it('a weekly frequency in weeks runs in calendar days', () => {
    assert.equal(visitDue('2025-01-06', ['2025-01-10'], { amount: 2, unit: 'weeks' }, '2025-01-13', cal).dueDate, '2025-01-24')
  })
})

describe('seen alone at the last visit', () => {
  it('is null with no visits, and follows the latest visit by date whatever the order given', () => {
    assert.equal(seenAloneAtLastVisit([]), null)
    const visits = [
      { visitDate: '2025-02-03', childSeen: true, seenAlone: false },
      { visitDate: '2025-01-17', childSeen: true, seenAlone: true },
    ]
    assert.equal(seenAloneAtLastVisit(visits), false)
    assert.equal(seenAloneAtLastVisit([...visits, { visitDate: '2025-02-14', childSeen: true, seenAlone: true }]), true)
  })

  it('a last visit where the child was not seen is not seen alone; two visits that day count if either was', () => {
    assert.equal(seenAloneAtLastVisit([{ visitDate: '2025-01-17', childSeen: true, seenAlone: true }, { visitDate: '2025-02-03', childSeen: false, seenAlone: null }]), false)
    assert.equal(seenAloneAtLastVisit([{ visitDate: '2025-02-03', childSeen: false, seenAlone: null }, { visitDate: '2025-02-03', childSeen: true, seenAlone: true }]), true)
  })
})

describe('visits in timescale (MI)', () => {
  const every10 = { amount: 10, unit: 'workingDays' } as const

  it('counts one interval per visit and the overdue gap after the last, with the share met', () => {
    // Start Mon 6 Jan: due 20 Jan, seen 17 Jan (met); due 31 Jan, seen 5 Feb (late); due 19 Feb, nothing by 28 Feb (missed).
    const r = visitsInTimescale('2025-01-06', null, ['2025-02-05', '2025-01-17'], every10, cal, '2025-02-28')
    assert.equal(r.intervals, 3)
    assert.equal(r.met, 1)
    assert.equal(r.share, 1 / 3)
    assert.deepEqual(r.detail, [
      { from: '2025-01-06', due: '2025-01-20', visitedOn: '2025-01-17', met: true },
      { from: '2025-01-17', due: '2025-01-31', visitedOn: '2025-02-05', met: false },
      { from: '2025-02-05', due: '2025-02-19', visitedOn: null, met: false },
    ])
  })

  it('does not count a gap that is only due on the report date, nor one the plan ended before', () => {
    assert.equal(visitsInTimescale('2025-01-06', null, ['2025-01-17', '2025-02-05'], every10, cal, '2025-02-19').intervals, 2)
    const ended = visitsInTimescale('2025-01-06', '2025-02-10', ['2025-01-17', '2025-02-05', '2025-02-12'], every10, cal, '2025-03-31')
    assert.equal(ended.intervals, 2)
    assert.equal(ended.met, 1)
  })

  it('a visit on the plan start day and repeat visits on one day close no extra interval', () => {
    const r = visitsInTimescale('2025-01-06', null, ['2025-01-06', '2025-01-17', '2025-01-17'], every10, cal, '2025-01-20')
    assert.equal(r.intervals, 1)
    assert.equal(r.share, 1)
  })

  it('has no share before anything has fallen due', () => {
    assert.deepEqual(visitsInTimescale('2025-01-06', null, [], every10, cal, '2025-01-20'), { intervals: 0, met: 0, share: null, detail: [] })
  })

  it('over Christmas a visit on 8 January after one on 20 December is in timescale at 10 working days', () => {
    const r = visitsInTimescale('2024-12-20', null, ['2025-01-08'], every10, cal, '2025-01-10')
    assert.equal(r.share, 1)
    const late = visitsInTimescale('2024-12-20', null, ['2025-01-09'], every10, cal, '2025-01-10')
    assert.equal(late.share, 0)
  })
})
