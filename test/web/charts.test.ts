import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { DOMParser, parseHTML } from 'linkedom'
import { barChart, lineChart, loadChartLibrary, type LineChartOptions } from '../../src/web/charts/plot.ts'
import { registerFilters } from '../../src/web/filters.ts'

before(() => loadChartLibrary())

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Consecutive months from April 2025, as the dashboard passes them. */
function monthsFrom(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const year = 2025 + Math.floor((i + 3) / 12)
    const month = ((i + 3) % 12) + 1
    return { key: `${year}-${String(month).padStart(2, '0')}`, label: `${MONTH_NAMES[month - 1]} ${year}` }
  })
}

function parseSvg(svg: string) {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  const root = doc.querySelector('svg')
  assert.ok(root, 'the output parses to an <svg> element')
  return { doc, root }
}

/** A text element's words: Plot wraps long text into tspans, one per line. */
function textOf(element: Element): string {
  const lines = [...element.querySelectorAll('tspan')].map((t) => t.textContent ?? '')
  return lines.length ? lines.join(' ') : (element.textContent ?? '')
}

/** Nothing that could run or fetch: no script, no event handlers, no links out, no inline CSS (the CSP forbids it). */
function assertInert(svg: string) {
  const { doc } = parseSvg(svg)
  assert.equal(doc.querySelectorAll('script').length, 0)
  assert.equal(doc.querySelectorAll('style').length, 0)
  assert.equal(doc.querySelectorAll('foreignObject').length, 0)
  for (const element of doc.querySelectorAll('*')) {
    for (const attr of Array.from(element.attributes) as { name: string; value: string }[]) {
      assert.doesNotMatch(attr.name, /^on/i, `no ${attr.name} handler`)
      assert.notEqual(attr.name.toLowerCase(), 'style', 'no inline style attribute')
      assert.doesNotMatch(attr.name, /href$/i, 'no external references')
      if (attr.name !== 'xmlns') assert.doesNotMatch(attr.value, /url\(|https?:|javascript:/i, 'no external references')
    }
  }
}

const contactsChart: LineChartOptions = {
  id: 'contacts-decided',
  title: 'Contacts decided within 1 working day',
  description: 'Percentage of contacts decided within 1 working day, by month, April 2025 to March 2026.',
  months: monthsFrom(12),
  percent: true,
  series: [
    { label: 'Decided within 1 working day', values: [80, 82, null, 75, 90, 88, 91, 70, 84, 86, 85, 87] },
    { label: 'Converted to referral', values: [20, 22, 25, 18, 17, 19, 21, 19, 23, 24, 22, 20] },
  ],
  comparators: [
    { label: 'National', value: 79.5 },
    { label: 'Target', value: 90 },
  ],
}

test('a line chart is an accessible image named by its own title and description', () => {
  const svg = lineChart(contactsChart)
  const { doc, root } = parseSvg(svg)
  assert.equal(root.getAttribute('role'), 'img')
  const [titleId, descId] = (root.getAttribute('aria-labelledby') ?? '').split(' ')
  assert.equal(titleId, 'contacts-decided-title')
  assert.equal(descId, 'contacts-decided-desc')
  assert.equal(doc.getElementById(titleId!)?.tagName.toLowerCase(), 'title')
  assert.equal(doc.getElementById(titleId!)?.textContent, contactsChart.title)
  assert.equal(doc.getElementById(descId!)?.tagName.toLowerCase(), 'desc')
  assert.equal(doc.getElementById(descId!)?.textContent, contactsChart.description)
  // Responsive: scales to its container through the viewBox, in the GOV.UK font.
  assert.equal(root.getAttribute('width'), '100%')
  assert.equal(root.getAttribute('height'), null)
  assert.match(root.getAttribute('viewBox') ?? '', /^0 0 \d+ \d+$/)
  assert.equal(root.getAttribute('font-family'), '"GDS Transport", arial, sans-serif')
  assert.equal(root.getAttribute('font-size'), '16')
  assertInert(svg)
})

test('a line chart draws one line per series in GOV.UK colours, with a gap where a month has no value', () => {
  const { doc } = parseSvg(lineChart(contactsChart))
  const lines = [...doc.querySelectorAll('g.harbour-chart__series')]
  assert.equal(lines.length, 2)
  for (const g of lines) assert.equal(g.querySelectorAll('path').length, 1, 'one path per series')
  assert.equal(lines[0]!.getAttribute('stroke'), '#1d70b8')
  assert.equal(lines[1]!.getAttribute('stroke'), '#f47738')
  // June 2025 is null for the first series: the line breaks there (two sub-paths).
  assert.equal(lines[0]!.querySelector('path')!.getAttribute('d')!.match(/M/g)?.length, 2)
  assert.equal(lines[1]!.querySelector('path')!.getAttribute('d')!.match(/M/g)?.length, 1)
  // Every month with a value is marked with a point (11 + 12), and the null month has none.
  const points = doc.querySelectorAll('g.harbour-chart__points > *')
  assert.equal(points.length, 23)
  const pointTitles = [...doc.querySelectorAll('g.harbour-chart__points title')].map((t) => t.textContent)
  assert.ok(pointTitles.includes('Decided within 1 working day, May 2025: 82%'))
  assert.ok(!pointTitles.some((t) => t?.startsWith('Decided within 1 working day, June 2025')))
  // Each series is labelled at the right by name.
  const seriesLabels = [...doc.querySelectorAll('g.harbour-chart__series-label text')].map(textOf)
  assert.deepEqual(seriesLabels.sort(), ['Converted to referral', 'Decided within 1 working day'])
})

test('a line chart shows comparators as dashed rules labelled with their value, on a 0–100% axis with short month names', () => {
  const { doc } = parseSvg(lineChart(contactsChart))
  const rules = [...doc.querySelectorAll('g.harbour-chart__comparator')]
  assert.equal(rules.length, 2)
  for (const rule of rules) {
    assert.ok(rule.getAttribute('stroke-dasharray'), 'comparator rules are dashed')
    assert.equal(rule.querySelectorAll('line').length, 1)
  }
  const labels = [...doc.querySelectorAll('g.harbour-chart__comparator-label text')].map(textOf)
  assert.deepEqual(labels.sort(), ['National: 79.5%', 'Target: 90%'])
  // The rule for Target (90%) is higher on the page (smaller y) than National (79.5%).
  const ys = rules.map((r) => Number(r.querySelector('line')!.getAttribute('y1')))
  assert.ok(ys[1]! < ys[0]!)
  const texts = [...doc.querySelectorAll('text')].map(textOf)
  assert.ok(texts.includes('0%') && texts.includes('100%'), 'percentages run from 0% to 100%')
  assert.ok(texts.includes('Nov'))
  assert.ok(texts.includes('Apr 2025'), 'the first month carries its year (on a second line)')
  assert.ok(texts.includes('Jan 2026'), 'January carries the new year')
})

test('a count chart starts at zero with whole-number ticks and shows the y label', () => {
  const { doc } = parseSvg(
    lineChart({ id: 'cp-plans', title: 'Children on CP plans', description: 'Number at month end', months: monthsFrom(3), yLabel: 'Children', series: [{ label: 'On plans', values: [2, 3, 3] }] }),
  )
  const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '')
  assert.ok(texts.includes('0'))
  assert.ok(texts.includes('Children'))
  assert.ok(!texts.some((t) => /^\d+\.\d+$/.test(t)), 'no fractional ticks for counts of children')
})

