/** Where to fix a data-quality failure: the page that holds the field the CIN census rule is about. */
import type { DataQualityIssueRow } from '../../db/repositories/dataQuality.ts'

const PERSON_FIELDS = new Set(['LAchildID', 'UPN', 'FormerUPN', 'UPNunknown', 'PersonBirthDate', 'ExpectedPersonBirthDate', 'Sex', 'PersonDeathDate', 'Ethnicity', 'Disabilities', 'Disability'])
const ASSESSMENT_FIELDS = new Set(['PrimaryNeedCode', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate', 'AssessmentFactors', 'FactorsIdentifiedAtAssessment'])
const CP_FIELDS = new Set(['CPPstartDate', 'CPPendDate', 'InitialCategoryOfAbuse', 'LatestCategoryOfAbuse', 'NumberOfPreviousCPP', 'CPPreviewDate', 'Reviews'])
const CIN_PLAN_FIELDS = new Set(['CINPlanStartDate', 'CINPlanEndDate'])
const S47_FIELDS = new Set(['S47ActualStartDate', 'InitialCPCtarget', 'DateOfInitialCPC', 'ICPCnotRequired'])
const CLOSURE_FIELDS = new Set(['CINclosureDate', 'ReasonForClosure'])

export type FixLink = { href: string; text: string }

export function fixLinkFor(i: Pick<DataQualityIssueRow, 'personId' | 'field' | 'assessmentId' | 'referralId'>): FixLink {
  const base = `/people/${i.personId}`
  if (PERSON_FIELDS.has(i.field)) return { href: `${base}/edit`, text: 'Amend the child’s details' }
  // Before an assessment records it, the primary need is recorded on the referral.
  if (i.field === 'PrimaryNeedCode' && !i.assessmentId && i.referralId) return { href: `${base}/referrals/${i.referralId}/primary-need`, text: 'Record the primary need' }
  if (ASSESSMENT_FIELDS.has(i.field)) return i.assessmentId ? { href: `${base}/assessments/${i.assessmentId}`, text: 'Open the assessment' } : { href: `${base}/assessments`, text: 'Open the assessments' }
  if (CP_FIELDS.has(i.field)) return { href: `${base}/cp-plan`, text: 'Open the child protection plan' }
  if (CIN_PLAN_FIELDS.has(i.field)) return { href: `${base}/cin-plans`, text: 'Open the child in need plans' }
  if (S47_FIELDS.has(i.field)) return { href: `${base}/chronology?filter=child-protection`, text: 'Open the child protection records' }
  if (CLOSURE_FIELDS.has(i.field)) return { href: `${base}/closure`, text: 'Open the case closure' }
  return { href: base, text: 'Open the child’s record' }
}
