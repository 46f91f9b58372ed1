/**
 * One case audit: its states, the rules for saving, signing off, amending, responding and moderating.
 *
 *   assigned ──save──▶ in_progress ──sign off──▶ signed_off ──amend (with a reason)──▶ signed_off (amended)
 *                                                      └──moderate (a second auditor)──▶ moderated
 *
 * A signed-off audit is never edited in place: an amendment needs a reason and keeps the before and after.
 */
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { GRADE_LABEL, isGrade, type Grade } from './grades.ts'
import { allQuestions, type Question, type ToolDefinition } from './tool.ts'

export const AUDIT_STATUSES = ['assigned', 'in_progress', 'signed_off'] as const
export type AuditStatus = (typeof AUDIT_STATUSES)[number]
export const AUDIT_STATUS_LABEL: Readonly<Record<AuditStatus, string>> = Object.freeze({ assigned: 'Not started', in_progress: 'In progress', signed_off: 'Signed off' })

export type AuditEvent = 'save' | 'sign_off' | 'amend' | 'moderate' | 'respond'

/** What may happen to an audit in each state; an error message when it may not. */
export function transition(status: AuditStatus, event: AuditEvent, moderated = false): Result<AuditStatus> {
  switch (event) {
    case 'save':
      return status === 'signed_off' ? fail([{ field: 'overallGrade', message: 'This audit has been signed off, so it cannot be edited. Amend it instead, giving the reason: the first version is kept.' }]) : ok('in_progress')
    case 'sign_off':
      return status === 'signed_off' ? fail([{ field: 'overallGrade', message: 'This audit has already been signed off. Amend it instead, giving the reason.' }]) : ok('signed_off')
    case 'amend':
      if (status !== 'signed_off') return fail([{ field: 'reason', message: 'Only a signed-off audit is amended; save or sign off this one instead' }])
      if (moderated) return fail([{ field: 'reason', message: 'This audit has been moderated, so it cannot be amended: the moderation was of this version' }])
      return ok('signed_off')
    case 'moderate':
    case 'respond':
      return status === 'signed_off' ? ok('signed_off') : fail([{ field: event === 'moderate' ? 'moderatedGrade' : 'response', message: 'The audit has not been signed off yet' }])
  }
}

export type Answer = { questionKey: string; grade: Grade | null; yesNo: boolean | null; text: string | null; comment: string | null }

/** Raw answers from a form: per question key, the grade / yes-no / text, and a comment. */
export type AnswerInput = Record<string, { value?: string | undefined; comment?: string | undefined }>

export type AuditInput = { answers: AnswerInput; overallGrade?: string | undefined; findings?: string | undefined; actions: ActionInput[] }
export type ActionInput = { text?: string | undefined; ownerWorkerId?: string | undefined; dueDate?: string | undefined }
export type Action = { text: string; ownerWorkerId: string; dueDate: IsoDate }
export type AuditContent = { answers: Answer[]; overallGrade: Grade | null; findings: string | null; actions: Action[] }

export const answerField = (q: Pick<Question, 'key'>): string => `q_${q.key}`

const MAX_TEXT = 5000

/**
 * Checks an audit's answers. Saving a draft accepts gaps; signing off needs every required question
 * answered, the overall grade, and the findings. Actions need text, an owner from `owners` and a due date
 * not before today.
 */
