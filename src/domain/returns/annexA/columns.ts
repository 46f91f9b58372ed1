/**
 * The Annex A lists Harbour produces (1, 3, 4, 5, 6, 7), each column in the template's order with its
 * header exactly as Ofsted's workbook has it (shared/specs/ofsted-annex-a/annex-a-columns.csv, the
 * liia-tools layout of about 2019–2023). Lists 2 (early help) and 8–11 (looked after, care leavers,
 * adoption) need records Harbour does not hold yet.
 */
import { ABUSE_CATEGORY_VALUES, CASE_STATUS_VALUES, CLOSURE_REASON_VALUES, ETHNICITY_VALUES, GENDER_VALUES, PRIMARY_NEED_VALUES, SOURCE_VALUES, YES_NO_UNKNOWN } from './codes.ts'

export type ColumnType = 'string' | 'date' | 'integer'

export type AnnexAColumn<K extends string = string> = {
  key: K
  header: string
  type: ColumnType
  /** The template allows the cell to be empty. */
  canBeBlank: boolean
  /** The coded values the template allows, when the column is coded. */
  allowed?: readonly string[]
}

const col = <K extends string>(key: K, header: string, type: ColumnType, canBeBlank: boolean, allowed?: readonly string[]): AnnexAColumn<K> =>
  allowed ? { key, header, type, canBeBlank, allowed } : { key, header, type, canBeBlank }

/** The five columns every child list starts with. */
const CHILD_COLUMNS = [
  col('childId', 'Child Unique ID', 'string', false),
  col('gender', 'Gender', 'string', false, GENDER_VALUES),
  col('ethnicity', 'Ethnicity', 'string', false, ETHNICITY_VALUES),
  col('dateOfBirth', 'Date of Birth', 'date', true),
  col('age', 'Age of Child (Years)', 'integer', true),
] as const

const disability = col('disability', 'Does the Child have a Disability', 'string', false, YES_NO_UNKNOWN)

export const LIST_1_COLUMNS = [...CHILD_COLUMNS, col('contactDate', 'Date of Contact', 'date', false), col('contactSource', 'Contact Source', 'string', false, SOURCE_VALUES)] as const

export const LIST_3_COLUMNS = [
  ...CHILD_COLUMNS,
  col('referralDate', 'Date of referral', 'date', false),
  col('referralSource', 'Referral Source', 'string', false, SOURCE_VALUES),
  col('referralNfa', 'Referral NFA?', 'string', false, YES_NO_UNKNOWN),
  col('referralsInLast12Months', 'Number of Referrals in Last 12 Months', 'integer', false),
  col('allocatedTeam', 'Allocated Team', 'string', false),
  col('allocatedWorker', 'Allocated Worker', 'string', false),
] as const

export const LIST_4_COLUMNS = [
  ...CHILD_COLUMNS,
  disability,
  col('assessmentStart', 'Continuous Assessment Start Date', 'date', false),
  col('childSeen', 'Child Seen During Continuous Assessment', 'string', false, YES_NO_UNKNOWN),
  col('authorisedOn', 'Continuous Assessment Date of Authorisation', 'date', true),
  col('requiresSupport', "Was the child assessed as requiring LA children's social care support?", 'string', true, YES_NO_UNKNOWN),
  col('allocatedTeam', 'Allocated Team', 'string', false),
  col('allocatedWorker', 'Allocated Worker', 'string', false),
] as const

export const LIST_5_COLUMNS = [
  ...CHILD_COLUMNS,
  disability,
  col('s47Start', 'Strategy discussion initiating Section 47 Enquiry Start Date', 'date', false),
  col('icpcUnnecessary', 'Was an Initial Child Protection Conference deemed unnecessary?', 'string', true, YES_NO_UNKNOWN),
  col('icpcDate', 'Date of Initial Child Protection Conference', 'date', true),
  col('icpcPlan', 'Did the Initial Child Protection Conference Result in a Child Protection Plan', 'string', true, YES_NO_UNKNOWN),
  col('s47sInLast12Months', 'Number of Section 47 Enquiries in the last 12 months', 'integer', false),
  col('icpcsInLast12Months', 'Number of ICPCs in the last 12 months', 'integer', false),
  col('allocatedTeam', 'Allocated Team', 'string', false),
  col('allocatedWorker', 'Allocated Worker', 'string', false),
] as const

