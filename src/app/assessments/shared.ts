/** What the assessment use cases share: loading an assessment as the domain sees it, and the clock. */
import type { Executor } from '../../db/database.ts'
import { assessmentPersonFacts, childSeenFor, getAssessment, type AssessmentPersonFacts, type AssessmentRow, type ChildSeenRow } from '../../db/repositories/assessments.ts'
import type { AssessmentRecord, AssessmentState } from '../../domain/assessments/assessment.ts'
import { assessmentClock, frameworkPeriodOn, type AssessmentClock, type FrameworkPeriod } from '../../domain/assessments/frameworks.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { NotFoundError } from '../context.ts'

export type Loaded = { row: AssessmentRow; person: AssessmentPersonFacts; childSeen: ChildSeenRow[]; state: AssessmentState }

export function recordOf(row: AssessmentRow): AssessmentRecord {
  return {
    childWishes: row.childWishes,
    parentsViews: row.parentsViews,
    diversity: row.diversity,
    developmentalNeeds: row.developmentalNeeds,
    parentingCapacity: row.parentingCapacity,
    familyEnvironment: row.familyEnvironment,
    history: row.history,
    analysis: row.analysis,
    risks: row.risks,
    familyComments: row.familyComments,
    delayReason: row.delayReason,
    interpreterUsed: row.interpreterUsed,
    factors: row.factors,
    primaryNeedCode: row.primaryNeedCode,
    outcome: row.outcome,
    sharedOn: row.sharedOn,
    sharedHow: row.sharedHow,
  }
}

/** The assessment of this child (404 when the id belongs to another child), as the domain rules need it. */
export async function loadAssessment(tx: Executor, personId: string, assessmentId: string, lock = false): Promise<Loaded> {
  const row = await getAssessment(tx, assessmentId, { lock })
  if (!row || row.personId !== personId) throw new NotFoundError('assessment')
  const person = await assessmentPersonFacts(tx, personId)
  if (!person) throw new NotFoundError('person')
  const childSeen = await childSeenFor(tx, assessmentId)
  const state: AssessmentState = {
    status: row.status,
    kind: row.kind,
    framework: row.framework,
    referralDate: row.referralDate,
    startDate: row.startDate,
    dueDate: row.dueDate,
    childIsUnborn: person.isUnborn,
    createdBy: row.createdBy,
    submittedBy: row.submittedBy,
    record: recordOf(row),
    childSeen: childSeen.map((c) => ({ seenOn: c.seenOn, seenAlone: c.seenAlone })),
    completedOn: row.completedOn,
    authorisedBy: row.authorisedBy,
  }
  return { row, person, childSeen, state }
}

/** Where an open assessment stands against its due date (null once authorised). */
export function clockFor(row: Pick<AssessmentRow, 'status' | 'startDate' | 'dueDate' | 'referralDate' | 'framework'>, today: string, calendar: WorkingDayCalendar, periods: readonly FrameworkPeriod[]): AssessmentClock | null {
  if (row.status === 'authorised') return null
  const period = frameworkPeriodOn(periods, row.referralDate)
  return assessmentClock(row.startDate, row.dueDate, today, calendar, period.framework === row.framework ? period.internalTargets : [])
}

export const refAndKind = (row: Pick<AssessmentRow, 'assessmentRef' | 'kind'>, labels: Record<string, string>): string => `${labels[row.kind] ?? 'Assessment'} ${row.assessmentRef}`
