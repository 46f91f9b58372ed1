/**
 * Supervision (REFERENCE §1.3 "Supervision / management oversight"): regular sessions between a worker
 * and their supervisor. Cases discussed carry the discussion and, where one is made, a management
 * decision with reasons that goes on the child's file; actions have an owner and a due date and become
 * tasks; reflective notes are private to the worker and the supervisor. How often supervision is due is
 * set per worker, with council defaults below. Pure: the caller passes "today".
 */
import { addDays, toDayNumber } from '../calendar/days.ts'
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'

// Local practice, not statute: Harbourside's supervision policy is monthly supervision (every 4 weeks)
// for social workers, and fortnightly in the assessed and supported year in employment (ASYE).
export const DEFAULT_SUPERVISION_FREQUENCY_DAYS = 28
export const NEWLY_QUALIFIED_SUPERVISION_FREQUENCY_DAYS = 14
/** A manager may set a worker's own frequency between these (days). */
export const MIN_SUPERVISION_FREQUENCY_DAYS = 7
export const MAX_SUPERVISION_FREQUENCY_DAYS = 90

export const CASE_DISCUSSION_MAX = 10_000
export const CASE_DECISION_MAX = 10_000
export const CASE_REASONS_MAX = 10_000
export const ACTION_TEXT_MAX = 2_000
export const REFLECTIVE_NOTES_MAX = 20_000
/** The form offers this many rows of cases and of actions. */
export const MAX_CASES = 5
export const MAX_ACTIONS = 5

export const PRIVATE_NOTES_MESSAGE = 'Reflective notes are private to the worker and their supervisor'

export type FrequencyFacts = { newlyQualified: boolean; overrideDays: number | null }

/** How often this worker's supervision is due: their own setting, else the council default for them. */
export function supervisionFrequencyDays(w: FrequencyFacts): number {
  if (w.overrideDays !== null) return w.overrideDays
  return w.newlyQualified ? NEWLY_QUALIFIED_SUPERVISION_FREQUENCY_DAYS : DEFAULT_SUPERVISION_FREQUENCY_DAYS
}

export type DueFacts = FrequencyFacts & { startedOn: IsoDate; lastHeldOn: IsoDate | null }
export type DueStatus = { frequencyDays: number; dueOn: IsoDate; overdue: boolean; daysOverdue: number }

/**
 * Next supervision is due a frequency after the last one (or after the worker started, if never
 * supervised); it is overdue from the day after that.
 */
export function supervisionDue(w: DueFacts, today: IsoDate): DueStatus {
  const frequencyDays = supervisionFrequencyDays(w)
  const dueOn = addDays(w.lastHeldOn ?? w.startedOn, frequencyDays)
  const late = toDayNumber(today) - toDayNumber(dueOn)
  return { frequencyDays, dueOn, overdue: late > 0, daysOverdue: Math.max(0, late) }
}

/** Overdue first (longest overdue first), then soonest due, then by name. */
export function compareDue<T extends { dueOn: string; overdue: boolean; daysOverdue: number; name: string }>(a: T, b: T): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1
  if (a.daysOverdue !== b.daysOverdue) return b.daysOverdue - a.daysOverdue
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1
  return a.name.localeCompare(b.name)
}

/** A manager's setting of a worker's frequency: whole days 7–90, or blank for the council default. */
export function validateFrequency(input: string | undefined): Result<number | null> {
  const v = (input ?? '').trim()
  if (!v) return ok(null)
  if (!/^\d{1,3}$/.test(v)) return fail([{ field: 'frequencyDays', message: 'Enter the number of days as a whole number, like 28' }])
  const n = Number(v)
  if (n < MIN_SUPERVISION_FREQUENCY_DAYS || n > MAX_SUPERVISION_FREQUENCY_DAYS) {
    return fail([{ field: 'frequencyDays', message: `Supervision must be due every ${MIN_SUPERVISION_FREQUENCY_DAYS} to ${MAX_SUPERVISION_FREQUENCY_DAYS} days` }])
  }
  return ok(n)
}

// ---------------------------------------------------------------- a session

