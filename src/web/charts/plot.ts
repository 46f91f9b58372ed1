// Server-rendered SVG charts for the dashboard (Observable Plot drawing into a linkedom document).
// Pages carry no chart script: each chart is a static SVG with an accessible table beside it
// (views/partials/chart.njk). The SVG has no <style> and no style attributes, because the app's CSP
// (style-src 'self' + nonce) would block them; everything is set with presentation attributes.
//
// Observable Plot and linkedom (about 24 MB of the server's memory) load on the first chart, not at start:
// most requests never draw one (docs/performance.md, server memory). Call loadChartLibrary() first.
import type * as PlotModule from '@observablehq/plot'
import type { parseHTML as ParseHTML } from 'linkedom'

let Plot: typeof PlotModule
let parseHTML: typeof ParseHTML
let loading: Promise<void> | undefined
export function loadChartLibrary(): Promise<void> {
  loading ??= Promise.all([import('@observablehq/plot'), import('linkedom')]).then(([plot, linkedom]) => {
    Plot = plot
    parseHTML = linkedom.parseHTML
  })
  return loading
}

/**
 * A chart is a pure function of its options, and drawing one is the slow part of a dashboard page (about
 * 4 ms each in Plot and linkedom; 15 on the page): the most recently drawn are kept, keyed by their
 * options, so an unchanged chart is not drawn again. Bounded (about 15 KB each).
 */
const REMEMBERED_CHARTS = 300
const drawn = new Map<string, string>()
function remembered<T>(kind: string, opts: T, draw: (o: T) => string): string {
  const key = `${kind}:${JSON.stringify(opts)}`
  const hit = drawn.get(key)
  if (hit !== undefined) {
    // Most recently used last, so the oldest is the first to go.
    drawn.delete(key)
    drawn.set(key, hit)
    return hit
  }
  const svg = draw(opts)
  drawn.set(key, svg)
  if (drawn.size > REMEMBERED_CHARTS) drawn.delete(drawn.keys().next().value as string)
  return svg
}

export type MonthPoint = { key: string; label: string }
export type LineSeries = { label: string; values: (number | null)[] }
export type Comparator = { label: string; value: number }

export type LineChartOptions = {
  id: string
  title: string
  description: string
  /** Months in order; key 'YYYY-MM' (the x labels come from the key), label for tooltips. */
  months: MonthPoint[]
  /** One line per series; values align with months, null leaves a gap. */
  series: LineSeries[]
  percent?: boolean
  /** National, statistical neighbours, target: dashed rules labelled in the right margin. */
  comparators?: Comparator[]
  yLabel?: string
}

export type BarChartOptions = {
  id: string
  title: string
  description: string
  bars: { label: string; value: number }[]
  percent?: boolean
}

/** GOV.UK Design System colours. */
export const GOVUK_COLOURS = {
  blue: '#1d70b8',
  red: '#d4351c',
  green: '#00703c',
  orange: '#f47738',
  darkGrey: '#505a5f',
  midGrey: '#b1b4b6',
  black: '#0b0c0c',
} as const

// Series colours in order; each series also gets its own point symbol so colour is never the only cue.
const SERIES_COLOURS = [GOVUK_COLOURS.blue, GOVUK_COLOURS.orange, GOVUK_COLOURS.green, GOVUK_COLOURS.red, GOVUK_COLOURS.darkGrey]
const SERIES_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const
const COMPARATOR_DASHES = ['6 4', '2 3', '10 3 2 3']

const FONT_FAMILY = '"GDS Transport", arial, sans-serif'
const FONT_SIZE = 16
const LINE_HEIGHT = 20
// Rough average glyph width of GDS Transport/Arial at 16px, for sizing margins (no text measuring on the server).
const CHAR_WIDTH = 8.6
const WIDTH = 720
const SVG_NS = 'http://www.w3.org/2000/svg'
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })

let sharedDocument: Document | undefined
function svgDocument(): Document {
  if (!parseHTML) throw new Error('charts: call loadChartLibrary() before drawing')
  // One detached document serves every render: Plot only creates elements in it, never attaches them.
  sharedDocument ??= parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document
  return sharedDocument
}

