/**
 * The performance dashboard (issue 8): indicators with their definitions and monthly trends (server-drawn
 * SVG with the same numbers in a table beside each chart), and each indicator's page: the records behind a
 * number (as a page or as CSV), filtered by worker (and, for assessments, framework and kind), with the
 * same records counted by worker and, for assessments completed, by framework with a line per framework.
 */
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { indicatorDrillDown, indicatorDrillDownExport, viewDashboard, type Dashboard, type DrillDownInput, type IndicatorDrillDown, type IndicatorDrillDownExport } from '../../app/indicators/dashboard.ts'
import { formatValue } from '../../domain/indicators/measures.ts'
import { comparatorLabel } from '../../domain/indicators/comparators.ts'
import { barChart, lineChart, loadChartLibrary } from '../charts/plot.ts'
import { ASSESSMENT_KIND_LABEL, FRAMEWORK_LABEL } from '../../domain/indicators/breakdown.ts'
import { ABUSE_CATEGORY } from '../../domain/childProtection/codes.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'
import { csvCell } from '../../domain/shared/csv.ts'

type Query = Record<string, string | undefined>

function query(req: FastifyRequest): Query {
  const raw = (req.query ?? {}) as Record<string, string | string[] | undefined>
  const q: Query = {}
  for (const [k, v] of Object.entries(raw)) {
    const s = (Array.isArray(v) ? v[0] : v)?.slice(0, 100).trim()
    if (s) q[k] = s
  }
  return q
}

const cell = (v: unknown): string => csvCell(v, 'always')

const CSV_HEADER = ['Child reference', 'Name', 'Date', 'Counted in the numerator', 'Record', 'Team', 'Worker']

/** The export's CSV, a chunk of records at a time (CRLF line ends, every cell quoted). */
async function* csvLines(ex: IndicatorDrillDownExport): AsyncGenerator<string> {
  yield `${CSV_HEADER.map(cell).join(',')}\r\n`
  for await (const chunk of ex.chunks) {
    yield chunk.map((r) => `${[r.personRef, r.name, r.day, r.hit ? 'Yes' : 'No', r.ref ?? '', r.teamName ?? '', r.workerName ?? ''].map(cell).join(',')}\r\n`).join('')
  }
}

function present(d: Dashboard, q: Query) {
  const link = (id: string, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams({ ...(q.period ? { period: q.period } : {}), ...(d.team ? { team: d.team.id } : {}), ...(d.service ? { service: d.service.id } : {}), ...extra })
    return `/dashboard/${id}?${p.toString()}`
  }
  const groups = new Map<string, unknown[]>()
  for (const i of d.indicators) {
    const def = i.definition
    const values = i.trend.points.map((p) => p.value)
    const percent = def.kind === 'percent'
    const chart = def.trend
      ? {
          id: `chart-${i.id}`,
          svg: lineChart({ id: `chart-${i.id}`, title: def.title, description: `${def.title}, by month, ${d.period.label}`, months: d.period.months.map((m) => ({ key: m.key, label: m.label })), series: [{ label: def.title, values }], percent, comparators: i.comparators.map((c) => ({ label: comparatorLabel(c), value: c.value })) }),
          caption: `${def.title} by month`,
          headers: percent ? ['Month', 'Counted', 'Out of', '%'] : ['Month', 'Number'],
          rows: i.trend.points.map((p) => (percent ? [p.label, String(p.numerator), String(p.denominator ?? 0), p.value === null ? 'No cases' : formatValue(def, p.value)] : [p.label, String(p.numerator)])),
          // Each month's row leads to the records counted that month.
          links: i.trend.points.map((p) => link(i.id, { month: p.month })),
        }
      : null
    const item = {
      id: i.id,
      title: def.title,
      definition: def.definition,
      source: def.source,
      comparators: i.comparators.map((c) => `${comparatorLabel(c)}: ${formatValue(def, c.value)}`),
      headline: i.trend.total.value === null ? 'No cases' : formatValue(def, i.trend.total.value),
      numerator: i.trend.total.numerator,
      denominator: i.trend.total.denominator,
      percent,
      link: link(i.id),
      numeratorLink: link(i.id, { numerator: '1' }),
      chart,
    }
    const list = groups.get(def.group) ?? []
    list.push(item)
    groups.set(def.group, list)
  }
  return [...groups.entries()].map(([title, items]) => ({ title, items }))
}

function presentSnapshots(d: Dashboard) {
  return d.snapshots.map((sn) => ({
    id: sn.id,
    title: sn.definition.title,
    definition: sn.definition.definition,
    source: sn.definition.source,
    display: sn.display,
    numerator: sn.numerator,
    denominator: sn.denominator,
    percent: sn.definition.kind === 'percent',
    href: sn.href,
    comparators: sn.comparators.map((c) => `${comparatorLabel(c)}: ${formatValue(sn.definition, c.value)}`),
  }))
}