test('titles, labels and descriptions are escaped, never markup', () => {
  const nasty = 'Tom & "Jerry" <x>'
  const svg = lineChart({
    ...contactsChart,
    id: 'escape-check',
    title: nasty,
    description: `${nasty} <script>alert(1)</script>`,
    series: [{ label: nasty, values: contactsChart.series[0]!.values }],
    comparators: [{ label: nasty, value: 50 }],
  })
  assert.ok(svg.includes('Tom &amp; "Jerry" &lt;x&gt;'))
  assert.doesNotMatch(svg, /<x>|<script/)
  const { doc } = parseSvg(svg)
  assert.equal(doc.getElementById('escape-check-title')?.textContent, nasty)
  assert.equal(doc.getElementById('escape-check-desc')?.textContent, `${nasty} <script>alert(1)</script>`)
  assert.equal(doc.querySelectorAll('x').length, 0)
  assertInert(svg)

  const bars = barChart({ id: 'bar-escape', title: nasty, description: nasty, bars: [{ label: nasty, value: 3 }] })
  assert.doesNotMatch(bars, /<x>/)
  assert.equal(parseSvg(bars).doc.getElementById('bar-escape-title')?.textContent, nasty)
  assertInert(bars)
})

test('an id that is not a safe XML id is cleaned before it is used for aria-labelledby', () => {
  const { root, doc } = parseSvg(lineChart({ ...contactsChart, id: '12 "a"' }))
  const [titleId] = (root.getAttribute('aria-labelledby') ?? '').split(' ')
  assert.match(titleId!, /^[A-Za-z][A-Za-z0-9_-]*$/)
  assert.equal(doc.getElementById(titleId!)?.textContent, contactsChart.title)
})

