/**
 * Police notifications: what the police send the front door after an incident where children were
 * present or at risk (typically domestic abuse, with the DASH risk level). They have their own queue and
 * are triaged into no further action, a letter to the family, early help, or a contact for screening.
 *
 * Pure: validation of a notification typed into the form, of a triage decision, and of a CSV file of
 * notifications (parsing, header check and row-by-row validation, errors naming the row and column).
 */
import { isValidIsoDate, londonDate, londonInstant, type IsoDate } from '../shared/dates.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { isValidNhsNumber, normaliseNhsNumber } from '../people/identifiers.ts'

export const INCIDENT_TYPE = {
  domestic_abuse: 'Domestic abuse',
  missing_child: 'Missing child',
  child_at_risk: 'Child at risk',
  other: 'Other',
} as const
export type IncidentType = keyof typeof INCIDENT_TYPE

/** The police's DASH risk assessment (domestic abuse, stalking and harassment): standard, medium or high. */
export const RISK_LEVEL = { standard: 'Standard', medium: 'Medium', high: 'High' } as const
export type RiskLevel = keyof typeof RISK_LEVEL

export const TRIAGE_OUTCOME = {
  nfa: 'No further action',
  letter_to_family: 'Letter to the family',
  early_help: 'Early help',
  contact: 'Contact for screening',
} as const
export type TriageOutcome = keyof typeof TRIAGE_OUTCOME

export const POLICE_REFERENCE_MAX = 50
export const SUMMARY_MAX = 10_000
export const TRIAGE_REASONS_MAX = 10_000
export const CHILDREN_MAX = 20

const has = <T extends object>(list: T, v: string | undefined | null): v is Extract<keyof T, string> =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(list, v)
const clean = (s: string | undefined | null): string | null => {
  const t = (s ?? '').trim()
  return t === '' ? null : t
}
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type PoliceNotificationInput = {
  policeReference?: string | undefined
  receivedDate?: string | undefined
  receivedTime?: string | undefined
  incidentDate?: string | undefined
  incidentType?: string | undefined
  riskLevel?: string | undefined
  /** 'yes' | 'no' */
  childrenPresent?: string | undefined
  summary?: string | undefined
  childIds?: string[] | undefined
}

export type PoliceNotificationFacts = {
  policeReference: string
  receivedAt: Date
  incidentDate: IsoDate
  incidentType: IncidentType
  riskLevel: RiskLevel
  childrenPresent: boolean
  summary: string
}

export type PoliceNotificationDetails = PoliceNotificationFacts & { childIds: string[] }

/** Police references are codes: case and surrounding spaces carry no meaning, so they are kept upper-case. */
export function normalisePoliceReference(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toUpperCase()
}

