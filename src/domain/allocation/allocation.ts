/**
 * Allocation of a child to a named worker, caseload limits and the status a child shows in lists.
 * Pure: the clock (today) and every fact come in as arguments. REFERENCE §1.3, §4.2, §5, §6.
 *
 * Co-working: a co-worker is a second allocation row with role 'co_worker'. Co-worked children are NOT
 * counted against the co-worker's caseload limit (the allocated worker holds the case); they are shown
 * separately in the caseload breakdown as 'Co-working'.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, isValidIsoDate } from '../shared/dates.ts'
import { toDayNumber } from '../calendar/days.ts'

/** SSDA903 social-worker change reasons, with plain-English labels (REFERENCE §6). */
export const CHANGE_REASONS = {
  MANAGE: 'Management decision',
  FCONTA: 'Family asked for a change of worker',
  LEFTRL: 'Worker left the role',
  ORGRST: 'Restructure of teams',
  TSPROC: 'Transfer between teams',
  ABSENC: 'Worker absent (sickness, leave)',
  CHCHAN: 'The child’s circumstances changed',
  PCCHAN: 'The child’s placement changed',
  SWDIED: 'Worker died',
  OTHERS: 'Other reason',
} as const
export type ChangeReason = keyof typeof CHANGE_REASONS
export const isChangeReason = (v: string | undefined | null): v is ChangeReason => !!v && Object.prototype.hasOwnProperty.call(CHANGE_REASONS, v)

export const ALLOCATION_ROLES = { allocated_worker: 'Allocated worker', co_worker: 'Co-worker' } as const
export type AllocationRole = keyof typeof ALLOCATION_ROLES

export const MAX_REASON = 2_000

// ---------------------------------------------------------------- caseload limits

export type LimitRule = { jobRole: string; childrenPerFte: number; newlyQualifiedChildrenPerFte: number }
export type LimitWorker = { jobRole: string; fte: number; newlyQualified: boolean; caseloadLimit: number | null }

/** The worker's own override, else the rule for their job role (or '*') per FTE, pro rata, rounded. */
export function caseloadLimit(w: LimitWorker, rules: readonly LimitRule[]): number {
  if (w.caseloadLimit !== null) return w.caseloadLimit
  const rule = rules.find((r) => r.jobRole === w.jobRole) ?? rules.find((r) => r.jobRole === '*')
  const perFte = rule ? (w.newlyQualified ? rule.newlyQualifiedChildrenPerFte : rule.childrenPerFte) : 30
  return Math.round(perFte * w.fte)
}

// ---------------------------------------------------------------- allocating

export type AllocationCandidate = {
  name: string
  qualifiedSocialWorker: boolean
  leftOn: string | null
  /** Children the worker holds as allocated worker now (before this allocation). */
  children: number
  limit: number
}

export type AllocationInput = {
  role: AllocationRole
  startDate: string | undefined
  reason: string | undefined
  changeReason: string | undefined
  overLimitReason: string | undefined
}

export type AllocationFacts = {
  today: string
  /** The child's open referral date (YYYY-MM-DD), or null when there is none. */
  referralDate: string | null
  /** An allocated worker is being replaced (a change of social worker). */
  replacing: boolean
  /** The new worker already holds this child (as allocated worker or co-worker). */
  alreadyAllocatedToWorker: boolean
  /** Child protection plans arrive in a later issue; until then the app passes false. */
  childProtectionPlan: boolean
}

export type AllocationDecision = {
  role: AllocationRole
  startDate: string
  reason: string | null
  changeReason: ChangeReason | null
  overLimitReason: string | null
  childrenAfter: number
}

export type OverLimitWarning = { field: 'overLimitReason'; message: string }

export type AllocationOutcome = { kind: 'ok'; value: AllocationDecision } | { kind: 'invalid'; errors: FieldError[] } | { kind: 'over-limit'; warning: OverLimitWarning }

const firstName = (name: string) => name.split(' ')[0] ?? name
const childrenText = (n: number) => `${n} ${n === 1 ? 'child' : 'children'}`

/** The message a manager sees when an allocation would take a worker beyond their limit. */
export function overLimitMessage(w: AllocationCandidate): string {
  return `${firstName(w.name)} has ${childrenText(w.children)}; their limit is ${w.limit}. Give a reason to allocate beyond it`
}

/**
 * Checks an allocation. Returns field errors, or — when everything else is right but the allocation
 * takes the worker beyond their limit and the manager gave no reason — an over-limit warning.
 */