export const LIST_6_COLUMNS = [
  ...CHILD_COLUMNS,
  disability,
  col('cinStart', 'CIN Start Date', 'date', true),
  col('primaryNeed', 'Primary Need Code', 'string', false, PRIMARY_NEED_VALUES),
  col('lastSeen', 'Date Child Was Last Seen', 'date', true),
  col('cinClosure', 'CIN Closure Date', 'date', true),
  col('closureReason', 'Reason for Closure', 'string', true, CLOSURE_REASON_VALUES),
  col('caseStatus', 'Case Status', 'string', false, CASE_STATUS_VALUES),
  col('allocatedTeam', 'Allocated Team', 'string', false),
  col('allocatedWorker', 'Allocated Worker', 'string', false),
] as const

export const LIST_7_COLUMNS = [
  ...CHILD_COLUMNS,
  disability,
  col('planStart', 'Child Protection Plan Start Date', 'date', false),
  col('initialCategory', 'Initial Category of Abuse', 'string', false, ABUSE_CATEGORY_VALUES),
  col('latestCategory', 'Latest Category of Abuse', 'string', false, ABUSE_CATEGORY_VALUES),
  col('lastVisit', 'Date of the Last Statutory Visit', 'date', true),
  col('seenAlone', 'Was the Child Seen Alone?', 'string', true, YES_NO_UNKNOWN),
  col('lastReview', 'Date of latest review conference', 'date', true),
  col('planEnd', 'Child Protection Plan End Date', 'date', true),
  col('epo', 'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)', 'string', false, YES_NO_UNKNOWN),
  col('previousPlans', 'Number of Previous Child Protection Plans', 'integer', false),
  col('allocatedTeam', 'Allocated Team', 'string', false),
  col('allocatedWorker', 'Allocated Worker', 'string', false),
] as const

type KeysOf<C extends readonly AnnexAColumn[]> = C[number]['key']
/** A cell: text, a whole number, an ISO date (in a date column) or empty. */
export type Cell = string | number | null
export type RowOf<C extends readonly AnnexAColumn[]> = { [K in KeysOf<C>]: Cell }

export type List1Row = RowOf<typeof LIST_1_COLUMNS>
export type List3Row = RowOf<typeof LIST_3_COLUMNS>
export type List4Row = RowOf<typeof LIST_4_COLUMNS>
export type List5Row = RowOf<typeof LIST_5_COLUMNS>
export type List6Row = RowOf<typeof LIST_6_COLUMNS>
export type List7Row = RowOf<typeof LIST_7_COLUMNS>

/** Each list with its sheet name (Excel allows 31 characters) and the key used in row counts. */
export const ANNEX_A_LISTS = [
  { list: 'List 1', name: 'Contacts', sheetName: 'List 1 - Contacts', columns: LIST_1_COLUMNS },
  { list: 'List 3', name: 'Referrals', sheetName: 'List 3 - Referrals', columns: LIST_3_COLUMNS },
  { list: 'List 4', name: 'Assessments', sheetName: 'List 4 - Assessments', columns: LIST_4_COLUMNS },
  { list: 'List 5', name: 'Section 47 enquiries and ICPCs', sheetName: 'List 5 - S47 and ICPCs', columns: LIST_5_COLUMNS },
  { list: 'List 6', name: 'Children in need', sheetName: 'List 6 - Children in need', columns: LIST_6_COLUMNS },
  { list: 'List 7', name: 'Child protection', sheetName: 'List 7 - Child protection', columns: LIST_7_COLUMNS },
] as const satisfies readonly { list: string; name: string; sheetName: string; columns: readonly AnnexAColumn[] }[]

export type AnnexAListId = (typeof ANNEX_A_LISTS)[number]['list']
