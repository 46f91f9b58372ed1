/**
 * The reproducible random sample of cases for an audit programme. The seed is stored on the programme;
 * candidates are sorted by a stable key before drawing, so the same seed and the same candidate list
 * always give the same cases, whatever order the database returned them in.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { addDays } from '../calendar/days.ts'
import type { IsoDate } from '../shared/dates.ts'
import { mulberry32 } from '../shared/random.ts'

/** The programme's random stream (mulberry32): the same seed, the same draws, on every machine. */
export const prng = mulberry32

/** A new seed for a programme (from a random number the caller supplies: the domain never draws one itself). */
export const seedFrom = (random: number): number => Math.floor(random * 2_147_483_647) + 1

export type Candidate = { personId: string; teamId: string; workerId: string | null; status: CaseStatus; caseStartDate: IsoDate }

export const CASE_STATUSES = ['any', 'open_referral', 'cp_plan', 'cin_plan'] as const
export type CaseStatusFilter = (typeof CASE_STATUSES)[number]
export type CaseStatus = { openReferral: boolean; cpPlan: boolean; cinPlan: boolean }
export const CASE_STATUS_LABEL: Readonly<Record<CaseStatusFilter, string>> = Object.freeze({
  any: 'Any allocated case',
  open_referral: 'Open referral',
  cp_plan: 'Child protection plan',
  cin_plan: 'Child in need plan',
})

export type SampleFilters = { status: CaseStatusFilter; minAgeDays: number | null; maxAgeDays: number | null }

/** The candidates that pass the programme's filters on `today` (status, and age of case in days). */
export function filterCandidates(candidates: readonly Candidate[], f: SampleFilters, today: IsoDate): Candidate[] {
  return candidates.filter((c) => {
    if (f.status === 'open_referral' && !c.status.openReferral) return false
    if (f.status === 'cp_plan' && !c.status.cpPlan) return false
    if (f.status === 'cin_plan' && !c.status.cinPlan) return false
    if (f.minAgeDays !== null && c.caseStartDate > addDays(today, -f.minAgeDays)) return false
    if (f.maxAgeDays !== null && c.caseStartDate < addDays(today, -f.maxAgeDays)) return false
    return true
  })
}

/**
 * Draws `size` distinct candidates: stable sort by person id, then a partial Fisher–Yates shuffle driven
 * by the seed. Fewer candidates than `size` ⇒ all of them.
 */
export function drawSample<T extends { personId: string }>(candidates: readonly T[], seed: number, size: number): T[] {
  const pool = [...candidates].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))
  const rand = prng(seed)
  const n = Math.min(size, pool.length)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (pool.length - i))
    const tmp = pool[i] as T
    pool[i] = pool[j] as T
    pool[j] = tmp
  }
  return pool.slice(0, n)
}

/** Which signed-off audits a second auditor moderates: a reproducible share (at least one), by the same seed. */
export function moderationSample(auditIds: readonly string[], seed: number, percent: number): Set<string> {
  if (auditIds.length === 0 || percent <= 0) return new Set()
  const size = Math.max(1, Math.ceil((auditIds.length * percent) / 100))
  return new Set(drawSample(auditIds.map((personId) => ({ personId })), (seed ^ 0x5bd1e995) >>> 0, size).map((x) => x.personId))
}

export const PROGRAMME_KINDS = { monthly: 'Monthly', themed: 'Themed' } as const
export type ProgrammeKind = keyof typeof PROGRAMME_KINDS
export const SAMPLE_BASES = { team: 'Random sample from a team', worker: "Random sample from a worker's cases", manual: 'Cases picked by hand' } as const
export type SampleBasis = keyof typeof SAMPLE_BASES

export type ProgrammeInput = {
  title?: string | undefined
  kind?: string | undefined
  theme?: string | undefined
  month?: string | undefined
  basis?: string | undefined
  teamId?: string | undefined
  workerId?: string | undefined
  sampleSize?: string | undefined
  status?: string | undefined
  minAgeDays?: string | undefined
  maxAgeDays?: string | undefined
  personRefs?: string | undefined
  auditorUserId?: string | undefined
  toolVersionId?: string | undefined
  allowOwnTeam?: string | undefined
  moderationPercent?: string | undefined
}

export type Programme = {
  title: string
  kind: ProgrammeKind
  theme: string | null
  month: string | null
  basis: SampleBasis
  teamId: string | null
  workerId: string | null
  sampleSize: number
  filters: SampleFilters
  personRefs: string[]
  auditorUserId: string
  toolVersionId: string
  allowOwnTeam: boolean
  moderationPercent: number
}

