/**
 * Code lists used on the person record. Ethnicity: the 20 national codes used by the CIN census, SSDA903
 * and Annex A (shared/domain/REFERENCE.md §6). Disability: the CIN census / SSD disability codes.
 */
export const ETHNICITY = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy/Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Caribbean',
  BAFR: 'African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const
export type EthnicityCode = keyof typeof ETHNICITY

export const SEX = { M: 'Male', F: 'Female', U: 'Not known' } as const
export type SexCode = keyof typeof SEX

export const DISABILITY = {
  /** Recorded as having no disability (CIN census NONE; never with another code, 8790). */
  NONE: 'No disability',
  AUT: 'Autism or Asperger syndrome',
  BEH: 'Behaviour',
  COMM: 'Communication',
  CON: 'Consciousness',
  DDA: 'Disabled under the DDA but not in another category',
  HAND: 'Hand function',
  HEAR: 'Hearing',
  INC: 'Incontinence',
  LD: 'Learning',
  MOB: 'Mobility',
  PC: 'Personal care',
  VIS: 'Vision',
} as const
export type DisabilityCode = keyof typeof DISABILITY

/**
 * CIN census UPNunknown (N00135): why a child has no unique pupil number. Wording after the DfE code set
 * as summarised in ../shared/specs/cin-census/SPEC.md [verify against the year's DfE guide].
 */
export const UPN_UNKNOWN = {
  UN1: 'Under 6 and not yet given a UPN',
  UN2: 'Never attended a state school in England',
  UN3: 'Educated outside England',
  UN4: 'Newly arrived in England, UPN not yet given',
  UN5: 'Sources disagree about the UPN',
  UN6: 'UPN not yet obtained by the council',
  UN7: 'Referral with no further action',
} as const
export type UpnUnknownCode = keyof typeof UPN_UNKNOWN

/**
 * Relationship types, each with the word read from the other side, so one stored row shows both ways
 * ("Ann is the parent of Leo" / "Leo is the child of Ann").
 */
export const RELATIONSHIP = {
  parent: { label: 'Parent', inverse: 'Child' },
  step_parent: { label: 'Step-parent', inverse: 'Step-child' },
  sibling: { label: 'Sibling', inverse: 'Sibling' },
  half_sibling: { label: 'Half-sibling', inverse: 'Half-sibling' },
  step_sibling: { label: 'Step-sibling', inverse: 'Step-sibling' },
  grandparent: { label: 'Grandparent', inverse: 'Grandchild' },
  aunt_uncle: { label: 'Aunt or uncle', inverse: 'Niece or nephew' },
  carer: { label: 'Carer', inverse: 'Cared-for child' },
  foster_carer: { label: 'Foster carer', inverse: 'Foster child' },
  partner: { label: "Parent's partner", inverse: "Partner's child" },
  household_member: { label: 'Household member', inverse: 'Household member' },
  other: { label: 'Other relationship', inverse: 'Other relationship' },
} as const
export type RelationshipType = keyof typeof RELATIONSHIP

export const PROFESSIONAL_ROLES = [
  'GP',
  'Health visitor',
  'School nurse',
  'Midwife',
  'Designated safeguarding lead (school)',
  'Teacher',
  'Police officer',
  'Probation officer',
  'CAMHS worker',
  'Youth worker',
  'Housing officer',
  'Early help worker',
  'Other',
] as const

export function isCode<T extends object>(list: T, value: string): value is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(list, value)
}
