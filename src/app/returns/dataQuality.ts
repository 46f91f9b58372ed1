/**
 * Continuous data quality: the CIN census rules run on a child's record as it stands, so a worker sees
 * "this would fail CIN census rule 8610" while they can still fix it, not months later in the return.
 *
 * Any insert or update on a table the census is built from marks the child dirty (a database trigger,
 * migration 0010), so no use case can forget. The check runs when the child's page or the data-quality
 * list is opened, for dirty children and for those last checked before today (the rules are "as at" a
 * date: an assessment goes overdue without anyone saving anything).
 *
 * The rules run on this collection year's census as it stands today: the records since 1 April, as at
 * today (reference date today). Not a rolling 12 months: an episode that began before its start would be
 * seen without the assessments the census leaves out, and fail rules (8825Q, 2991Q) it does not fail.
 */
import type { Executor } from '../../db/database.ts'
import { loadCensusFacts } from '../../db/repositories/cinCensusFacts.ts'
import { dataQualityIssuesFor, listDataQualityIssues, replaceDataQualityIssues, staleDataQualityPersons, type DataQualityIssueRow, type NewDataQualityIssue } from '../../db/repositories/dataQuality.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import { buildCinCensusChild, censusEpisodes, collectionPeriod, collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import type { CensusPersonFacts } from '../../domain/returns/cinCensus/facts.ts'
import type { CinCensusPeriod, CinRule } from '../../domain/returns/cinCensus/model.ts'
import { CIN_RULES, validateCinChild } from '../../domain/returns/cinCensus/rules.ts'
import type { IsoDate } from '../../domain/shared/dates.ts'
import { ForbiddenError, ValidationError, today as todayOf, type AppContext, type RequestMeta } from '../context.ts'
import { auditPersonView, requireCapability, requirePersonAccess } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

const BATCH = 2000

/** This collection year so far: 1 April to today, inclusive. */
export function censusYearToDate(today: IsoDate): CinCensusPeriod {
  return { start: collectionPeriod(collectionYearOf(today)).start, end: today }
}

/** The failures of each child's census record today. Pure apart from the load. */
function check(facts: readonly CensusPersonFacts[], today: IsoDate): NewDataQualityIssue[] {
  const period = censusYearToDate(today)
  const out: NewDataQualityIssue[] = []
  for (const p of facts) {
    const child = buildCinCensusChild(p, period)
    if (!child) continue
    // The builder's own episode list, so a failure's episode maps to its referral.
    const referrals = censusEpisodes(p, period).map((r) => r.referralId)
    for (const f of validateCinChild(child, today, undefined, period.start)) {
      out.push({ personId: p.personId, rule: f.rule, severity: f.severity, field: f.field, message: f.message, referralId: f.episodeIndex === undefined ? null : (referrals[f.episodeIndex] ?? null) })
    }
  }
  return out
}

/** Re-runs the checks for every stale child (or only the given ones), in batches; each batch is one transaction. */
export async function refreshDataQuality(db: Executor, today: IsoDate, opts: { personIds?: readonly string[] } = {}): Promise<{ checked: number; issues: number }> {
  let checked = 0
  let issues = 0
  const period = censusYearToDate(today)
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const ids = await staleDataQualityPersons(tx, today, { ...(opts.personIds ? { personIds: opts.personIds } : {}), limit: BATCH })
      if (ids.length === 0) return 0
      const facts = await loadCensusFacts(tx, { from: period.start, to: period.end, personIds: ids })
      const found = check(facts, today)
      await replaceDataQualityIssues(tx, ids, found, today)
      issues += found.length
      return ids.length
    })
    checked += done
    if (done < BATCH) break
  }
  return { checked, issues }
}

const RULES = new Map(CIN_RULES.map((r) => [r.code, r]))
export const ruleOf = (code: string): CinRule | undefined => RULES.get(code)

export type ChildDataQuality = { issues: DataQualityIssueRow[]; checkedOn: IsoDate }

/**
 * The child's open data-quality issues, re-checked first if anything changed. Anyone who may see the child
 * may see these. `audit`: record a view of the child's record (the API; the child's page records its own).
 */
