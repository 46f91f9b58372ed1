/**
 * The performance dashboard (issue 8): indicators with their definitions and monthly trends (server-drawn
 * SVG with the same numbers in a table beside each chart), and the records behind every number, as a page
 * or as CSV.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { indicatorDrillDown, viewDashboard, type Dashboard } from '../../app/indicators/dashboard.ts'
import { formatValue } from '../../domain/indicators/measures.ts'
import { COMPARATOR_KIND_LABEL } from '../../domain/indicators/comparators.ts'
import { barChart, lineChart } from '../charts/plot.ts'
import { ABUSE_CATEGORY } from '../../domain/childProtection/codes.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

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

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v)
  // Quote every cell; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
  return `"${safe.replace(/"/g, '""')}"`
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
          svg: lineChart({ id: `chart-${i.id}`, title: def.title, description: `${def.title}, by month, ${d.period.label}`, months: d.period.months.map((m) => ({ key: m.key, label: m.label })), series: [{ label: def.title, values }], percent, comparators: i.comparators.map((c) => ({ label: `${COMPARATOR_KIND_LABEL[c.kind]} ${c.year}`, value: c.value })) }),
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
      comparators: i.comparators.map((c) => `${COMPARATOR_KIND_LABEL[c.kind]} ${c.year}: ${formatValue(def, c.value)}`),
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
    comparators: sn.comparators.map((c) => `${COMPARATOR_KIND_LABEL[c.kind]} ${c.year}: ${formatValue(sn.definition, c.value)}`),
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

export const dashboardRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/dashboard', async (req, reply) => {
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
    const meta = requestMeta(req)
    const q = query(req)
    const id = String((req.params as { indicator?: string }).indicator ?? '')
    const dd = await indicatorDrillDown(ctx, meta, id, { period: q.period, team: q.team, service: q.service, month: q.month, worker: q.worker, numerator: q.numerator === '1' })
    if (q.format === 'csv') {
      const header = ['Child reference', 'Name', 'Date', 'Counted in the numerator', 'Record', 'Team', 'Worker']
      const lines = [header, ...dd.rows.map((r) => [r.personRef, r.name, r.day, r.hit ? 'Yes' : 'No', r.ref ?? '', r.teamName ?? '', r.workerName ?? ''])].map((l) => l.map(csvCell).join(','))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${dd.id}-${dd.month ?? dd.period.start}-${dd.period.end}.csv"`)
        .header('cache-control', 'no-store')
        .send(`${lines.join('\r\n')}\r\n`)
    }
    const csv = new URLSearchParams({ ...q, format: 'csv' }).toString()
    return render(req, reply, 'dashboard/drill-down.njk', { dd, csvLink: `/dashboard/${dd.id}?${csv}`, back: `/dashboard?${new URLSearchParams({ ...(q.period ? { period: q.period } : {}), ...(q.team ? { team: q.team } : {}), ...(q.service ? { service: q.service } : {}) }).toString()}` })
  })
}
