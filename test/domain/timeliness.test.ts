import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assessmentBacklog, financialYearStart, median, monthsBetween, percentage, summariseTimeliness, TIMELINESS_DEFINITIONS, type CompletedAssessment } from '../../src/domain/assessments/timeliness.ts'
import { ENGLAND_AND_WALES_CALENDAR as cal } from '../../src/domain/calendar/workingDays.ts'

const single = (startDate: string, dueDate: string, completedOn: string): CompletedAssessment => ({ kind: 'single', framework: 'wt2023', startDate, dueDate, completedOn })

describe('assessment timeliness aggregates', () => {
  it('counts assessments authorised in the period within timescale, by month with every month present', () => {
    const rows = [
      single('2024-03-01', '2024-05-03', '2024-04-10'), // April, on time
      single('2024-03-01', '2024-05-03', '2024-05-03'), // May, on the due day: on time
      single('2024-03-01', '2024-05-03', '2024-05-07'), // May, late
      single('2024-01-02', '2024-03-06', '2024-03-28'), // March: before the period, ignored
      single('2024-05-01', '2024-07-04', '2024-07-01'), // July: after the period, ignored
    ]
    const s = summariseTimeliness(rows, { from: '2024-04-01', to: '2024-06-30' }, cal)
    assert.deepEqual(s.total, { completed: 3, withinTimescale: 2, percent: 66.7 })
    assert.deepEqual(
      s.byMonth.map((m) => [m.label, m.completed, m.withinTimescale, m.percent]),
      [
        ['April 2024', 1, 1, 100],
        ['May 2024', 2, 1, 50],
        ['June 2024', 0, 0, null],
      ],
    )
  })

  it('buckets by the calendar month of authorisation, across a year end', () => {
    assert.deepEqual(monthsBetween('2023-11-15', '2024-02-01'), ['2023-11', '2023-12', '2024-01', '2024-02'])
    const s = summariseTimeliness([single('2023-11-01', '2024-01-08', '2023-12-31'), single('2023-11-01', '2024-01-08', '2024-01-01')], { from: '2023-12-01', to: '2024-01-31' }, cal)
    assert.deepEqual(s.byMonth.map((m) => m.completed), [1, 1])
  })

  it('rounds percentages to one decimal place, half up', () => {
    assert.equal(percentage(2, 3), 66.7)
    assert.equal(percentage(1, 3), 33.3)
    assert.equal(percentage(1, 8), 12.5)
    assert.equal(percentage(1, 16), 6.3)
    assert.equal(percentage(5, 5), 100)
    assert.equal(percentage(0, 4), 0)
    assert.equal(percentage(0, 0), null)
  })

  it('gives zeros (and no percentage) when nothing was completed', () => {
    const s = summariseTimeliness([], { from: '2025-04-01', to: '2025-05-15' }, cal)
    assert.deepEqual(s.total, { completed: 0, withinTimescale: 0, percent: null })
    assert.deepEqual(s.byFrameworkKind, [])
    assert.deepEqual(s.byMonth.map((m) => [m.month, m.completed]), [['2025-04', 0], ['2025-05', 0]])
    assert.equal(s.meanWorkingDays, null)
    assert.equal(s.medianWorkingDays, null)
  })

  it('splits by framework and kind, oldest framework first', () => {
    const rows: CompletedAssessment[] = [
      single('2024-04-01', '2024-06-04', '2024-05-01'),
      { kind: 'core', framework: 'wt2010', startDate: '2012-01-03', dueDate: '2012-02-21', completedOn: '2024-04-20' },
      { kind: 'initial', framework: 'wt2010', startDate: '2012-01-03', dueDate: '2012-01-17', completedOn: '2024-04-20' },
    ]
    const s = summariseTimeliness(rows, { from: '2024-04-01', to: '2024-05-31' }, cal)
    assert.deepEqual(s.byFrameworkKind.map((r) => [r.framework, r.kind, r.completed, r.withinTimescale]), [
      ['wt2010', 'initial', 1, 0],
      ['wt2010', 'core', 1, 0],
      ['wt2023', 'single', 1, 1],
    ])
  })

  it('measures duration in working days from start to authorisation (mean and median)', () => {
    // Mon 1 Apr 2024 → Fri 5 Apr: 4 working days; → Mon 8 Apr: 5; → Thu 2 May: 23 (6 May is a bank holiday, not reached).
    const rows = [single('2024-04-01', '2024-06-04', '2024-04-05'), single('2024-04-01', '2024-06-04', '2024-04-08'), single('2024-04-01', '2024-06-04', '2024-05-02')]
    const s = summariseTimeliness(rows, { from: '2024-04-01', to: '2024-05-31' }, cal)
    assert.equal(s.medianWorkingDays, 5)
    assert.equal(s.meanWorkingDays, 10.7)
    assert.equal(median([1, 2, 3, 10]), 2.5)
  })

  it('lists the backlog: open assessments past their due date, most overdue first, with working days over', () => {
    const open = [
      { id: 'a', personId: 'p1', kind: 'single' as const, startDate: '2024-01-02', dueDate: '2024-03-06' },
      { id: 'b', personId: 'p2', kind: 'single' as const, startDate: '2024-03-01', dueDate: '2024-05-03' },
      { id: 'c', personId: 'p3', kind: 'single' as const, startDate: '2024-04-01', dueDate: '2024-05-10' }, // due today: not over
    ]
    // 7 Mar–10 May 2024: 47 weekdays less Good Friday, Easter Monday and the early May bank holiday.
    const b = assessmentBacklog(open, '2024-05-10', cal)
    assert.deepEqual(b.map((x) => [x.id, x.workingDaysOver]), [['a', 44], ['b', 4]])
  })

  it('starts the reporting year on 1 April', () => {
    assert.equal(financialYearStart('2026-03-31'), '2025-04-01')
    assert.equal(financialYearStart('2026-04-01'), '2026-04-01')
    assert.equal(financialYearStart('2026-11-25'), '2026-04-01')
  })

  it('defines each figure in words', () => {
    for (const k of ['completed', 'withinTimescale', 'byMonth', 'yearToDate', 'duration', 'backlog'] as const) assert.ok(TIMELINESS_DEFINITIONS[k].length > 20, k)
    assert.match(TIMELINESS_DEFINITIONS.withinTimescale, /45 working days/)
  })
})