export async function childDataQuality(ctx: AppContext, meta: RequestMeta, personId: string, opts: { audit?: boolean } = {}): Promise<ChildDataQuality> {
  const day = todayOf(ctx)
  await requirePersonAccess(ctx.database.db, meta.actor, personId)
  if (opts.audit) await auditPersonView(ctx.database.db, meta, personId, 'data-quality', ctx.now())
  await refreshDataQuality(ctx.database.db, day, { personIds: [personId] })
  return { issues: await dataQualityIssuesFor(ctx.database.db, personId, meta.actor.userId), checkedOn: day }
}

export type DataQualityReportFilter = { rule?: string | undefined; teamId?: string | undefined; workerId?: string | undefined; severity?: string | undefined }

export type DataQualityReport = {
  checkedOn: IsoDate
  teams: { id: string; name: string }[]
  councilWide: boolean
  issues: DataQualityIssueRow[]
  byRule: { rule: string; severity: 'error' | 'query'; description: string; count: number; children: number }[]
  byTeam: { teamId: string | null; teamName: string; count: number; children: number }[]
  byWorker: { workerId: string | null; workerName: string; teamName: string; count: number; children: number }[]
  children: number
}

function count<K>(issues: readonly DataQualityIssueRow[], keyOf: (i: DataQualityIssueRow) => K): Map<K, { count: number; children: Set<string>; first: DataQualityIssueRow }> {
  const m = new Map<K, { count: number; children: Set<string>; first: DataQualityIssueRow }>()
  for (const i of issues) {
    const k = keyOf(i)
    const e = m.get(k) ?? { count: 0, children: new Set<string>(), first: i }
    e.count++
    e.children.add(i.personId)
    m.set(k, e)
  }
  return m
}

/**
 * Every open issue in the viewer's scope (council-wide viewers: every child; a team manager: their team's
 * allocated children; a service manager: their service's), by rule, team and worker. A filter for a team
 * outside the scope is refused.
 */
export async function dataQualityReport(ctx: AppContext, meta: RequestMeta, filter: DataQualityReportFilter): Promise<DataQualityReport> {
  requireCapability(meta.actor, 'data-quality:view')
  const db = ctx.database.db
  const day = todayOf(ctx)
  const scope = await teamsInScope(db, meta.actor)
  if (filter.teamId && !scope.teams.some((t) => t.id === filter.teamId)) throw new ForbiddenError('scope')
  if (filter.severity && filter.severity !== 'error' && filter.severity !== 'query') throw new ValidationError([{ field: 'severity', message: 'Severity must be error or query' }])
  if (filter.rule && !RULES.has(filter.rule)) throw new ValidationError([{ field: 'rule', message: `There is no CIN census rule ${filter.rule}` }])
  await refreshDataQuality(db, day)
  const issues = await listDataQualityIssues(db, {
    viewerUserId: meta.actor.userId,
    teamIds: scope.councilWide ? null : scope.teams.map((t) => t.id),
    rule: filter.rule,
    teamId: filter.teamId,
    workerId: filter.workerId,
    severity: filter.severity as 'error' | 'query' | undefined,
  })
  const byRule = [...count(issues, (i) => i.rule)].map(([rule, e]) => ({ rule, severity: e.first.severity, description: RULES.get(rule)?.description ?? '', count: e.count, children: e.children.size }))
  byRule.sort((a, b) => (a.severity === b.severity ? b.count - a.count || a.rule.localeCompare(b.rule) : a.severity === 'error' ? -1 : 1))
  const byTeam = [...count(issues, (i) => i.teamId)].map(([teamId, e]) => ({ teamId, teamName: e.first.teamName ?? 'Not allocated', count: e.count, children: e.children.size })).sort((a, b) => b.count - a.count)
  const byWorker = [...count(issues, (i) => i.workerId)]
    .map(([workerId, e]) => ({ workerId, workerName: e.first.workerName ?? 'Not allocated', teamName: e.first.teamName ?? '', count: e.count, children: e.children.size }))
    .sort((a, b) => b.count - a.count)
  return { checkedOn: day, teams: scope.teams.map((t) => ({ id: t.id, name: t.name })), councilWide: scope.councilWide, issues, byRule, byTeam, byWorker, children: new Set(issues.map((i) => i.personId)).size }
}

/** Whether the actor's pages should offer the data-quality list. */
export const mayViewDataQuality = (actor: Actor): boolean => can(actor, 'data-quality:view')
