/**
 * The performance dashboard (issue 8): each indicator's monthly trend over the chosen period for the
 * viewer's scope, computed from the records (src/db/repositories/indicators.ts), with its definition; and
 * the records behind any number, narrowed to a worker and (for assessments) a framework and kind, with the
 * same records counted by worker and by framework. A team manager's dashboard opens on their team; a team
 * or a worker the viewer's scope does not cover is refused. Comparators fall back to the latest earlier
 * year when none is held for the period's own.
 */
import {
  indicatorChildren,
  indicatorChildrenChunks,
  indicatorCountsByFramework,
  indicatorCountsByWorker,
  indicatorWorker,
  indicatorWorkers,
  INDICATOR_PAGE_SIZE,
  SQL_INDICATORS,
  type IndicatorChildRow,
  type IndicatorFilter,
  type IndicatorScope,
  type IndicatorWorker,
  type SqlIndicator,
} from '../../db/repositories/indicators.ts'
import { frameworkBreakdown, hasFrameworkBreakdown, parseFrameworkFilter, type FrameworkBreakdown, type FrameworkFilter } from '../../domain/indicators/breakdown.ts'
import { INDICATORS, type IndicatorDefinition, type IndicatorId } from '../../domain/indicators/definitions.ts'
import { parsePeriod, periodParam, type Period } from '../../domain/indicators/periods.ts'
import { comparatorsFor, trend, type Comparator, type ShownComparator } from '../../domain/indicators/measures.ts'
import { loadComparators } from './comparators.ts'
import { monthlyCounts } from './keptCounts.ts'
import { unallocatedWaiting } from '../../db/repositories/allocation.ts'
import { cpCategoryCounts, cpChildrenOn, cpVisitFactsOn } from '../../db/repositories/indicators.ts'
import { daysBetween } from '../../domain/allocation/allocation.ts'
import { cpVisitItem } from '../../domain/childProtection/dueItems.ts'
import { average, formatValue, percent, ratePer10000 } from '../../domain/indicators/measures.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { caseloadLimitsOf } from '../allocation/caseloads.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { supervisionDueForTeams } from '../supervision/supervisionDue.ts'
import { childPopulation } from './population.ts'
import { ForbiddenError, NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { limiter } from '../concurrency.ts'
import { can } from '../../domain/access/roles.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

/** Connections one dashboard request may use at once (the pool has 10 on PostgreSQL). */
const DASHBOARD_CONNECTIONS = 3

export type DashboardInput = { period?: string | undefined; team?: string | undefined; service?: string | undefined }

export type DashboardIndicator = {
  id: SqlIndicator
  definition: IndicatorDefinition
  trend: ReturnType<typeof trend>
  /** National, statistical neighbours and the council's target, for the DfE year(s) the period covers (or the latest earlier year). */
  comparators: ShownComparator[]
}

/** A number measured today (or at the period's end), with what it is out of and where its list is. */
export type SnapshotIndicator = {
  id: IndicatorId
  definition: IndicatorDefinition
  value: number | null
  numerator: number
  denominator: number | null
  display: string
  /** The page listing the children (or workers) behind it. */
  href: string | null
  comparators: ShownComparator[]
}

export type Dashboard = {
  period: Period
  snapshots: SnapshotIndicator[]
  /** Children on a plan at the period's end by the plan's latest category (CIN census categories). */
  cpByCategory: { category: string; children: number }[]
  teams: { id: string; name: string; serviceName: string }[]
  councilWide: boolean
  /** The team shown, or null for every team in the viewer's scope (or the service's). */
  team: { id: string; name: string } | null
  services: { id: string; name: string }[]
  /** The service shown, when filtered to one. */
  service: { id: string; name: string } | null
  indicators: DashboardIndicator[]
}

async function scopeFor(ctx: AppContext, meta: RequestMeta, teamId: string | undefined, serviceId?: string | undefined) {
  const scope = await teamsInScope(ctx.database.db, meta.actor)
  const teams = scope.teams.map((t) => ({ id: t.id, name: t.name, serviceName: t.serviceName, serviceId: t.serviceId }))
  const services = [...new Map(teams.map((t) => [t.serviceId, { id: t.serviceId, name: t.serviceName }])).values()]
  if (teamId && teamId !== 'all') {
    const team = teams.find((t) => t.id === teamId)
    if (!team) throw new ForbiddenError('scope')
    return { teams, services, service: null, councilWide: scope.councilWide, team, indicatorScope: { teamIds: [team.id] } as IndicatorScope }
  }
  if (serviceId && serviceId !== 'all') {
    // A service's teams, as far as the viewer may see them; a service outside the scope is refused.
    const service = services.find((s) => s.id === serviceId)
    if (!service) throw new ForbiddenError('scope')
    return { teams, services, service, councilWide: scope.councilWide, team: null, indicatorScope: { teamIds: teams.filter((t) => t.serviceId === serviceId).map((t) => t.id) } as IndicatorScope }
  }
  // A team manager's scope is their team: the dashboard opens on it.
  const only = !scope.councilWide && teams.length === 1 ? (teams[0] ?? null) : null
  return { teams, services, service: null, councilWide: scope.councilWide, team: only, indicatorScope: { teamIds: scope.councilWide ? null : teams.map((t) => t.id) } as IndicatorScope }
}

function periodOf(ctx: AppContext, input: string | undefined): Period {
  const p = parsePeriod(input, today(ctx))
  if (!p.ok) throw new ValidationError(p.errors)
  return p.value
}

export async function viewDashboard(ctx: AppContext, meta: RequestMeta, input: DashboardInput): Promise<Dashboard> {
  requireCapability(meta.actor, 'indicators:view')
  const period = periodOf(ctx, input.period)
  const s = await scopeFor(ctx, meta, input.team, input.service)
  const comparators = await loadComparators(ctx.database.db)
  // Independent read-only queries, side by side, but at most DASHBOARD_CONNECTIONS at a time: a county's
  // dashboard is seconds of work, and taking the whole pool made everyone else's pages wait or fail (503).
  const limit = limiter(DASHBOARD_CONNECTIONS)
  // Open assessments are the overdue query's denominator: counted once, not twice.
  const counted = SQL_INDICATORS.filter((id) => id !== 'assessments_open')
  const [counts, snapshots, cpByCategory] = await Promise.all([
    monthlyCounts(ctx, counted, period, s.indicatorScope, limit),
    snapshotIndicators(ctx, meta, period, s, comparators, limit),
    limit(() => cpCategoryCounts(ctx.database.db, period.end, s.indicatorScope)),
  ])
  const monthly = SQL_INDICATORS.map((id) => (id === 'assessments_open' ? null : (counts[counted.indexOf(id)] ?? [])))
  const overdue = monthly[SQL_INDICATORS.indexOf('assessments_overdue')] ?? []
  const indicators: DashboardIndicator[] = SQL_INDICATORS.map((id, i) => {
    const definition = INDICATORS[id]
    if (id === 'assessments_open') {
      const open = overdue.map((r) => ({ month: r.month, numerator: r.denominator, denominator: r.denominator }))
      return { id, definition, trend: trend(definition, period, open), comparators: comparatorsFor(definition, period, comparators) }
    }
    // A snapshot (open assessments, children on plans) is not summed over months: trend() takes the last one.
    return { id, definition, trend: trend(definition, period, monthly[i] ?? []), comparators: comparatorsFor(definition, period, comparators) }
  })
  return { period, teams: s.teams, services: s.services, service: s.service, councilWide: s.councilWide, team: s.team, indicators, snapshots, cpByCategory }
}

/**
 * What is measured at a date rather than over months: the CP rate per 10,000 at the period's end, and
 * today's unallocated children, CP visits, caseloads and supervision — from the same functions as the
 * unallocated list, the worklists, the caseloads page and the supervision page.
 */
async function snapshotIndicators(
  ctx: AppContext,
  meta: RequestMeta,
  period: Period,
  s: Awaited<ReturnType<typeof scopeFor>>,
  comparators: readonly (Comparator & { indicatorId?: string })[],
  limit: ReturnType<typeof limiter>,
): Promise<SnapshotIndicator[]> {
  const db = ctx.database.db
  const day = today(ctx)
  const teamQuery = s.team ? `&team=${s.team.id}` : ''
  const make = (id: IndicatorId, numerator: number, denominator: number | null, value: number | null, href: string | null): SnapshotIndicator => {
    const definition = INDICATORS[id]
    return { id, definition, value, numerator, denominator, display: value === null ? (definition.kind === 'rate_per_10000' ? 'Child population not set' : 'No cases') : formatValue(definition, value), href, comparators: comparatorsFor(definition, period, comparators) }
  }
  const includeNoTeam = !s.team && !s.service && (s.councilWide || meta.actor.role === 'service_manager')
  const teamIds = s.indicatorScope.teamIds ?? s.teams.map((t) => t.id)
  // Independent reads, side by side: children on plans (and their visits), the population, the waiting
  // list, and the caseloads and supervision of every team shown (one read each, not one per team).
  const [cp, population, waiting, caseloads, supervision] = await Promise.all([
    limit(async () => {
      // CP visits: children on a plan today whose statutory visit is not overdue (the worklists' visit item).
      const [facts, calendar] = await Promise.all([cpVisitFactsOn(db, day, s.indicatorScope), loadCalendar(db)])
      const children = new Set(facts.map((f) => f.personId))
      const overdue = new Set(facts.filter((f) => cpVisitItem(f, day, calendar).status === 'overdue').map((f) => f.personId))
      const onPlans = period.end === day ? children.size : (await cpChildrenOn(db, period.end, s.indicatorScope)).length
      return { onPlans, children: children.size, visitsOnTime: children.size - overdue.size }
    }),
    limit(() => childPopulation(db)),
    // Unallocated children today, and how long they have waited (the unallocated list's own definition).
    limit(() => unallocatedWaiting(db, { teamIds: s.indicatorScope.teamIds, includeNoTeam })),
    limit(() => caseloadLimitsOf(db, teamIds, day)),
    limit(() => supervisionDueForTeams(db, teamIds, day)),
  ])
  const out: SnapshotIndicator[] = []
  out.push(make('cp_rate_per_10000', cp.onPlans, population?.children ?? null, population ? ratePer10000(cp.onPlans, population.children) : null, `/dashboard/cp_children?${new URLSearchParams({ period: periodParam(period) }).toString()}${teamQuery}`))
  out.push(make('cp_visits_in_timescale', cp.visitsOnTime, cp.children, percent(cp.visitsOnTime, cp.children), `/dashboard/cp_children?period=${periodParam(period)}${teamQuery}`))

  const days = waiting.map((r) => daysBetween(r.queueWaitingSince ? londonDate(r.queueWaitingSince) : (r.lastAllocationEnded ?? londonDate(r.referralCreatedAt)), day))
  // The unallocated list is a manager's page (allocation:manage); others see the number only.
  const unallocatedHref = can(meta.actor, 'allocation:manage') ? '/unallocated' : null
  out.push(make('unallocated_children', waiting.length, null, waiting.length, unallocatedHref))
  const totalDays = days.reduce((a, b) => a + b, 0)
  out.push(make('unallocated_days_waiting', totalDays, days.length, average(totalDays, days.length), unallocatedHref))

  // Workers over their caseload limit, and supervision in timescale.
  const workers = caseloads.length
  const over = caseloads.filter((w) => w.overLimit).length
  const supervised = supervision.length
  const onTime = supervision.filter((w) => !w.overdue).length
  out.push(make('caseloads_over_limit', over, workers, percent(over, workers), s.team ? `/caseloads?team=${s.team.id}` : '/caseloads'))
  out.push(make('supervision_in_timescale', onTime, supervised, percent(onTime, supervised), null))
  return out
}


export type DrillDownInput = DashboardInput & {
  month?: string | undefined
  worker?: string | undefined
  framework?: string | undefined
  kind?: string | undefined
  numerator?: boolean
  /** The page of the list ('1' when absent): a whole number, 1 or more; past the last page shows the last. */
  page?: string | undefined
}

/** One worker's share of the records behind a number; `inScope` when the viewer may filter by them. */
export type WorkerCount = { workerId: string | null; name: string; numerator: number; denominator: number; percent: number | null; inScope: boolean }

export type IndicatorDrillDown = {
  id: SqlIndicator
  definition: IndicatorDefinition
  period: Period
  month: string | null
  /** 'November 2026' when one month is shown. */
  monthLabel: string | null
  team: { id: string; name: string } | null
  service: { id: string; name: string } | null
  /** The worker the list is narrowed to. */
  worker: { id: string; name: string } | null
  /** Assessment indicators: the framework and kind the list is narrowed to. */
  framework: FrameworkFilter
  onlyHits: boolean
  /** One page of the records (INDICATOR_PAGE_SIZE at most), in the list's order. */
  rows: IndicatorChildRow[]
  /** Every record behind the number (counted in SQL from the same query as the list): the number itself. */
  total: number
  /** The page shown (1-based; a page past the last shows the last) and how many there are (at least 1). */
  page: number
  pages: number
  pageSize: number
  /** The workers the filter offers: those in post in the teams shown (and the one chosen). */
  workers: IndicatorWorker[]
  /** The same records by worker (every worker, whichever is chosen): each count is the list its link shows. */
  byWorker: WorkerCount[]
  /** Assessments completed and within timescale by framework and kind, and a line per framework (completed and timeliness indicators only). */
  byFramework: FrameworkBreakdown | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Scope = Awaited<ReturnType<typeof scopeFor>>

/** Whether the viewer's scope covers a worker: council-wide viewers every worker, others the workers of their teams. */
const coversWorker = (s: Scope, teamId: string | null): boolean => s.councilWide || (teamId !== null && s.teams.some((t) => t.id === teamId))

/** The worker named in the query string: refused (403) when the viewer's scope does not cover them, like a team. */
async function workerOf(ctx: AppContext, s: Scope, raw: string | undefined): Promise<IndicatorWorker | null> {
  if (!raw || raw === 'all') return null
  if (!UUID.test(raw)) throw new ValidationError([{ field: 'worker', message: 'Choose a worker from the list' }])
  const w = await indicatorWorker(ctx.database.db, raw)
  if (!w || !coversWorker(s, w.teamId)) throw new ForbiddenError('scope')
  return w
}

/** A page number from the query string: a whole number, 1 or more (absent: the first page). */
function pageOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1
  if (!/^\d+$/.test(raw) || /^0+$/.test(raw)) throw new ValidationError([{ field: 'page', message: 'The page number must be a whole number, 1 or more' }])
  // Any page past the last shows the last: a billion is past the last of any list.
  return raw.replace(/^0+/, '').length > 9 ? 1_000_000_000 : Number(raw)
}

/**
 * What a drill-down (page or export) shows, after every check: the indicator, the range (the period or one
 * of its months), the viewer's scope, the worker and framework it is narrowed to, and the list's filter.
 */
async function drillDownSelection(ctx: AppContext, meta: RequestMeta, id: string, input: DrillDownInput) {
  requireCapability(meta.actor, 'indicators:view')
  const indicator = SQL_INDICATORS.find((x) => x === id)
  if (!indicator) throw new NotFoundError('indicator')
  const period = periodOf(ctx, input.period)
  const fw = parseFrameworkFilter(indicator, input.framework, input.kind)
  if (!fw.ok) throw new ValidationError(fw.errors)
  const page = pageOf(input.page)
  const s = await scopeFor(ctx, meta, input.team, input.service)
  const worker = await workerOf(ctx, s, input.worker)
  let range = { start: period.start, end: period.end }
  let month: string | null = null
  let monthLabel: string | null = null
  // A snapshot's number is the period's last month; its records are those of that day.
  const wanted = input.month ?? (INDICATORS[indicator].snapshot ? period.months[period.months.length - 1]?.key : undefined)
  if (wanted) {
    const m = period.months.find((x) => x.key === wanted)
    if (!m) throw new ValidationError([{ field: 'month', message: `${wanted} is not a month of ${period.label}` }])
    range = { start: m.start, end: m.end }
    month = m.key
    monthLabel = m.label
  }
  const byFrameworkOf: IndicatorFilter = { ...(fw.value.framework ? { framework: fw.value.framework } : {}), ...(fw.value.kind ? { assessmentKind: fw.value.kind } : {}) }
  const byWorkerOf: IndicatorFilter = worker ? { workerId: worker.id } : {}
  const onlyHits = input.numerator ?? false
  const list: IndicatorFilter & { viewerUserId: string } = { viewerUserId: meta.actor.userId, onlyHits, ...byWorkerOf, ...byFrameworkOf }
  return { indicator, period, fw, page, s, worker, range, month, monthLabel, byFrameworkOf, byWorkerOf, onlyHits, list }
}

/**
 * The records behind one number: the whole period or one month ('YYYY-MM'), the numerator only or all
 * counted, for the teams shown, narrowed to one worker and (assessments) one framework or kind, a page at a
 * time with their total; with the same records counted by worker and, for assessments completed, by
 * framework (counted in SQL over every record, not the page's).
 */
export async function indicatorDrillDown(ctx: AppContext, meta: RequestMeta, id: string, input: DrillDownInput): Promise<IndicatorDrillDown> {
  const { indicator, period, fw, page, s, worker, range, month, monthLabel, byFrameworkOf, byWorkerOf, onlyHits, list } = await drillDownSelection(ctx, meta, id, input)
  const db = ctx.database.db
  const pageRows = (n: number) => indicatorChildren(db, indicator, range, s.indicatorScope, { ...list, limit: INDICATOR_PAGE_SIZE, offset: (n - 1) * INDICATOR_PAGE_SIZE })
  // Independent reads, side by side: the page, the same records by worker and by framework, the workers to offer.
  const [firstTry, workerCounts, frameworkCounts, workers] = await Promise.all([
    pageRows(page),
    indicatorCountsByWorker(db, indicator, range, s.indicatorScope, byFrameworkOf),
    // Completed and within timescale are the timeliness indicator's denominator and numerator: the same records.
    hasFrameworkBreakdown(indicator) ? indicatorCountsByFramework(db, 'assessments_in_timescale', { start: period.start, end: period.end }, s.indicatorScope, byWorkerOf) : Promise.resolve(null),
    indicatorWorkers(db, s.indicatorScope.teamIds, worker?.id),
  ])
  // The list's total is its records counted by worker, added up (the chosen worker's alone): every record
  // counts for exactly one worker or none, so this is the list's length without reading the records twice
  // (on the county a year's contacts took 0.37 s to count again).
  const total = workerCounts.filter((w) => !worker || w.workerId === worker.id).reduce((n, w) => n + (onlyHits ? w.numerator : w.denominator), 0)
  const pages = Math.max(1, Math.ceil(total / INDICATOR_PAGE_SIZE))
  // A page past the last (an old link, a list that has shrunk) shows the last page.
  const shown = Math.min(page, pages)
  const rows = shown === page ? firstTry : await pageRows(shown)
  const byWorker: WorkerCount[] = workerCounts.map((w) => ({
    workerId: w.workerId,
    name: w.workerName ?? 'No allocated worker',
    numerator: w.numerator,
    denominator: w.denominator,
    percent: percent(w.numerator, w.denominator),
    inScope: w.workerId !== null && coversWorker(s, w.workerTeamId),
  }))
  const byFramework = frameworkCounts ? frameworkBreakdown(period.months, frameworkCounts, month ? [month] : period.months.map((m) => m.key)) : null
  return {
    id: indicator,
    definition: INDICATORS[indicator],
    period,
    month,
    monthLabel,
    team: s.team,
    service: s.service,
    worker: worker ? { id: worker.id, name: worker.name } : null,
    framework: fw.value,
    onlyHits,
    rows,
    total,
    page: shown,
    pages,
    pageSize: INDICATOR_PAGE_SIZE,
    workers,
    byWorker,
    byFramework,
  }
}

/** The records behind a number for export: every one (no cap), read a chunk at a time in the list's order. */
export type IndicatorDrillDownExport = {
  id: SqlIndicator
  period: Period
  month: string | null
  chunks: AsyncIterable<IndicatorChildRow[]>
}

/**
 * The CSV export of the list behind a number: the same checks and filters as the page (a refusal or a bad
 * filter is thrown here, before anything is sent), then every record, `INDICATOR_EXPORT_CHUNK` at a time.
 * The page number, if given, is checked but does not narrow the export.
 */
export async function indicatorDrillDownExport(ctx: AppContext, meta: RequestMeta, id: string, input: DrillDownInput): Promise<IndicatorDrillDownExport> {
  const { indicator, period, s, range, month, list } = await drillDownSelection(ctx, meta, id, input)
  // A list of children leaving the system: who took it, and which list, is in the audit log.
  await appendAudit(ctx.database.db, {
    userId: meta.actor.userId,
    username: meta.actor.username,
    action: 'indicators.list.exported',
    entityType: 'indicator',
    entityId: indicator,
    after: { period: periodParam(period), month, filters: input },
    ip: meta.ip,
    requestId: meta.requestId,
    at: ctx.now(),
  })
  return { id: indicator, period, month, chunks: indicatorChildrenChunks(ctx.database.db, indicator, range, s.indicatorScope, list) }
}
