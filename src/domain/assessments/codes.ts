/**
 * The vocabulary of an assessment record: outcomes (REFERENCE §1.3 Initial / Core / Single assessment),
 * CIN census assessment factor codes (REFERENCE §6, "Assessment factors"), and statuses.
 */
import type { Framework } from '../timescales/rules.ts'
import type { AssessmentKind } from './frameworks.ts'

export const ASSESSMENT_OUTCOME = {
  nfa: 'No further action',
  early_help: 'Early help',
  cin_plan: 'Child in need plan',
  strategy_discussion: 'Strategy discussion',
  core_assessment: 'Core assessment',
  looked_after: 'Looked after',
} as const
export type AssessmentOutcome = keyof typeof ASSESSMENT_OUTCOME

export const isAssessmentOutcome = (s: string | null | undefined): s is AssessmentOutcome => typeof s === 'string' && Object.prototype.hasOwnProperty.call(ASSESSMENT_OUTCOME, s)

/** The outcomes open to an assessment: a core assessment follows only an initial assessment (Framework 2000, WT 2010). */
export function outcomesFor(kind: AssessmentKind, framework: Framework): AssessmentOutcome[] {
  const all = Object.keys(ASSESSMENT_OUTCOME) as AssessmentOutcome[]
  return all.filter((o) => o !== 'core_assessment' || (kind === 'initial' && framework !== 'wt2023'))
}

/** CIN census primary need (N00101; REFERENCE §6): the main reason the child is in need. */
export const PRIMARY_NEED = {
  N1: 'Abuse or neglect',
  N2: 'Child’s disability or illness',
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
  N0: 'Not stated',
} as const
export type PrimaryNeed = keyof typeof PRIMARY_NEED
export const isPrimaryNeed = (s: unknown): s is PrimaryNeed => typeof s === 'string' && Object.prototype.hasOwnProperty.call(PRIMARY_NEED, s)

/** CIN census assessment factors, in census order. '21' (no factors identified) goes alone and only with no further action. */
export const ASSESSMENT_FACTORS: readonly (readonly [string, string])[] = Object.freeze([
  ['1A', 'Alcohol misuse: concerns about the child'],
  ['1B', 'Alcohol misuse: concerns about the parent or carer'],
  ['1C', 'Alcohol misuse: concerns about another person in the household'],
  ['2A', 'Drug misuse: concerns about the child'],
  ['2B', 'Drug misuse: concerns about the parent or carer'],
  ['2C', 'Drug misuse: concerns about another person in the household'],
  ['3A', 'Domestic abuse: concerns about the child being the subject'],
  ['3B', 'Domestic abuse: concerns about the parent or carer being the subject'],
  ['3C', 'Domestic abuse: concerns about another person in the household being the subject'],
  ['4A', 'Mental health: concerns about the child'],
  ['4B', 'Mental health: concerns about the parent or carer'],
  ['4C', 'Mental health: concerns about another person in the household'],
  ['5A', 'Learning disability: concerns about the child'],
  ['5B', 'Learning disability: concerns about the parent or carer'],
  ['5C', 'Learning disability: concerns about another person in the household'],
  ['6A', 'Physical disability or illness: concerns about the child'],
  ['6B', 'Physical disability or illness: concerns about the parent or carer'],
  ['6C', 'Physical disability or illness: concerns about another person in the household'],
  ['7A', 'Young carer'],
  ['8B', 'Privately fostered: overseas child who intends to return'],
  ['8C', 'Privately fostered: overseas child who intends to stay'],
  ['8D', 'Privately fostered: UK child in an educational placement'],
  ['8E', 'Privately fostered: UK child making an alternative family arrangement'],
  ['8F', 'Privately fostered: other'],
  ['9A', 'Unaccompanied asylum-seeking child'],
  ['10A', 'Going or being missing'],
  ['11A', 'Child sexual exploitation'],
  ['12A', 'Trafficking'],
  ['13A', 'Gangs'],
  ['14A', 'Socially unacceptable behaviour'],
  ['15A', 'Self-harm'],
  ['16A', 'Neglect'],
  ['17A', 'Emotional abuse'],
  ['18B', 'Physical abuse: child on child'],
  ['18C', 'Physical abuse: adult on child'],
  ['19B', 'Sexual abuse: child on child'],
  ['19C', 'Sexual abuse: adult on child'],
  ['20', 'Other'],
  ['21', 'No factors identified'],
  ['22A', 'Female genital mutilation'],
  ['23A', 'Abuse linked to faith or belief'],
  ['24A', 'Child criminal exploitation'],
])
/** Codes to labels. (A plain object would list '20' and '21' first: integer-like keys come first in JavaScript.) */
export const ASSESSMENT_FACTOR: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(ASSESSMENT_FACTORS))
export const ASSESSMENT_FACTOR_CODES: readonly string[] = Object.freeze(ASSESSMENT_FACTORS.map(([code]) => code))
export const NO_FACTORS = '21'
export const isAssessmentFactor = (s: string): boolean => Object.prototype.hasOwnProperty.call(ASSESSMENT_FACTOR, s)

export const ASSESSMENT_STATUS = {
  in_progress: 'In progress',
  submitted: 'Awaiting authorisation',
  returned: 'Returned to the worker',
  authorised: 'Authorised',
} as const
export type AssessmentStatus = keyof typeof ASSESSMENT_STATUS
