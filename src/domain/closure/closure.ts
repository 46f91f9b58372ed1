/**
 * Closing a child's case (the CIN episode opened by the referral): the worker proposes with a CIN census
 * reason (RC1–RC9) and a closing summary, the manager authorises — "management oversight evident on file"
 * (REFERENCE §1.3 Closure, §6). The rules here refuse closures that contradict the record.
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { formatDate, isValidIsoDate, type IsoDate } from '../shared/dates.ts'

export const CLOSURE_REASON = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order (was residence order)',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care',
  RC7: 'Services ceased for any other reason, including the child no longer being in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
} as const
export type ClosureReason = keyof typeof CLOSURE_REASON
export const isClosureReason = (s: string | undefined): s is ClosureReason => s !== undefined && Object.prototype.hasOwnProperty.call(CLOSURE_REASON, s)

export const MAX_CLOSURE_TEXT = 10_000
export const MAX_INFORMED_HOW = 500

/** An assessment on the referral being closed, as the closure rules need it. */
export type AssessmentFact = { assessmentRef: string; status: string; outcome: string | null; completedOn: IsoDate | null }

/**
 * Assessment outcomes that mean the child needs continuing services or protection: closing "no further
 * action" (RC8) contradicts them. Matched on the outcome code's words, so both short codes (cin_plan) and
 * longer ones (child_in_need_plan, strategy_discussion, looked_after, s47) are recognised.
 */
const OUTCOMES_NEEDING_SERVICES: Readonly<Record<string, string>> = {
  // src/domain/assessments/codes.ts ASSESSMENT_OUTCOME
  cin_plan: 'a child in need plan',
  strategy_discussion: 'a strategy discussion',
  looked_after: 'the child becoming looked after',
  core_assessment: 'a core assessment to follow',
}

export function outcomeNeedsServices(outcome: string | null): string | null {
  if (!outcome) return null
  const known = OUTCOMES_NEEDING_SERVICES[outcome]
  if (known) return known
  const o = outcome.toLowerCase()
  if (/nfa|no_further|early_help|step_down|information|advice/.test(o)) return null
  if (/strategy|s47|section_47|child_protection|cp_plan|icpc/.test(o)) return 'a strategy discussion'
  if (/looked_after|^lac$|accommodat|care_proceedings/.test(o)) return 'the child becoming looked after'
  if (/cin|child_in_need|services|s17|plan/.test(o)) return 'a child in need plan'
  return null
}

export type ClosureFacts = {
  today: IsoDate
  referralDate: IsoDate
  referralRef: string
  dateOfDeath: IsoDate | null
  assessments: readonly AssessmentFact[]
  /** The child has an open child protection plan: only a conference ends it, so the case cannot close. */
  openChildProtectionPlan: boolean
  /** The child's open child in need plan (its start date), if any: it must end before the case closes. */
  openCinPlanSince?: IsoDate | null | undefined
  /**
   * What the episode (the referral being closed) holds (CIN census 2990: RC8/RC9 are refused when the
   * episode has a section 47 enquiry, a child protection plan, an initial conference or a CIN plan).
   */
  episode?: { section47: boolean; icpc: boolean; cpPlan: boolean; cinPlan: boolean } | undefined
}

/** "a section 47 enquiry, a child protection plan and a child in need plan" */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** The rules that make a closure reason consistent with the record; checked at proposal and again at authorisation. */
export function closureConsistency(reason: ClosureReason, facts: ClosureFacts): FieldError[] {
  const errors: FieldError[] = []
  const unfinished = facts.assessments.find((a) => a.status !== 'authorised')
  if (unfinished) {
    const state = unfinished.status === 'submitted' ? 'awaiting authorisation' : 'in progress'
    errors.push({ field: 'reasonCode', message: `Finish assessment ${unfinished.assessmentRef} first: it is ${state}, and a case cannot close while an assessment is open` })
  }
  const authorised = facts.assessments.filter((a) => a.status === 'authorised').sort((a, b) => (a.completedOn ?? '').localeCompare(b.completedOn ?? ''))
  const latest = authorised[authorised.length - 1]
  if ((reason === 'RC8' || reason === 'RC9') && !latest && !unfinished) {
    errors.push({ field: 'reasonCode', message: `${reason} is for closing after an assessment, and no assessment on referral ${facts.referralRef} has been authorised. Choose another reason, or complete an assessment first` })
  }
  if (reason === 'RC8' && latest) {
    const needs = outcomeNeedsServices(latest.outcome)
    if (needs) errors.push({ field: 'reasonCode', message: `Assessment ${latest.assessmentRef} concluded with ${needs}: closing with no further action (RC8) contradicts it` })
  }
  if (facts.openChildProtectionPlan) {
    errors.push({ field: 'reasonCode', message: 'The child has an open child protection plan: only a child protection conference can end it. Record the review conference’s decision to end the plan before closing the case' })
  }
  if (facts.openCinPlanSince) {
    errors.push({ field: 'reasonCode', message: `The child has an open child in need plan (from ${formatDate(facts.openCinPlanSince)}): end the plan before closing the case` })
  }
  if ((reason === 'RC8' || reason === 'RC9') && facts.episode) {
    const held = [
      facts.episode.section47 ? 'a section 47 enquiry' : null,
      facts.episode.icpc ? 'an initial child protection conference' : null,
      facts.episode.cpPlan ? 'a child protection plan' : null,
      facts.episode.cinPlan ? 'a child in need plan' : null,
    ].filter((x): x is string => x !== null)
    if (held.length)
      errors.push({ field: 'reasonCode', message: `${reason} is for closing after an assessment only, and referral ${facts.referralRef} had ${listOf(held)}. Choose another reason, such as RC7 (services ceased)` })
  }
  if (reason === 'RC2' && !facts.dateOfDeath) {
    errors.push({ field: 'reasonCode', message: 'Record the date of death on the child’s record before closing with RC2 (died)' })
  }
  return errors
}

