/**
 * The assessment record (REFERENCE §1.3 "Initial assessment", "Core assessment", "Single assessment";
 * §2 rows 4–7; §6 "Assessment factors"): what a social worker records, and the sign-off it needs.
 *
 * Status flow: in_progress → submitted → (returned → submitted)* → authorised. Authorised is final; the
 * authorisation date is the completion date (CIN census AssessmentAuthorisationDate). Pure: "today" and
 * who is acting are passed in.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import type { Framework } from '../timescales/rules.ts'
import { completedInTimescale, type AssessmentKind } from './frameworks.ts'
import { ASSESSMENT_FACTOR, ASSESSMENT_FACTOR_CODES, ASSESSMENT_OUTCOME, NO_FACTORS, isAssessmentFactor, isAssessmentOutcome, isPrimaryNeed, outcomesFor, type AssessmentOutcome, type AssessmentStatus, type PrimaryNeed } from './codes.ts'

/** Every narrative section is capped: a pasted novel gets a message by the field, not a stored megabyte. */
export const MAX_NARRATIVE = 20_000
export const MAX_SHORT_TEXT = 500

export const NARRATIVE_FIELDS = {
  childWishes: 'The child’s wishes and feelings',
  parentsViews: 'Parents’ and carers’ views',
  diversity: 'Culture and identity',
  developmentalNeeds: 'The child’s developmental needs',
  parentingCapacity: 'Parenting capacity',
  familyEnvironment: 'Family and environmental factors',
  history: 'History',
  analysis: 'The analysis',
  risks: 'Risks',
  familyComments: 'The family’s comments',
  delayReason: 'The reason for delay',
} as const
export type NarrativeField = keyof typeof NARRATIVE_FIELDS

/** What the form sends: strings as typed ('' or undefined when blank). Dates as YYYY-MM-DD or 'invalid'. */
export type AssessmentRecordInput = Partial<Record<NarrativeField, string | null>> & {
  interpreterUsed?: string | boolean | null | undefined
  factors?: readonly string[] | undefined
  primaryNeedCode?: string | null | undefined
  outcome?: string | null | undefined
  sharedOn?: string | null | undefined
  sharedHow?: string | null | undefined
}

export type AssessmentRecord = Record<NarrativeField, string | null> & {
  interpreterUsed: boolean | null
  factors: string[]
  primaryNeedCode: PrimaryNeed | null
  outcome: AssessmentOutcome | null
  sharedOn: IsoDate | null
  sharedHow: string | null
}

export const EMPTY_RECORD: AssessmentRecord = Object.freeze({
  childWishes: null,
  parentsViews: null,
  diversity: null,
  developmentalNeeds: null,
  parentingCapacity: null,
  familyEnvironment: null,
  history: null,
  analysis: null,
  risks: null,
  familyComments: null,
  delayReason: null,
  interpreterUsed: null,
  factors: [],
  primaryNeedCode: null,
  outcome: null,
  sharedOn: null,
  sharedHow: null,
}) as AssessmentRecord

export type ChildSeen = { seenOn: IsoDate; seenAlone: boolean }

/** Everything the rules need to know about an assessment. */
export type AssessmentState = {
  status: AssessmentStatus
  kind: AssessmentKind
  framework: Framework
  referralDate: IsoDate
  startDate: IsoDate
  dueDate: IsoDate
  childIsUnborn: boolean
  /** user_account ids: who started it and who last submitted it. */
  createdBy: string | null
  submittedBy: string | null
  record: AssessmentRecord
  childSeen: readonly ChildSeen[]
  completedOn: IsoDate | null
  authorisedBy: string | null
}

export type Acting = { userId: string; mayAuthorise: boolean }

export type AssessmentEvent =
  | { type: 'save'; by: Acting; input: AssessmentRecordInput }
  | { type: 'childSeen'; by: Acting; seenOn: string | undefined; seenAlone: string | boolean | undefined }
  | { type: 'submit'; by: Acting }
  | { type: 'return'; by: Acting; comments: string | undefined }
  | { type: 'authorise'; by: Acting; comments?: string | undefined }

