/**
 * The Ofsted grade scale used by case audits (ILACS): outstanding, good, requires improvement,
 * inadequate (REFERENCE §1.3). "Good or better" is the usual headline measure.
 */
export const GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const
export type Grade = (typeof GRADES)[number]

export const GRADE_LABEL: Readonly<Record<Grade, string>> = Object.freeze({
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
})

/** GOV.UK tag colour for each grade. */
export const GRADE_TAG: Readonly<Record<Grade, string>> = Object.freeze({
  outstanding: 'govuk-tag--green',
  good: 'govuk-tag--turquoise',
  requires_improvement: 'govuk-tag--yellow',
  inadequate: 'govuk-tag--red',
})

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value)
}

export const isGoodOrBetter = (g: Grade): boolean => g === 'outstanding' || g === 'good'
export const isWeak = (g: Grade): boolean => g === 'requires_improvement' || g === 'inadequate'

/** 1 (inadequate) … 4 (outstanding): for averages and trend lines. */
export function gradeScore(g: Grade): number {
  return 4 - GRADES.indexOf(g)
}
