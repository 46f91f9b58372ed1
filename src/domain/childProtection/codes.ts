/**
 * The vocabulary of child protection (REFERENCE §1.2–1.3 "Strategy discussion", "S47 enquiry", "ICPC",
 * "CP plan", "RCPC"; §6 "Category of abuse"). Codes are what is stored; labels are what people read.
 */

const has = (o: object, s: unknown): boolean => typeof s === 'string' && Object.prototype.hasOwnProperty.call(o, s)

/** CIN census category of abuse for a child protection plan. Working Together discourages MUL, but it is still valid. */
export const ABUSE_CATEGORY = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple (not recommended)',
} as const
export type AbuseCategory = keyof typeof ABUSE_CATEGORY
export const ABUSE_CATEGORIES = Object.freeze(Object.keys(ABUSE_CATEGORY) as AbuseCategory[])
export const isAbuseCategory = (s: unknown): s is AbuseCategory => has(ABUSE_CATEGORY, s)

/** The decision of a strategy discussion (Working Together 2010, 2018, 2023). */
export const STRATEGY_DECISION = {
  s47_single: 'Section 47 enquiry: single agency (children’s social care)',
  s47_joint: 'Section 47 enquiry: joint with the police',
  no_s47: 'No section 47 enquiry',
} as const
export type StrategyDecision = keyof typeof STRATEGY_DECISION
export const STRATEGY_DECISIONS = Object.freeze(Object.keys(STRATEGY_DECISION) as StrategyDecision[])
export const isStrategyDecision = (s: unknown): s is StrategyDecision => has(STRATEGY_DECISION, s)
export const startsSection47 = (d: StrategyDecision): boolean => d === 's47_single' || d === 's47_joint'

/** The outcome of a section 47 enquiry (Children Act 1989 s47; CIN census ICPCnotRequired). */
export const S47_OUTCOME = {
  not_substantiated: 'Concerns not substantiated',
  substantiated_no_risk: 'Concerns substantiated, but the child is not judged to be at continuing risk of significant harm',
  substantiated_continuing_risk: 'Concerns substantiated and the child is judged to be at continuing risk of significant harm',
} as const
export type S47Outcome = keyof typeof S47_OUTCOME
export const S47_OUTCOMES = Object.freeze(Object.keys(S47_OUTCOME) as S47Outcome[])
export const isS47Outcome = (s: unknown): s is S47Outcome => has(S47_OUTCOME, s)

/** Child protection conference types; a transfer-in is an initial conference with the CIN census transfer-in flag. */
export const CONFERENCE_TYPE = {
  initial: 'Initial child protection conference',
  review: 'Review child protection conference',
  transfer_in: 'Transfer-in child protection conference',
} as const
export type ConferenceType = keyof typeof CONFERENCE_TYPE
export const CONFERENCE_TYPES = Object.freeze(Object.keys(CONFERENCE_TYPE) as ConferenceType[])
export const isConferenceType = (s: unknown): s is ConferenceType => has(CONFERENCE_TYPE, s)

/** Conference decisions: an initial (or transfer-in) conference decides plan / no plan; a review continues, changes category or ends. */
export const CONFERENCE_DECISION = {
  plan: 'Child protection plan',
  no_plan: 'No child protection plan',
  continue: 'Continue the child protection plan',
  change_category: 'Continue the plan under a different category',
  end_plan: 'End the child protection plan',
} as const
export type ConferenceDecision = keyof typeof CONFERENCE_DECISION
export const isConferenceDecision = (s: unknown): s is ConferenceDecision => has(CONFERENCE_DECISION, s)

export function decisionsFor(type: ConferenceType): ConferenceDecision[] {
  return type === 'review' ? ['continue', 'change_category', 'end_plan'] : ['plan', 'no_plan']
}

/** Agencies taking part in a strategy discussion or conference. */
export const AGENCY = {
  police: 'Police',
  health: 'Health',
  education: 'Education',
  childrens_social_care: 'Children’s social care',
  other: 'Other',
} as const
export type Agency = keyof typeof AGENCY
export const AGENCIES = Object.freeze(Object.keys(AGENCY) as Agency[])
export const isAgency = (s: unknown): s is Agency => has(AGENCY, s)