function formatValue(value: number, percent: boolean): string {
  return percent ? `${NUMBER.format(value)}%` : NUMBER.format(value)
}

/** Ids may come from indicator ids; keep them safe to use as XML ids and in aria-labelledby. */
function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '-')
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `chart-${cleaned}`
}

/** 'YYYY-MM' → 'Nov'; the key's own month, so no clock and no time zone is involved. */
function shortMonth(key: string): string {
  const month = Number(key.slice(5, 7))
  return MONTHS_SHORT[month - 1] ?? key
}

/** A nice upper bound and ticks from 0, integer-only when the data are counts. */
function niceScale(max: number, integers: boolean): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: integers ? 5 : 1, ticks: integers ? [0, 1, 2, 3, 4, 5] : [0, 0.2, 0.4, 0.6, 0.8, 1] }
  const rough = max / 5
  const power = 10 ** Math.floor(Math.log10(rough))
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power
  if (integers) step = Math.max(1, Math.ceil(step))
  const top = Math.ceil(max / step) * step
  const ticks: number[] = []
  for (let i = 0; i * step <= top + step / 1e6; i++) ticks.push(Number((i * step).toPrecision(12)))
  return { top, ticks }
}

/** Estimated lines a label takes when word-wrapped to `widthPx` (as Plot's lineWidth wraps it). */
function linesFor(text: string, widthPx: number): number {
  const perLine = Math.max(1, Math.floor(widthPx / CHAR_WIDTH))
  let lines = 1
  let used = 0
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const needed = used === 0 ? word.length : used + 1 + word.length
    if (needed <= perLine) used = needed
    else {
      lines += used === 0 ? 0 : 1
      used = word.length
      lines += Math.floor((word.length - 1) / perLine)
    }
  }
  return lines
}

type MarginLabel = { text: string; y: number; lines: number; kind: 'series' | 'comparator'; index: number }

/** Spread right-margin labels vertically so they do not overlap, staying inside the plot area. */
function dodge(labels: MarginLabel[], top: number, bottom: number): MarginLabel[] {
  const sorted = labels.map((l) => ({ ...l })).sort((a, b) => a.y - b.y || a.index - b.index)
  const gap = (a: MarginLabel, b: MarginLabel) => ((a.lines + b.lines) / 2) * LINE_HEIGHT
  // Push down past the one above; then, if the last went below the plot, push back up from the bottom.
  let previous: MarginLabel | undefined
  for (const label of sorted) {
    if (previous) label.y = Math.max(label.y, previous.y + gap(previous, label))
    previous = label
  }
  let next: MarginLabel | undefined
  for (const label of [...sorted].reverse()) {
    label.y = next ? Math.min(label.y, next.y - gap(label, next)) : Math.min(label.y, bottom)
    next = label
  }
  const first = sorted[0]
  if (first && first.y < top) first.y = top
  return sorted
}