/** Everything but the children: shared by the form and the CSV import. `now` is passed in. */
function validateFacts(input: PoliceNotificationInput, now: Date): { errors: FieldError[]; value: PoliceNotificationFacts | null } {
  const errors: FieldError[] = []
  const rawRef = clean(input.policeReference)
  let policeReference: string | null = null
  if (rawRef === null) errors.push({ field: 'policeReference', message: 'Enter the police reference' })
  else if (rawRef.length > POLICE_REFERENCE_MAX) errors.push({ field: 'policeReference', message: `The police reference must be ${POLICE_REFERENCE_MAX} characters or fewer` })
  else if (/[\u0000-\u001f\u007f]/.test(rawRef)) errors.push({ field: 'policeReference', message: 'The police reference must not contain control characters' })
  else policeReference = normalisePoliceReference(rawRef)

  const today = londonDate(now)
  const date = clean(input.receivedDate)
  const time = clean(input.receivedTime)
  let receivedAt: Date | null = null
  if (date === null) errors.push({ field: 'receivedDate', message: 'Enter the date the notification was received' })
  else if (!isValidIsoDate(date)) errors.push({ field: 'receivedDate', message: 'The date received must be a real date' })
  if (time === null) errors.push({ field: 'receivedTime', message: 'Enter the time the notification was received, like 14:30' })
  else if (!TIME.test(time)) errors.push({ field: 'receivedTime', message: 'Enter the time received in 24-hour format, like 14:30' })
  if (date !== null && isValidIsoDate(date) && time !== null && TIME.test(time)) {
    receivedAt = londonInstant(date, time)
    if (receivedAt.getTime() > now.getTime() + 60_000) {
      errors.push({ field: 'receivedDate', message: 'The date and time received cannot be in the future' })
      receivedAt = null
    }
  }

  const incident = clean(input.incidentDate)
  let incidentDate: IsoDate | null = null
  if (incident === null) errors.push({ field: 'incidentDate', message: 'Enter the date of the incident' })
  else if (!isValidIsoDate(incident)) errors.push({ field: 'incidentDate', message: 'The date of the incident must be a real date' })
  else if (incident > today) errors.push({ field: 'incidentDate', message: 'The date of the incident cannot be in the future' })
  else if (receivedAt !== null && incident > londonDate(receivedAt)) errors.push({ field: 'incidentDate', message: 'The date of the incident cannot be after the date the notification was received' })
  else incidentDate = incident

  const incidentType = clean(input.incidentType)
  if (!has(INCIDENT_TYPE, incidentType)) errors.push({ field: 'incidentType', message: `Select the type of incident${incidentType === null ? '' : `: “${incidentType}” is not one of ${Object.keys(INCIDENT_TYPE).join(', ')}`}` })
  const riskLevel = clean(input.riskLevel)
  if (!has(RISK_LEVEL, riskLevel)) errors.push({ field: 'riskLevel', message: `Select the DASH risk level${riskLevel === null ? '' : `: “${riskLevel}” is not one of ${Object.keys(RISK_LEVEL).join(', ')}`}` })
  const present = clean(input.childrenPresent)?.toLowerCase() ?? null
  if (present !== 'yes' && present !== 'no') errors.push({ field: 'childrenPresent', message: 'Select whether children were present at the incident (yes or no)' })

  const summary = clean(input.summary)
  if (summary === null) errors.push({ field: 'summary', message: 'Enter a summary of the incident' })
  else if (summary.length > SUMMARY_MAX) errors.push({ field: 'summary', message: `The summary must be ${SUMMARY_MAX.toLocaleString('en-GB')} characters or fewer` })

  if (errors.length || policeReference === null || receivedAt === null || incidentDate === null || !has(INCIDENT_TYPE, incidentType) || !has(RISK_LEVEL, riskLevel) || summary === null) {
    return { errors, value: null }
  }
  return { errors, value: { policeReference, receivedAt, incidentDate, incidentType, riskLevel, childrenPresent: present === 'yes', summary } }
}

/**
 * A police notification as recorded at the front door: a police reference, when it arrived (not in
 * the future), the incident's date (not in the future, not after it arrived), type and DASH risk level,
 * whether children were present, a summary, and at least one child from the person index.
 */
export function validatePoliceNotification(input: PoliceNotificationInput, now: Date): Result<PoliceNotificationDetails> {
  const { errors, value } = validateFacts(input, now)
  const childIds = [...new Set(input.childIds ?? [])]
  if (childIds.length === 0) errors.push({ field: 'childIds', message: 'Add at least one child the notification is about' })
  else if (childIds.some((id) => !UUID.test(id))) errors.push({ field: 'childIds', message: 'Choose the children from the person index' })
  else if (childIds.length > CHILDREN_MAX) errors.push({ field: 'childIds', message: `A notification can be about ${CHILDREN_MAX} children at most` })
  if (errors.length || value === null) return fail(errors)
  return ok({ ...value, childIds })
}

/**
 * Parses the children box of the form: person references like P004127, separated by commas or spaces.
 * Returns the distinct references, upper-cased, or an error naming what is not a reference.
 */
