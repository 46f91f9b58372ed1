/**
 * What Harbour holds about a child that the CIN census is built from: one row per record, dates as
 * 'YYYY-MM-DD', exactly as stored (today's values). `buildCinCensus` turns these into the return as
 * it stood on the reference date, so a past year's return can be produced at any time.
 */
import type { IsoDate } from '../../shared/dates.ts'

export type CensusPersonFacts = {
  personId: string
  /** Harbour's person reference (e.g. P004127): the LAchildID. */
  personRef: string
  upn: string | null
  /** CIN census UPNunknown UN1–UN7 as recorded on the person, if any. */
  upnUnknownReason: string | null
  dateOfBirth: IsoDate | null
  isUnborn: boolean
  expectedDateOfBirth: IsoDate | null
  dateOfDeath: IsoDate | null
  /** M | F | U */
  sex: string
  ethnicityCode: string | null
  /** CIN census disability codes (NONE, MOB, …); [] when nothing recorded. */
  disabilities: string[]
  referrals: CensusReferralFacts[]
}

export type CensusReferralFacts = {
  referralId: string
  referralRef: string
  referralDate: IsoDate
  /** CIN census referral source 1A…10. */
  sourceCode: string
  primaryNeedCode: string | null
  closedOn: IsoDate | null
  /** RC1–RC9 */
  closureReason: string | null
  assessments: CensusAssessmentFacts[]
  section47s: CensusSection47Facts[]
  conferences: CensusConferenceFacts[]
  cinPlans: CensusCinPlanFacts[]
  cpPlans: CensusCpPlanFacts[]
}

export type CensusAssessmentFacts = {
  assessmentId: string
  assessmentRef: string
  /** initial | core | single */
  kind: string
  startDate: IsoDate
  /** The authorisation date (AssessmentAuthorisationDate); null while not authorised. */
  completedOn: IsoDate | null
  factors: string[]
}

export type CensusSection47Facts = {
  section47Id: string
  startDate: IsoDate
  icpcTargetDate: IsoDate
  /** open | outcome_recorded | returned | authorised */
  status: string
  /** The date the outcome was authorised: the enquiry's end. */
  authorisedOn: IsoDate | null
  /** false: the manager authorised "conference not required" (ICPCnotRequired). */
  icpcRequired: boolean | null
}

export type CensusConferenceFacts = {
  conferenceId: string
  /** initial | review | transfer_in */
  type: string
  section47Id: string | null
  cpPlanId: string | null
  /** scheduled | held */
  status: string
  heldOn: IsoDate | null
  /** plan | no_plan | continue | change_category | end_plan */
  decision: string | null
  /** NEG | PHY | SAB | EMO | MUL */
  categories: string[]
}

export type CensusCinPlanFacts = { cinPlanId: string; startDate: IsoDate; endDate: IsoDate | null }

export type CensusCpPlanFacts = {
  cpPlanId: string
  startConferenceId: string
  startDate: IsoDate
  endDate: IsoDate | null
  endConferenceId: string | null
  initialCategories: string[]
  latestCategories: string[]
  numberOfPreviousPlans: number
}
