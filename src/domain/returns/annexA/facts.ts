/**
 * What Annex A is built from: plain rows as Harbour holds them today, dates as 'YYYY-MM-DD'. The builder
 * (build.ts) applies the inclusion rules and reads every record "as at" the window's end, so a record
 * changed after the window (an assessment authorised later, a plan ended later) shows as it stood then.
 */
import type { IsoDate } from '../../shared/dates.ts'

/** The reporting window, both days included (Ofsted asks for usually the six months before the inspection). */
export type AnnexAWindow = { from: IsoDate; to: IsoDate }

export type AnnexAChildFacts = {
  personId: string
  /** Harbour's person reference: the Child Unique ID. */
  personRef: string
  /** M | F | U */
  sex: string
  ethnicityCode: string | null
  dateOfBirth: IsoDate | null
  isUnborn: boolean
  /** CIN census disability codes; [] when none recorded. */
  disabilities: readonly string[]
}

/** An allocated-worker allocation (role allocated_worker), with the worker's and team's names. */
export type AnnexAAllocationFacts = { personId: string; startDate: IsoDate; endDate: IsoDate | null; workerName: string; teamName: string }

/** One child on a contact. */
export type AnnexAContactFacts = { personId: string; contactRef: string; /** The date received, in England. */ receivedOn: IsoDate; sourceCode: string }

export type AnnexAReferralFacts = {
  referralId: string
  personId: string
  referralRef: string
  referralDate: IsoDate
  sourceCode: string
  primaryNeedCode: string | null
  closedOn: IsoDate | null
  closureReason: string | null
}

export type AnnexAAssessmentFacts = {
  assessmentId: string
  personId: string
  referralId: string
  assessmentRef: string
  startDate: IsoDate
  /** The authorisation date (null while not authorised). */
  completedOn: IsoDate | null
  outcome: string | null
  primaryNeedCode: string | null
  /** The days the child was seen during the assessment. */
  childSeenOn: readonly IsoDate[]
  workerName: string | null
  teamName: string | null
}

export type AnnexASection47Facts = {
  section47Id: string
  personId: string
  referralId: string
  /** The date of the strategy discussion that started it. */
  startDate: IsoDate
  /** The manager's authorisation of the outcome: the enquiry's end. */
  authorisedOn: IsoDate | null
  /** false: authorised as "conference not required" (CIN census ICPCnotRequired). */
  icpcRequired: boolean | null
  childSeenOn: IsoDate | null
  workerName: string | null
  teamName: string | null
}

/** A held child protection conference. */
export type AnnexAConferenceFacts = {
  conferenceId: string
  personId: string
  /** initial | review | transfer_in */
  type: string
  section47Id: string | null
  cpPlanId: string | null
  heldOn: IsoDate
  /** plan | no_plan | continue | change_category | end_plan */
  decision: string
  /** NEG | PHY | SAB | EMO | MUL */
  categories: readonly string[]
}

export type AnnexACpPlanFacts = {
  cpPlanId: string
  personId: string
  referralId: string
  startDate: IsoDate
  endDate: IsoDate | null
  initialCategories: readonly string[]
  /** Today's categories (the conference records below say when they changed). */
  latestCategories: readonly string[]
  /** CIN census NumberOfPreviousCPP, fixed when the plan started. */
  numberOfPreviousPlans: number
  leadWorkerName: string | null
}

export type AnnexACinPlanFacts = { cinPlanId: string; personId: string; referralId: string; startDate: IsoDate; endDate: IsoDate | null; workerName: string | null; teamName: string | null }

/** A statutory visit on a CP or CIN plan. */
export type AnnexAVisitFacts = { personId: string; cpPlanId: string | null; cinPlanId: string | null; visitDate: IsoDate; childSeen: boolean; seenAlone: boolean | null }

export type AnnexAFacts = {
  children: readonly AnnexAChildFacts[]
  allocations: readonly AnnexAAllocationFacts[]
  contacts: readonly AnnexAContactFacts[]
  referrals: readonly AnnexAReferralFacts[]
  assessments: readonly AnnexAAssessmentFacts[]
  section47s: readonly AnnexASection47Facts[]
  conferences: readonly AnnexAConferenceFacts[]
  cpPlans: readonly AnnexACpPlanFacts[]
  cinPlans: readonly AnnexACinPlanFacts[]
  visits: readonly AnnexAVisitFacts[]
}