export function parsePersonRefs(input: string | undefined): Result<string[]> {
  const parts = (input ?? '').split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== '')
  if (parts.length === 0) return fail([{ field: 'childRefs', message: 'Enter the person reference of at least one child, like P004127' }])
  const bad = parts.filter((p) => !/^P\d{6}$/.test(p))
  if (bad.length) return fail([{ field: 'childRefs', message: `${bad.slice(0, 3).map((b) => `“${b.slice(0, 20)}”`).join(', ')} ${bad.length === 1 ? 'is not a person reference' : 'are not person references'}: enter references like P004127, separated by commas` }])
  const refs = [...new Set(parts)]
  if (refs.length > CHILDREN_MAX) return fail([{ field: 'childRefs', message: `A notification can be about ${CHILDREN_MAX} children at most` }])
  return ok(refs)
}

export type TriageInput = { outcome?: string | undefined; reasons?: string | undefined }
export type Triage = { outcome: TriageOutcome; reasons: string }

/** A triage decision: one of the four outcomes, always with reasons. */
export function validateTriage(input: TriageInput): Result<Triage> {
  const errors: FieldError[] = []
  const outcome = clean(input.outcome)
  if (!has(TRIAGE_OUTCOME, outcome)) errors.push({ field: 'outcome', message: 'Select what happens next' })
  const reasons = clean(input.reasons)
  if (reasons === null) errors.push({ field: 'reasons', message: 'Give the reasons for the decision' })
  else if (reasons.length > TRIAGE_REASONS_MAX) errors.push({ field: 'reasons', message: `The reasons must be ${TRIAGE_REASONS_MAX.toLocaleString('en-GB')} characters or fewer` })
  if (errors.length || !has(TRIAGE_OUTCOME, outcome) || reasons === null) return fail(errors)
  return ok({ outcome, reasons })
}

/** How long a notification has waited, for the queue: "3 days 4 hours", "5 hours", "less than an hour". */
export function formatAge(seconds: number): string {
  const hours = Math.floor(Math.max(0, seconds) / 3600)
  const days = Math.floor(hours / 24)
  const h = hours % 24
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`
  if (days === 0) return hours === 0 ? 'less than an hour' : plural(hours, 'hour')
  return h === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(h, 'hour')}`
}

// ---------------------------------------------------------------- CSV import

/** The import file's columns, in the documented order; the header row is required. */
export const CSV_COLUMNS = [
  'police_reference',
  'received_at',
  'incident_date',
  'incident_type',
  'risk_level',
  'children_present',
  'summary',
  'child_nhs_number',
  'child_family_name',
  'child_given_names',
  'child_date_of_birth',
] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

/** An error in one row of the file. `row` counts as a spreadsheet does: the header is row 1. */
export type CsvRowError = { row: number; field: string; message: string }

export const CSV_MAX_ROWS = 20_000

/**
 * RFC 4180 CSV: fields separated by commas, optionally in double quotes (which may hold commas, line
 * breaks and doubled quotes), records ended by CRLF or LF. Returns the records, or why it is not CSV.
 */
export function parseCsv(text: string): { ok: true; records: string[][] } | { ok: false; message: string } {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  let fieldStart = true
  let i = 0
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  while (i < s.length) {
    const c = s[i] as string
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        // After a closing quote only a separator or the end of the record may follow.
        const next = s[i]
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return { ok: false, message: `a quoted field is followed by “${next}” in record ${records.length + 1}` }
        continue
      }
      field += c
      i++
      continue
    }
    if (c === '"' && fieldStart) {
      quoted = true
      fieldStart = false
      i++
      continue
    }
    if (c === ',') {
      record.push(field)
      field = ''
      fieldStart = true
      i++
      continue
    }
    if (c === '\r' || c === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      fieldStart = true
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1
      continue
    }
    field += c
    fieldStart = false
    i++
  }
  if (quoted) return { ok: false, message: `a quoted field in record ${records.length + 1} is never closed` }
  if (!fieldStart || field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  // Blank lines (often at the end of a file) are not records.
  return { ok: true, records: records.filter((r) => !(r.length === 1 && r[0]?.trim() === '')) }
}

/** `extraValues`: how many more values the row has than the header has columns (a comma not in quotes). */
export type CsvRow = { row: number; values: Record<CsvColumn, string>; extraValues?: number }
export type CsvFile = { ok: true; rows: CsvRow[]; ignoredColumns: string[] } | { ok: false; kind: 'not-csv' | 'missing-columns' | 'empty' | 'too-many-rows'; message: string; missingColumns: CsvColumn[] }