test('the same input renders the same SVG every time', () => {
  assert.equal(lineChart(contactsChart), lineChart(contactsChart))
  const bars = { id: 'cats', title: 'By category', description: 'Children on CP plans by category', bars: [{ label: 'Neglect', value: 12 }] }
  assert.equal(barChart(bars), barChart(bars))
})

test('months with no values at all render axes and a note instead of failing', () => {
  const svg = lineChart({ id: 'empty', title: 'Re-referrals', description: 'No data yet', months: monthsFrom(12), series: [{ label: 'Re-referrals', values: Array(12).fill(null) }], percent: true })
  const { doc } = parseSvg(svg)
  assert.equal(doc.querySelectorAll('g.harbour-chart__series path').length, 0)
  assert.equal(doc.querySelectorAll('g.harbour-chart__points > *').length, 0)
  assert.ok([...doc.querySelectorAll('text')].some((t) => t.textContent === 'No data for these months'))
  assertInert(svg)
  assert.doesNotThrow(() => parseSvg(lineChart({ id: 'none', title: 'Nothing', description: 'No months', months: [], series: [] })))
})

test('a bar chart draws one horizontal bar per category, in order, labelled with its value', () => {
  const svg = barChart({
    id: 'cp-category',
    title: 'Children on CP plans by category',
    description: 'Number of children on a child protection plan by initial category of abuse',
    bars: [
      { label: 'Neglect', value: 42 },
      { label: 'Emotional abuse', value: 31 },
      { label: 'Physical abuse', value: 7 },
    ],
  })
  const { doc, root } = parseSvg(svg)
  assert.equal(root.getAttribute('role'), 'img')
  assert.equal(doc.getElementById('cp-category-title')?.textContent, 'Children on CP plans by category')
  assert.equal(doc.getElementById('cp-category-desc')?.textContent, 'Number of children on a child protection plan by initial category of abuse')
  const rects = [...doc.querySelectorAll('g.harbour-chart__bar rect')]
  assert.equal(rects.length, 3)
  assert.equal(doc.querySelector('g.harbour-chart__bar')?.getAttribute('fill'), '#1d70b8')
  const widths = rects.map((r) => Number(r.getAttribute('width')))
  assert.ok(widths[0]! > widths[1]! && widths[1]! > widths[2]!, 'bar lengths follow the values')
  const ys = rects.map((r) => Number(r.getAttribute('y')))
  assert.ok(ys[0]! < ys[1]! && ys[1]! < ys[2]!, 'bars stay in the order given, top to bottom')
  const values = [...doc.querySelectorAll('g.harbour-chart__value text')].map((t) => t.textContent)
  assert.deepEqual(values, ['42', '31', '7'])
  const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent)
  for (const category of ['Neglect', 'Emotional abuse', 'Physical abuse']) assert.ok(texts.includes(category))
  assertInert(svg)

  const pct = parseSvg(barChart({ id: 'pct', title: 'Seen alone', description: 'Percent', percent: true, bars: [{ label: 'Single assessment', value: 64.25 }] }))
  assert.deepEqual([...pct.doc.querySelectorAll('g.harbour-chart__value text')].map((t) => t.textContent), ['64.3%'])
  assert.ok([...pct.doc.querySelectorAll('text')].some((t) => t.textContent === '100%'))
})

