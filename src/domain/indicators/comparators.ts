/**
 * Comparators for the management-information indicators (issue 8): the national figure, the statistical
 * neighbours' average and the council's own target, each for one DfE year (1 April–31 March), entered by
 * an analyst or loaded from a CSV file; and the council's 0–17 child population, the denominator of the
 * rates per 10,000 (REFERENCE.md §5: "0–17 population (ONS mid-year)").
 */
import { parseCsv } from '../frontDoor/policeNotification.ts'
import type { FieldError, Result } from '../shared/result.ts'
import { INDICATORS, isIndicatorId, type IndicatorId } from './definitions.ts'

export const COMPARATOR_KINDS = ['national', 'statistical_neighbours', 'target'] as const
export type ComparatorKind = (typeof COMPARATOR_KINDS)[number]
export const COMPARATOR_KIND_LABEL: Record<ComparatorKind, string> = {
  national: 'National (England)',
  statistical_neighbours: 'Statistical neighbours',
  target: 'Council target',
}
/**
 * How a comparator is named beside a figure: 'National (England) 2025-26', or, when no figure is held for
 * the period's own year and an earlier year's is shown, 'National (England) 2024-25 (latest available)'.
 */
export function comparatorLabel(c: { kind: ComparatorKind; year: string; latestAvailable?: boolean }): string {
  return `${COMPARATOR_KIND_LABEL[c.kind]} ${c.year}${c.latestAvailable ? ' (latest available)' : ''}`
}
export const isComparatorKind = (s: unknown): s is ComparatorKind => typeof s === 'string' && (COMPARATOR_KINDS as readonly string[]).includes(s)

/**
 * What bounds an indicator's comparators, from how the definitions express it (INDICATORS[id].kind): a
 * percentage 0–100, a rate per 10,000 children 0–10,000, and a count, number of days or mean ≥ 0.
 */
export type IndicatorScale = 'percent' | 'rate_per_10000' | 'count'
export function indicatorScale(id: IndicatorId): IndicatorScale {
  const kind = INDICATORS[id].kind
  return kind === 'percent' || kind === 'rate_per_10000' ? kind : 'count'
}

/** No count in a council's children's services comes near this; a larger figure is a typing slip. */
export const COUNT_MAX = 10_000_000
export const SOURCE_MAX = 200
export const CHILDREN_MIN = 1
export const CHILDREN_MAX = 5_000_000

export type Comparator = { indicatorId: IndicatorId; kind: ComparatorKind; year: string; value: number; source: string | null }
export type ComparatorInput = { indicator?: string | undefined; kind?: string | undefined; year?: string | undefined; value?: string | undefined; source?: string | undefined }

/**
 * A DfE year is written like the DfE's statistics: '2025-26' is 1 April 2025 to 31 March 2026, so the
 * second part is the next calendar year's last two digits ('1999-00' across a century).
 */
export function checkDfeYear(raw: string | undefined): { ok: true; year: string } | { ok: false; message: string } {
  const s = (raw ?? '').trim()
  if (s === '') return { ok: false, message: 'Enter the year, like 2025-26' }
  const m = /^(\d{4})[-/–](\d{2})$/.exec(s)
  if (!m) return { ok: false, message: `“${s.slice(0, 20)}” is not a year like 2025-26 (1 April 2025 to 31 March 2026)` }
  const start = Number(m[1])
  const end = m[2] as string
  if (start < 2000 || start > 2098) return { ok: false, message: 'The year must be between 2000-01 and 2098-99' }
  const expected = String((start + 1) % 100).padStart(2, '0')
  if (end !== expected) return { ok: false, message: `The years must follow each other: ${start}-${expected}, not ${s}` }
  return { ok: true, year: `${start}-${end}` }
}