const wholeNumber = (s: string | undefined): number | null | 'bad' => {
  const t = (s ?? '').trim()
  if (!t) return null
  return /^\d{1,5}$/.test(t) ? Number(t) : 'bad'
}

/** Checks a new programme. */
export function validateProgramme(input: ProgrammeInput): Result<Programme> {
  const errors: FieldError[] = []
  const title = (input.title ?? '').trim()
  if (!title) errors.push({ field: 'title', message: 'Enter a title for the programme' })
  else if (title.length > 200) errors.push({ field: 'title', message: 'The title must be 200 characters or fewer' })
  const kind = input.kind === 'monthly' || input.kind === 'themed' ? input.kind : null
  if (!kind) errors.push({ field: 'kind', message: 'Select monthly or themed' })
  const theme = (input.theme ?? '').trim() || null
  if (kind === 'themed' && !theme) errors.push({ field: 'theme', message: 'Enter the theme of a themed audit' })
  const month = (input.month ?? '').trim() || null
  if (kind === 'monthly' && (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))) errors.push({ field: 'month', message: 'Enter the month as YYYY-MM, for example 2026-11' })
  const basis = input.basis === 'team' || input.basis === 'worker' || input.basis === 'manual' ? input.basis : null
  if (!basis) errors.push({ field: 'basis', message: 'Select how cases are chosen' })
  const teamId = (input.teamId ?? '').trim() || null
  const workerId = (input.workerId ?? '').trim() || null
  if (basis === 'team' && !teamId) errors.push({ field: 'teamId', message: 'Select the team to sample from' })
  if (basis === 'worker' && !workerId) errors.push({ field: 'workerId', message: 'Select the worker whose cases are sampled' })
  const size = wholeNumber(input.sampleSize)
  if (basis !== 'manual' && (size === null || size === 'bad' || size < 1 || size > 50)) errors.push({ field: 'sampleSize', message: 'Enter how many cases to sample, from 1 to 50' })
  const status = (CASE_STATUSES as readonly string[]).includes(input.status ?? '') ? (input.status as CaseStatusFilter) : 'any'
  const minAge = wholeNumber(input.minAgeDays)
  const maxAge = wholeNumber(input.maxAgeDays)
  if (minAge === 'bad') errors.push({ field: 'minAgeDays', message: 'Enter the minimum age of a case as a whole number of days' })
  if (maxAge === 'bad') errors.push({ field: 'maxAgeDays', message: 'Enter the maximum age of a case as a whole number of days' })
  if (typeof minAge === 'number' && typeof maxAge === 'number' && minAge > maxAge) errors.push({ field: 'maxAgeDays', message: 'The maximum age must be the same as or more than the minimum' })
  const personRefs = [...new Set((input.personRefs ?? '').split(/[\s,]+/).map((r) => r.trim().toUpperCase()).filter(Boolean))]
  if (basis === 'manual' && personRefs.length === 0) errors.push({ field: 'personRefs', message: 'Enter the person reference of each case to audit, for example P000123' })
  if (personRefs.length > 50) errors.push({ field: 'personRefs', message: 'Pick 50 cases or fewer' })
  const bad = personRefs.find((r) => !/^P\d{6}$/.test(r))
  if (basis === 'manual' && bad) errors.push({ field: 'personRefs', message: `"${bad}" is not a person reference: they look like P000123` })
  const auditorUserId = (input.auditorUserId ?? '').trim()
  if (!auditorUserId) errors.push({ field: 'auditorUserId', message: 'Select the auditor' })
  const toolVersionId = (input.toolVersionId ?? '').trim()
  if (!toolVersionId) errors.push({ field: 'toolVersionId', message: 'Select the audit tool' })
  const mod = wholeNumber(input.moderationPercent)
  if (mod === 'bad' || (typeof mod === 'number' && mod > 100)) errors.push({ field: 'moderationPercent', message: 'Enter the share to moderate as a percentage from 0 to 100' })
  if (errors.length || !kind || !basis) return fail(errors)
  return ok({
    title,
    kind,
    theme,
    month: kind === 'monthly' ? month : null,
    basis,
    teamId: basis === 'team' ? teamId : null,
    workerId: basis === 'worker' ? workerId : null,
    sampleSize: basis === 'manual' ? personRefs.length : (size as number),
    filters: { status, minAgeDays: minAge as number | null, maxAgeDays: maxAge as number | null },
    personRefs: basis === 'manual' ? personRefs : [],
    auditorUserId,
    toolVersionId,
    allowOwnTeam: input.allowOwnTeam === 'yes',
    moderationPercent: typeof mod === 'number' ? mod : 20,
  })
}
