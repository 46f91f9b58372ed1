/**
 * The management-information indicators (issue 8), each with the definition shown beside it on the
 * dashboard (REFERENCE §5). Statutory sources are named per indicator; "local" means the measure is the
 * council's own practice, not a national return. Pure data: the figures are computed elsewhere.
 */
export const INDICATOR_IDS = [
  'contacts',
  'contacts_decided_in_1wd',
  'contacts_to_referral',
  'referrals',
  're_referrals_12m',
  'assessments_completed',
  'assessments_in_timescale',
  'assessments_open',
  'assessments_overdue',
  'assessments_child_seen_alone',
  'section47s',
  'icpcs_in_15wd',
  'cp_children',
  'cp_rate_per_10000',
  'cp_by_category',
  'cp_lasting_2_years',
  'cp_second_or_subsequent',
  'cp_visits_in_timescale',
  'unallocated_children',
  'unallocated_days_waiting',
  'caseloads_over_limit',
  'supervision_in_timescale',
] as const
export type IndicatorId = (typeof INDICATOR_IDS)[number]
export const isIndicatorId = (s: unknown): s is IndicatorId => typeof s === 'string' && (INDICATOR_IDS as readonly string[]).includes(s)

/** How a figure is expressed: a count, a percentage (one decimal place), a rate per 10,000 children, a number of days, or a mean. */
export type IndicatorKind = 'count' | 'percent' | 'rate_per_10000' | 'days' | 'average'

/** The dashboard's sections, in page order. */
export const INDICATOR_GROUPS = Object.freeze(['Front door', 'Assessment', 'Child protection', 'Workforce and allocation'] as const)
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number]

export type IndicatorDefinition = {
  readonly id: IndicatorId
  /** Plain-English name, e.g. "Contacts decided within 1 working day". */
  readonly title: string
  /** What is counted, over what, and when: shown under the figure. */
  readonly definition: string
  /** What is counted on top and underneath, for percentages, rates and averages; null for a count. */
  readonly numerator: string | null
  readonly denominator: string | null
  readonly kind: IndicatorKind
  /** Whether a higher or lower figure is better; null where neither is (volumes, conversion). */
  readonly better: 'higher' | 'lower' | null
  /** The statutory or national source of the measure, or "Local measure". */
  readonly source: string
  /** Whether a month-by-month trend makes sense (false for figures that exist only "as at today"). */
  readonly trend: boolean
  /** Measured at a date (the end of the period, or of each month) rather than over the period. */
  readonly snapshot: boolean
  readonly group: IndicatorGroup
}

type Spec = Omit<IndicatorDefinition, 'id' | 'numerator' | 'denominator'> & { numerator?: string; denominator?: string }

