/**
 * Ofsted ILACS Annex A coded values, written exactly as the Annex A template's drop-downs
 * (shared/specs/ofsted-annex-a/annex-a-columns.csv, from liia-tools' data-map.yml), and the mapping from
 * the codes Harbour stores (CIN census codes, REFERENCE §6) to them.
 */

/** Annex A Gender from person.sex (CIN census 2024-25 Sex M/F/U). "d) Neither" has no Harbour code. */
export const GENDER = { M: 'a) Male', F: 'b) Female', U: 'c) Not stated/recorded' } as const
export const GENDER_VALUES = ['b) Female', 'a) Male', 'c) Not stated/recorded', 'd) Neither'] as const

export function annexAGender(sex: string): string {
  return GENDER[sex as keyof typeof GENDER] ?? GENDER.U
}

/**
 * Annex A Ethnicity: the 20 CIN census codes with the template's letter. The template gives both REFU and
 * NOBT the letter "s)" (no "t)"); copied as it is, since Ofsted's workbook validates against these strings.
 */
export const ETHNICITY = {
  WBRI: 'a) WBRI',
  WIRI: 'b) WIRI',
  WIRT: 'c) WIRT',
  WOTH: 'd) WOTH',
  WROM: 'e) WROM',
  MWBC: 'f) MWBC',
  MWBA: 'g) MWBA',
  MWAS: 'h) MWAS',
  MOTH: 'i) MOTH',
  AIND: 'j) AIND',
  APKN: 'k) APKN',
  ABAN: 'l) ABAN',
  AOTH: 'm) AOTH',
  BCRB: 'n) BCRB',
  BAFR: 'o) BAFR',
  BOTH: 'p) BOTH',
  CHNE: 'q) CHNE',
  OOTH: 'r) OOTH',
  REFU: 's) REFU',
  NOBT: 's) NOBT',
} as const
export const ETHNICITY_VALUES: readonly string[] = Object.values(ETHNICITY)

/** Ethnicity may not be blank: nothing recorded is "information not yet obtained" (NOBT). */
export function annexAEthnicity(code: string | null): string {
  return (code && ETHNICITY[code as keyof typeof ETHNICITY]) || ETHNICITY.NOBT
}

/** Contact and referral source (CIN census ReferralSource) as the Annex A template words it. */
export const SOURCE = {
  '1A': 'a) 1A: Individual',
  '1B': 'b) 1B: Individual',
  '1C': 'c) 1C: Individual',
  '1D': 'd) 1D: Individual',
  '2A': 'e) 2A: Schools',
  '2B': 'f) 2B: Education services',
  '3A': 'g) 3A: Health services',
  '3B': 'h) 3B: Health services',
  '3C': 'i) 3C: Health services',
  '3D': 'j) 3D: Health services',
  '3E': 'k) 3E: Health services',
  '3F': 'l) 3F: Health services',
  '4': 'm) 4: Housing',
  '5A': 'n) 5A: LA services',
  '5B': 'o) 5B: LA services',
  '5C': 'p) 5C: LA services',
  '6': 'q) 6: Police',
  '7': 'r) 7: Other legal agency',
  '8': 's) 8: Other',
  '9': 't) 9: Anonymous',
  '10': 'u) 10: Unknown',
} as const
export const SOURCE_VALUES: readonly string[] = Object.values(SOURCE)

/**
 * 5D (LA early help) was added to the CIN census after this Annex A layout, which has no line for it:
 * reported as 5B (other internal LA services), where early help was counted before 5D existed.
 */
export function annexASource(code: string): string {
  if (code === '5D') return SOURCE['5B']
  return SOURCE[code as keyof typeof SOURCE] ?? SOURCE['10']
}

export const YES = 'a) Yes'
export const NO = 'b) No'
export const UNKNOWN = 'c) Unknown'
export const YES_NO_UNKNOWN = [YES, NO, UNKNOWN] as const
export const yesNo = (b: boolean): string => (b ? YES : NO)

/**
 * Disability (lists 4–7): any CIN census disability code other than NONE is "Yes". Harbour's person
 * record has no separate "not known": an empty list is what the CIN census reports as NONE, so "No".
 */
export function annexADisability(codes: readonly string[]): string {
  return codes.some((c) => c !== 'NONE') ? YES : NO
}

/** CIN census primary need (list 6), N0 "not stated" when none is recorded (the column may not be blank). */
export const PRIMARY_NEED = {
  N1: 'N1 - Abuse or neglect',
  N2: "N2 - Child's disability",
  N3: 'N3 - Parental disability or illness',
  N4: 'N4 - Family in acute stress',
  N5: 'N5 - Family dysfunction',
  N6: 'N6 - Socially unacceptable behaviour',
  N7: 'N7 - Low income',
  N8: 'N8 - Absent parenting',
  N9: 'N9 - Cases other than children in need',
  N0: 'N0 - Not stated',
} as const
export const PRIMARY_NEED_VALUES: readonly string[] = Object.values(PRIMARY_NEED)

export function annexAPrimaryNeed(code: string | null): string {
  return (code && PRIMARY_NEED[code as keyof typeof PRIMARY_NEED]) || PRIMARY_NEED.N0
}

/** CIN closure reasons as the Annex A template lists them (RC1–RC8). */
export const CLOSURE_REASON = {
  RC1: 'RC1 - Adopted',
  RC2: 'RC2 - Died',
  RC3: 'RC3 - Child arrangements order',
  RC4: 'RC4 - Special guardianship order',
  RC5: 'RC5 - Transferred to services of another local authority',
  RC6: 'RC6 - Transferred to adult social care services',
  RC7: 'RC7 - Services ceased for any other reason, including child no longer in need',
  RC8: 'RC8 - Case closed after assessment, no further action',
} as const
export const CLOSURE_REASON_VALUES: readonly string[] = Object.values(CLOSURE_REASON)

/**
 * RC9 (closed after assessment, referred to early help) came into the CIN census after this Annex A
 * layout, whose list stops at RC8: such closures were RC8 before RC9 existed, so they are reported as RC8.
 */
export function annexAClosureReason(code: string | null): string | null {
  if (!code) return null
  if (code === 'RC9') return CLOSURE_REASON.RC8
  return CLOSURE_REASON[code as keyof typeof CLOSURE_REASON] ?? null
}

export const CASE_STATUS = {
  lookedAfter: 'a) Looked after child',
  cpPlan: 'b) Child Protection plan',
  cinPlan: 'c) Child in need plan',
  openAssessment: 'd) Open assessment',
  closed: 'e) Closed episode',
} as const
export const CASE_STATUS_VALUES: readonly string[] = Object.values(CASE_STATUS)

/** CP plan category of abuse (CIN census NEG/PHY/SAB/EMO/MUL). */
export const ABUSE_CATEGORY = {
  NEG: 'a) Neglect',
  PHY: 'b) Physical abuse',
  SAB: 'c) Sexual abuse',
  EMO: 'd) Emotional abuse',
  MUL: 'e) Multiple/not recommended',
} as const
export const ABUSE_CATEGORY_VALUES: readonly string[] = Object.values(ABUSE_CATEGORY)

/** Annex A takes one category: a plan under more than one (Harbour allows several) is "Multiple". */
export function annexAAbuseCategory(codes: readonly string[]): string {
  const distinct = [...new Set(codes)]
  if (distinct.length === 1) return ABUSE_CATEGORY[distinct[0] as keyof typeof ABUSE_CATEGORY] ?? ABUSE_CATEGORY.MUL
  return ABUSE_CATEGORY.MUL
}
