/**
 * `harbour returns validate-cin FILE [--json]`: checks a CIN census XML file (ours or another system's)
 * against the 2025-26 validation rules and the schema. Needs no database.
 * Exit 0: no errors (queries allowed) and schema valid; 1: rule errors or schema errors; 2: unusable input.
 */
import type { ImportOutput } from './importPoliceNotifications.ts'
import { CinCensusFileError } from '../app/returns/cinCensusXml.ts'
import { validateCinCensusFile, type CinFileValidation } from '../app/returns/validateCinFile.ts'
import type { CinRuleFailure } from '../domain/returns/cinCensus/model.ts'
import { locationCount } from '../domain/returns/cinCensus/rules.ts'

export const VALIDATE_CIN_USAGE = 'Usage: harbour returns validate-cin FILE [--json]'

const HELP = `${VALIDATE_CIN_USAGE}

Checks a CIN census XML file against the DfE 2025-26 validation rules and the census schema.
Prints one line per failure (rule, error or query, child, the elements involved, message), then a summary
counting failures and the places in the file they point at (as the DfE and reference tools count them).
  --json   print the result as JSON instead
Exit code: 0 no errors and the schema is valid; 1 errors or schema errors; 2 the file cannot be checked.`

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

const HEADER_FIELDS = new Set(['Header', 'CollectionDetails', 'Collection', 'Year', 'ReferenceDate', 'Source', 'SourceLevel', 'LEA', 'SoftwareCode', 'Release', 'SerialNo', 'DateTime'])

/** Which part of the file a failure is about: a child (by ID, else by position), the header, or the whole return. */
function where(f: CinRuleFailure): string {
  if (f.childIndex !== undefined) return `child ${f.laChildId || `#${f.childIndex + 1}`}`
  if (f.laChildId) return `child ${f.laChildId}`
  return HEADER_FIELDS.has(f.field) ? 'header' : 'return'
}

/** The field, then any other elements the failure involves: "AssessmentActualStartDate, CINreferralDate". */
function elements(f: CinRuleFailure): string {
  return f.locations && f.locations.length > 1 ? f.locations.join(', ') : f.field
}

export function failureLine(f: CinRuleFailure): string {
  const line = f.line !== undefined ? `  (line ${f.line})` : ''
  return `${f.rule}  ${f.severity}  ${where(f)}  ${elements(f)}  ${f.message}${line}`
}

function schemaSummary(r: CinFileValidation): string {
  if (!r.schema.checked) return `not checked (${r.schema.skippedReason ?? 'unknown reason'})`
  if (r.schema.valid) return 'valid'
  return plural(Math.max(1, r.schema.problems.length), 'schema error')
}

export function summaryLine(r: CinFileValidation): string {
  const errors = r.failures.filter((f) => f.severity === 'error').length
  const queries = r.failures.length - errors
  return `${plural(r.failures.length, 'failure')} at ${plural(locationCount(r.failures), 'location')} (${plural(errors, 'error')}, ${plural(queries, 'query', 'queries')}) in ${plural(r.children, 'child', 'children')}; schema: ${schemaSummary(r)}`
}

export function exitCodeFor(r: CinFileValidation): number {
  const errors = r.failures.some((f) => f.severity === 'error')
  const schemaBad = r.schema.checked && !r.schema.valid
  return errors || schemaBad ? 1 : 0
}

export async function runValidateCin(args: string[], out: ImportOutput, opts: { xsdSizeLimitBytes?: number } = {}): Promise<number> {
  const fail = (message: string): number => {
    out.stderr.write(`harbour returns validate-cin: ${message}\n`)
    return 2
  }
  if (args.includes('--help') || args.includes('-h')) {
    out.stdout.write(`${HELP}\n`)
    return 0
  }
  const json = args.includes('--json')
  const rest = args.filter((a) => a !== '--json')
  const unknown = rest.find((a) => a.startsWith('-') && a !== '-')
  if (unknown) return fail(`unknown option ${unknown}\n${VALIDATE_CIN_USAGE}`)
  if (rest.length !== 1) return fail(rest.length === 0 ? `no file given\n${VALIDATE_CIN_USAGE}` : `give exactly one file\n${VALIDATE_CIN_USAGE}`)
  const file = rest[0]!

  let result: CinFileValidation
  try {
    result = await validateCinCensusFile(file, opts)
  } catch (e) {
    if (e instanceof CinCensusFileError) return fail(e.message)
    throw e
  }
  const code = exitCodeFor(result)

  if (json) {
    const errors = result.failures.filter((f) => f.severity === 'error').length
    out.stdout.write(
      `${JSON.stringify({ file, children: result.children, errors, queries: result.failures.length - errors, locations: locationCount(result.failures), header: result.header, failures: result.failures, schema: result.schema, exitCode: code }, null, 2)}\n`,
    )
    return code
  }
  for (const f of result.failures) out.stdout.write(`${failureLine(f)}\n`)
  for (const p of result.schema.problems) out.stdout.write(`schema  ${p.line === null ? 'line ?' : `line ${p.line}`}  ${p.message}\n`)
  out.stdout.write(`${summaryLine(result)}\n`)
  return code
}