const n = (x: number) => x.toLocaleString('en-GB')

function text(errors: FieldError[], field: string, label: string, v: string | undefined | null, max: number): string | null {
  const s = (v ?? '').replace(/\r\n/g, '\n').trim()
  if (s.length > max) errors.push({ field, message: `${label} must be ${n(max)} characters or fewer (it has ${n(s.length)})` })
  return s ? s : null
}

/** A date that must be a real date, not before the referral and not in the future. */
export function checkRecordDate(errors: FieldError[], field: string, label: string, v: string | undefined | null, facts: { referralDate: IsoDate; today: IsoDate }): IsoDate | null {
  const d = (v ?? '').trim()
  if (!d) return null
  if (d === 'invalid' || !isValidIsoDate(d)) {
    errors.push({ field, message: `${label} must be a real date, like 15 8 2022` })
    return null
  }
  if (d > facts.today) {
    errors.push({ field, message: `${label} cannot be in the future` })
    return null
  }
  if (d < facts.referralDate) {
    errors.push({ field, message: `${label} cannot be before the referral (${formatDate(facts.referralDate)})` })
    return null
  }
  return d
}

function yesNo(v: string | boolean | null | undefined): boolean | null {
  if (typeof v === 'boolean') return v
  if (v === 'yes' || v === 'true') return true
  if (v === 'no' || v === 'false') return false
  return null
}

/**
 * The record as saved: every field optional while work is in progress, but each within its limit, dates
 * sensible, codes known, and the outcome one this kind of assessment can have.
 */
export function validateAssessmentRecord(input: AssessmentRecordInput, facts: { kind: AssessmentKind; framework: Framework; referralDate: IsoDate; today: IsoDate }): Result<AssessmentRecord> {
  const errors: FieldError[] = []
  const narrative = {} as Record<NarrativeField, string | null>
  for (const [field, label] of Object.entries(NARRATIVE_FIELDS) as [NarrativeField, string][]) {
    narrative[field] = text(errors, field, label, input[field], MAX_NARRATIVE)
  }
  const sharedHow = text(errors, 'sharedHow', 'How it was shared', input.sharedHow, MAX_SHORT_TEXT)
  const sharedOn = checkRecordDate(errors, 'sharedOn', 'The date it was shared with the family', input.sharedOn, facts)
  const factors = [...new Set((input.factors ?? []).map((f) => f.trim()).filter(Boolean))]
  const unknown = factors.filter((f) => !isAssessmentFactor(f))
  if (unknown.length) errors.push({ field: 'factors', message: 'Select assessment factors from the list' })
  if (factors.includes(NO_FACTORS) && factors.length > 1) errors.push({ field: 'factors', message: `‘${ASSESSMENT_FACTOR[NO_FACTORS]}’ cannot be selected with other factors` })
  let primaryNeedCode: PrimaryNeed | null = null
  const pn = (input.primaryNeedCode ?? '').trim()
  if (pn) {
    if (isPrimaryNeed(pn)) primaryNeedCode = pn
    else errors.push({ field: 'primaryNeedCode', message: 'Select the primary need from the list' })
  }
  let outcome: AssessmentOutcome | null = null
  const o = (input.outcome ?? '').trim()
  if (o) {
    if (!isAssessmentOutcome(o)) errors.push({ field: 'outcome', message: 'Select an outcome from the list' })
    else if (!outcomesFor(facts.kind, facts.framework).includes(o)) errors.push({ field: 'outcome', message: `${ASSESSMENT_OUTCOME[o]} is an outcome of an initial assessment only (before Working Together 2013)` })
    else outcome = o
  }
  if (sharedOn && !sharedHow) errors.push({ field: 'sharedHow', message: 'Say how the assessment was shared with the family' })
  if (errors.length) return fail(errors)
  return ok({ ...narrative, interpreterUsed: yesNo(input.interpreterUsed), factors: ordered(factors), primaryNeedCode, outcome, sharedOn, sharedHow })
}