function presentCategories(d: Dashboard) {
  const label = (c: string) => ABUSE_CATEGORY[c as keyof typeof ABUSE_CATEGORY] ?? c
  const bars = d.cpByCategory.map((c) => ({ label: label(c.category), value: c.children }))
  return {
    id: 'chart-cp_by_category',
    svg: barChart({ id: 'chart-cp_by_category', title: 'Children on a child protection plan by category of abuse', description: `Children on a plan on the last day of ${d.period.label}, by the latest category of their plan`, bars }),
    caption: 'Children on a plan, by category',
    headers: ['Category', 'Children'],
    rows: bars.map((b) => [b.label, String(b.value)]),
  }
}

/** The drill-down's filters as query parameters (the month a snapshot defaults to is written out). */
function drillParams(dd: IndicatorDrillDown, q: Query): Record<string, string> {
  const p: Record<string, string> = {}
  if (q.period) p.period = q.period
  if (dd.team) p.team = dd.team.id
  else if (dd.service) p.service = dd.service.id
  if (dd.month) p.month = dd.month
  if (dd.worker) p.worker = dd.worker.id
  if (dd.framework.framework) p.framework = dd.framework.framework
  if (dd.framework.kind) p.kind = dd.framework.kind
  if (dd.onlyHits) p.numerator = '1'
  return p
}

const drillHref = (id: string, params: Record<string, string>, change: Record<string, string | null>): string => {
  const p: Record<string, string> = { ...params }
  for (const [k, v] of Object.entries(change)) {
    if (v === null) delete p[k]
    else p[k] = v
  }
  return `/dashboard/${id}?${new URLSearchParams(p).toString()}`
}

function presentDrillDown(dd: IndicatorDrillDown, q: Query) {
  const params = drillParams(dd, q)
  const def = dd.definition
  const percent = def.kind === 'percent'
  const pct = (v: number | null) => (v === null ? 'No cases' : formatValue({ kind: 'percent' }, v))
  // By worker: every worker's records, whichever worker is chosen; each number links to its list.
  const byWorker = dd.byWorker.map((w) => {
    const href = w.inScope && w.workerId ? drillHref(dd.id, params, { worker: w.workerId, numerator: null }) : null
    return {
      name: w.name,
      chosen: dd.worker !== null && w.workerId === dd.worker.id,
      numerator: w.numerator,
      denominator: w.denominator,
      percent: pct(w.percent),
      href,
      numeratorHref: href && w.workerId ? drillHref(dd.id, params, { worker: w.workerId, numerator: '1' }) : null,
    }
  })
  let byFramework = null
  if (dd.byFramework) {
    const f = dd.byFramework
    const base = { ...params }
    delete base.numerator
    const rows = f.rows.map((r) => ({
      framework: r.frameworkLabel,
      kind: r.kindLabel,
      timescale: r.timescale ?? '',
      completed: r.completed,
      withinTimescale: r.withinTimescale,
      percent: pct(r.percent),
      chosen: dd.framework.framework === r.framework && dd.framework.kind === r.kind,
      completedHref: drillHref('assessments_completed', base, { framework: r.framework, kind: r.kind }),
      withinHref: drillHref('assessments_in_timescale', base, { framework: r.framework, kind: r.kind, numerator: '1' }),
    }))
    // A line per framework: the share within timescale for the timeliness indicator, the number completed otherwise.
    const timeliness = dd.id === 'assessments_in_timescale'
    const title = timeliness ? 'Assessments completed within timescale, by framework' : 'Assessments completed, by framework'
    const months = dd.period.months
    const chart = {
      id: 'chart-by-framework',
      svg: lineChart({ id: 'chart-by-framework', title, description: `${title}, by month, ${dd.period.label}`, months: months.map((m) => ({ key: m.key, label: m.label })), series: f.lines.map((l) => ({ label: l.label, values: l.points.map((p) => (timeliness ? p.percent : p.completed)) })), percent: timeliness }),
      caption: `${title}, by month`,
      headers: ['Month', ...f.lines.map((l) => l.label)],
      rows: months.map((m, i) => [m.label, ...f.lines.map((l) => {
        const p = l.points[i]
        if (!p) return ''
        return timeliness ? `${pct(p.percent)} (${p.withinTimescale} of ${p.completed})` : String(p.completed)
      })]),
    }
    byFramework = { rows, total: { completed: f.total.completed, withinTimescale: f.total.withinTimescale, percent: pct(f.total.percent) }, chart: f.lines.length ? chart : null }
  }
  // Pages of the list: each link keeps every filter; the current page, its neighbours, the first and the last.
  const pageHref = (n: number) => drillHref(dd.id, params, { page: n === 1 ? null : String(n) })
  const pagination = dd.pages > 1
    ? {
        previous: dd.page > 1 ? { href: pageHref(dd.page - 1) } : undefined,
        next: dd.page < dd.pages ? { href: pageHref(dd.page + 1) } : undefined,
        items: Array.from({ length: dd.pages }, (_, i) => i + 1)
          .filter((n) => n === 1 || n === dd.pages || Math.abs(n - dd.page) <= 2)
          .flatMap((n, i, all) => [...(i > 0 && n - (all[i - 1] ?? n) > 1 ? [{ ellipsis: true }] : []), { number: n, href: pageHref(n), current: n === dd.page }]),
        landmarkLabel: 'Pages of the records',
      }
    : null
  const count = (n: number) => n.toLocaleString('en-GB')
  const first = (dd.page - 1) * dd.pageSize + 1
  const showing = dd.pages > 1
    ? `Showing ${count(first)} to ${count(first + dd.rows.length - 1)} of ${count(dd.total)} records`
    : `${count(dd.total)} ${dd.total === 1 ? 'record' : 'records'}`
  // The filter form keeps every other filter as it is.
  const hidden = Object.entries(params).filter(([k]) => k !== 'worker').map(([name, value]) => ({ name, value }))
  const workerItems = [{ value: 'all', text: 'All workers', selected: dd.worker === null }, ...dd.workers.map((w) => ({ value: w.id, text: `${w.name}${w.teamName ? ` (${w.teamName})` : ''}${w.active ? '' : ', left'}`, selected: dd.worker?.id === w.id }))]
  const framework = dd.framework.framework || dd.framework.kind
    ? [dd.framework.framework ? FRAMEWORK_LABEL[dd.framework.framework] : null, dd.framework.kind ? ASSESSMENT_KIND_LABEL[dd.framework.kind] : null].filter(Boolean).join(', ')
    : null
  return {
    percent,
    byWorker,
    byFramework,
    hidden,
    workerItems,
    framework,
    pagination,
    showing,
    allWorkersHref: dd.worker ? drillHref(dd.id, params, { worker: null }) : null,
    allFrameworksHref: framework ? drillHref(dd.id, params, { framework: null, kind: null }) : null,
  }
}