/**
 * Reads the import file: it must be text, parse as CSV, and start with a header row naming every
 * column (any order, any case; extra columns are ignored and listed). Rows keep their spreadsheet number.
 */
export function readPoliceNotificationCsv(text: string): CsvFile {
  if (text.includes('\u0000') || text.includes('\ufffd')) return { ok: false, kind: 'not-csv', message: 'The file is not a CSV text file (it looks like a spreadsheet or other binary file: save it as “CSV UTF-8”)', missingColumns: [] }
  const parsed = parseCsv(text)
  if (!parsed.ok) return { ok: false, kind: 'not-csv', message: `The file is not valid CSV: ${parsed.message}`, missingColumns: [] }
  const [header, ...body] = parsed.records
  if (!header) return { ok: false, kind: 'empty', message: 'The file is empty: it needs a header row and at least one notification', missingColumns: [] }
  const names = header.map((h) => h.trim().toLowerCase())
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c))
  if (missing.length === CSV_COLUMNS.length) {
    return { ok: false, kind: 'not-csv', message: `The file does not start with the header row of a police notification CSV. Its columns must be: ${CSV_COLUMNS.join(', ')}`, missingColumns: missing }
  }
  if (missing.length) return { ok: false, kind: 'missing-columns', message: `The file is missing ${missing.length === 1 ? 'the column' : 'these columns'}: ${missing.join(', ')}`, missingColumns: missing }
  if (body.length === 0) return { ok: false, kind: 'empty', message: 'The file has a header row but no notifications', missingColumns: [] }
  if (body.length > CSV_MAX_ROWS) return { ok: false, kind: 'too-many-rows', message: `The file has ${body.length} rows: import at most ${CSV_MAX_ROWS} at a time`, missingColumns: [] }
  const index = new Map<string, number>()
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i)
  })
  const known = new Set<string>(CSV_COLUMNS)
  const ignoredColumns = header.filter((h, i) => !known.has(names[i] as string) && h.trim() !== '')
  const rows = body.map((r, i) => {
    const values = {} as Record<CsvColumn, string>
    for (const c of CSV_COLUMNS) values[c] = r[index.get(c) as number] ?? ''
    return { row: i + 2, values, extraValues: Math.max(0, r.length - header.length) }
  })
  return { ok: true, rows, ignoredColumns }
}

/** Who the row says the child is: matched to the person index by NHS number, or by name and date of birth. */
export type CsvChild = { nhsNumber: string | null; familyName: string | null; givenNames: string | null; dateOfBirth: IsoDate | null }
export type CsvNotification = PoliceNotificationFacts & { child: CsvChild }

const FORM_TO_COLUMN: Record<string, CsvColumn> = {
  policeReference: 'police_reference',
  receivedDate: 'received_at',
  receivedTime: 'received_at',
  incidentDate: 'incident_date',
  incidentType: 'incident_type',
  riskLevel: 'risk_level',
  childrenPresent: 'children_present',
  summary: 'summary',
}

const SLASHED = /^\d{1,2}\/\d{1,2}\/\d{2,4}/
const slashedHint = 'dates must be written YYYY-MM-DD: a spreadsheet may have changed the format when it saved the file'

/**
 * Validates one row of the import file. Errors name the row and the column; a row with any error is
 * not imported at all. The child is only identified here; matching to the index happens in the app.
 */
export type CsvRowResult =
  | { ok: true; value: CsvNotification }
  /** What could still be read from a bad row, so the child and the reference can be checked too. */
  | { ok: false; errors: CsvRowError[]; child: CsvChild | null; policeReference: string | null }