const ordered = (factors: string[]): string[] => {
  const order = ASSESSMENT_FACTOR_CODES
  return [...factors].sort((a, b) => order.indexOf(a) - order.indexOf(b))
}

/** The start of an assessment: the start date defaults to the referral date (or the date a core assessment was decided). */
export function validateStart(input: { startDate?: string | undefined; defaultStart: IsoDate }, facts: { referralDate: IsoDate; today: IsoDate }): Result<{ startDate: IsoDate }> {
  const errors: FieldError[] = []
  const given = (input.startDate ?? '').trim()
  const startDate = given ? checkRecordDate(errors, 'startDate', 'The start date', given, facts) : input.defaultStart
  if (errors.length || !startDate) return fail(errors)
  if (startDate > facts.today) return fail([{ field: 'startDate', message: 'The start date cannot be in the future' }])
  return ok({ startDate })
}

/** Overdue on `today` — after the due date — so a reason for the delay must be on the record. */
export const isLate = (dueDate: IsoDate, today: IsoDate): boolean => !completedInTimescale(today, dueDate)

/** What is missing before an assessment can go to a manager. */
export function submissionGaps(s: Pick<AssessmentState, 'record' | 'childSeen' | 'childIsUnborn' | 'dueDate'>, today: IsoDate): FieldError[] {
  const r = s.record
  const errors: FieldError[] = []
  if (!s.childIsUnborn && s.childSeen.length === 0) errors.push({ field: 'childSeen', message: 'Record at least one visit where the child was seen before submitting' })
  if (!r.childWishes) errors.push({ field: 'childWishes', message: 'Enter the child’s wishes and feelings, in their own words' })
  if (!r.developmentalNeeds) errors.push({ field: 'developmentalNeeds', message: 'Enter the child’s developmental needs' })
  if (!r.parentingCapacity) errors.push({ field: 'parentingCapacity', message: 'Enter the parenting capacity' })
  if (!r.familyEnvironment) errors.push({ field: 'familyEnvironment', message: 'Enter the family and environmental factors' })
  if (!r.analysis) errors.push({ field: 'analysis', message: 'Enter the analysis' })
  if (!r.outcome) errors.push({ field: 'outcome', message: 'Select the outcome of the assessment' })
  if (r.factors.length === 0) errors.push({ field: 'factors', message: `Select the factors identified at assessment, or ‘${ASSESSMENT_FACTOR[NO_FACTORS]}’` })
  if (r.factors.includes(NO_FACTORS) && r.outcome && r.outcome !== 'nfa') errors.push({ field: 'factors', message: `‘${ASSESSMENT_FACTOR[NO_FACTORS]}’ goes only with the outcome No further action` })
  // CIN census 8610: every referral that is not "no further action" needs a primary need code.
  if (!r.primaryNeedCode) errors.push({ field: 'primaryNeedCode', message: 'Select the child’s primary need' })
  if (isLate(s.dueDate, today) && !r.delayReason) errors.push({ field: 'delayReason', message: `The assessment was due on ${formatDate(s.dueDate)}: give the reason for the delay` })
  return errors
}

const STATUS_WORDS: Record<AssessmentStatus, string> = { in_progress: 'in progress', submitted: 'waiting for a manager', returned: 'returned to the worker', authorised: 'authorised' }

/**
 * One step of the sign-off flow. Returns the new state, or field errors saying why not.
 * `today` is the London date of the action; authorisation sets the completion date to it.
 */