// Working days throughout are Monday to Friday excluding bank holidays in England and Wales, as the
// DfE timeliness measures count them (src/domain/calendar/workingDays.ts).
const SPECS: Record<IndicatorId, Spec> = {
  // ------------------------------------------------------------------ Front door
  contacts: {
    title: 'Contacts received',
    definition: 'Children on contacts received by the front door in the period, counted by the date the contact arrived; a contact about three brothers and sisters counts three. A contact is any request for help or concern about a child, before anyone decides whether it becomes a referral.',
    kind: 'count',
    better: null,
    // Contacts are not in the CIN census; Ofsted's Annex A List 1 lists them child by child.
    source: 'Ofsted Annex A List 1 (contacts); local front-door measure',
    trend: true,
    snapshot: false,
    group: 'Front door',
  },
  contacts_decided_in_1wd: {
    title: 'Contacts decided within 1 working day',
    definition: 'Contacts decided in the period whose decision was made by the end of the next working day after they arrived, as a share of all contacts decided in the period (each child on a contact counts once).',
    numerator: 'Contacts decided in the period with the decision made no later than 1 working day after the contact arrived',
    denominator: 'Contacts decided in the period',
    kind: 'percent',
    better: 'higher',
    // Working Together: a decision on the type of response within one working day of receipt.
    source: 'Working Together to Safeguard Children (decision within 1 working day); local measure',
    trend: true,
    snapshot: false,
    group: 'Front door',
  },
  contacts_to_referral: {
    title: 'Contacts that became referrals',
    definition: 'Contacts decided in the period whose outcome was a referral to children’s social care (including those going straight to a strategy discussion), as a share of all contacts decided in the period. Neither high nor low is better: it shows how the front door filters demand.',
    numerator: 'Contacts decided in the period whose outcome was a referral to children’s social care or a strategy discussion',
    denominator: 'Contacts decided in the period',
    kind: 'percent',
    better: null,
    source: 'Local front-door (MASH) measure',
    trend: true,
    snapshot: false,
    group: 'Front door',
  },
  referrals: {
    title: 'Referrals',
    definition: 'Referrals to children’s social care in the period, counted by referral date. A child referred twice in the period counts twice.',
    kind: 'count',
    better: null,
    source: 'DfE Characteristics of children in need (CIN census ReferralDate)',
    trend: true,
    snapshot: false,
    group: 'Front door',
  },
  re_referrals_12m: {
    title: 'Re-referrals within 12 months',
    definition: 'Referrals in the period where the same child had a previous referral dated within the 12 months before, as a share of all referrals in the period.',
    numerator: 'Referrals in the period where the child had a previous referral dated 12 months or less before this one',
    denominator: 'Referrals in the period',
    kind: 'percent',
    better: 'lower',
    // DfE: "a re-referral occurs when a child is referred within 12 months of a previous referral".
    source: 'DfE Characteristics of children in need (re-referrals within 12 months)',
    trend: true,
    snapshot: false,
    group: 'Front door',
  },

  // ------------------------------------------------------------------ Assessment
  assessments_completed: {
    title: 'Assessments completed',
    definition: 'Assessments authorised by a manager in the period, counted by authorisation date, under every framework (single, initial and core assessments).',
    kind: 'count',
    better: null,
    source: 'DfE Characteristics of children in need (CIN census AssessmentAuthorisationDate)',
    trend: true,
    snapshot: false,
    group: 'Assessment',
  },
  assessments_in_timescale: {
    title: 'Assessments completed within timescale',
    definition: 'Assessments authorised in the period on or before their due date, as a share of all assessments authorised in the period. A single assessment is due 45 working days after the referral; under earlier frameworks an initial assessment 7 or 10 working days after the referral and a core assessment 35 working days after it started.',
    numerator: 'Assessments authorised in the period on or before their due date',
    denominator: 'Assessments authorised in the period',
    kind: 'percent',
    better: 'higher',
    // Working Together 2013–2023: 45 working days; NI 59 (initial, 7 then 10 WD) and NI 60 (core, 35 WD).
    source: 'Working Together to Safeguard Children (45 working days); DfE Characteristics of children in need; NI 59 and NI 60',
    trend: true,
    snapshot: false,
    group: 'Assessment',
  },
  assessments_open: {
    title: 'Open assessments',
    definition: 'Assessments started and not yet authorised at the end of the period (today, for a period that runs to today; for the monthly trend, at the end of each month): the work in progress.',
    kind: 'count',
    better: null,
    source: 'Local work-in-progress measure',
    trend: true,
    snapshot: true,
    group: 'Assessment',
  },
  assessments_overdue: {
    title: 'Open assessments past their due date',
    definition: 'Assessments still open at the end of the period (for the monthly trend, at the end of each month) whose due date had already passed, as a share of all assessments open at that date.',
    numerator: 'Open assessments whose due date is before the end of the period',
    denominator: 'Assessments open at the end of the period',
    kind: 'percent',
    better: 'lower',
    source: 'Local work-in-progress measure',
    trend: true,
    snapshot: true,
    group: 'Assessment',
  },
  assessments_child_seen_alone: {
    title: 'Children seen alone during assessment',
    definition: 'Assessments authorised in the period in which the child was recorded as seen alone at least once, as a share of all assessments authorised in the period.',
    numerator: 'Assessments authorised in the period where the child was seen alone at least once',
    denominator: 'Assessments authorised in the period',
    kind: 'percent',
    better: 'higher',
    // Annex A List 4 records whether the child was seen during the assessment.
    source: 'Ofsted Annex A List 4 (assessments); local measure',
    trend: true,
    snapshot: false,
    group: 'Assessment',
  },

  // ------------------------------------------------------------------ Child protection
  section47s: {
    title: 'Section 47 enquiries started',
    definition: 'Section 47 enquiries (Children Act 1989) started in the period, counted by the date the enquiry started.',
    kind: 'count',
    better: null,
    source: 'DfE Characteristics of children in need (CIN census S47ActualStartDate)',
    trend: true,
    snapshot: false,
    group: 'Child protection',
  },
  icpcs_in_15wd: {
    title: 'Initial child protection conferences within 15 working days',
    definition: 'Initial child protection conferences held in the period within 15 working days of the strategy discussion that started the section 47 enquiry, as a share of all initial conferences held in the period. Transfer-in conferences are not counted.',
    numerator: 'Initial conferences held in the period no later than 15 working days after the strategy discussion',
    denominator: 'Initial conferences held in the period (not transfer-in conferences)',
    kind: 'percent',
    better: 'higher',
    // Working Together: ICPC within 15 working days of the strategy discussion; CIN census DateOfInitialCPC.
    source: 'Working Together to Safeguard Children (15 working days); DfE Characteristics of children in need',
    trend: true,
    snapshot: false,
    group: 'Child protection',
  },
  cp_children: {
    title: 'Children on a child protection plan',
    definition: 'Children subject of a child protection plan at the end of the period (for a monthly trend, at the end of each month; for the current month, today).',
    kind: 'count',
    better: null,
    // DfE counts children on a plan at 31 March.
    source: 'DfE Characteristics of children in need (CIN census CPPstartDate and CPPendDate)',
    trend: true,
    snapshot: true,
    group: 'Child protection',
  },
  cp_rate_per_10000: {
    title: 'Child protection plans per 10,000 children',
    definition: 'Children subject of a child protection plan at the end of the period for every 10,000 children aged under 18 living in the area, using the child population the council has configured.',
    numerator: 'Children subject of a child protection plan at the end of the period',
    denominator: 'Children aged 0 to 17 in the area (ONS mid-year estimate, as configured), per 10,000',
    kind: 'rate_per_10000',
    better: null,
    source: 'DfE Characteristics of children in need (rate per 10,000 children at 31 March)',
    trend: true,
    snapshot: true,
    group: 'Child protection',
  },
  cp_by_category: {
    title: 'Child protection plans by category of abuse',
    definition: 'Children subject of a child protection plan at the end of the period, by the latest category of abuse on their plan: neglect, physical, emotional, sexual or multiple.',
    kind: 'count',
    better: null,
    source: 'DfE Characteristics of children in need (CIN census LatestCategoryOfAbuse)',
    trend: false,
    snapshot: true,
    group: 'Child protection',
  },
  cp_lasting_2_years: {
    title: 'Child protection plans lasting 2 years or more',
    definition: 'Children whose child protection plan ended in the period having lasted 2 years or more, as a share of all children whose plan ended in the period.',
    numerator: 'Children whose child protection plan ended in the period after lasting 2 years or more',
    denominator: 'Children whose child protection plan ended in the period',
    kind: 'percent',
    better: 'lower',
    // NI 64; DfE also reports open plans of 2 years or more at 31 March.
    source: 'NI 64; DfE Characteristics of children in need',
    trend: true,
    snapshot: false,
    group: 'Child protection',
  },
  cp_second_or_subsequent: {
    title: 'Second or subsequent child protection plans',
    definition: 'Children who became subject of a child protection plan in the period and had been subject of a plan before, at any time, as a share of all children who became subject of a plan in the period.',
    numerator: 'Children starting a child protection plan in the period who had a previous plan at any time',
    denominator: 'Children starting a child protection plan in the period',
    kind: 'percent',
    better: 'lower',
    // NI 65 counted any previous plan ("second or subsequent time"); CIN census NumberOfPreviousCPP.
    source: 'NI 65; DfE Characteristics of children in need (second or subsequent plans)',
    trend: true,
    snapshot: false,
    group: 'Child protection',
  },
  cp_visits_in_timescale: {
    title: 'Child protection visits in timescale',
    definition: 'Children on a child protection plan today whose statutory visit is not overdue, as a share of all children on a plan today. A visit is due at the interval set for the plan (every 10 working days unless the conference set another) after the last visit at which the child was seen, or the start of the plan; a re-planned date counts.',
    numerator: 'Children on a plan whose visit is not overdue',
    denominator: 'Children on a child protection plan today',
    kind: 'percent',
    better: 'higher',
    // The interval is set locally by the conference or plan; Annex A List 7 reports the last statutory visit.
    source: 'Local measure; Ofsted Annex A List 7 (date of last statutory visit)',
    trend: false,
    snapshot: true,
    group: 'Child protection',
  },

  // ------------------------------------------------------------------ Workforce and allocation
  unallocated_children: {
    title: 'Unallocated children',
    definition: 'Children with an open case who have no allocated social worker today.',
    kind: 'count',
    better: 'lower',
    // Not a national return: a recurring Ofsted inspection concern (2009–11 onwards).
    source: 'Local measure (Ofsted inspection concern)',
    trend: false,
    snapshot: true,
    group: 'Workforce and allocation',
  },
  unallocated_days_waiting: {
    title: 'Average days waiting for a social worker',
    definition: 'For the children unallocated today, the average number of calendar days since they were last without an allocated social worker (since the case opened or the last worker’s allocation ended).',
    numerator: 'Calendar days waited so far, added up over the unallocated children',
    denominator: 'Children unallocated today',
    kind: 'days',
    better: 'lower',
    source: 'Local measure (Ofsted inspection concern)',
    trend: false,
    snapshot: true,
    group: 'Workforce and allocation',
  },
  caseloads_over_limit: {
    title: 'Workers over their caseload limit',
    definition: 'Case-holding workers whose number of allocated children today is above their caseload limit (the council’s limit for their role and hours, lower when newly qualified, or their own), as a share of all case-holding workers.',
    numerator: 'Case-holding workers with more allocated children today than their caseload limit',
    denominator: 'Case-holding workers today',
    kind: 'percent',
    better: 'lower',
    // Limits are local; the DfE workforce census reports average caseload per worker at 30 September.
    source: 'Local caseload limits; DfE Children’s social work workforce (caseloads)',
    trend: false,
    snapshot: true,
    group: 'Workforce and allocation',
  },
  supervision_in_timescale: {
    title: 'Supervision in timescale',
    definition: 'Case-holding workers whose last supervision was within their required interval today (every 28 days, or 14 days in the first year of practice, unless a manager set another), as a share of all case-holding workers.',
    numerator: 'Case-holding workers whose last supervision was within their required interval',
    denominator: 'Case-holding workers today',
    kind: 'percent',
    better: 'higher',
    // Frequency is local policy (REFERENCE §1.3), not statute.
    source: 'Local supervision policy',
    trend: false,
    snapshot: true,
    group: 'Workforce and allocation',
  },
}

/** Every indicator's definition, keyed by id. */
export const INDICATORS: Readonly<Record<IndicatorId, IndicatorDefinition>> = Object.freeze(
  Object.fromEntries(
    INDICATOR_IDS.map((id) => {
      const s = SPECS[id]
      return [id, Object.freeze({ id, ...s, numerator: s.numerator ?? null, denominator: s.denominator ?? null })]
    }),
  ) as Record<IndicatorId, IndicatorDefinition>,
)

/** The indicators of one dashboard section, in INDICATOR_IDS order. */
export function indicatorsInGroup(group: IndicatorGroup): IndicatorDefinition[] {
  return INDICATOR_IDS.map((id) => INDICATORS[id]).filter((d) => d.group === group)
}