export function validateAudit(tool: ToolDefinition, input: AuditInput, mode: 'save' | 'sign_off', ctx: { today: IsoDate; owners: ReadonlySet<string> }): Result<AuditContent> {
  const errors: FieldError[] = []
  const answers: Answer[] = []
  for (const q of allQuestions(tool)) {
    const raw = input.answers[q.key] ?? {}
    const value = (raw.value ?? '').trim()
    const comment = (raw.comment ?? '').trim() || null
    if (comment && comment.length > MAX_TEXT) errors.push({ field: `${answerField(q)}_comment`, message: 'The comment must be 5,000 characters or fewer' })
    const a: Answer = { questionKey: q.key, grade: null, yesNo: null, text: null, comment }
    if (q.kind === 'graded') {
      if (value && !isGrade(value)) errors.push({ field: answerField(q), message: `Select a grade for "${q.text}"` })
      else if (value) a.grade = value as Grade
    } else if (q.kind === 'yes_no') {
      if (value && value !== 'yes' && value !== 'no') errors.push({ field: answerField(q), message: `Select yes or no for "${q.text}"` })
      else if (value) a.yesNo = value === 'yes'
    } else if (value) {
      if (value.length > MAX_TEXT) errors.push({ field: answerField(q), message: 'The answer must be 5,000 characters or fewer' })
      a.text = value
    }
    const answered = a.grade !== null || a.yesNo !== null || a.text !== null
    if (mode === 'sign_off' && q.required && !answered) {
      errors.push({ field: answerField(q), message: q.kind === 'graded' ? `Select a grade for "${q.text}": it is required` : q.kind === 'yes_no' ? `Answer "${q.text}": it is required` : `Answer "${q.text}": it is required` })
    }
    answers.push(a)
  }
  const overall = (input.overallGrade ?? '').trim()
  let overallGrade: Grade | null = null
  if (overall && !isGrade(overall)) errors.push({ field: 'overallGrade', message: 'Select the overall grade' })
  else if (overall) overallGrade = overall as Grade
  if (mode === 'sign_off' && !overallGrade) errors.push({ field: 'overallGrade', message: 'Select the overall grade before signing off' })
  const findings = (input.findings ?? '').trim() || null
  if (findings && findings.length > 20_000) errors.push({ field: 'findings', message: 'The findings must be 20,000 characters or fewer' })
  if (mode === 'sign_off' && !findings) errors.push({ field: 'findings', message: 'Write the findings before signing off' })
  const actions: Action[] = []
  for (const [i, raw] of input.actions.entries()) {
    const n = i + 1
    const text = (raw.text ?? '').trim()
    const owner = (raw.ownerWorkerId ?? '').trim()
    const due = (raw.dueDate ?? '').trim()
    if (!text && !owner && !due) continue
    if (!text) errors.push({ field: `action${n}Text`, message: `Say what action ${n} is` })
    else if (text.length > 500) errors.push({ field: `action${n}Text`, message: `Action ${n} must be 500 characters or fewer` })
    if (!owner || !ctx.owners.has(owner)) errors.push({ field: `action${n}Owner`, message: `Select who owns action ${n}: the child's worker or a manager` })
    if (!due || due === 'invalid' || !isValidIsoDate(due)) errors.push({ field: `action${n}Due`, message: `Enter a real due date for action ${n}` })
    else if (due < ctx.today) errors.push({ field: `action${n}Due`, message: `The due date of action ${n} must be today or later` })
    if (text && owner && ctx.owners.has(owner) && due && isValidIsoDate(due) && due >= ctx.today) actions.push({ text, ownerWorkerId: owner, dueDate: due })
  }
  return errors.length ? fail(errors) : ok({ answers, overallGrade, findings, actions })
}

/**
 * The own-team rule: an auditor does not audit their own team's cases (nor, ever, a case allocated to
 * themself) unless the programme allows own-team audits.
 */
export function ownTeamConflict(auditor: { teamId: string | null; workerId: string | null }, theCase: { teamId: string | null; workerId: string | null }, allowOwnTeam: boolean): string | null {
  if (auditor.workerId && theCase.workerId === auditor.workerId) return 'An auditor may not audit a case allocated to them'
  if (!allowOwnTeam && auditor.teamId && theCase.teamId === auditor.teamId) return "An auditor may not audit their own team's cases unless the programme allows it"
  return null
}

export type AmendmentInput = { reason?: string | undefined }

