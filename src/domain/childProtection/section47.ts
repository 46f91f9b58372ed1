/**
 * The section 47 enquiry (Children Act 1989 s47; REFERENCE §1.3 "S47 enquiry"; §2 row 9).
 * It starts on the date of the strategy discussion that decided on it (CIN census S47ActualStartDate;
 * Ofsted Annex A List 5). The initial child protection conference is due within 15 working days of that
 * strategy discussion (Working Together 2010, 2018, 2023; CIN census InitialCPCtarget).
 *
 * Status flow: open → outcome_recorded → (returned → outcome_recorded)* → authorised. The team manager
 * authorises the outcome and the request for a conference; the authoriser cannot be the worker who
 * recorded it. Pure: "today" and who is acting are passed in; no clock inside.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, type IsoDate } from '../shared/dates.ts'
import { dueDate, type DueDateCalendar, type Framework } from '../timescales/rules.ts'
import { isS47Outcome, startsSection47, STRATEGY_DECISION, type S47Outcome, type StrategyDecision } from './codes.ts'
import { cpDate, cpText, MAX_NARRATIVE, yesNo } from './strategyDiscussion.ts'

export type S47Status = 'open' | 'outcome_recorded' | 'returned' | 'authorised'

export type S47Outcomes = {
  childSeen: boolean
  childSeenOn: IsoDate | null
  childSeenAlone: boolean | null
  outcome: S47Outcome
  /** True only when concerns are substantiated and the child is at continuing risk of significant harm. */
  icpcRequired: boolean
  /** CIN census ICPCnotRequired: the enquiry ended without a conference; with the reason. */
  conferenceNotRequired: boolean
  conferenceNotRequiredReason: string | null
  summary: string | null
}

export type Section47 = {
  status: S47Status
  /** = the strategy discussion date (CIN census S47ActualStartDate). */
  startDate: IsoDate
  /** ICPC target: 15 working days after the strategy discussion. */
  icpcTargetDate: IsoDate
  recordedBy: string | null
  recordedOn: IsoDate | null
  result: S47Outcomes | null
  returnComments: string | null
  authorisedBy: string | null
  /** The enquiry's end date (authorisation date). */
  authorisedOn: IsoDate | null
}

export type Acting = { userId: string; mayAuthorise: boolean }

export type S47OutcomeInput = {
  childSeen?: string | boolean | null
  childSeenOn?: string | null
  childSeenAlone?: string | boolean | null
  outcome?: string | null
  conferenceNotRequiredReason?: string | null
  summary?: string | null
}

export type S47Event =
  | { type: 'recordOutcome'; by: Acting; input: S47OutcomeInput }
  | { type: 'return'; by: Acting; comments: string | null | undefined }
  | { type: 'authorise'; by: Acting }

/** ICPC target: dueDate('icpc', strategy date) = 15 working days after the strategy discussion. */
export function icpcTargetDate(strategyDate: IsoDate, calendar: DueDateCalendar, framework: Framework = 'wt2023'): IsoDate {
  const r = dueDate('icpc', strategyDate, framework, calendar)
  if (!r.ok) throw new RangeError(r.error)
  return r.due
}

/**
 * Start a section 47 enquiry from a strategy discussion that decided on one. The start date is the
 * strategy discussion date (CIN census S47ActualStartDate), never the date the record was made.
 */
export function startSection47(strategy: { heldOn: IsoDate; decision: StrategyDecision }, calendar: DueDateCalendar, framework: Framework = 'wt2023'): Result<Section47> {
  if (!startsSection47(strategy.decision))
    return fail([{ field: 'decision', message: `The strategy discussion decided ‘${STRATEGY_DECISION[strategy.decision]}’: a section 47 enquiry cannot start` }])
  return ok({
    status: 'open',
    startDate: strategy.heldOn,
    icpcTargetDate: icpcTargetDate(strategy.heldOn, calendar, framework),
    recordedBy: null,
    recordedOn: null,
    result: null,
    returnComments: null,
    authorisedBy: null,
    authorisedOn: null,
  })
}