export type CaseInput = { personId?: string | undefined; discussion?: string | undefined; decision?: string | undefined; reasons?: string | undefined }
export type ActionInput = { text?: string | undefined; ownerWorkerId?: string | undefined; dueDate?: string | undefined; personId?: string | undefined }
export type SupervisionInput = {
  heldOn?: string | undefined
  cases?: readonly CaseInput[]
  actions?: readonly ActionInput[]
  reflectiveNotes?: string | undefined
}
export type SupervisionFacts = {
  today: IsoDate
  /** The supervisee's start date. */
  workerStartedOn: IsoDate
  /** Who may own an action: the supervisee and the current members of their team. */
  ownerWorkerIds: ReadonlySet<string>
}

export type ValidCase = { personId: string; discussion: string; decision: { decision: string; reasons: string } | null }
export type ValidAction = { text: string; ownerWorkerId: string; dueDate: IsoDate; personId: string | null }
export type ValidSupervision = { heldOn: IsoDate; cases: ValidCase[]; actions: ValidAction[]; reflectiveNotes: string | null }

const blank = (s: string | undefined): boolean => (s ?? '').trim() === ''
const text = (s: string | undefined): string => (s ?? '').trim()

/** Field names match the form: case1Person, case1Discussion, …, action1Text, action1Owner, action1Due, … */
export const caseField = (i: number, f: 'Person' | 'Discussion' | 'Decision' | 'Reasons'): string => `case${i + 1}${f}`
export const actionField = (i: number, f: 'Text' | 'Owner' | 'Due' | 'Person'): string => `action${i + 1}${f}`

export function validateSupervision(input: SupervisionInput, facts: SupervisionFacts): Result<ValidSupervision> {
  const errors: FieldError[] = []
  const heldOn = text(input.heldOn)
  let heldOk = false
  if (!heldOn) errors.push({ field: 'heldOn', message: 'Enter the date the supervision was held' })
  else if (!isValidIsoDate(heldOn)) errors.push({ field: 'heldOn', message: 'The date the supervision was held must be a real date' })
  else if (heldOn > facts.today) errors.push({ field: 'heldOn', message: 'The date the supervision was held must be today or in the past' })
  else if (heldOn < facts.workerStartedOn) errors.push({ field: 'heldOn', message: 'The date the supervision was held must be on or after the day the worker started' })
  else heldOk = true

  const cases: ValidCase[] = []
  const seen = new Set<string>()
  ;(input.cases ?? []).forEach((c, i) => {
    if (blank(c.personId) && blank(c.discussion) && blank(c.decision) && blank(c.reasons)) return
    const n = i + 1
    const personId = text(c.personId)
    if (!personId) errors.push({ field: caseField(i, 'Person'), message: `Select the child for case ${n}` })
    else if (seen.has(personId)) errors.push({ field: caseField(i, 'Person'), message: `Case ${n} is a child already discussed above – record each child once` })
    seen.add(personId)
    const discussion = text(c.discussion)
    if (!discussion) errors.push({ field: caseField(i, 'Discussion'), message: `Enter the discussion for case ${n}` })
    else if (discussion.length > CASE_DISCUSSION_MAX) errors.push({ field: caseField(i, 'Discussion'), message: `The discussion for case ${n} must be 10,000 characters or fewer` })
    const decision = text(c.decision)
    const reasons = text(c.reasons)
    if (decision.length > CASE_DECISION_MAX) errors.push({ field: caseField(i, 'Decision'), message: `The decision for case ${n} must be 10,000 characters or fewer` })
    if (decision && !reasons) errors.push({ field: caseField(i, 'Reasons'), message: `Enter the reasons for the decision on case ${n}` })
    else if (!decision && reasons) errors.push({ field: caseField(i, 'Decision'), message: `Enter the decision the reasons for case ${n} are for, or remove the reasons` })
    else if (reasons.length > CASE_REASONS_MAX) errors.push({ field: caseField(i, 'Reasons'), message: `The reasons for case ${n} must be 10,000 characters or fewer` })
    cases.push({ personId, discussion, decision: decision ? { decision, reasons } : null })
  })

  const actions: ValidAction[] = []
  ;(input.actions ?? []).forEach((a, i) => {
    if (blank(a.text) && blank(a.ownerWorkerId) && blank(a.dueDate) && blank(a.personId)) return
    const n = i + 1
    const t = text(a.text)
    if (!t) errors.push({ field: actionField(i, 'Text'), message: `Enter what action ${n} is` })
    else if (t.length > ACTION_TEXT_MAX) errors.push({ field: actionField(i, 'Text'), message: `Action ${n} must be 2,000 characters or fewer` })
    const owner = text(a.ownerWorkerId)
    if (!owner) errors.push({ field: actionField(i, 'Owner'), message: `Select who owns action ${n}` })
    else if (!facts.ownerWorkerIds.has(owner)) errors.push({ field: actionField(i, 'Owner'), message: `Select the worker or a member of their team to own action ${n}` })
    const due = text(a.dueDate)
    if (!due) errors.push({ field: actionField(i, 'Due'), message: `Enter the date action ${n} is due` })
    else if (!isValidIsoDate(due)) errors.push({ field: actionField(i, 'Due'), message: `The due date of action ${n} must be a real date` })
    else if (heldOk && due < heldOn) errors.push({ field: actionField(i, 'Due'), message: `The due date of action ${n} must be on or after the date of the supervision` })
    actions.push({ text: t, ownerWorkerId: owner, dueDate: due, personId: text(a.personId) || null })
  })

  const notes = text(input.reflectiveNotes)
  if (notes.length > REFLECTIVE_NOTES_MAX) errors.push({ field: 'reflectiveNotes', message: 'Reflective notes must be 20,000 characters or fewer' })
  if (cases.length === 0 && !notes) errors.push({ field: caseField(0, 'Person'), message: 'Record at least one case discussed, or the reflective notes' })

  if (errors.length) return fail(errors)
  return ok({ heldOn, cases, actions, reflectiveNotes: notes || null })
}

