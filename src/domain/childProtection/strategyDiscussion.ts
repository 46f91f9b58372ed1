/**
 * The strategy discussion (REFERENCE §1.3 "Strategy discussion / meeting"; §2 row 8): convened by
 * children's social care when there is reasonable cause to suspect significant harm, with police and
 * health at minimum (Working Together 2010, 2018 and
 * 2023). It decides whether section 47 enquiries start (single-agency or joint with the police).
 *
 * Pure: "now" (London date and time) is passed in. Missing police or health give WARNINGS, not errors —
 * the record must still be kept when a partner did not take part.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { AGENCY, isAgency, isStrategyDecision, STRATEGY_DECISION, type Agency, type StrategyDecision } from './codes.ts'

/** Narrative fields are capped (house rule): a 1 MB paste gets a message by the field, not a stored megabyte. */
export const MAX_NARRATIVE = 20_000
export const MAX_SHORT_TEXT = 500

/** A warning is shown to the user but does not stop the record being saved. */
export type Warning = { field: string; message: string }

const n = (x: number) => x.toLocaleString('en-GB')

/** Trimmed text within `max` characters, or null when blank; pushes an error naming the field when too long. */
export function cpText(errors: FieldError[], field: string, label: string, v: string | null | undefined, max: number, required = false): string | null {
  const s = (typeof v === 'string' ? v : '').replace(/\r\n/g, '\n').trim()
  if (s.length > max) {
    errors.push({ field, message: `${label} must be ${n(max)} characters or fewer (it has ${n(s.length)})` })
    return null
  }
  if (!s && required) errors.push({ field, message: `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}` })
  return s ? s : null
}

/** A real YYYY-MM-DD date ('invalid' is what the GOV.UK date input parser sends for nonsense), or null with an error. */
export function cpDate(errors: FieldError[], field: string, label: string, v: string | null | undefined, required = true): IsoDate | null {
  const d = (typeof v === 'string' ? v : '').trim()
  if (!d) {
    if (required) errors.push({ field, message: `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}` })
    return null
  }
  if (d === 'invalid' || !isValidIsoDate(d)) {
    errors.push({ field, message: `${label} must be a real date, like 15 8 2022` })
    return null
  }
  return d
}