test('a bar chart with no bars renders a note instead of failing', () => {
  const svg = barChart({ id: 'no-bars', title: 'CP plans by category', description: 'None this period', bars: [] })
  const { doc } = parseSvg(svg)
  assert.equal(doc.querySelectorAll('rect').length, 0)
  assert.ok([...doc.querySelectorAll('text')].some((t) => t.textContent === 'No data for this period'))
  assertInert(svg)
})

// Configured as src/web/server.ts configures @fastify/view: the app's views, then govuk-frontend's dist, autoescape on.
function appEnvironment() {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const require = createRequire(import.meta.url)
  const govukDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(here, '../../src/web/views'), govukDist]), { autoescape: true })
  registerFilters(env)
  return env
}

test('chartWithTable shows the chart and the same numbers in a GOV.UK table with row headers and numeric cells', () => {
  const svg = barChart({ id: 'cp-category', title: 'Children on CP plans by category', description: 'By category', bars: [{ label: 'Neglect', value: 42 }, { label: 'Emotional abuse', value: 31 }] })
  const html = appEnvironment().renderString('{% from "partials/chart.njk" import chartWithTable %}{{ chartWithTable(chart) }}', {
    chart: {
      id: 'cp-category',
      title: 'Children on CP plans by category',
      svg,
      caption: 'Children on CP plans by category & <b>date</b>',
      headers: ['Category', 'Children', '%'],
      rows: [
        ['Neglect', '42', '57.5%'],
        ['Emotional <abuse>', '31', '42.5%'],
      ],
    },
  })
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  const figure = document.querySelector('figure#cp-category')
  assert.ok(figure)
  assert.equal(figure.querySelector('figcaption')?.textContent?.trim(), 'Children on CP plans by category')
  // The SVG goes in as markup (marked safe), not as escaped text.
  const chart = figure.querySelector('svg[role="img"]')
  assert.ok(chart)
  assert.equal(chart.querySelectorAll('g.harbour-chart__bar rect').length, 2)

  const table = figure.querySelector('table.govuk-table#cp-category-table')
  assert.ok(table)
  // Everything else is escaped.
  assert.equal(table.querySelector('caption.govuk-table__caption')?.textContent, 'Children on CP plans by category & <b>date</b>')
  assert.equal(table.querySelectorAll('b').length, 0)
  const headers = [...table.querySelectorAll('thead th')]
  assert.deepEqual(headers.map((h) => h.textContent), ['Category', 'Children', '%'])
  assert.ok(headers.every((h) => h.getAttribute('scope') === 'col'))
  assert.ok(!headers[0]!.classList.contains('govuk-table__header--numeric'))
  assert.ok(headers[1]!.classList.contains('govuk-table__header--numeric') && headers[2]!.classList.contains('govuk-table__header--numeric'))

  const rows = [...table.querySelectorAll('tbody tr')]
  assert.equal(rows.length, 2)
  const rowHeaders = rows.map((r) => r.querySelector('th'))
  assert.deepEqual(rowHeaders.map((h) => h?.getAttribute('scope')), ['row', 'row'])
  assert.deepEqual(rowHeaders.map((h) => h?.textContent), ['Neglect', 'Emotional <abuse>'])
  const cells = rows.map((r) => [...r.querySelectorAll('td')])
  assert.deepEqual(cells.map((c) => c.map((td) => td.textContent)), [['42', '57.5%'], ['31', '42.5%']])
  assert.ok(cells.flat().every((td) => td.classList.contains('govuk-table__cell') && td.classList.contains('govuk-table__cell--numeric')))
})

test('chartWithTable with no rows says there is no data rather than showing an empty table', () => {
  const html = appEnvironment().renderString('{% from "partials/chart.njk" import chartWithTable %}{{ chartWithTable(chart) }}', {
    chart: { id: 'empty', title: 'Re-referrals', svg: barChart({ id: 'empty-svg', title: 'Re-referrals', description: 'None', bars: [] }), caption: 'Re-referrals by month', headers: ['Month', 'Re-referrals'], rows: [] },
  })
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  const cell = document.querySelector('#empty-table tbody td')
  assert.equal(cell?.textContent, 'No data for this period.')
  assert.equal(cell?.getAttribute('colspan'), '2')
})