/** The DfE year (from 1 April) a London calendar date falls in: '2026-03-31' → '2025-26'. */
export function dfeYearOf(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4))
  const start = Number(isoDate.slice(5, 7)) >= 4 ? y : y - 1
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`
}

/**
 * A number as people type it or a spreadsheet saves it: thousands separators (1,234.5) and, for a
 * percentage, a trailing % are accepted; exponents, "NaN" and the like are not.
 */
function readNumber(raw: string, allowPercentSign: boolean): number | null {
  let s = raw.trim().replace(/\s/g, '')
  if (allowPercentSign && s.endsWith('%')) s = s.slice(0, -1)
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '')
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null
  return Number(s)
}

const scaleProblem = (scale: IndicatorScale, v: number): string | null => {
  if (scale === 'percent') return v < 0 || v > 100 ? 'A percentage must be between 0 and 100' : null
  if (scale === 'rate_per_10000') return v < 0 || v > 10_000 ? 'A rate per 10,000 children must be between 0 and 10,000' : null
  if (v < 0) return 'The value cannot be negative'
  return v > COUNT_MAX ? `The value must be ${COUNT_MAX.toLocaleString('en-GB')} or less` : null
}

/** Checks one comparator. Errors name the form's fields (which are also the CSV's columns). */
export function validateComparator(input: ComparatorInput): Result<Comparator> {
  const errors: FieldError[] = []
  const indicator = (input.indicator ?? '').trim()
  if (indicator === '') errors.push({ field: 'indicator', message: 'Select the indicator' })
  else if (!isIndicatorId(indicator)) errors.push({ field: 'indicator', message: `“${indicator.slice(0, 40)}” is not an indicator: use one of the ids listed on the comparators page` })

  const kindRaw = (input.kind ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_')
  if (kindRaw === '') errors.push({ field: 'kind', message: 'Select whether this is the national figure, the statistical neighbours’ or the council’s target' })
  else if (!isComparatorKind(kindRaw)) errors.push({ field: 'kind', message: `“${kindRaw.slice(0, 40)}” is not a kind of comparator: use national, statistical_neighbours or target` })

  const year = checkDfeYear(input.year)
  if (!year.ok) errors.push({ field: 'year', message: year.message })

  const scale = isIndicatorId(indicator) ? indicatorScale(indicator) : null
  const valueRaw = (input.value ?? '').trim()
  let value: number | null = null
  if (valueRaw === '') errors.push({ field: 'value', message: 'Enter the value' })
  else {
    value = readNumber(valueRaw, scale === 'percent')
    if (value === null) errors.push({ field: 'value', message: `“${valueRaw.slice(0, 20)}” is not a number: write it like 21.5` })
    else if (scale) {
      const problem = scaleProblem(scale, value)
      if (problem) errors.push({ field: 'value', message: problem })
    } else if (value < 0) errors.push({ field: 'value', message: 'The value cannot be negative' })
  }

  const source = (input.source ?? '').trim()
  if (source.length > SOURCE_MAX) errors.push({ field: 'source', message: `The source must be ${SOURCE_MAX} characters or fewer (it has ${source.length})` })

  if (errors.length || !isIndicatorId(indicator) || !isComparatorKind(kindRaw) || !year.ok || value === null) return { ok: false, errors }
  return { ok: true, value: { indicatorId: indicator, kind: kindRaw, year: year.year, value, source: source === '' ? null : source } }
}

// ---------------------------------------------------------------- CSV

/** The file's columns; `source` may be left out of the header (every row then has no source). */
export const COMPARATOR_CSV_COLUMNS = ['indicator', 'kind', 'year', 'value', 'source'] as const
export type ComparatorCsvColumn = (typeof COMPARATOR_CSV_COLUMNS)[number]
const REQUIRED_COLUMNS: readonly ComparatorCsvColumn[] = ['indicator', 'kind', 'year', 'value']
export const COMPARATOR_CSV_MAX_ROWS = 2_000
export const COMPARATOR_CSV_MAX_BYTES = 1024 * 1024

/** `row` counts as a spreadsheet does: the header is row 1. */
export type ComparatorCsvError = { row: number; field: string; message: string }
export type ComparatorCsvResult =
  | { ok: true; comparators: (Comparator & { row: number })[]; ignoredColumns: string[] }
  /** `file`: the file as a whole could not be read; otherwise every problem in every row. */
  | { ok: false; file: string | null; rowErrors: ComparatorCsvError[] }

const fileProblem = (message: string): ComparatorCsvResult => ({ ok: false, file: message, rowErrors: [] })

/**
 * Reads and checks a whole comparators file. Every row is checked before anything is saved, so the
 * caller saves either all of it or none of it. The same indicator, kind and year twice in one file is
 * refused: which value was meant cannot be guessed.
 */
export function validateComparatorCsv(text: string): ComparatorCsvResult {
  if (text.includes('\u0000') || text.includes('\ufffd')) return fileProblem('The file is not a CSV text file (it looks like a spreadsheet or other binary file: save it as “CSV UTF-8”)')
  const parsed = parseCsv(text)
  if (!parsed.ok) return fileProblem(`The file is not valid CSV: ${parsed.message}`)
  const [header, ...body] = parsed.records
  if (!header) return fileProblem(`The file is empty: it needs the header row ${COMPARATOR_CSV_COLUMNS.join(',')} and at least one row`)
  const names = header.map((h) => h.trim().toLowerCase())
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c))
  if (missing.length === REQUIRED_COLUMNS.length) return fileProblem(`The file does not start with the header row of a comparators CSV: the first line must be ${COMPARATOR_CSV_COLUMNS.join(',')}`)
  if (missing.length) return fileProblem(`The file is missing ${missing.length === 1 ? 'the column' : 'these columns'}: ${missing.join(', ')}. The first line must be ${COMPARATOR_CSV_COLUMNS.join(',')}`)
  if (body.length === 0) return fileProblem('The file has a header row but no comparators')
  if (body.length > COMPARATOR_CSV_MAX_ROWS) return fileProblem(`The file has ${body.length.toLocaleString('en-GB')} rows: load at most ${COMPARATOR_CSV_MAX_ROWS.toLocaleString('en-GB')} at a time`)

  const index = new Map<string, number>()
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i)
  })
  const known = new Set<string>(COMPARATOR_CSV_COLUMNS)
  const ignoredColumns = header.filter((h, i) => !known.has(names[i] as string) && h.trim() !== '')
  const cell = (r: string[], c: ComparatorCsvColumn): string | undefined => {
    const i = index.get(c)
    return i === undefined ? undefined : (r[i] ?? '')
  }

  const rowErrors: ComparatorCsvError[] = []
  const comparators: (Comparator & { row: number })[] = []
  const seen = new Map<string, number>()
  body.forEach((r, i) => {
    const row = i + 2
    // Values shifted by a stray comma would land in the wrong columns: refuse the row rather than guess.
    if (r.length > header.length) rowErrors.push({ row, field: 'row', message: `This row has ${r.length - header.length} more value${r.length - header.length === 1 ? '' : 's'} than the header has columns: put any value that contains a comma in double quotes` })
    const v = validateComparator({ indicator: cell(r, 'indicator'), kind: cell(r, 'kind'), year: cell(r, 'year'), value: cell(r, 'value'), source: cell(r, 'source') })
    if (!v.ok) {
      for (const e of v.errors) rowErrors.push({ row, field: e.field, message: e.message })
      return
    }
    const key = `${v.value.indicatorId}|${v.value.kind}|${v.value.year}`
    const first = seen.get(key)
    if (first !== undefined) {
      rowErrors.push({ row, field: 'indicator', message: `Row ${first} already gives the ${v.value.kind} value for ${v.value.indicatorId} in ${v.value.year}: keep one of the two rows` })
      return
    }
    seen.set(key, row)
    if (!rowErrors.some((e) => e.row === row)) comparators.push({ ...v.value, row })
  })
  if (rowErrors.length) return { ok: false, file: null, rowErrors }
  return { ok: true, comparators, ignoredColumns }
}

/** An example file, for the hint on the page and the documentation. */
export const COMPARATOR_CSV_EXAMPLE = [
  COMPARATOR_CSV_COLUMNS.join(','),
  're_referrals_12m,national,2024-25,22.4,DfE Children in need 2024-25',
  're_referrals_12m,statistical_neighbours,2024-25,21.0,DfE LAIT',
  'assessments_in_timescale,target,2025-26,85,Council plan 2025-26',
].join('\n')

// ---------------------------------------------------------------- child population

/** The council's 0–17 population for one DfE year (ONS mid-year estimate), for rates per 10,000. */
export type ChildPopulation = { year: string; children: number; source: string }
export type ChildPopulationInput = { year?: string | undefined; children?: string | undefined; source?: string | undefined }

export function validateChildPopulation(input: ChildPopulationInput): Result<ChildPopulation> {
  const errors: FieldError[] = []
  const year = checkDfeYear(input.year)
  if (!year.ok) errors.push({ field: 'year', message: year.message })
  const raw = (input.children ?? '').trim()
  let children: number | null = null
  if (raw === '') errors.push({ field: 'children', message: 'Enter the number of children aged 0 to 17' })
  else {
    const n = readNumber(raw, false)
    if (n === null || !Number.isInteger(n)) errors.push({ field: 'children', message: 'The number of children must be a whole number, like 312400' })
    else if (n < CHILDREN_MIN || n > CHILDREN_MAX) errors.push({ field: 'children', message: `The number of children must be between ${CHILDREN_MIN} and ${CHILDREN_MAX.toLocaleString('en-GB')}` })
    else children = n
  }
  const source = (input.source ?? '').trim()
  if (source.length > SOURCE_MAX) errors.push({ field: 'source', message: `The source must be ${SOURCE_MAX} characters or fewer (it has ${source.length})` })
  if (errors.length || !year.ok || children === null) return { ok: false, errors }
  return { ok: true, value: { year: year.year, children, source } }
}

/** Reads the stored setting defensively: a value that is not a population is treated as not set. */
export function asChildPopulation(v: unknown): ChildPopulation | null {
  if (!v || typeof v !== 'object') return null
  const o = v as Record<string, unknown>
  if (typeof o.year !== 'string' || typeof o.children !== 'number' || !Number.isInteger(o.children) || o.children < CHILDREN_MIN) return null
  return { year: o.year, children: o.children, source: typeof o.source === 'string' ? o.source : '' }
}
