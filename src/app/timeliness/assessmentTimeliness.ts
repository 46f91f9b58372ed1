/**
 * The assessment timeliness report (REFERENCE §5): for a period and a team (or all teams in the viewer's
 * scope), assessments authorised within timescale by framework and kind and by month, year to date,
 * duration, and the backlog of open assessments past their due date. A list, not a view of any record:
 * no per-child audit; children the viewer may not see are counted without names.
 */
import { completedAssessments, overdueOpenAssessments, type OverdueAssessmentRow, type TeamRow } from '../../db/repositories/timeliness.ts'
import { assessmentBacklog, financialYearStart, summariseTimeliness, TIMELINESS_DEFINITIONS, type BacklogItem, type TimelinessSummary } from '../../domain/assessments/timeliness.ts'
import { isValidIsoDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { ForbiddenError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability } from '../people/access.ts'
import { teamsInScope } from '../worklists/teamScope.ts'

export type TimelinessQuery = { from?: string | undefined; to?: string | undefined; team?: string | undefined }

export type TimelinessReport = {
  from: string
  to: string
  today: string
  /** 'all' or a team id. */
  team: string
  teamName: string
  teams: TeamRow[]
  councilWide: boolean
  period: TimelinessSummary
  yearToDate: TimelinessSummary & { from: string; to: string }
  backlog: BacklogItem<OverdueAssessmentRow>[]
  backlogHidden: number
  definitions: typeof TIMELINESS_DEFINITIONS
}

export async function assessmentTimeliness(ctx: AppContext, meta: RequestMeta, q: TimelinessQuery): Promise<TimelinessReport> {
  requireCapability(meta.actor, 'timeliness:view')
  const now = today(ctx)
  const errors: FieldError[] = []
  const to = q.to ?? now
  const from = q.from ?? financialYearStart(to <= now ? to : now)
  if (q.from !== undefined && !isValidIsoDate(q.from)) errors.push({ field: 'from', message: 'The start of the period must be a real date' })
  if (q.to !== undefined && !isValidIsoDate(q.to)) errors.push({ field: 'to', message: 'The end of the period must be a real date' })
  if (!errors.length && from > to) errors.push({ field: 'to', message: 'The end of the period must be the same as or after the start' })
  if (!errors.length && Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) errors.push({ field: 'from', message: 'The period can be at most 10 years' })
  if (errors.length) throw new ValidationError(errors)

  return ctx.database.db.transaction(async (tx) => {
    const scope = await teamsInScope(tx, meta.actor)
    const defaultTeam = scope.councilWide ? 'all' : meta.actor.role === 'team_manager' && meta.actor.teamId ? meta.actor.teamId : 'all'
    const team = q.team && q.team !== '' ? q.team : defaultTeam
    let teamIds: string[] | null
    let teamName: string
    if (team === 'all') {
      teamIds = scope.councilWide ? null : scope.teams.map((t) => t.id)
      teamName = scope.councilWide ? 'All teams' : scope.teams.length === 1 ? (scope.teams[0] as TeamRow).name : 'All teams in your service'
    } else {
      const t = scope.teams.find((x) => x.id === team)
      if (!t) throw new ForbiddenError('team')
      teamIds = [t.id]
      teamName = t.name
    }
    const calendar = await loadCalendar(tx)
    const ytdFrom = financialYearStart(to)
    const rows = await completedAssessments(tx, { from: from < ytdFrom ? from : ytdFrom, to, teamIds })
    const overdue = await overdueOpenAssessments(tx, meta.actor, { today: now, teamIds })
    const backlog = assessmentBacklog(overdue, now, calendar)
    return {
      from,
      to,
      today: now,
      team,
      teamName,
      teams: scope.teams,
      councilWide: scope.councilWide,
      period: summariseTimeliness(rows, { from, to }, calendar),
      yearToDate: { ...summariseTimeliness(rows, { from: ytdFrom, to }, calendar), from: ytdFrom, to },
      backlog,
      backlogHidden: backlog.filter((b) => !b.visible).length,
      definitions: TIMELINESS_DEFINITIONS,
    }
  })
}