/** 'yes'/'no'/'true'/'false'/boolean → boolean; anything else null. */
export function yesNo(v: string | boolean | null | undefined): boolean | null {
  if (typeof v === 'boolean') return v
  if (v === 'yes' || v === 'true') return true
  if (v === 'no' || v === 'false') return false
  return null
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/

export type ParticipantInput = { name?: string | null; agency?: string | null; role?: string | null }
export type ActionInput = { action?: string | null; owner?: string | null; dueOn?: string | null }

export type StrategyDiscussionInput = {
  heldOn?: string | null
  /** 24-hour HH:MM, London time. */
  heldAt?: string | null
  participants?: readonly ParticipantInput[]
  decision?: string | null
  informationShared?: string | null
  riskAnalysis?: string | null
  immediateProtectiveActions?: string | null
  actions?: readonly ActionInput[]
}

export type Participant = { name: string; agency: Agency; role: string | null }
export type StrategyAction = { action: string; owner: string; dueOn: IsoDate }

export type StrategyDiscussion = {
  heldOn: IsoDate
  heldAt: string
  participants: Participant[]
  decision: StrategyDecision
  informationShared: string
  riskAnalysis: string | null
  immediateProtectiveActions: string | null
  actions: StrategyAction[]
}

export const MAX_PARTICIPANTS = 50
export const MAX_ACTIONS = 50

/** Agencies Working Together expects in every strategy discussion (Working Together 2010, 2018, 2023). */
export const EXPECTED_AGENCIES: readonly Agency[] = Object.freeze(['police', 'health'] as Agency[])

/** Warnings (not errors) for expected agencies that did not take part. */
export function missingAgencyWarnings(participants: readonly { agency: Agency }[]): Warning[] {
  const present = new Set(participants.map((p) => p.agency))
  return EXPECTED_AGENCIES.filter((a) => !present.has(a)).map((a) => ({
    field: 'participants',
    message: `${AGENCY[a]} did not take part: Working Together expects police and health in a strategy discussion`,
  }))
}

/**
 * Validate a strategy discussion. `now` is today's London date and time (HH:MM): the discussion cannot
 * be later than now. Returns the record and warnings, or field errors.
 */
export function validateStrategyDiscussion(input: StrategyDiscussionInput, now: { today: IsoDate; time: string }): Result<{ record: StrategyDiscussion; warnings: Warning[] }> {
  const errors: FieldError[] = []
  const heldOn = cpDate(errors, 'heldOn', 'The date of the strategy discussion', input.heldOn)
  const t = (input.heldAt ?? '').trim()
  let heldAt: string | null = null
  if (!t) errors.push({ field: 'heldAt', message: 'Enter the time of the strategy discussion, like 14:30' })
  else if (!TIME.test(t)) errors.push({ field: 'heldAt', message: 'The time of the strategy discussion must be a real 24-hour time, like 14:30' })
  else heldAt = t
  if (heldOn && heldOn > now.today) errors.push({ field: 'heldOn', message: 'The date of the strategy discussion cannot be in the future' })
  else if (heldOn && heldAt && heldOn === now.today && heldAt > now.time) errors.push({ field: 'heldAt', message: 'The time of the strategy discussion cannot be in the future' })

  const participants: Participant[] = []
  const rawParticipants = (input.participants ?? []).filter((p) => (p.name ?? '').trim() || (p.agency ?? '').trim() || (p.role ?? '').trim())
  if (rawParticipants.length === 0) errors.push({ field: 'participants', message: 'Add the people who took part in the strategy discussion' })
  if (rawParticipants.length > MAX_PARTICIPANTS) errors.push({ field: 'participants', message: `Add no more than ${MAX_PARTICIPANTS} participants` })
  else
    rawParticipants.forEach((p, i) => {
      const name = cpText(errors, `participants[${i}].name`, `The name of participant ${i + 1}`, p.name, MAX_SHORT_TEXT, true)
      const role = cpText(errors, `participants[${i}].role`, `The role of participant ${i + 1}`, p.role, MAX_SHORT_TEXT)
      const agency = (p.agency ?? '').trim()
      if (!isAgency(agency)) errors.push({ field: `participants[${i}].agency`, message: `Select the agency of participant ${i + 1}` })
      else if (name) participants.push({ name, agency, role })
    })

  const d = (input.decision ?? '').trim()
  if (!isStrategyDecision(d)) errors.push({ field: 'decision', message: `Select the decision: ${Object.values(STRATEGY_DECISION).join('; ')}` })
  const informationShared = cpText(errors, 'informationShared', 'The information shared', input.informationShared, MAX_NARRATIVE, true)
  const riskAnalysis = cpText(errors, 'riskAnalysis', 'The analysis of risk', input.riskAnalysis, MAX_NARRATIVE)
  const immediateProtectiveActions = cpText(errors, 'immediateProtectiveActions', 'The immediate protective actions', input.immediateProtectiveActions, MAX_NARRATIVE)

  const actions: StrategyAction[] = []
  const rawActions = (input.actions ?? []).filter((a) => (a.action ?? '').trim() || (a.owner ?? '').trim() || (a.dueOn ?? '').trim())
  if (rawActions.length > MAX_ACTIONS) errors.push({ field: 'actions', message: `Add no more than ${MAX_ACTIONS} actions` })
  else
    rawActions.forEach((a, i) => {
      const action = cpText(errors, `actions[${i}].action`, `Action ${i + 1}`, a.action, MAX_NARRATIVE, true)
      const owner = cpText(errors, `actions[${i}].owner`, `Who will do action ${i + 1}`, a.owner, MAX_SHORT_TEXT, true)
      const dueOn = cpDate(errors, `actions[${i}].dueOn`, `The due date of action ${i + 1}`, a.dueOn)
      if (dueOn && heldOn && dueOn < heldOn) errors.push({ field: `actions[${i}].dueOn`, message: `The due date of action ${i + 1} cannot be before the strategy discussion (${formatDate(heldOn)})` })
      else if (action && owner && dueOn) actions.push({ action, owner, dueOn })
    })

  if (errors.length || !heldOn || !heldAt || !isStrategyDecision(d) || !informationShared) return fail(errors)
  const record: StrategyDiscussion = { heldOn, heldAt, participants, decision: d, informationShared, riskAnalysis, immediateProtectiveActions, actions }
  return ok({ record, warnings: missingAgencyWarnings(participants) })
}
