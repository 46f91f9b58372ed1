/**
 * Which assessment framework applies to a case, and what it asks for. A council configures the
 * frameworks with the dates they take effect; the framework for an assessment is the one in force on
 * the referral date (REFERENCE §2: choose rules by the anchor event's date, not today's), so a case
 * that started under Working Together 2010 keeps its initial/core timescales after the council moves on.
 */
import type { IsoDate } from '../shared/dates.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import { dueDate, type DueDateCalendar, type Framework, type RuleName } from '../timescales/rules.ts'

export type AssessmentKind = 'initial' | 'core' | 'single'

export const ASSESSMENT_KIND_LABEL: Readonly<Record<AssessmentKind, string>> = Object.freeze({
  initial: 'Initial assessment',
  core: 'Core assessment',
  single: 'Single assessment',
})

export type FrameworkPeriod = { framework: Framework; effectiveFrom: IsoDate; internalTargets: readonly number[] }

/** England's frameworks by date, used when a council has configured none (and by `harbour due`). */
export const DEFAULT_FRAMEWORK_PERIODS: readonly FrameworkPeriod[] = Object.freeze([
  { framework: 'fa2000', effectiveFrom: '2000-04-01', internalTargets: [] },
  { framework: 'wt2010', effectiveFrom: '2010-04-01', internalTargets: [] },
  { framework: 'wt2023', effectiveFrom: '2013-04-15', internalTargets: [10, 20, 35] },
])

/** The period in force on `date`; before the first period, the first one. */
export function frameworkPeriodOn(periods: readonly FrameworkPeriod[], date: IsoDate): FrameworkPeriod {
  const sorted = [...(periods.length ? periods : DEFAULT_FRAMEWORK_PERIODS)].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  let found = sorted[0] as FrameworkPeriod
  for (const p of sorted) if (p.effectiveFrom <= date) found = p
  return found
}

/** The assessment a referral starts under each framework: initial (2000/2010 era) or single (2013 on). */
export function firstAssessmentKind(framework: Framework): AssessmentKind {
  return framework === 'wt2023' ? 'single' : 'initial'
}

/** The kinds of assessment that exist under a framework. */
export function assessmentKindsFor(framework: Framework): readonly AssessmentKind[] {
  return framework === 'wt2023' ? ['single'] : ['initial', 'core']
}

const RULE_FOR_KIND: Readonly<Record<AssessmentKind, RuleName>> = { initial: 'initial-assessment', core: 'core-assessment', single: 'single-assessment' }

/**
 * The statutory due date of an assessment. Initial and single assessments run from the referral date;
 * a core assessment from its own start (Framework for Assessment 2000; Working Together 2013–2023).
 */
export function assessmentDueDate(kind: AssessmentKind, framework: Framework, startDate: IsoDate, calendar: DueDateCalendar): IsoDate | { error: string } {
  const r = dueDate(RULE_FOR_KIND[kind], startDate, framework, calendar)
  return r.ok ? r.due : { error: r.error }
}

export type Rag = 'red' | 'amber' | 'green'

export type AssessmentClock = {
  dueDate: IsoDate
  /** Working days from today to the due date; negative when overdue, 0 on the due day. */
  workingDaysLeft: number
  overdue: boolean
  rag: Rag
  /** The next internal checkpoint not yet passed, if the council has set any. */
  nextCheckpoint: { workingDays: number; date: IsoDate } | null
}

/** Amber from this many working days before the due date (local practice; configurable later). */
export const AMBER_WORKING_DAYS = 5

/**
 * Where an open assessment stands against its due date on `today`: red when overdue, amber within
 * AMBER_WORKING_DAYS working days of it, green otherwise.
 */
export function assessmentClock(startDate: IsoDate, due: IsoDate, today: IsoDate, calendar: Pick<WorkingDayCalendar, 'workingDaysBetween' | 'addWorkingDays'>, internalTargets: readonly number[] = []): AssessmentClock {
  const overdue = today > due
  const left = overdue ? -calendar.workingDaysBetween(due, today) : calendar.workingDaysBetween(today, due)
  const rag: Rag = overdue ? 'red' : left <= AMBER_WORKING_DAYS ? 'amber' : 'green'
  let nextCheckpoint: AssessmentClock['nextCheckpoint'] = null
  for (const n of [...internalTargets].sort((a, b) => a - b)) {
    const date = calendar.addWorkingDays(startDate, n)
    if (date >= today && date < due) {
      nextCheckpoint = { workingDays: n, date }
      break
    }
  }
  return { dueDate: due, workingDaysLeft: left, overdue, rag, nextCheckpoint }
}

/** Completed within timescale: authorised on or before the due date. */
export function completedInTimescale(completedOn: IsoDate, due: IsoDate): boolean {
  return completedOn <= due
}