/** Validate the outcome of the enquiry. */
export function validateS47Outcome(input: S47OutcomeInput, facts: { startDate: IsoDate; today: IsoDate }): Result<S47Outcomes> {
  const errors: FieldError[] = []
  const childSeen = yesNo(input.childSeen ?? null)
  if (childSeen === null) errors.push({ field: 'childSeen', message: 'Select yes if the child was seen during the enquiry' })
  let childSeenOn: IsoDate | null = null
  let childSeenAlone: boolean | null = null
  if (childSeen) {
    childSeenOn = cpDate(errors, 'childSeenOn', 'The date the child was seen', input.childSeenOn)
    if (childSeenOn && childSeenOn > facts.today) {
      errors.push({ field: 'childSeenOn', message: 'The date the child was seen cannot be in the future' })
      childSeenOn = null
    } else if (childSeenOn && childSeenOn < facts.startDate) {
      errors.push({ field: 'childSeenOn', message: `The date the child was seen cannot be before the enquiry started (${formatDate(facts.startDate)})` })
      childSeenOn = null
    }
    childSeenAlone = yesNo(input.childSeenAlone ?? null)
    if (childSeenAlone === null) errors.push({ field: 'childSeenAlone', message: 'Select yes if the child was seen alone' })
  }
  const o = (input.outcome ?? '').trim()
  if (!isS47Outcome(o)) errors.push({ field: 'outcome', message: 'Select the outcome of the section 47 enquiry' })
  const icpcRequired = o === 'substantiated_continuing_risk'
  const reason = cpText(errors, 'conferenceNotRequiredReason', 'The reason a conference is not needed', input.conferenceNotRequiredReason, MAX_NARRATIVE, isS47Outcome(o) && !icpcRequired)
  const summary = cpText(errors, 'summary', 'The summary of the enquiry', input.summary, MAX_NARRATIVE)
  if (errors.length || childSeen === null || !isS47Outcome(o)) return fail(errors)
  return ok({
    childSeen,
    childSeenOn,
    childSeenAlone,
    outcome: o,
    icpcRequired,
    conferenceNotRequired: !icpcRequired,
    conferenceNotRequiredReason: icpcRequired ? null : reason,
    summary,
  })
}

/** Apply an event on `today`: the new state, or field errors saying why not. */
export function section47Transition(state: Section47, event: S47Event, today: IsoDate): Result<Section47> {
  if (state.status === 'authorised') return fail([{ field: 'status', message: 'The outcome of this section 47 enquiry has been authorised and cannot be changed' }])
  switch (event.type) {
    case 'recordOutcome': {
      if (state.status === 'outcome_recorded')
        return fail([{ field: 'status', message: 'The outcome is waiting for a manager: it can be changed only if the manager returns it' }])
      const r = validateS47Outcome(event.input, { startDate: state.startDate, today })
      if (!r.ok) return r
      return ok({ ...state, status: 'outcome_recorded', result: r.value, recordedBy: event.by.userId, recordedOn: today })
    }
    case 'return': {
      if (state.status !== 'outcome_recorded') return fail([{ field: 'status', message: 'There is no outcome waiting for authorisation' }])
      if (!event.by.mayAuthorise) return fail([{ field: 'authorisedBy', message: 'Only a manager can return the outcome of a section 47 enquiry' }])
      const errors: FieldError[] = []
      const comments = cpText(errors, 'comments', 'What needs to change', event.comments, MAX_NARRATIVE, true)
      if (errors.length) return fail(errors)
      return ok({ ...state, status: 'returned', returnComments: comments })
    }
    case 'authorise': {
      if (state.status !== 'outcome_recorded' || !state.result) return fail([{ field: 'status', message: 'Record the outcome of the enquiry before it is authorised' }])
      if (!event.by.mayAuthorise) return fail([{ field: 'authorisedBy', message: 'Only a manager can authorise the outcome of a section 47 enquiry' }])
      if (event.by.userId === state.recordedBy)
        return fail([{ field: 'authorisedBy', message: 'The outcome must be authorised by a manager other than the person who recorded it' }])
      if (today < state.startDate) return fail([{ field: 'authorisedOn', message: `The outcome cannot be authorised before the enquiry started (${formatDate(state.startDate)})` }])
      return ok({ ...state, status: 'authorised', authorisedBy: event.by.userId, authorisedOn: today, returnComments: null })
    }
  }
}