export type InformedInput = { referrerInformedOn?: string | undefined; referrerInformedHow?: string | undefined; familyInformedOn?: string | undefined; familyInformedHow?: string | undefined }
export type Informed = { referrerInformedOn: IsoDate | null; referrerInformedHow: string | null; familyInformedOn: IsoDate | null; familyInformedHow: string | null }

function informedOne(errors: FieldError[], who: 'referrer' | 'family', on: string | undefined, how: string | undefined, facts: { today: IsoDate; referralDate: IsoDate }): [IsoDate | null, string | null] {
  const label = who === 'referrer' ? 'the referrer' : 'the family'
  const onField = `${who}InformedOn`
  const howField = `${who}InformedHow`
  const d = (on ?? '').trim()
  const h = (how ?? '').trim()
  let date: IsoDate | null = null
  if (d) {
    if (d === 'invalid' || !isValidIsoDate(d)) errors.push({ field: onField, message: `The date ${label} was told must be a real date, like 14 3 2026` })
    else if (d > facts.today) errors.push({ field: onField, message: `The date ${label} was told cannot be in the future` })
    else if (d < facts.referralDate) errors.push({ field: onField, message: `The date ${label} was told cannot be before the referral (${formatDate(facts.referralDate)})` })
    else date = d
  }
  if (h.length > MAX_INFORMED_HOW) errors.push({ field: howField, message: `How ${label} was told must be ${MAX_INFORMED_HOW} characters or fewer` })
  if (d && !h) errors.push({ field: howField, message: `Say how ${label} was told, for example by letter or phone` })
  if (h && !d) errors.push({ field: onField, message: `Enter the date ${label} was told` })
  return [date, h || null]
}

/** Who was told about the closure, and how: optional when proposing, can be added or corrected later. */
export function validateInformed(input: InformedInput, facts: { today: IsoDate; referralDate: IsoDate }): Result<Informed> {
  const errors: FieldError[] = []
  const [referrerInformedOn, referrerInformedHow] = informedOne(errors, 'referrer', input.referrerInformedOn, input.referrerInformedHow, facts)
  const [familyInformedOn, familyInformedHow] = informedOne(errors, 'family', input.familyInformedOn, input.familyInformedHow, facts)
  if (errors.length) return fail(errors)
  return ok({ referrerInformedOn, referrerInformedHow, familyInformedOn, familyInformedHow })
}

export type ClosureProposalInput = InformedInput & { reasonCode?: string | undefined; summary?: string | undefined }
export type ValidClosureProposal = Informed & { reasonCode: ClosureReason; summary: string }

export function validateClosureProposal(input: ClosureProposalInput, facts: ClosureFacts): Result<ValidClosureProposal> {
  const errors: FieldError[] = []
  const reason = input.reasonCode
  if (!reason) errors.push({ field: 'reasonCode', message: 'Select the reason for closing the case' })
  else if (!isClosureReason(reason)) errors.push({ field: 'reasonCode', message: 'Select a closure reason from the list' })
  const summary = (input.summary ?? '').trim()
  if (!summary) errors.push({ field: 'summary', message: 'Enter the closing summary' })
  else if (summary.length > MAX_CLOSURE_TEXT) errors.push({ field: 'summary', message: `The closing summary must be ${MAX_CLOSURE_TEXT.toLocaleString('en-GB')} characters or fewer (it is ${summary.length.toLocaleString('en-GB')})` })
  const informed = validateInformed(input, facts)
  if (!informed.ok) errors.push(...informed.errors)
  if (isClosureReason(reason)) errors.unshift(...closureConsistency(reason, facts))
  if (errors.length || !informed.ok) return fail(errors)
  return ok({ reasonCode: reason as ClosureReason, summary, ...informed.value })
}

export type PendingClosure = { status: string; proposedBy: string; reasonCode: ClosureReason }

/**
 * The manager's authorisation: someone other than the proposer, of a closure still awaiting a decision,
 * dated today (London) which cannot be before the referral; the reason must still fit the record.
 */
export function checkAuthorisation(c: PendingClosure, actorUserId: string, facts: ClosureFacts): Result<{ closureDate: IsoDate }> {
  const errors: FieldError[] = []
  if (c.proposedBy === actorUserId) errors.push({ field: 'decision', message: 'You cannot authorise a closure you proposed: another manager must authorise it' })
  if (facts.today < facts.referralDate) errors.push({ field: 'decision', message: `The closure date cannot be before the referral date (${formatDate(facts.referralDate)})` })
  errors.push(...closureConsistency(c.reasonCode, facts).map((e) => ({ ...e, field: 'decision' })))
  if (errors.length) return fail(errors)
  return ok({ closureDate: facts.today })
}

/** Returning a proposal to the worker needs comments saying what to change. */
export function validateReturnComments(comments: string | undefined): Result<string> {
  const c = (comments ?? '').trim()
  if (!c) return fail([{ field: 'comments', message: 'Enter your comments: say what the worker needs to do before the case can close' }])
  if (c.length > MAX_CLOSURE_TEXT) return fail([{ field: 'comments', message: `Comments must be ${MAX_CLOSURE_TEXT.toLocaleString('en-GB')} characters or fewer` }])
  return ok(c)
}
