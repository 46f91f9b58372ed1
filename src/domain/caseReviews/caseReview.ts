/**
 * Bulk case reviews (Kent 2010: team leaders reviewed every live case in a few weeks, a sample audited by
 * managers). A manager starts a round for a team: every child with an open allocation in the team at that
 * moment is to be reviewed. Each review records whether the plan is robust, findings, and actions — each
 * action a task for a named worker with a due date.
 */
import { toDayNumber } from '../calendar/days.ts'
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'

export const ROUND_TITLE_MAX = 200
export const FINDINGS_MAX = 20_000
export const ACTION_MAX = 2_000
export const MAX_ACTIONS = 5

export type CaseReviewStatus = 'to_review' | 'reviewed'
export const CASE_REVIEW_STATUS: Record<CaseReviewStatus, string> = { to_review: 'To review', reviewed: 'Reviewed' }

export type RoundInput = { teamId?: string | undefined; title?: string | undefined; dueDate?: string | undefined }
export type NewRound = { teamId: string; title: string; dueDate: IsoDate }

/** dueDate is what the GOV.UK date input gave: undefined when blank, 'invalid' when not a date. */
export function startRound(input: RoundInput, today: IsoDate, teamIsValid: boolean): Result<NewRound> {
  const errors: FieldError[] = []
  if (!input.teamId || !teamIsValid) errors.push({ field: 'teamId', message: 'Select the team whose cases are to be reviewed' })
  const title = (input.title ?? '').trim()
  if (!title) errors.push({ field: 'title', message: 'Enter a title for the review round' })
  else if (title.length > ROUND_TITLE_MAX) errors.push({ field: 'title', message: 'The title must be 200 characters or fewer' })
  if (!input.dueDate) errors.push({ field: 'dueDate', message: 'Enter the date the reviews are due' })
  else if (!isValidIsoDate(input.dueDate)) errors.push({ field: 'dueDate', message: 'The due date must be a real date' })
  else if (toDayNumber(input.dueDate) < toDayNumber(today)) errors.push({ field: 'dueDate', message: 'The due date must be today or in the future' })
  if (errors.length) return fail(errors)
  return ok({ teamId: input.teamId as string, title, dueDate: input.dueDate as string })
}

export type ActionInput = { description?: string | undefined; workerId?: string | undefined; dueDate?: string | undefined }
export type ReviewInput = { planRobust?: string | undefined; findings?: string | undefined; actions: ActionInput[] }
export type ReviewAction = { description: string; workerId: string; dueDate: IsoDate }
export type Review = { planRobust: boolean; findings: string; actions: ReviewAction[] }

/**
 * Validates a case review. An action row left wholly blank is ignored; a started one needs all three
 * parts. `workerIds` are the workers an action may be given to (the team's workers).
 */
export function reviewCase(input: ReviewInput, today: IsoDate, workerIds: ReadonlySet<string>): Result<Review> {
  const errors: FieldError[] = []
  if (input.planRobust !== 'yes' && input.planRobust !== 'no') errors.push({ field: 'planRobust', message: 'Select whether the plan is robust' })
  const findings = (input.findings ?? '').trim()
  if (!findings) errors.push({ field: 'findings', message: 'Write the findings of the review' })
  else if (findings.length > FINDINGS_MAX) errors.push({ field: 'findings', message: 'The findings must be 20,000 characters or fewer' })
  if (input.actions.length > MAX_ACTIONS) errors.push({ field: 'actions', message: `Add at most ${MAX_ACTIONS} actions at a time` })
  const actions: ReviewAction[] = []
  input.actions.slice(0, MAX_ACTIONS).forEach((a, i) => {
    const description = (a.description ?? '').trim()
    const n = i + 1
    if (!description && !a.workerId && !a.dueDate) return
    if (!description) errors.push({ field: `action${n}Description`, message: `Describe action ${n}` })
    else if (description.length > ACTION_MAX) errors.push({ field: `action${n}Description`, message: `Action ${n} must be 2,000 characters or fewer` })
    if (!a.workerId || !workerIds.has(a.workerId)) errors.push({ field: `action${n}Worker`, message: `Select who will do action ${n}` })
    if (!a.dueDate) errors.push({ field: `action${n}DueDate`, message: `Enter the date action ${n} is due` })
    else if (!isValidIsoDate(a.dueDate)) errors.push({ field: `action${n}DueDate`, message: `The due date of action ${n} must be a real date` })
    else if (toDayNumber(a.dueDate) < toDayNumber(today)) errors.push({ field: `action${n}DueDate`, message: `The due date of action ${n} must be today or in the future` })
    if (description && a.workerId && a.dueDate) actions.push({ description, workerId: a.workerId, dueDate: a.dueDate })
  })
  if (errors.length) return fail(errors)
  return ok({ planRobust: input.planRobust === 'yes', findings, actions })
}

export type RoundProgress = { reviewed: number; total: number; percent: number; complete: boolean; overdue: boolean }

/** x of y reviewed, the percentage (rounded down, so 100% means all done), and overdue after the due date. */
export function roundProgress(reviewed: number, total: number, dueDate: IsoDate, today: IsoDate): RoundProgress {
  const percent = total === 0 ? 100 : Math.floor((reviewed * 100) / total)
  const complete = reviewed >= total
  return { reviewed, total, percent, complete, overdue: !complete && toDayNumber(today) > toDayNumber(dueDate) }
}

export function reviewDecision(planRobust: boolean): string {
  return `Case review: plan ${planRobust ? 'robust' : 'not robust'}`
}

/** Whether a round of this team is within the actor's scope (team, service or council). */
export function roundInScope(actor: { scope: string; teamId: string | null; serviceId: string | null }, team: { id: string; serviceId: string }): boolean {
  if (actor.scope === 'council') return true
  if (actor.scope === 'service') return actor.serviceId !== null && actor.serviceId === team.serviceId
  if (actor.scope === 'team') return actor.teamId !== null && actor.teamId === team.id
  return false
}
