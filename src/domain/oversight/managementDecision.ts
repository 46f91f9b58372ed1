/**
 * Management decisions: one record type usable at any step of the case (REFERENCE §1.3, §1.5 —
 * "management oversight evident on file"). A manager records the stage, the decision and the reasons,
 * and up to three directions: something a named worker must do by a date (tasks feeding "My work").
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'

export const DECISION_STAGE = {
  contact: 'Contact',
  referral: 'Referral',
  assessment: 'Assessment',
  plan: 'Plan',
  allocation: 'Allocation',
  transfer: 'Transfer',
  closure: 'Closure',
  supervision: 'Supervision',
  other: 'Other',
} as const
export type DecisionStage = keyof typeof DECISION_STAGE

export const isDecisionStage = (s: string | undefined): s is DecisionStage => s !== undefined && Object.prototype.hasOwnProperty.call(DECISION_STAGE, s)

export const MAX_DECISION_TEXT = 10_000
export const MAX_DIRECTION_TEXT = 2_000
export const MAX_DIRECTIONS = 3

export type DirectionInput = { text?: string | undefined; dueDate?: string | undefined; workerId?: string | undefined }
export type ManagementDecisionInput = {
  stage?: string | undefined
  decision?: string | undefined
  reasons?: string | undefined
  directions?: DirectionInput[] | undefined
}
export type Direction = { text: string; dueDate: IsoDate; workerId: string }
export type ValidManagementDecision = { stage: DecisionStage; decision: string; reasons: string; directions: Direction[] }

/** The field names of direction n (1-based) on the form; errors name them so the summary links to them. */
export const directionField = (n: number, part: 'Text' | 'DueDate' | 'Worker'): string => `direction${n}${part}`

function requiredText(errors: FieldError[], field: string, value: string | undefined, max: number, missing: string, what: string): string {
  const v = (value ?? '').trim()
  if (!v) errors.push({ field, message: missing })
  else if (v.length > max) errors.push({ field, message: `${what} must be ${max.toLocaleString('en-GB')} characters or fewer (it is ${v.length.toLocaleString('en-GB')})` })
  return v
}

/**
 * A direction's due date: a real date, and not in the past (a direction due yesterday is already overdue
 * the moment it is given).
 */
export function validateDirectionDueDate(due: string | undefined, today: IsoDate): FieldError['message'] | null {
  if (!due) return 'Enter the date the direction is due'
  if (due === 'invalid' || !isValidIsoDate(due)) return 'The due date must be a real date, like 27 3 2027'
  if (due < today) return 'The due date cannot be in the past'
  return null
}

/**
 * Validates a management decision and its directions. Blank direction rows are ignored; a partly filled
 * row must be completed. `allowedWorkerIds`: the workers a direction may be given to (the child's allocated
 * workers and the manager's team, still in post).
 */
export function validateManagementDecision(input: ManagementDecisionInput, facts: { today: IsoDate; allowedWorkerIds: readonly string[] }): Result<ValidManagementDecision> {
  const errors: FieldError[] = []
  if (!input.stage) errors.push({ field: 'stage', message: 'Select the stage of the case the decision is about' })
  else if (!isDecisionStage(input.stage)) errors.push({ field: 'stage', message: 'Select a stage from the list' })
  const decision = requiredText(errors, 'decision', input.decision, MAX_DECISION_TEXT, 'Enter the decision', 'The decision')
  const reasons = requiredText(errors, 'reasons', input.reasons, MAX_DECISION_TEXT, 'Enter the reasons for the decision', 'The reasons')
  const given = input.directions ?? []
  if (given.length > MAX_DIRECTIONS) errors.push({ field: directionField(1, 'Text'), message: `Give at most ${MAX_DIRECTIONS} directions at a time` })
  const directions: Direction[] = []
  given.slice(0, MAX_DIRECTIONS).forEach((d, i) => {
    const n = i + 1
    const text = (d.text ?? '').trim()
    const worker = (d.workerId ?? '').trim()
    const due = (d.dueDate ?? '').trim()
    if (!text && !worker && !due) return
    const before = errors.length
    if (!text) errors.push({ field: directionField(n, 'Text'), message: `Enter what direction ${n} asks for` })
    else if (text.length > MAX_DIRECTION_TEXT) errors.push({ field: directionField(n, 'Text'), message: `Direction ${n} must be ${MAX_DIRECTION_TEXT.toLocaleString('en-GB')} characters or fewer` })
    const dueProblem = validateDirectionDueDate(due || undefined, facts.today)
    if (dueProblem) errors.push({ field: directionField(n, 'DueDate'), message: `Direction ${n}: ${dueProblem.charAt(0).toLowerCase()}${dueProblem.slice(1)}` })
    if (!worker) errors.push({ field: directionField(n, 'Worker'), message: `Select the worker responsible for direction ${n}` })
    else if (!facts.allowedWorkerIds.includes(worker)) errors.push({ field: directionField(n, 'Worker'), message: `Direction ${n}: select a worker allocated to the child or in your team` })
    if (errors.length === before) directions.push({ text, dueDate: due, workerId: worker })
  })
  if (errors.length) return fail(errors)
  return ok({ stage: input.stage as DecisionStage, decision, reasons, directions })
}

export type DirectionStatus = 'completed' | 'overdue' | 'open'

/** Open, overdue (due date passed, not done) or completed. */
export function directionStatus(d: { dueDate: IsoDate; completedAt: Date | null }, today: IsoDate): DirectionStatus {
  if (d.completedAt) return 'completed'
  return d.dueDate < today ? 'overdue' : 'open'
}
