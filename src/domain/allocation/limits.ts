/**
 * Configuring caseload limits: the council's children per full-time worker by job role ('*' is the
 * default; Kent set 30) with a lower figure for newly qualified workers (ASYE), and a worker's own
 * override. Pure validation; the limit itself is caseloadLimit in ./allocation.ts.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'

export const MAX_CHILDREN_PER_FTE = 60

export type LimitRuleInput = { jobRole?: string | undefined; childrenPerFte?: string | undefined; newlyQualifiedChildrenPerFte?: string | undefined }
export type ValidLimitRule = { jobRole: string; childrenPerFte: number; newlyQualifiedChildrenPerFte: number }

function wholeNumber(v: string | undefined, field: string, label: string, errors: FieldError[], min: number, max: number): number | null {
  const s = (v ?? '').trim()
  if (s === '') {
    errors.push({ field, message: `Enter ${label}` })
    return null
  }
  if (!/^\d{1,3}$/.test(s) || Number(s) < min || Number(s) > max) {
    errors.push({ field, message: `${label[0]?.toUpperCase()}${label.slice(1)} must be a whole number from ${min} to ${max}` })
    return null
  }
  return Number(s)
}

export function validateLimitRule(input: LimitRuleInput, jobRoles: readonly string[]): Result<ValidLimitRule> {
  const errors: FieldError[] = []
  const jobRole = (input.jobRole ?? '').trim()
  if (jobRole !== '*' && !jobRoles.includes(jobRole)) errors.push({ field: 'jobRole', message: 'Select a job role' })
  const full = wholeNumber(input.childrenPerFte, 'childrenPerFte', 'the number of children per full-time worker', errors, 1, MAX_CHILDREN_PER_FTE)
  const nq = wholeNumber(input.newlyQualifiedChildrenPerFte, 'newlyQualifiedChildrenPerFte', 'the number for newly qualified workers', errors, 1, MAX_CHILDREN_PER_FTE)
  if (full !== null && nq !== null && nq > full) errors.push({ field: 'newlyQualifiedChildrenPerFte', message: 'Newly qualified workers cannot have a higher limit than other workers' })
  if (errors.length || full === null || nq === null) return fail(errors)
  return ok({ jobRole, childrenPerFte: full, newlyQualifiedChildrenPerFte: nq })
}

export type WorkerLimitInput = { newlyQualified?: string | undefined; caseloadLimit?: string | undefined; version?: string | undefined }
export type ValidWorkerLimit = { newlyQualified: boolean; caseloadLimit: number | null }

export function validateWorkerLimit(input: WorkerLimitInput): Result<ValidWorkerLimit> {
  const errors: FieldError[] = []
  if (input.newlyQualified !== 'yes' && input.newlyQualified !== 'no') errors.push({ field: 'newlyQualified', message: 'Select whether the worker is newly qualified' })
  const raw = (input.caseloadLimit ?? '').trim()
  let limit: number | null = null
  if (raw !== '') limit = wholeNumber(raw, 'caseloadLimit', 'the worker’s own limit', errors, 0, MAX_CHILDREN_PER_FTE)
  if (errors.length) return fail(errors)
  return ok({ newlyQualified: input.newlyQualified === 'yes', caseloadLimit: limit })
}
