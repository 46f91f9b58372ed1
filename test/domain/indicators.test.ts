import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { INDICATOR_GROUPS, INDICATOR_IDS, INDICATORS, indicatorsInGroup, isIndicatorId, type IndicatorDefinition } from '../../src/domain/indicators/definitions.ts'
import { dayRuns, dfeYearOf, dfeYearPeriod, dfeYearsBetween, isDfeYear, liveRanges, parsePeriod, periodParam, FUTURE_MONTH_ERROR, PERIOD_ERROR, type Period } from '../../src/domain/indicators/periods.ts'
import { comparatorsFor, direction, formatValue, percent, ratePer10000, trend, type Comparator } from '../../src/domain/indicators/measures.ts'
import { comparatorLabel } from '../../src/domain/indicators/comparators.ts'
import { frameworkBreakdown, parseFrameworkFilter, timescaleText, FRAMEWORK_ERROR, KIND_ERROR } from '../../src/domain/indicators/breakdown.ts'

const TODAY = '2026-11-26'

function period(input: string | undefined, today = TODAY): Period {
  const r = parsePeriod(input, today)
  assert.ok(r.ok, `expected ${String(input)} to parse`)
  return r.value
}

describe('indicator definitions', () => {
  it('gives every indicator a title, a definition and a source to show on the page', () => {
    for (const id of INDICATOR_IDS) {
      const d = INDICATORS[id]
      assert.equal(d.id, id)
      assert.ok(d.title.trim().length > 0, `${id} title`)
      assert.ok(d.definition.trim().length > 20, `${id} definition`)
      assert.ok(d.source.trim().length > 0, `${id} source`)
      assert.ok(INDICATOR_GROUPS.includes(d.group), `${id} group`)
    }
    assert.deepEqual(Object.keys(INDICATORS).sort(), [...INDICATOR_IDS].sort())
  })

  it('says what is counted over what for every percentage and rate, and nothing for a plain count', () => {
    for (const d of Object.values(INDICATORS) as IndicatorDefinition[]) {
      if (d.kind === 'count') {
        assert.equal(d.numerator, null, d.id)
        assert.equal(d.denominator, null, d.id)
      } else {
        assert.ok(d.numerator && d.denominator, `${d.id} needs numerator and denominator wording`)
      }
    }
  })

  it('states the definitions managers see in plain English', () => {
    assert.equal(INDICATORS.contacts_decided_in_1wd.title, 'Contacts decided within 1 working day')
    assert.match(INDICATORS.contacts_decided_in_1wd.definition, /next working day/)
    assert.equal(INDICATORS.re_referrals_12m.better, 'lower')
    assert.equal(INDICATORS.icpcs_in_15wd.better, 'higher')
    assert.equal(INDICATORS.cp_rate_per_10000.kind, 'rate_per_10000')
    assert.match(INDICATORS.cp_second_or_subsequent.source, /NI 65/)
    assert.match(INDICATORS.cp_lasting_2_years.source, /NI 64/)
  })

  it('marks "as at today" figures as snapshots without a monthly trend, and flows with one', () => {
    assert.equal(INDICATORS.referrals.trend, true)
    assert.equal(INDICATORS.referrals.snapshot, false)
    assert.equal(INDICATORS.unallocated_children.trend, false)
    assert.equal(INDICATORS.unallocated_children.snapshot, true)
    assert.equal(INDICATORS.cp_children.snapshot, true)
  })

  it('puts every indicator in exactly one section of the page, in the fixed order', () => {
    const all = INDICATOR_GROUPS.flatMap((g) => indicatorsInGroup(g).map((d) => d.id))
    assert.deepEqual([...all].sort(), [...INDICATOR_IDS].sort())
    assert.deepEqual(indicatorsInGroup('Front door').map((d) => d.id), ['contacts', 'contacts_decided_in_1wd', 'contacts_to_referral', 'referrals', 're_referrals_12m'])
    assert.equal(isIndicatorId('referrals'), true)
    assert.equal(isIndicatorId('toString'), false)
  })
})