export function checkAllocation(worker: AllocationCandidate, input: AllocationInput, facts: AllocationFacts): AllocationOutcome {
  const errors: FieldError[] = []
  const start = input.startDate?.trim() ?? ''
  if (!start) errors.push({ field: 'startDate', message: 'Enter the date the allocation starts' })
  else if (!isValidIsoDate(start)) errors.push({ field: 'startDate', message: 'The start date must be a real date' })
  else if (start > facts.today) errors.push({ field: 'startDate', message: 'The start date must be today or in the past' })
  else if (facts.referralDate && start < facts.referralDate) errors.push({ field: 'startDate', message: `The start date must be on or after the referral date, ${formatDate(facts.referralDate)}` })
  if (worker.leftOn !== null && isValidIsoDate(start) && worker.leftOn <= start)
    errors.push({ field: 'workerId', message: `${worker.name} left on ${formatDate(worker.leftOn)}: choose a current worker` })
  else if (worker.leftOn !== null && !isValidIsoDate(start) && worker.leftOn <= facts.today)
    errors.push({ field: 'workerId', message: `${worker.name} left on ${formatDate(worker.leftOn)}: choose a current worker` })
  if (facts.alreadyAllocatedToWorker) errors.push({ field: 'workerId', message: `${worker.name} already works with this child: choose another worker` })
  if (facts.childProtectionPlan && input.role === 'allocated_worker' && !worker.qualifiedSocialWorker)
    errors.push({ field: 'workerId', message: 'A child with a child protection plan must be allocated to a qualified social worker' })
  const reason = input.reason?.trim() ?? ''
  if (reason.length > MAX_REASON) errors.push({ field: 'reason', message: `The reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer` })
  let changeReason: ChangeReason | null = null
  if (facts.replacing && input.role === 'allocated_worker') {
    if (!isChangeReason(input.changeReason)) errors.push({ field: 'changeReason', message: 'Select why the child’s social worker is changing' })
    else changeReason = input.changeReason
  }
  const overLimitReason = input.overLimitReason?.trim() ?? ''
  if (overLimitReason.length > MAX_REASON) errors.push({ field: 'overLimitReason', message: `The reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer` })
  if (errors.length) return { kind: 'invalid', errors }
  const counts = input.role === 'allocated_worker'
  const childrenAfter = worker.children + (counts ? 1 : 0)
  const beyond = counts && childrenAfter > worker.limit
  if (beyond && !overLimitReason) return { kind: 'over-limit', warning: { field: 'overLimitReason', message: overLimitMessage(worker) } }
  return {
    kind: 'ok',
    value: { role: input.role, startDate: start, reason: reason || null, changeReason, overLimitReason: beyond ? overLimitReason : null, childrenAfter },
  }
}

/** Ending an allocation: a date on or after its start, not in the future, and a change reason. */
export function checkEndAllocation(a: { startDate: string }, input: { endDate: string | undefined; endReason: string | undefined }, today: string): Result<{ endDate: string; endReason: ChangeReason }> {
  const errors: FieldError[] = []
  const end = input.endDate?.trim() ?? ''
  if (!end) errors.push({ field: 'endDate', message: 'Enter the date the allocation ends' })
  else if (!isValidIsoDate(end)) errors.push({ field: 'endDate', message: 'The end date must be a real date' })
  else if (end > today) errors.push({ field: 'endDate', message: 'The end date must be today or in the past' })
  else if (end < a.startDate) errors.push({ field: 'endDate', message: `The end date must be on or after the start, ${formatDate(a.startDate)}` })
  if (!isChangeReason(input.endReason)) errors.push({ field: 'endReason', message: 'Select why the allocation is ending' })
  if (errors.length) return fail(errors)
  return ok({ endDate: end, endReason: input.endReason as ChangeReason })
}

// ---------------------------------------------------------------- oversight of children waiting

export const MAX_NOTE = 20_000

export function checkOversightNote(input: { note: string | undefined; nextReviewOn: string | undefined }, today: string): Result<{ note: string; nextReviewOn: string }> {
  const errors: FieldError[] = []
  const note = input.note?.trim() ?? ''
  if (!note) errors.push({ field: 'note', message: 'Enter your oversight note: the risks while the child waits and what happens meanwhile' })
  else if (note.length > MAX_NOTE) errors.push({ field: 'note', message: `The note must be ${MAX_NOTE.toLocaleString('en-GB')} characters or fewer` })
  const next = input.nextReviewOn?.trim() ?? ''
  if (!next) errors.push({ field: 'nextReviewOn', message: 'Enter when you will next review the child' })
  else if (!isValidIsoDate(next)) errors.push({ field: 'nextReviewOn', message: 'The next review date must be a real date' })
  else if (next < today) errors.push({ field: 'nextReviewOn', message: 'The next review date must be today or in the future' })
  if (errors.length) return fail(errors)
  return ok({ note, nextReviewOn: next })
}

// ---------------------------------------------------------------- status in lists

export type ChildStatusFacts = {
  openReferral: boolean
  openAssessment: boolean
  /** The latest authorised assessment's outcome was a child in need plan. */
  latestOutcomeCinPlan: boolean
  /** An open child protection plan. */
  childProtectionPlan?: boolean
  /** An open child in need plan. */
  openCinPlan?: boolean
  /** An open section 47 enquiry (not yet authorised). */
  openSection47?: boolean
  /** A later issue: looked after. */
  lookedAfter?: boolean
}
export type ChildStatus = 'Looked after' | 'Child protection plan' | 'Section 47 enquiry' | 'In assessment' | 'Child in need' | 'Referral' | 'Closed'

export function childStatus(f: ChildStatusFacts): ChildStatus {
  if (f.lookedAfter) return 'Looked after'
  if (f.childProtectionPlan) return 'Child protection plan'
  if (f.openSection47 && f.openReferral) return 'Section 47 enquiry'
  if (f.openAssessment) return 'In assessment'
  if (f.openCinPlan) return 'Child in need'
  if (f.latestOutcomeCinPlan && f.openReferral) return 'Child in need'
  if (f.openReferral) return 'Referral'
  return 'Closed'
}

/** An unallocated child with a child protection plan (or looked after) is urgent: shown first, flagged. */
export const unallocatedIsUrgent = (f: ChildStatusFacts): boolean => !!f.childProtectionPlan || !!f.lookedAfter

/** Calendar days from one date (YYYY-MM-DD) to another, never negative. */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, toDayNumber(to) - toDayNumber(from))
}
