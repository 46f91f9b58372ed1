/**
 * The CIN census return as data (DfE Children in Need census, 2025-26 specification;
 * ../shared/specs/cin-census/SPEC.md section b). Every value is kept as the text that is (or would be)
 * in the XML, so the same model holds Harbour's own return and any file read from disk, however wrong:
 * the validator, not the type system, decides what is acceptable. `undefined` means the element is absent.
 */
import type { IsoDate } from '../../shared/dates.ts'

export type CinCensusHeader = {
  collection?: string
  year?: string
  referenceDate?: string
  sources: CinCensusSource[]
}

export type CinCensusSource = {
  sourceLevel?: string
  lea?: string
  softwareCode?: string
  release?: string
  serialNo?: string
  dateTime?: string
}

export type CinCensusChild = {
  /** 1-based line in the file where the <Child> element starts (files read from disk only). */
  line?: number
  laChildId?: string
  upn?: string
  formerUpn?: string
  upnUnknown?: string
  personBirthDate?: string
  expectedPersonBirthDate?: string
  sex?: string
  personDeathDate?: string
  ethnicity?: string
  /** undefined: no <Disabilities> element; [] an empty one (a schema error). */
  disabilities?: string[]
  episodes: CinCensusEpisode[]
}

/** One CINdetails: a referral and the episode of need that followed it. */
export type CinCensusEpisode = {
  line?: number
  cinReferralDate?: string
  referralSource?: string
  primaryNeedCode?: string
  cinClosureDate?: string
  reasonForClosure?: string
  dateOfInitialCpc?: string
  /** 'true' | 'false' | '1' | '0' in a valid file. */
  referralNfa?: string
  assessments: CinCensusAssessment[]
  cinPlans: CinCensusCinPlan[]
  section47s: CinCensusSection47[]
  cpPlans: CinCensusCpPlan[]
}

export type CinCensusAssessment = {
  actualStartDate?: string
  internalReviewDate?: string
  authorisationDate?: string
  /** undefined: no <FactorsIdentifiedAtAssessment> element. */
  factors?: string[]
}

export type CinCensusCinPlan = { startDate?: string; endDate?: string }

export type CinCensusSection47 = {
  actualStartDate?: string
  initialCpcTarget?: string
  dateOfInitialCpc?: string
  icpcNotRequired?: string
}

export type CinCensusCpPlan = {
  startDate?: string
  endDate?: string
  initialCategoryOfAbuse?: string
  latestCategoryOfAbuse?: string
  numberOfPreviousCpp?: string
  /** undefined: no <Reviews> element. */
  reviewDates?: string[]
}

export type CinCensusReturn = {
  header: CinCensusHeader
  children: CinCensusChild[]
}

// ---------------------------------------------------------------- validation results

export type CinRuleSeverity = 'error' | 'query'

/** One failure of one validation rule at one place in the return. */
export type CinRuleFailure = {
  /** The DfE rule code as published, e.g. '8610', '2886Q'. */
  rule: string
  severity: CinRuleSeverity
  /** The child's LAchildID (absent for header and return-level rules, or when the ID itself is missing). */
  laChildId?: string
  /** 0-based position of the child in the return, so a child with no ID can still be found. */
  childIndex?: number
  /** 0-based position of the CINdetails within the child, when the rule is about an episode. */
  episodeIndex?: number
  /** The XML element the failure is about, e.g. 'PrimaryNeedCode'. */
  field: string
  /**
   * Every element the failure involves, `field` first (e.g. ['AssessmentActualStartDate', 'CINreferralDate']),
   * as the reference validator reports them; absent means `field` alone.
   */
  locations?: string[]
  /** Plain English, for the person who has to fix it. */
  message: string
  /** Line in the file, when read from disk. */
  line?: number
}

/** A rule as published: its code, severity, the fields it reads and its one-line description. */
export type CinRule = {
  code: string
  severity: CinRuleSeverity
  area: 'header' | 'child' | 'characteristics' | 'episode' | 'assessment' | 'cin_plan' | 'section47' | 'cp_plan' | 'return'
  description: string
}

/** The census period, inclusive: ReferenceDate − 1 year + 1 day … ReferenceDate. */
export type CinCensusPeriod = { start: IsoDate; end: IsoDate }