describe('reporting periods', () => {
  it('defaults to the last 12 months: whole months, the current one ending today', () => {
    for (const input of [undefined, '', 'last-12-months', ' Last-12-Months ']) {
      const p = period(input)
      assert.equal(p.kind, 'last_12_months')
      assert.equal(p.start, '2025-12-01')
      assert.equal(p.end, TODAY)
      assert.equal(p.months.length, 12)
    }
    const p = period(undefined)
    assert.deepEqual(p.months[0], { key: '2025-12', start: '2025-12-01', end: '2025-12-31', label: 'December 2025' })
    assert.deepEqual(p.months[11], { key: '2026-11', start: '2026-11-01', end: TODAY, label: 'November 2026' })
    assert.equal(p.label, 'Last 12 months (1 December 2025 to 26 November 2026)')
    assert.equal(periodParam(p), 'last-12-months')
  })

  it('covers 24 months for the last 24 months', () => {
    const p = period('last-24-months')
    assert.equal(p.kind, 'last_24_months')
    assert.equal(p.start, '2024-12-01')
    assert.equal(p.months.length, 24)
    assert.equal(p.months[23]?.end, TODAY)
    assert.equal(periodParam(p), 'last-24-months')
  })

  it('starts the year to date on 1 April of the DfE year containing today', () => {
    const p = period('year-to-date')
    assert.equal(p.kind, 'year_to_date')
    assert.equal(p.start, '2026-04-01')
    assert.equal(p.end, TODAY)
    assert.deepEqual(p.months.map((m) => m.key), ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'])
    assert.match(p.label, /2026-27/)
  })

  it('on 31 March the year to date is the whole DfE year; on 1 April a new year of one day begins', () => {
    const march = period('year-to-date', '2027-03-31')
    assert.equal(march.start, '2026-04-01')
    assert.equal(march.end, '2027-03-31')
    assert.equal(march.months.length, 12)
    const april = period('year-to-date', '2027-04-01')
    assert.equal(april.start, '2027-04-01')
    assert.equal(april.end, '2027-04-01')
    assert.deepEqual(april.months, [{ key: '2027-04', start: '2027-04-01', end: '2027-04-01', label: 'April 2027' }])
  })

  it('takes one month as YYYY-MM, the whole month in the past and up to today for the current month', () => {
    const past = period('2026-06')
    assert.equal(past.kind, 'month')
    assert.equal(past.start, '2026-06-01')
    assert.equal(past.end, '2026-06-30')
    assert.equal(past.label, 'June 2026')
    assert.equal(periodParam(past), '2026-06')
    const current = period('2026-11')
    assert.equal(current.end, TODAY)
  })

  it('ends February on the 29th in a leap year and the 28th otherwise', () => {
    assert.equal(period('2024-02').end, '2024-02-29')
    assert.equal(period('2025-02').end, '2025-02-28')
    assert.equal(period('2000-02').end, '2000-02-29')
  })

  it('refuses a future month and anything it does not recognise, on the period field', () => {
    assert.deepEqual(parsePeriod('2026-12', TODAY), { ok: false, errors: [{ field: 'period', message: FUTURE_MONTH_ERROR }] })
    for (const bad of ['2026-13', '2026-00', '2026-1', 'last-6-months', 'yesterday', '2026-11-01', '<script>']) {
      assert.deepEqual(parsePeriod(bad, TODAY), { ok: false, errors: [{ field: 'period', message: PERIOD_ERROR }] }, bad)
    }
  })

  it('names DfE years from 1 April to 31 March', () => {
    assert.equal(dfeYearOf('2026-11-26'), '2026-27')
    assert.equal(dfeYearOf('2026-04-01'), '2026-27')
    assert.equal(dfeYearOf('2026-03-31'), '2025-26')
    assert.equal(dfeYearOf('1999-12-31'), '1999-00')
    assert.deepEqual(dfeYearPeriod('2025-26'), { year: '2025-26', start: '2025-04-01', end: '2026-03-31' })
    assert.throws(() => dfeYearPeriod('2025-27'), RangeError)
    assert.equal(isDfeYear('2025-26'), true)
    assert.equal(isDfeYear('2025/26'), false)
    assert.deepEqual(dfeYearsBetween('2025-12-01', '2026-11-26'), ['2025-26', '2026-27'])
  })
})

describe('percentages and rates', () => {
  it('rounds a percentage to one decimal place, half up', () => {
    assert.equal(percent(1, 3), 33.3)
    assert.equal(percent(2, 3), 66.7)
    assert.equal(percent(1, 16), 6.3) // 6.25 exactly: half up
    assert.equal(percent(1, 2000), 0.1) // 0.05 exactly
    assert.equal(percent(724, 1000), 72.4)
    assert.equal(percent(5, 5), 100)
    assert.equal(percent(0, 7), 0)
  })

  it('has no percentage when there is nothing to divide by', () => {
    assert.equal(percent(0, 0), null)
  })

  it('gives children per 10,000 of the population, and none when no population is configured', () => {
    assert.equal(ratePer10000(451, 100_000), 45.1)
    assert.equal(ratePer10000(1, 80_000), 0.1) // 0.125
    assert.equal(ratePer10000(37, 48_213), 7.7)
    assert.equal(ratePer10000(0, 50_000), 0)
    assert.equal(ratePer10000(12, 0), null)
  })
})

describe('trends by month', () => {
  const months = period('2026-04').months.concat(period('2026-05').months, period('2026-06').months)
  const quarter = { months }

  it('shows every month of the period with zero where there were no records', () => {
    const t = trend(INDICATORS.referrals, quarter, [
      { month: '2026-04', numerator: 10 },
      { month: '2026-06', numerator: 4 },
      { month: '2026-06', numerator: 1 }, // a second team's row adds up
      { month: '2026-03', numerator: 99 }, // outside the period
    ])
    assert.deepEqual(t.points.map((p) => [p.label, p.numerator, p.value]), [['April 2026', 10, 10], ['May 2026', 0, 0], ['June 2026', 5, 5]])
    assert.deepEqual(t.total, { numerator: 15, denominator: null, value: 15 })
  })

  it('shows zero for a period with no data at all, and "no cases" (null) for a percentage', () => {
    const count = trend(INDICATORS.contacts, period(undefined), [])
    assert.equal(count.points.length, 12)
    assert.ok(count.points.every((p) => p.value === 0))
    assert.equal(count.total.value, 0)
    const pct = trend(INDICATORS.contacts_decided_in_1wd, period(undefined), [])
    assert.ok(pct.points.every((p) => p.value === null && p.numerator === 0 && p.denominator === 0))
    assert.deepEqual(pct.total, { numerator: 0, denominator: 0, value: null })
  })

  it('works out a percentage each month and over the whole period from the counts', () => {
    const t = trend(INDICATORS.assessments_in_timescale, quarter, [
      { month: '2026-04', numerator: 8, denominator: 10 },
      { month: '2026-05', numerator: 1, denominator: 3 },
    ])
    assert.deepEqual(t.points.map((p) => p.value), [80, 33.3, null])
    assert.deepEqual(t.total, { numerator: 9, denominator: 13, value: 69.2 })
  })

  it('takes a snapshot figure at the end of the period rather than adding the months up', () => {
    const t = trend(INDICATORS.cp_children, quarter, [
      { month: '2026-04', numerator: 40 },
      { month: '2026-05', numerator: 42 },
      { month: '2026-06', numerator: 39 },
    ])
    assert.deepEqual(t.total, { numerator: 39, denominator: null, value: 39 })
  })

  it('gives a rate per 10,000 from the configured population', () => {
    const t = trend(INDICATORS.cp_rate_per_10000, quarter, [{ month: '2026-06', numerator: 451 }], { population: 100_000 })
    assert.deepEqual(t.points.map((p) => p.value), [0, 0, 45.1])
    assert.equal(t.total.value, 45.1)
    const unset = trend(INDICATORS.cp_rate_per_10000, quarter, [{ month: '2026-06', numerator: 451 }])
    assert.equal(unset.total.value, null)
  })

  it('averages days waiting over the children waiting', () => {
    const t = trend(INDICATORS.unallocated_days_waiting, { months: period('2026-11').months }, [{ month: '2026-11', numerator: 25, denominator: 2 }])
    assert.equal(t.total.value, 12.5)
  })
})

describe('comparators', () => {
  const all: (Comparator & { indicatorId?: string })[] = [
    { indicatorId: 're_referrals_12m', kind: 'national', year: '2024-25', value: 22.4, source: 'DfE CIN 2025' },
    { indicatorId: 're_referrals_12m', kind: 'national', year: '2025-26', value: 21.9, source: 'DfE CIN 2026' },
    { indicatorId: 're_referrals_12m', kind: 'target', year: '2025-26', value: 20, source: null },
    { indicatorId: 're_referrals_12m', kind: 'target', year: '2026-27', value: 18, source: null },
    { indicatorId: 're_referrals_12m', kind: 'target', year: '2027-28', value: 15, source: null },
    { indicatorId: 'referrals', kind: 'statistical_neighbours', year: '2026-27', value: 500, source: null },
  ]

  it('picks, for each kind, the latest DfE year the period overlaps', () => {
    const last12 = comparatorsFor(INDICATORS.re_referrals_12m, period(undefined), all) // Dec 2025 – Nov 2026
    assert.deepEqual(last12, [
      { kind: 'national', year: '2025-26', value: 21.9, source: 'DfE CIN 2026', latestAvailable: false },
      { kind: 'target', year: '2026-27', value: 18, source: null, latestAvailable: false },
    ])
    const june2025 = comparatorsFor(INDICATORS.re_referrals_12m, period('2025-06'), all)
    assert.deepEqual(june2025.map((c) => [c.kind, c.year, c.latestAvailable]), [['national', '2025-26', false], ['target', '2025-26', false]])
  })

  it('never shows a later year’s comparator, nor another indicator’s', () => {
    // March 2025 is in 2024-25: the targets held are all for later years.
    const march2025 = comparatorsFor(INDICATORS.re_referrals_12m, period('2025-03'), all)
    assert.deepEqual(march2025.map((c) => [c.kind, c.year, c.latestAvailable]), [['national', '2024-25', false]])
    assert.deepEqual(comparatorsFor(INDICATORS.contacts, period(undefined), all), [])
    assert.deepEqual(comparatorsFor(INDICATORS.re_referrals_12m, period('2024-03'), all), [], 'nothing held for 2023-24 or before')
  })

  it('falls back to the latest earlier year when none is held for the period’s own years, and says so', () => {
    const held: (Comparator & { indicatorId?: string })[] = [
      { indicatorId: 'assessments_in_timescale', kind: 'national', year: '2022-23', value: 83.1, source: 'DfE CIN 2023' },
      { indicatorId: 'assessments_in_timescale', kind: 'national', year: '2024-25', value: 82.4, source: 'DfE CIN 2025' },
      { indicatorId: 'assessments_in_timescale', kind: 'national', year: '2023-24', value: 81.9, source: 'DfE CIN 2024' },
      { indicatorId: 'assessments_in_timescale', kind: 'target', year: '2026-27', value: 85, source: null },
      { indicatorId: 'assessments_in_timescale', kind: 'statistical_neighbours', year: '2028-29', value: 79, source: null },
    ]
    // Dec 2025 – Nov 2026 covers 2025-26 and 2026-27: no national figure for either, so 2024-25's, the latest before.
    const shown = comparatorsFor(INDICATORS.assessments_in_timescale, period(undefined), held)
    assert.deepEqual(shown, [
      { kind: 'national', year: '2024-25', value: 82.4, source: 'DfE CIN 2025', latestAvailable: true },
      { kind: 'target', year: '2026-27', value: 85, source: null, latestAvailable: false },
    ])
    assert.deepEqual(shown.map(comparatorLabel), ['National (England) 2024-25 (latest available)', 'Council target 2026-27'])
    // A month of 2024-25 shows that year's own figure; one of 2023-24 its own; one of 2021-22 nothing earlier is held.
    assert.deepEqual(comparatorsFor(INDICATORS.assessments_in_timescale, period('2024-12'), held).map((c) => [c.year, c.latestAvailable]), [['2024-25', false]])
    assert.deepEqual(comparatorsFor(INDICATORS.assessments_in_timescale, period('2023-04'), held).map((c) => [c.year, c.latestAvailable]), [['2023-24', false]])
    assert.deepEqual(comparatorsFor(INDICATORS.assessments_in_timescale, period('2021-06'), held), [])
  })

  it('says whether a figure is better or worse, by the indicator’s direction', () => {
    assert.equal(direction(INDICATORS.re_referrals_12m, 17.5, { value: 18 }), 'better')
    assert.equal(direction(INDICATORS.re_referrals_12m, 25, { value: 18 }), 'worse')
    assert.equal(direction(INDICATORS.contacts_decided_in_1wd, 95.1, { value: 90 }), 'better')
    assert.equal(direction(INDICATORS.contacts_decided_in_1wd, 72.4, { value: 72.4 }), 'same')
    assert.equal(direction(INDICATORS.referrals, 100, { value: 90 }), null)
    assert.equal(direction(INDICATORS.contacts_decided_in_1wd, null, { value: 90 }), null)
    assert.equal(direction(INDICATORS.contacts_decided_in_1wd, 90, null), null)
  })
})

describe('formatting figures', () => {
  it('formats each kind as the page shows it', () => {
    assert.equal(formatValue(INDICATORS.contacts_decided_in_1wd, 72.4), '72.4%')
    assert.equal(formatValue(INDICATORS.contacts_decided_in_1wd, 100), '100.0%')
    assert.equal(formatValue(INDICATORS.contacts, 1204), '1,204')
    assert.equal(formatValue(INDICATORS.contacts, 0), '0')
    assert.equal(formatValue(INDICATORS.cp_rate_per_10000, 45.1), '45.1 per 10,000')
    assert.equal(formatValue(INDICATORS.unallocated_days_waiting, 12), '12 days')
    assert.equal(formatValue(INDICATORS.unallocated_days_waiting, 1), '1 day')
    assert.equal(formatValue(INDICATORS.unallocated_days_waiting, 12.5), '12.5 days')
  })

  it('says "No cases" for a percentage with nothing to divide by', () => {
    assert.equal(formatValue(INDICATORS.contacts_decided_in_1wd, null), 'No cases')
    assert.match(formatValue(INDICATORS.cp_rate_per_10000, null), /population not set/)
  })
})

describe('assessments by framework and kind', () => {
  const months = [{ key: '2025-06', label: 'June 2025' }, { key: '2025-07', label: 'July 2025' }]

  it('names the timescale each kind had under each framework', () => {
    assert.equal(timescaleText('wt2023', 'single'), '45 working days from the referral date')
    assert.equal(timescaleText('fa2000', 'initial'), '7 working days from the referral date')
    assert.equal(timescaleText('wt2010', 'initial'), '10 working days from the referral date')
    assert.equal(timescaleText('wt2010', 'core'), '35 working days from the start of the core assessment')
    assert.equal(timescaleText('wt2023', 'initial'), null, 'no initial assessment after 2013')
  })

  it('adds up completed and within timescale by framework and kind, newest framework first, with a line per framework', () => {
    const rows = [
      { month: '2025-06', framework: 'fa2000', kind: 'initial', numerator: 0, denominator: 1 },
      { month: '2025-06', framework: 'wt2010', kind: 'core', numerator: 1, denominator: 1 },
      { month: '2025-06', framework: 'wt2010', kind: 'initial', numerator: 1, denominator: 1 },
      { month: '2025-06', framework: 'wt2023', kind: 'single', numerator: 1, denominator: 1 },
      { month: '2025-07', framework: 'wt2023', kind: 'single', numerator: 2, denominator: 3 },
      { month: '2025-05', framework: 'wt2023', kind: 'single', numerator: 9, denominator: 9 }, // outside the period
      { month: '2025-07', framework: 'nice2099', kind: 'single', numerator: 1, denominator: 1 }, // not a framework
    ]
    const b = frameworkBreakdown(months, rows)
    assert.deepEqual(b.rows.map((r) => [r.framework, r.kind, r.completed, r.withinTimescale, r.percent]), [
      ['wt2023', 'single', 4, 3, 75],
      ['wt2010', 'initial', 1, 1, 100],
      ['wt2010', 'core', 1, 1, 100],
      ['fa2000', 'initial', 1, 0, 0],
    ])
    assert.equal(b.rows[0]?.frameworkLabel, 'Working Together 2013 onwards')
    assert.equal(b.rows[3]?.kindLabel, 'Initial assessment')
    assert.deepEqual(b.total, { completed: 7, withinTimescale: 5, percent: 71.4 })
    assert.deepEqual(b.lines.map((l) => [l.framework, l.points.map((p) => [p.month, p.completed, p.withinTimescale, p.percent])]), [
      ['wt2023', [['2025-06', 1, 1, 100], ['2025-07', 3, 2, 66.7]]],
      ['wt2010', [['2025-06', 2, 2, 100], ['2025-07', 0, 0, null]]],
      ['fa2000', [['2025-06', 1, 0, 0], ['2025-07', 0, 0, null]]],
    ])
    // The table for one month only; the lines still cover the period.
    const july = frameworkBreakdown(months, rows, ['2025-07'])
    assert.deepEqual(july.rows.map((r) => [r.framework, r.kind, r.completed]), [['wt2023', 'single', 3]])
    assert.equal(july.lines.length, 3)
  })

  it('shows nothing, not an error, when no assessment was completed', () => {
    const b = frameworkBreakdown(months, [])
    assert.deepEqual(b, { rows: [], total: { completed: 0, withinTimescale: 0, percent: null }, lines: [] })
  })

  it('reads the framework and kind filters, refusing anything else and refusing them on other indicators', () => {
    assert.deepEqual(parseFrameworkFilter('assessments_completed', undefined, undefined), { ok: true, value: { framework: null, kind: null } })
    assert.deepEqual(parseFrameworkFilter('assessments_in_timescale', ' WT2010 ', 'core'), { ok: true, value: { framework: 'wt2010', kind: 'core' } })
    assert.deepEqual(parseFrameworkFilter('assessments_overdue', undefined, 'single'), { ok: true, value: { framework: null, kind: 'single' } })
    assert.deepEqual(parseFrameworkFilter('assessments_completed', 'wt2099', 'brief'), { ok: false, errors: [{ field: 'framework', message: FRAMEWORK_ERROR }, { field: 'kind', message: KIND_ERROR }] })
    const other = parseFrameworkFilter('referrals', 'wt2023', undefined)
    assert.ok(!other.ok && other.errors[0]?.field === 'framework')
  })
})

describe('what the whole council’s dashboard counts live and what it may keep (ADR 0011)', () => {
  it('counts the days after the last kept one live, and for month-end counts the months whose end is after it', () => {
    const p = period('last-12-months') // 1 December 2025 to 26 November 2026
    assert.deepEqual(liveRanges(p, '2026-11-24'), { days: { start: '2026-11-25', end: '2026-11-26' }, monthEnds: { start: '2026-11-01', end: '2026-11-26' } })
    // On the 1st of a month the month just ended is not yet kept: its month-end count is live too.
    const first = period('last-12-months', '2026-12-01')
    assert.deepEqual(liveRanges(first, '2026-11-29'), { days: { start: '2026-11-30', end: '2026-12-01' }, monthEnds: { start: '2026-11-01', end: '2026-12-01' } })
  })

  it('counts a whole past month live when nothing in it may be kept, and nothing live when all of it may', () => {
    assert.deepEqual(liveRanges(period('2026-11'), '2025-01-01'), { days: { start: '2026-11-01', end: '2026-11-26' }, monthEnds: { start: '2026-11-01', end: '2026-11-26' } })
    assert.deepEqual(liveRanges(period('2026-03'), '2026-11-24'), { days: null, monthEnds: null })
    assert.throws(() => liveRanges(period('2026-03'), '24/11/2026'), RangeError)
  })

  it('groups the days to recount into runs of consecutive days, across month and year ends', () => {
    assert.deepEqual(dayRuns([]), [])
    assert.deepEqual(dayRuns(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-05', '2026-02-28', '2026-03-01']), [
      { start: '2025-12-30', end: '2026-01-01' },
      { start: '2026-01-05', end: '2026-01-05' },
      { start: '2026-02-28', end: '2026-03-01' },
    ])
  })
})