export const dashboardRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/dashboard', async (req, reply) => {
    await loadChartLibrary()
    const meta = requestMeta(req)
    const q = query(req)
    try {
      const d = await viewDashboard(ctx, meta, { period: q.period, team: q.team, service: q.service })
      return render(req, reply, 'dashboard/index.njk', { d, groups: present(d, q), snapshots: presentSnapshots(d), categories: presentCategories(d), values: { period: q.period ?? 'last-12-months', team: d.team?.id ?? 'all', service: d.service?.id ?? 'all' } })
    } catch (e) {
      if (e instanceof ValidationError) {
        const d = await viewDashboard(ctx, meta, { team: q.team })
        return render(req, reply, 'dashboard/index.njk', { d, groups: present(d, {}), snapshots: presentSnapshots(d), categories: presentCategories(d), values: { period: q.period ?? '', team: d.team?.id ?? 'all' }, ...formErrors(e.errors, { period: 'period' }) }, 400)
      }
      throw e
    }
  })

  app.get('/dashboard/:indicator', async (req, reply) => {
    await loadChartLibrary()
    const meta = requestMeta(req)
    const q = query(req)
    const id = String((req.params as { indicator?: string }).indicator ?? '')
    const input: DrillDownInput = { period: q.period, team: q.team, service: q.service, month: q.month, worker: q.worker, framework: q.framework, kind: q.kind, numerator: q.numerator === '1', page: q.page }
    if (q.format === 'csv') {
      // Every record, read a chunk at a time and streamed: no cap, memory bounded however long the list.
      const ex = await indicatorDrillDownExport(ctx, meta, id, input)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${ex.id}-${ex.month ?? ex.period.start}-${ex.period.end}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csvLines(ex)))
    }
    const dd = await indicatorDrillDown(ctx, meta, id, input)
    const csv = new URLSearchParams({ ...drillParams(dd, q), format: 'csv' }).toString()
    return render(req, reply, 'dashboard/drill-down.njk', { dd, view: presentDrillDown(dd, q), csvLink: `/dashboard/${dd.id}?${csv}`, back: `/dashboard?${new URLSearchParams({ ...(q.period ? { period: q.period } : {}), ...(q.team ? { team: q.team } : {}), ...(q.service ? { service: q.service } : {}) }).toString()}` })
  })
}
