/**
 * Assessment timeliness (REFERENCE §5): assessments completed (authorised) in a period within their
 * timescale, by framework and kind and by month; duration in working days; and the backlog of open
 * assessments already past their due date. Pure: the rows and the calendar come from the caller.
 *
 * Definitions (shown on the page under each figure):
 * - Completed in period: authorisation date (CIN census AssessmentAuthorisationDate) inside the period.
 * - Within timescale: authorised on or before the due date fixed when the assessment started
 *   (initial ≤7 WD (FA 2000, NI 59) or ≤10 WD (WT 2010) from referral; core ≤35 WD from its start
 *   (NI 60); single ≤45 WD from referral (WT 2013–2023)).
 * - Duration: working days from the start to authorisation (the start day is day 0).
 * - Backlog: open assessments whose due date is before the report date.
 */
import type { IsoDate } from '../shared/dates.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import type { Framework } from '../timescales/rules.ts'
import { ASSESSMENT_KIND_LABEL, completedInTimescale, type AssessmentKind } from './frameworks.ts'

export type CompletedAssessment = {
  kind: AssessmentKind
  framework: Framework
  startDate: IsoDate
  dueDate: IsoDate
  completedOn: IsoDate
}

export type OpenAssessment = {
  id: string
  personId: string
  kind: AssessmentKind
  startDate: IsoDate
  dueDate: IsoDate
}

export type Rate = { completed: number; withinTimescale: number; percent: number | null }

export type FrameworkKindRow = Rate & { framework: Framework; kind: AssessmentKind; label: string; frameworkLabel: string }

/** Short names of the frameworks for tables. */
export const FRAMEWORK_SHORT_LABEL: Readonly<Record<Framework, string>> = Object.freeze({
  fa2000: 'Framework for Assessment 2000',
  wt2010: 'Working Together 2010',
  wt2023: 'Working Together 2013–2023',
})
export type MonthRow = Rate & { month: string; label: string }

export type TimelinessSummary = {
  total: Rate
  byFrameworkKind: FrameworkKindRow[]
  byMonth: MonthRow[]
  /** Working days from start to authorisation; null when none were completed. */
  meanWorkingDays: number | null
  medianWorkingDays: number | null
}

export type BacklogItem<T extends OpenAssessment> = T & { workingDaysOver: number }

type Cal = Pick<WorkingDayCalendar, 'workingDaysBetween'>

/** A percentage to one decimal place (half up); null when there is nothing to divide by. */
export function percentage(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null
  return Math.round((numerator * 1000) / denominator) / 10
}

function rate(rows: readonly CompletedAssessment[]): Rate {
  const within = rows.filter((r) => completedInTimescale(r.completedOn, r.dueDate)).length
  return { completed: rows.length, withinTimescale: within, percent: percentage(within, rows.length) }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Every calendar month (YYYY-MM) from the month of `from` to the month of `to`, in order. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  const endY = Number(to.slice(0, 4))
  const endM = Number(to.slice(5, 7))
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
  return out
}

export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
}

/** The median of a list of numbers (mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** Working days from start to authorisation (the start day is day 0). */
export function workingDaysToComplete(row: Pick<CompletedAssessment, 'startDate' | 'completedOn'>, calendar: Cal): number {
  return row.completedOn <= row.startDate ? 0 : calendar.workingDaysBetween(row.startDate, row.completedOn)
}

const FRAMEWORK_ORDER: readonly Framework[] = ['fa2000', 'wt2010', 'wt2023']
const KIND_ORDER: readonly AssessmentKind[] = ['initial', 'core', 'single']

/**
 * Timeliness of the assessments completed between `from` and `to` inclusive. Rows outside the period are
 * ignored, so the caller may pass a wider set (e.g. the whole financial year). Every month of the period
 * has a row, with zeros when nothing was completed.
 */
export function summariseTimeliness(all: readonly CompletedAssessment[], period: { from: IsoDate; to: IsoDate }, calendar: Cal): TimelinessSummary {
  const rows = all.filter((r) => r.completedOn >= period.from && r.completedOn <= period.to)
  const groups = new Map<string, CompletedAssessment[]>()
  for (const r of rows) {
    const key = `${r.framework}/${r.kind}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  const byFrameworkKind: FrameworkKindRow[] = [...groups.entries()]
    .map(([key, list]) => {
      const [framework, kind] = key.split('/') as [Framework, AssessmentKind]
      return { framework, kind, label: ASSESSMENT_KIND_LABEL[kind], frameworkLabel: FRAMEWORK_SHORT_LABEL[framework], ...rate(list) }
    })
    .sort((a, b) => FRAMEWORK_ORDER.indexOf(a.framework) - FRAMEWORK_ORDER.indexOf(b.framework) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
  const byMonth: MonthRow[] = period.from <= period.to
    ? monthsBetween(period.from, period.to).map((month) => ({ month, label: monthLabel(month), ...rate(rows.filter((r) => r.completedOn.slice(0, 7) === month)) }))
    : []
  const durations = rows.map((r) => workingDaysToComplete(r, calendar))
  const mean = durations.length ? Math.round((durations.reduce((a, b) => a + b, 0) / durations.length) * 10) / 10 : null
  return { total: rate(rows), byFrameworkKind, byMonth, meanWorkingDays: mean, medianWorkingDays: median(durations) }
}

/** Open assessments already past their due date on `today`, most overdue first. */
export function assessmentBacklog<T extends OpenAssessment>(open: readonly T[], today: IsoDate, calendar: Cal): BacklogItem<T>[] {
  return open
    .filter((a) => a.dueDate < today)
    .map((a) => ({ ...a, workingDaysOver: calendar.workingDaysBetween(a.dueDate, today) }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id))
}

/** The first day of the financial (DfE) year containing `date`: 1 April. */
export function financialYearStart(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4))
  return date.slice(5) >= '04-01' ? `${y}-04-01` : `${y - 1}-04-01`
}

/** The definitions shown under each figure (REFERENCE §5, rows for assessments). */
export const TIMELINESS_DEFINITIONS = Object.freeze({
  completed: 'Assessments authorised in the period (the authorisation date is the completion date: CIN census AssessmentAuthorisationDate).',
  withinTimescale:
    'Assessments authorised in the period on or before their due date, divided by all assessments authorised in the period. Initial assessments: 7 working days from referral (NI 59) or 10 under Working Together 2010; core assessments: 35 working days from their start (NI 60); single assessments: 45 working days from referral (Working Together 2013–2023). The due date is fixed when the assessment starts.',
  byMonth: 'Each month counts the assessments authorised in that calendar month; within timescale as above.',
  yearToDate: 'As above, for assessments authorised from 1 April (the start of the DfE reporting year) to the end of the period.',
  duration: 'Mean and median number of working days from the assessment’s start to its authorisation (the start day is day 0; weekends, bank holidays and council closure days do not count).',
  backlog: 'Open assessments whose due date is before today (the "work in progress" backlog), with the working days since the due date.',
})
