/**
 * `harbour returns cin-census --year YYYY --la NNN --out FILE [--as USERNAME]`: writes the CIN census XML
 * for a collection year (2026 = 1 April 2025 to 31 March 2026), as the records stood on its 31 March,
 * then prints how many children and episodes it holds and what would fail the 2025-26 validation rules.
 *
 * Exit codes: 0 the file was written with no errors (queries may remain); 1 the file was written but has
 * errors to fix before submitting; 2 nothing was written (bad arguments, unknown LA code, a year not yet
 * started or with no episodes, unknown user, an --out that cannot be written).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { Database } from '../db/database.ts'
import { findUserForSignIn, loadActor } from '../db/repositories/users.ts'
import { ForbiddenError, ValidationError, type AppContext, type RequestMeta } from '../app/context.ts'
import { generateCinCensus } from '../app/returns/cinCensus.ts'
import { CIN_RULES } from '../domain/returns/cinCensus/rules.ts'
import type { CinRuleFailure } from '../domain/returns/cinCensus/model.ts'
import type { ImportOutput } from './importPoliceNotifications.ts'

export const CIN_CENSUS_USAGE = 'Usage: harbour returns cin-census --year YYYY --la NNN --out FILE [--as USERNAME]'

/** How many individual failures to list after the summary by rule. */
const FIRST_FAILURES = 10

export async function runCinCensus(database: Database, args: string[], out: ImportOutput, now: Date): Promise<number> {
  const fail = (message: string): number => {
    out.stderr.write(`harbour returns cin-census: ${message}\n`)
    return 2
  }
  let values: { year?: string | undefined; la?: string | undefined; out?: string | undefined; as?: string | undefined }
  try {
    ;({ values } = parseArgs({ args, options: { year: { type: 'string' }, la: { type: 'string' }, out: { type: 'string' }, as: { type: 'string' } }, strict: true, allowPositionals: false }))
  } catch (e) {
    return fail(`${(e as Error).message}\n${CIN_CENSUS_USAGE}`)
  }
  if (!values.year || !values.la || !values.out) return fail(`give --year, --la and --out\n${CIN_CENSUS_USAGE}`)
  const file = path.resolve(values.out)

  // Check --out before generating, so a file that cannot be written leaves no "generated" audit row.
  try {
    const stat = await fs.stat(file).catch(() => null)
    if (stat?.isDirectory()) return fail(`--out ${values.out} is a folder: give a file name, for example ${path.join(values.out, 'CIN_Census.xml')}`)
    await fs.access(path.dirname(file), fs.constants.W_OK)
    if (stat) await fs.access(file, fs.constants.W_OK)
  } catch {
    return fail(`cannot write ${values.out}: check the folder exists and you may write to it`)
  }

  const username = values.as ?? 'analyst'
  const user = await findUserForSignIn(database.db, username)
  const actor = user && !user.disabled ? await loadActor(database.db, user.id) : undefined
  if (!actor) return fail(`there is no active user called ${username} (give one with --as USERNAME)`)

  const ctx: AppContext = { database, now: () => now }
  const meta: RequestMeta = { actor, ip: null, requestId: `cli-cin-census-${randomUUID()}` }
  let result
  try {
    result = await generateCinCensus(ctx, meta, { year: values.year, la: values.la })
  } catch (e) {
    if (e instanceof ValidationError) return fail(e.errors.map((x) => (x.field === 'year' || x.field === 'la' ? `--${x.field}: ${x.message}` : x.message)).join('\n'))
    if (e instanceof ForbiddenError) return fail(`${actor.username} (${actor.role}) may not produce statutory returns`)
    throw e
  }

  try {
    await fs.writeFile(file, result.xml, 'utf8')
  } catch (e) {
    return fail(`cannot write ${values.out}: ${(e as Error).message}`)
  }

  const { failures } = result
  const errors = failures.filter((f) => f.severity === 'error').length
  const queries = failures.length - errors
  out.stdout.write(`Wrote ${values.out} (${result.fileName}): ${result.children} ${result.children === 1 ? 'child' : 'children'}, ${result.episodes} ${result.episodes === 1 ? 'episode' : 'episodes'}.\n`)
  out.stdout.write(`Validation (CIN census 2025-26 rules): ${errors} ${errors === 1 ? 'error' : 'errors'}, ${queries} ${queries === 1 ? 'query' : 'queries'}.\n`)
  if (failures.length) {
    out.stdout.write(`\nBy rule:\n${summaryByRule(failures)}`)
    out.stdout.write(`\nFirst ${Math.min(FIRST_FAILURES, failures.length)} of ${failures.length}:\n${firstFailures(failures)}`)
    out.stdout.write(`\nCheck every failure with: harbour returns validate-cin ${values.out}\n`)
  }
  if (errors) {
    out.stderr.write(`harbour returns cin-census: the file has ${errors} ${errors === 1 ? 'error' : 'errors'} to fix before it is submitted\n`)
    return 1
  }
  return 0
}

/** One line per rule: code, severity, count and what it checks; errors first, then by count. */
function summaryByRule(failures: readonly CinRuleFailure[]): string {
  const byRule = new Map<string, { severity: string; count: number; message: string }>()
  for (const f of failures) {
    const r = byRule.get(f.rule)
    if (r) r.count++
    else byRule.set(f.rule, { severity: f.severity, count: 1, message: CIN_RULES.find((x) => x.code === f.rule)?.description ?? f.message })
  }
  const list = [...byRule.entries()].sort((a, b) => (a[1].severity === b[1].severity ? b[1].count - a[1].count || a[0].localeCompare(b[0]) : a[1].severity === 'error' ? -1 : 1))
  const width = Math.max(4, ...list.map(([code]) => code.length))
  const countWidth = Math.max(...list.map(([, r]) => String(r.count).length))
  return list.map(([code, r]) => `  ${code.padEnd(width)}  ${r.severity.padEnd(5)}  ${String(r.count).padStart(countWidth)}  ${r.message}\n`).join('')
}

function firstFailures(failures: readonly CinRuleFailure[]): string {
  return failures
    .slice(0, FIRST_FAILURES)
    .map((f) => `  ${f.rule.padEnd(5)}  ${f.severity.padEnd(5)}  ${(f.laChildId ?? '(return)').padEnd(10)}  ${f.field}: ${f.message}\n`)
    .join('')
}