export function transition(state: AssessmentState, event: AssessmentEvent, today: IsoDate): Result<AssessmentState> {
  const status = state.status
  if (status === 'authorised') return fail([{ field: 'status', message: `The assessment was authorised on ${formatDate(state.completedOn)} and can no longer be changed` }])
  switch (event.type) {
    case 'save': {
      if (status !== 'in_progress' && status !== 'returned') return fail([{ field: 'status', message: `The assessment is ${STATUS_WORDS[status]}: it cannot be changed until a manager returns it` }])
      const r = validateAssessmentRecord(event.input, { kind: state.kind, framework: state.framework, referralDate: state.referralDate, today })
      return r.ok ? ok({ ...state, record: r.value }) : r
    }
    case 'childSeen': {
      if (status !== 'in_progress' && status !== 'returned') return fail([{ field: 'status', message: `The assessment is ${STATUS_WORDS[status]}: visits can be added when it is in progress or returned` }])
      const errors: FieldError[] = []
      const seenOn = (event.seenOn ?? '').trim()
      let date: IsoDate | null = null
      if (!seenOn) errors.push({ field: 'seenOn', message: 'Enter the date the child was seen' })
      else date = checkRecordDate(errors, 'seenOn', 'The date the child was seen', seenOn, { referralDate: state.referralDate, today })
      const alone = yesNo(event.seenAlone ?? null)
      if (alone === null) errors.push({ field: 'seenAlone', message: 'Say whether the child was seen alone' })
      if (errors.length || !date || alone === null) return fail(errors)
      const childSeen = [...state.childSeen, { seenOn: date, seenAlone: alone }].sort((a, b) => a.seenOn.localeCompare(b.seenOn))
      return ok({ ...state, childSeen })
    }
    case 'submit': {
      if (status !== 'in_progress' && status !== 'returned') return fail([{ field: 'status', message: `The assessment is ${STATUS_WORDS[status]} and cannot be submitted again` }])
      const gaps = submissionGaps(state, today)
      if (gaps.length) return fail(gaps)
      return ok({ ...state, status: 'submitted', submittedBy: event.by.userId })
    }
    case 'return': {
      if (!event.by.mayAuthorise) return fail([{ field: 'comments', message: 'Only a team manager or service manager can return an assessment' }])
      if (status !== 'submitted') return fail([{ field: 'status', message: `The assessment is ${STATUS_WORDS[status]}: only a submitted assessment can be returned` }])
      const errors: FieldError[] = []
      const comments = text(errors, 'comments', 'Your comments', event.comments, MAX_NARRATIVE)
      if (!comments && !errors.length) errors.push({ field: 'comments', message: 'Enter your comments: say what the worker needs to change' })
      if (errors.length) return fail(errors)
      return ok({ ...state, status: 'returned' })
    }
    case 'authorise': {
      if (!event.by.mayAuthorise) return fail([{ field: 'comments', message: 'Only a team manager or service manager can authorise an assessment' }])
      if (status !== 'submitted') return fail([{ field: 'status', message: `The assessment is ${STATUS_WORDS[status]}: only a submitted assessment can be authorised` }])
      if (event.by.userId === state.createdBy || event.by.userId === state.submittedBy) return fail([{ field: 'comments', message: 'You cannot authorise an assessment you wrote' }])
      const errors: FieldError[] = []
      text(errors, 'comments', 'Your comments', event.comments, MAX_NARRATIVE)
      const gaps = submissionGaps(state, today)
      for (const g of gaps) {
        errors.push(g.field === 'delayReason' ? { field: 'comments', message: `Authorised today it is after the due date (${formatDate(state.dueDate)}), and no reason for the delay is recorded: return it to the worker to add one` } : g)
      }
      if (errors.length) return fail(errors)
      return ok({ ...state, status: 'authorised', completedOn: today, authorisedBy: event.by.userId })
    }
  }
}

/** For the list and the page: whether a completed assessment was in timescale. */
export function inTimescale(s: { completedOn: IsoDate | null; dueDate: IsoDate }): boolean | null {
  return s.completedOn ? completedInTimescale(s.completedOn, s.dueDate) : null
}