export function validateCsvRow(r: CsvRow, now: Date): CsvRowResult {
  const v = r.values
  const errors: CsvRowError[] = []
  const err = (field: CsvColumn, message: string) => errors.push({ row: r.row, field, message })
  // Values shifted by a stray comma would land in the wrong columns: refuse the row rather than guess.
  if (r.extraValues) errors.push({ row: r.row, field: 'row', message: `This row has ${r.extraValues} more value${r.extraValues === 1 ? '' : 's'} than the header has columns: put any value that contains a comma in double quotes` })

  const receivedRaw = v.received_at.trim()
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(receivedRaw)
  let receivedDate: string | undefined
  let receivedTime: string | undefined
  if (receivedRaw === '') err('received_at', 'Enter when the notification was received, like 2026-03-04 14:30')
  else if (!m) err('received_at', `“${receivedRaw.slice(0, 30)}” is not a date and time like 2026-03-04 14:30${SLASHED.test(receivedRaw) ? ` (${slashedHint})` : ''}`)
  else {
    receivedDate = m[1]
    receivedTime = m[2]
  }
  const incidentRaw = v.incident_date.trim()
  const incidentOk = /^\d{4}-\d{2}-\d{2}$/.test(incidentRaw)
  if (incidentRaw !== '' && !incidentOk) err('incident_date', `“${incidentRaw.slice(0, 30)}” is not a date like 2026-03-04${SLASHED.test(incidentRaw) ? ` (${slashedHint})` : ''}`)

  const facts = validateFacts(
    {
      policeReference: v.police_reference,
      receivedDate,
      receivedTime,
      incidentDate: incidentRaw === '' || incidentOk ? incidentRaw : undefined,
      incidentType: v.incident_type.trim().toLowerCase(),
      riskLevel: v.risk_level.trim().toLowerCase(),
      childrenPresent: v.children_present,
      summary: v.summary,
    },
    now,
  )
  for (const e of facts.errors) {
    const column = FORM_TO_COLUMN[e.field] as CsvColumn
    // Format problems were reported above in the file's own terms; do not repeat them.
    if ((column === 'received_at' && (receivedRaw === '' || !m)) || (column === 'incident_date' && incidentRaw !== '' && !incidentOk)) continue
    if (errors.some((x) => x.field === column && x.message === e.message)) continue
    err(column, e.message)
  }

  const nhsRaw = v.child_nhs_number.trim()
  let nhsNumber: string | null = null
  if (nhsRaw !== '') {
    if (!isValidNhsNumber(nhsRaw)) err('child_nhs_number', `“${nhsRaw.slice(0, 20)}” is not a valid NHS number (10 digits with a correct check digit)`)
    else nhsNumber = normaliseNhsNumber(nhsRaw)
  }
  const familyName = clean(v.child_family_name)
  const givenNames = clean(v.child_given_names)
  const dobRaw = v.child_date_of_birth.trim()
  let dateOfBirth: IsoDate | null = null
  if (dobRaw !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dobRaw) || !isValidIsoDate(dobRaw)) err('child_date_of_birth', `“${dobRaw.slice(0, 30)}” is not a real date like 2015-03-04${SLASHED.test(dobRaw) ? ` (${slashedHint})` : ''}`)
    else if (dobRaw > londonDate(now)) err('child_date_of_birth', 'The child’s date of birth cannot be in the future')
    else dateOfBirth = dobRaw
  }
  if (familyName !== null && familyName.length > 100) err('child_family_name', 'The child’s family name must be 100 characters or fewer')
  if (givenNames !== null && givenNames.length > 100) err('child_given_names', 'The child’s given names must be 100 characters or fewer')
  if (nhsRaw === '') {
    const absent: CsvColumn[] = []
    if (familyName === null) absent.push('child_family_name')
    if (givenNames === null) absent.push('child_given_names')
    if (dobRaw === '') absent.push('child_date_of_birth')
    for (const c of absent) err(c, 'Give the child’s NHS number, or their family name, given names and date of birth')
  }
  const childReadable = !errors.some((e) => e.field.startsWith('child_'))
  const child: CsvChild = { nhsNumber, familyName, givenNames, dateOfBirth }

  if (errors.length || facts.value === null) {
    const ref = clean(v.police_reference)
    const policeReference = ref !== null && ref.length <= POLICE_REFERENCE_MAX && !errors.some((e) => e.field === 'police_reference') ? normalisePoliceReference(ref) : null
    return { ok: false, errors, child: childReadable ? child : null, policeReference }
  }
  return { ok: true, value: { ...facts.value, child } }
}