export function validateAmendmentReason(input: AmendmentInput): Result<string> {
  const reason = (input.reason ?? '').trim()
  if (!reason) return fail([{ field: 'reason', message: 'Give the reason for amending a signed-off audit' }])
  if (reason.length > 2000) return fail([{ field: 'reason', message: 'The reason must be 2,000 characters or fewer' }])
  return ok(reason)
}

/** What changed between two versions of an audit, in words, for the amendment history. */
export function describeChanges(tool: ToolDefinition, before: AuditContent, after: AuditContent): string[] {
  const out: string[] = []
  const show = (a: Answer | undefined): string => (!a ? 'no answer' : a.grade ? GRADE_LABEL[a.grade] : a.yesNo !== null ? (a.yesNo ? 'Yes' : 'No') : a.text ?? 'no answer')
  for (const q of allQuestions(tool)) {
    const b = before.answers.find((x) => x.questionKey === q.key)
    const a = after.answers.find((x) => x.questionKey === q.key)
    if (show(b) !== show(a)) out.push(`${q.text}: ${show(b)} → ${show(a)}`)
    else if ((b?.comment ?? null) !== (a?.comment ?? null)) out.push(`${q.text}: comment changed`)
  }
  if (before.overallGrade !== after.overallGrade) out.push(`Overall grade: ${before.overallGrade ? GRADE_LABEL[before.overallGrade] : 'none'} → ${after.overallGrade ? GRADE_LABEL[after.overallGrade] : 'none'}`)
  if (before.findings !== after.findings) out.push('Findings changed')
  return out
}

export type ModerationInput = { moderatedGrade?: string | undefined; comments?: string | undefined }
export type Moderation = { moderatedGrade: Grade; agreed: boolean; comments: string }

/** A second auditor's moderation: never the audit's own auditor; agreement means the same overall grade. */
export function validateModeration(input: ModerationInput, audit: { auditorUserId: string; overallGrade: Grade | null; status: AuditStatus; moderated: boolean }, moderatorUserId: string): Result<Moderation> {
  const t = transition(audit.status, 'moderate')
  if (!t.ok) return fail(t.errors)
  if (audit.moderated) return fail([{ field: 'moderatedGrade', message: 'This audit has already been moderated' }])
  if (audit.auditorUserId === moderatorUserId) return fail([{ field: 'moderatedGrade', message: 'A second auditor moderates: you cannot moderate your own audit' }])
  const errors: FieldError[] = []
  const g = (input.moderatedGrade ?? '').trim()
  if (!isGrade(g)) errors.push({ field: 'moderatedGrade', message: 'Select the grade you would give overall' })
  const comments = (input.comments ?? '').trim()
  if (!comments) errors.push({ field: 'comments', message: 'Write your moderation comments' })
  else if (comments.length > 10_000) errors.push({ field: 'comments', message: 'The comments must be 10,000 characters or fewer' })
  if (errors.length || !isGrade(g)) return fail(errors)
  return ok({ moderatedGrade: g, agreed: g === audit.overallGrade, comments })
}

/** The grade that counts in reports: the moderated grade when there is one. */
export const finalGrade = (overall: Grade | null, moderated: Grade | null): Grade | null => moderated ?? overall

export function validateResponse(input: { response?: string | undefined }, status: AuditStatus): Result<string> {
  const t = transition(status, 'respond')
  if (!t.ok) return fail(t.errors)
  const r = (input.response ?? '').trim()
  if (!r) return fail([{ field: 'response', message: 'Write your response to the audit' }])
  if (r.length > 10_000) return fail([{ field: 'response', message: 'The response must be 10,000 characters or fewer' }])
  return ok(r)
}

/** Task titles: the owner's action, and the manager's task to see it done (the manager's is not counted twice in learning). */
export const ACTION_TITLE_PREFIX = 'Case audit action: '
export const OVERSIGHT_TITLE_PREFIX = 'Oversee case audit action: '