/** Makes Plot's SVG self-contained and accessible: role img, title and desc, responsive, no inline CSS. */
function finish(svg: SVGSVGElement, id: string, title: string, description: string, height: number): string {
  const doc = svgDocument()
  const base = safeId(id)
  for (const style of Array.from(svg.querySelectorAll('style'))) style.remove()
  // Plot labels its marks (aria-label="dot"); inside role="img" they are not allowed (axe
  // aria-prohibited-attr) and say nothing: the title, the description and the table beside the chart do.
  for (const el of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
    el.removeAttribute('aria-label')
    el.removeAttribute('aria-description')
  }
  svg.removeAttribute('class')
  svg.setAttribute('class', 'harbour-chart')
  svg.setAttribute('width', '100%')
  svg.removeAttribute('height')
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`)
  svg.setAttribute('preserveAspectRatio', 'xMinYMin meet')
  svg.setAttribute('font-family', FONT_FAMILY)
  svg.setAttribute('font-size', String(FONT_SIZE))
  svg.setAttribute('fill', GOVUK_COLOURS.black)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', `${base}-title ${base}-desc`)
  svg.setAttribute('focusable', 'false')
  svg.setAttribute('xmlns', SVG_NS)
  // textContent: the serializer escapes &, < and >, so titles from records stay text.
  const desc = doc.createElementNS(SVG_NS, 'desc')
  desc.setAttribute('id', `${base}-desc`)
  desc.textContent = description
  const titleElement = doc.createElementNS(SVG_NS, 'title')
  titleElement.setAttribute('id', `${base}-title`)
  titleElement.textContent = title
  svg.insertBefore(desc, svg.firstChild)
  svg.insertBefore(titleElement, svg.firstChild)
  return svg.outerHTML
}

function emptyNote(text: string): PlotModule.Markish {
  return Plot.text([text], { text: (d: string) => d, frameAnchor: 'middle', fill: GOVUK_COLOURS.darkGrey, fontSize: FONT_SIZE })
}

/**
 * A monthly trend: one line per series with its points marked (gaps where a month has no value),
 * comparators as dashed rules labelled in the right margin, y from 0 (0–100 for percentages).
 */
export function lineChart(opts: LineChartOptions): string {
  return remembered('line', opts, drawLineChart)
}

function drawLineChart(opts: LineChartOptions): string {
  const percent = opts.percent ?? false
  const comparators = opts.comparators ?? []
  const months = opts.months
  const height = 380
  const marginTop = opts.yLabel ? 36 : 20
  const marginBottom = 56

  const defined = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)))
  const integers = !percent && [...defined, ...comparators.map((c) => c.value)].every(Number.isInteger)
  const scale = percent
    ? { top: 100, ticks: [0, 20, 40, 60, 80, 100] }
    : niceScale(Math.max(0, ...defined, ...comparators.map((c) => c.value)), integers)

  const tickLabels = scale.ticks.map((t) => formatValue(t, percent))
  const marginLeft = Math.max(40, Math.max(...tickLabels.map((t) => t.length)) * CHAR_WIDTH + 20)

  // Right-margin labels: each series' last value, then each comparator.
  const allLabels: { text: string; value: number; kind: 'series' | 'comparator'; index: number }[] = []
  opts.series.forEach((s, index) => {
    let lastIndex = -1
    s.values.forEach((v, i) => {
      if (i < months.length && v !== null && Number.isFinite(v)) lastIndex = i
    })
    if (lastIndex >= 0) allLabels.push({ text: s.label, value: s.values[lastIndex] as number, kind: 'series', index })
  })
  comparators.forEach((c, index) => allLabels.push({ text: `${c.label}: ${formatValue(c.value, percent)}`, value: c.value, kind: 'comparator', index }))
  const longest = Math.max(0, ...allLabels.map((l) => l.text.length))
  const labelWidth = allLabels.length ? Math.min(200, Math.max(60, longest * CHAR_WIDTH)) : 0
  const marginRight = allLabels.length ? labelWidth + 28 : 20

  const innerTop = marginTop
  const innerBottom = height - marginBottom
  const toPx = (v: number) => innerBottom - (v / scale.top) * (innerBottom - innerTop)
  const toValue = (px: number) => ((innerBottom - px) / (innerBottom - innerTop)) * scale.top
  const placed = dodge(
    allLabels.map((l) => ({ text: l.text, y: toPx(l.value), lines: linesFor(l.text, labelWidth), kind: l.kind, index: l.index })),
    innerTop,
    innerBottom,
  ).map((l) => ({ ...l, from: toPx(allLabels.find((a) => a.kind === l.kind && a.index === l.index)?.value ?? 0), value: toValue(l.y) }))

  // Fewer month labels when there are many months; the year sits under the first label of each year.
  const step = months.length <= 12 ? 1 : Math.ceil(months.length / 12)
  const tickIndexes = months.map((_, i) => i).filter((i) => i % step === 0)
  const yearShown = new Set<string>()
  const xLabel = new Map<number, string>()
  for (const i of tickIndexes) {
    const key = months[i]?.key ?? ''
    const year = key.slice(0, 4)
    xLabel.set(i, yearShown.has(year) ? shortMonth(key) : `${shortMonth(key)}\n${year}`)
    yearShown.add(year)
  }

  const marks: PlotModule.Markish[] = [
    Plot.gridY(scale.ticks, { stroke: GOVUK_COLOURS.midGrey, strokeOpacity: 0.6 }),
    Plot.axisY(scale.ticks, {
      tickFormat: (t: number) => formatValue(t, percent),
      tickSize: 0,
      tickPadding: 8,
      label: opts.yLabel ?? null,
      labelArrow: 'none',
      labelAnchor: 'top',
      fontSize: FONT_SIZE,
    }),
    Plot.axisX(tickIndexes, {
      tickFormat: (i: number) => xLabel.get(i) ?? '',
      tickSize: 6,
      label: null,
      fontSize: FONT_SIZE,
      stroke: GOVUK_COLOURS.darkGrey,
    }),
    Plot.ruleY([0], { stroke: GOVUK_COLOURS.darkGrey }),
  ]

  comparators.forEach((c, index) => {
    marks.push(
      Plot.ruleY([c.value], {
        stroke: GOVUK_COLOURS.darkGrey,
        strokeWidth: 2,
        strokeDasharray: COMPARATOR_DASHES[index % COMPARATOR_DASHES.length],
        className: 'harbour-chart__comparator',
      }),
    )
  })

  opts.series.forEach((s, index) => {
    const colour = SERIES_COLOURS[index % SERIES_COLOURS.length]
    const symbol = SERIES_SYMBOLS[index % SERIES_SYMBOLS.length]
    const points = months.map((m, i) => ({ i, label: m.label, value: s.values[i] ?? null }))
    const present = points.filter((p) => p.value !== null && Number.isFinite(p.value))
    marks.push(
      Plot.lineY(points, { x: 'i', y: 'value', stroke: colour, strokeWidth: 3, className: 'harbour-chart__series' }),
      Plot.dot(present, {
        x: 'i',
        y: 'value',
        fill: colour,
        stroke: 'white',
        strokeWidth: 1,
        r: 5,
        symbol: () => symbol,
        title: (p: { label: string; value: number }) => `${s.label}, ${p.label}: ${formatValue(p.value, percent)}`,
        className: 'harbour-chart__points',
      }),
    )
  })

  // Labels in the right margin, placed where their line ends: series in black beside their symbol.
  const seriesLabels = placed.filter((l) => l.kind === 'series')
  const comparatorLabels = placed.filter((l) => l.kind === 'comparator')
  marks.push(
    Plot.dot(seriesLabels, {
      y: 'value',
      frameAnchor: 'right',
      dx: 12,
      r: 5,
      fill: (l: MarginLabel) => SERIES_COLOURS[l.index % SERIES_COLOURS.length],
      symbol: (l: MarginLabel) => SERIES_SYMBOLS[l.index % SERIES_SYMBOLS.length],
    }),
    Plot.text(seriesLabels, {
      y: 'value',
      text: 'text',
      frameAnchor: 'right',
      dx: 24,
      textAnchor: 'start',
      lineWidth: labelWidth / FONT_SIZE,
      fontSize: FONT_SIZE,
      fill: GOVUK_COLOURS.black,
      className: 'harbour-chart__series-label',
    }),
    Plot.text(comparatorLabels, {
      y: 'value',
      text: 'text',
      frameAnchor: 'right',
      dx: 8,
      textAnchor: 'start',
      lineWidth: labelWidth / FONT_SIZE,
      fontSize: FONT_SIZE,
      fill: GOVUK_COLOURS.darkGrey,
      className: 'harbour-chart__comparator-label',
    }),
  )

  if (defined.length === 0) marks.push(emptyNote('No data for these months'))

  const svg = Plot.plot({
    document: svgDocument(),
    width: WIDTH,
    height,
    marginTop,
    marginRight,
    marginBottom,
    marginLeft,
    x: { type: 'point', domain: months.map((_, i) => i), padding: 0.3, axis: null },
    y: { domain: [0, scale.top], axis: null },
    marks,
  }) as unknown as SVGSVGElement

  // A short leader from the line's end to its label when labels had to move apart.
  const right = WIDTH - marginRight
  const moved = placed.filter((l) => Math.abs(l.y - l.from) > 3)
  if (moved.length) {
    const doc = svgDocument()
    const leaders = doc.createElementNS(SVG_NS, 'g')
    leaders.setAttribute('stroke', GOVUK_COLOURS.darkGrey)
    leaders.setAttribute('fill', 'none')
    leaders.setAttribute('aria-hidden', 'true')
    leaders.setAttribute('class', 'harbour-chart__leaders')
    for (const l of moved) {
      const path = doc.createElementNS(SVG_NS, 'path')
      path.setAttribute('d', `M${right},${round(l.from)}L${right + 6},${round(l.y)}`)
      leaders.appendChild(path)
    }
    svg.appendChild(leaders)
  }
  return finish(svg, opts.id, opts.title, opts.description, height)
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

/** Horizontal bars, in the order given (e.g. children on CP plans by category), each labelled with its value. */
export function barChart(opts: BarChartOptions): string {
  return remembered('bar', opts, drawBarChart)
}

function drawBarChart(opts: BarChartOptions): string {
  const percent = opts.percent ?? false
  const bars = opts.bars.map((b, i) => ({ ...b, key: i }))
  const marginTop = 10
  const marginBottom = 40
  const rowHeight = 40
  const height = marginTop + marginBottom + Math.max(1, bars.length) * rowHeight

  const integers = !percent && bars.every((b) => Number.isInteger(b.value))
  const scale = percent ? { top: 100, ticks: [0, 20, 40, 60, 80, 100] } : niceScale(Math.max(0, ...bars.map((b) => b.value)), integers)
  const labelWidth = Math.min(240, Math.max(60, Math.max(0, ...bars.map((b) => b.label.length)) * CHAR_WIDTH))
  const marginLeft = labelWidth + 16
  const valueWidth = Math.max(3, ...bars.map((b) => formatValue(b.value, percent).length)) * CHAR_WIDTH + 16

  const marks: PlotModule.Markish[] = [
    Plot.gridX(scale.ticks, { stroke: GOVUK_COLOURS.midGrey, strokeOpacity: 0.6 }),
    Plot.axisX(scale.ticks, { tickFormat: (t: number) => formatValue(t, percent), tickSize: 0, label: null, fontSize: FONT_SIZE }),
  ]
  if (bars.length) {
    marks.push(
      Plot.axisY(bars.map((b) => b.key), {
        tickFormat: (k: number) => bars[k]?.label ?? '',
        tickSize: 0,
        tickPadding: 8,
        label: null,
        lineWidth: labelWidth / FONT_SIZE,
        fontSize: FONT_SIZE,
      }),
      Plot.barX(bars, {
        x: 'value',
        y: 'key',
        fill: GOVUK_COLOURS.blue,
        title: (b: { label: string; value: number }) => `${b.label}: ${formatValue(b.value, percent)}`,
        className: 'harbour-chart__bar',
      }),
      Plot.text(bars, {
        x: 'value',
        y: 'key',
        text: (b: { value: number }) => formatValue(b.value, percent),
        dx: 6,
        textAnchor: 'start',
        fontSize: FONT_SIZE,
        fill: GOVUK_COLOURS.black,
        className: 'harbour-chart__value',
      }),
      Plot.ruleX([0], { stroke: GOVUK_COLOURS.darkGrey }),
    )
  } else {
    marks.push(emptyNote('No data for this period'))
  }

  const svg = Plot.plot({
    document: svgDocument(),
    width: WIDTH,
    height,
    marginTop,
    marginRight: valueWidth,
    marginBottom,
    marginLeft,
    x: { domain: [0, scale.top], axis: null },
    y: bars.length ? { type: 'band', domain: bars.map((b) => b.key), padding: 0.25, axis: null } : { axis: null },
    marks,
  }) as unknown as SVGSVGElement
  return finish(svg, opts.id, opts.title, opts.description, height)
}