/** Only the supervisor who wrote them and the supervisee themself may read reflective notes. */
export function mayReadReflectiveNotes(viewer: { userId: string; workerId: string | null }, s: { supervisorUserId: string; workerId: string }): boolean {
  return viewer.userId === s.supervisorUserId || (viewer.workerId !== null && viewer.workerId === s.workerId)
}

export type SupervisorActor = { role: string; teamId: string | null; serviceId: string | null }

/** Team managers supervise their own team; service managers the teams of their service. */
export function supervisesTeam(actor: SupervisorActor, team: { id: string; serviceId: string }): boolean {
  if (actor.role === 'team_manager') return actor.teamId !== null && actor.teamId === team.id
  if (actor.role === 'service_manager') return actor.serviceId !== null && actor.serviceId === team.serviceId
  return false
}

// ---------------------------------------------------------------- amending a session

export type AmendInput = { discussions: readonly (string | undefined)[]; reflectiveNotes?: string | undefined }
export type ValidAmendment = { discussions: string[]; reflectiveNotes: string | null }

/**
 * The supervisor may correct the discussions and the reflective notes. Decisions stay as recorded on the
 * child's file (a further decision is recorded instead), and actions are tasks with their own owners.
 */
export function validateAmendment(input: AmendInput, caseCount: number): Result<ValidAmendment> {
  const errors: FieldError[] = []
  const discussions = input.discussions.slice(0, caseCount).map((d, i) => {
    const t = text(d)
    if (!t) errors.push({ field: caseField(i, 'Discussion'), message: `Enter the discussion for case ${i + 1}` })
    else if (t.length > CASE_DISCUSSION_MAX) errors.push({ field: caseField(i, 'Discussion'), message: `The discussion for case ${i + 1} must be 10,000 characters or fewer` })
    return t
  })
  const notes = text(input.reflectiveNotes)
  if (notes.length > REFLECTIVE_NOTES_MAX) errors.push({ field: 'reflectiveNotes', message: 'Reflective notes must be 20,000 characters or fewer' })
  else if (caseCount === 0 && !notes) errors.push({ field: 'reflectiveNotes', message: 'Enter the reflective notes: no cases were discussed in this session' })
  if (errors.length) return fail(errors)
  return ok({ discussions, reflectiveNotes: notes || null })
}
