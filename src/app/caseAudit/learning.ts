/**
 * Learning from audits: the report (by theme, team and period, with CSV) and the service manager's
 * learning summary. A team manager sees their team's audits, a service manager their service's, an auditor
 * every team's. Aggregates only: no child is named, so no record view is audited.
 */
import { learningActions, learningAnswers, learningAudits, toolDefinitions, type LearningFilter } from '../../db/repositories/caseAuditLearning.ts'
import type { TeamRow } from '../../db/repositories/timeliness.ts'
import { OVERSIGHT_TITLE_PREFIX } from '../../domain/caseAudit/audit.ts'
import { learningCsv, learningReport, type LearningAnswer, type LearningAudit, type LearningReport } from '../../domain/caseAudit/learning.ts'
import { allQuestions, type ToolDefinition } from '../../domain/caseAudit/tool.ts'
import { addCalendarMonths } from '../../domain/calendar/days.ts'
import { isValidIsoDate } from '../../domain/shared/dates.ts'
import { ForbiddenError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

export type LearningQuery = { from?: string | undefined; to?: string | undefined; teamId?: string | undefined; kind?: string | undefined }
export type LearningPage = { report: LearningReport; from: string; to: string; teamId: string | null; kind: 'monthly' | 'themed' | null; teams: TeamRow[]; councilWide: boolean }

async function load(ctx: AppContext, meta: RequestMeta, q: LearningQuery): Promise<{ page: Omit<LearningPage, 'report'>; audits: LearningAudit[]; answers: LearningAnswer[]; actions: { dueDate: string; completedOn: string | null }[] }> {
  requireCapability(meta.actor, 'audit-learning:view')
  const on = today(ctx)
  const to = (q.to ?? '').trim() || on
  const from = (q.from ?? '').trim() || addCalendarMonths(on, -12)
  if (!isValidIsoDate(from)) throw new ValidationError([{ field: 'from', message: 'Enter the start of the period as a real date' }])
  if (!isValidIsoDate(to)) throw new ValidationError([{ field: 'to', message: 'Enter the end of the period as a real date' }])
  if (from > to) throw new ValidationError([{ field: 'to', message: 'The end of the period must be on or after its start' }])
  const kind = q.kind === 'monthly' || q.kind === 'themed' ? q.kind : null
  return ctx.database.db.transaction(async (tx) => {
    const scope = await teamsInScope(tx, meta.actor)
    const wanted = (q.teamId ?? '').trim() || null
    if (wanted && !scope.teams.some((t) => t.id === wanted)) throw new ForbiddenError('scope')
    const teamIds = wanted ? [wanted] : scope.councilWide ? null : scope.teams.map((t) => t.id)
    const f: LearningFilter = { from, to, teamIds, programmeKind: kind }
    const auditRows = await learningAudits(tx, f)
    const defs = await toolDefinitions(tx, [...new Set(auditRows.map((a) => a.toolVersionId))])
    const versionOf = new Map(auditRows.map((a) => [a.id, a.toolVersionId]))
    const questionOf = (auditId: string, key: string) => {
      const def = defs.get(versionOf.get(auditId) ?? '') as ToolDefinition | undefined
      return def ? allQuestions(def).find((x) => x.key === key) : undefined
    }
    const answers: LearningAnswer[] = []
    for (const a of await learningAnswers(tx, f)) {
      const question = questionOf(a.auditId, a.questionKey)
      if (question) answers.push({ auditId: a.auditId, theme: question.theme, questionText: question.text, grade: a.grade })
    }
    const actions = await learningActions(tx, f, OVERSIGHT_TITLE_PREFIX)
    return { page: { from, to, teamId: wanted, kind, teams: scope.teams, councilWide: scope.councilWide }, audits: auditRows, answers, actions }
  })
}

export async function learningPage(ctx: AppContext, meta: RequestMeta, q: LearningQuery): Promise<LearningPage> {
  const { page, audits, answers, actions } = await load(ctx, meta, q)
  return { ...page, report: learningReport(audits, answers, actions, today(ctx)) }
}

export async function learningExport(ctx: AppContext, meta: RequestMeta, q: LearningQuery): Promise<{ csv: string; filename: string }> {
  const { page, audits, answers } = await load(ctx, meta, q)
  return { csv: learningCsv(audits, answers), filename: `case-audit-learning-${page.from}-to-${page.to}.csv` }
}

/** The service manager's summary: the last 3 months against the 3 before, the weaknesses, the actions. */
export async function learningSummary(ctx: AppContext, meta: RequestMeta): Promise<{ current: LearningReport; previous: LearningReport; from: string; to: string; previousFrom: string }> {
  const on = today(ctx)
  const from = addCalendarMonths(on, -3)
  const previousFrom = addCalendarMonths(on, -6)
  const current = await learningPage(ctx, meta, { from, to: on })
  const previous = await learningPage(ctx, meta, { from: previousFrom, to: from })
  return { current: current.report, previous: previous.report, from, to: on, previousFrom }
}
