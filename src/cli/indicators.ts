/**
 * `harbour indicators …`: the dashboard's comparators and the council's child population, for an analyst.
 *
 *   harbour indicators comparators load FILE.csv [--as USERNAME]
 *     Loads national, statistical-neighbour and target values from a CSV file (docs/comparators-csv.md).
 *     Every row is checked first; if any row is wrong nothing is saved and each problem is listed by row
 *     and column. A value already held for the same indicator, kind and year is replaced (audited).
 *   harbour indicators population --year 2025-26 --children 312400 [--source TEXT] [--as USERNAME]
 *     Sets the 0–17 child population used for rates per 10,000 children.
 *
 * --as names the user recorded as making the change (default analyst). Exit codes: 0 saved; 1 the file
 * has problems in its rows (nothing saved); 2 nothing was tried (bad arguments, no such file, not a CSV,
 * missing columns, an invalid population, unknown user or one who may not manage indicators).
 */
import { readCsvText } from './readCsvFile.ts'
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { Database } from '../db/database.ts'
import { findUserForSignIn, loadActor } from '../db/repositories/users.ts'
import { ForbiddenError, ValidationError, type AppContext, type RequestMeta } from '../app/context.ts'
import { ComparatorCsvInvalid, loadComparatorsCsv } from '../app/indicators/comparators.ts'
import { setChildPopulation } from '../app/indicators/population.ts'
import { COMPARATOR_CSV_COLUMNS, COMPARATOR_CSV_MAX_BYTES, COMPARATOR_CSV_MAX_ROWS } from '../domain/indicators/comparators.ts'
import type { Actor } from '../domain/access/roles.ts'
import type { ImportOutput } from './importPoliceNotifications.ts'

export const INDICATORS_USAGE = `Usage: harbour indicators comparators load FILE.csv [--as USERNAME]
       harbour indicators population --year YYYY-YY --children N [--source TEXT] [--as USERNAME]

comparators load: a CSV file (UTF-8) whose first line is ${COMPARATOR_CSV_COLUMNS.join(',')}; kind is
national, statistical_neighbours or target; year is a DfE year like 2025-26; at most
${COMPARATOR_CSV_MAX_ROWS.toLocaleString('en-GB')} rows or 1 MB. If any row is wrong, nothing is saved.
population: the council's children aged 0 to 17 (ONS mid-year estimate), for rates per 10,000.
--as names the user recorded as making the change (default analyst).
`

export async function runIndicators(database: Database, args: string[], out: ImportOutput, now: Date): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'comparators' && rest[0] === 'load') return loadFile(database, rest.slice(1), out, now)
  if (sub === 'population') return population(database, rest, out, now)
  out.stderr.write(`harbour indicators: ${sub === undefined ? 'say what to do' : `unknown command ${[sub, ...rest.slice(0, 1)].join(' ')}`}\n${INDICATORS_USAGE}`)
  return 2
}

type Session = { ctx: AppContext; meta: RequestMeta; actor: Actor }

async function session(database: Database, username: string, now: Date, command: string): Promise<Session | string> {
  const user = await findUserForSignIn(database.db, username)
  const actor = user && !user.disabled ? await loadActor(database.db, user.id) : undefined
  if (!actor) return `there is no active user called ${username} (give one with --as USERNAME)`
  return { ctx: { database, now: () => now }, meta: { actor, ip: null, requestId: `cli-indicators-${command}-${randomUUID()}` }, actor }
}

async function loadFile(database: Database, args: string[], out: ImportOutput, now: Date): Promise<number> {
  const fail = (message: string): number => {
    out.stderr.write(`harbour indicators comparators load: ${message}\n`)
    return 2
  }
  let values: { as?: string | undefined }
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({ args, options: { as: { type: 'string' } }, strict: true, allowPositionals: true }))
  } catch (e) {
    return fail(`${(e as Error).message}\n${INDICATORS_USAGE}`)
  }
  const file = positionals[0]
  if (!file || positionals.length > 1) return fail(`give one CSV file\n${INDICATORS_USAGE}`)

  const read = await readCsvText(file, COMPARATOR_CSV_MAX_BYTES, '1 MB')
  if ('error' in read) return fail(read.error)
  const text = read.text

  const s = await session(database, values.as ?? 'analyst', now, 'comparators')
  if (typeof s === 'string') return fail(s)
  let result
  try {
    result = await loadComparatorsCsv(s.ctx, s.meta, text)
  } catch (e) {
    if (e instanceof ComparatorCsvInvalid && e.file !== null) return fail(`${file}: ${e.file}`)
    if (e instanceof ComparatorCsvInvalid) {
      const problems = e.rowErrors
      const rows = new Set(problems.map((p) => p.row)).size
      const rowWidth = Math.max(3, ...problems.map((p) => String(p.row).length))
      const fieldWidth = Math.max(6, ...problems.map((p) => p.field.length))
      out.stdout.write(`Problems in ${file}:\n${'row'.padEnd(rowWidth)}  ${'column'.padEnd(fieldWidth)}  problem\n`)
      for (const p of problems) out.stdout.write(`${String(p.row).padEnd(rowWidth)}  ${p.field.padEnd(fieldWidth)}  ${p.message}\n`)
      out.stderr.write(`harbour indicators comparators load: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${rows} ${rows === 1 ? 'row' : 'rows'}: nothing was saved\n`)
      return 1
    }
    if (e instanceof ForbiddenError) return fail(`${s.actor.username} (${s.actor.role}) may not change comparators`)
    if (e instanceof ValidationError) return fail(e.errors.map((x) => x.message).join('\n'))
    throw e
  }
  if (result.ignoredColumns.length) out.stdout.write(`Columns not loaded (not part of the format): ${result.ignoredColumns.join(', ')}\n`)
  out.stdout.write(`Loaded ${result.rows} ${result.rows === 1 ? 'row' : 'rows'} from ${file}: ${result.added} added, ${result.replaced} replaced, ${result.unchanged} unchanged.\n`)
  return 0
}

async function population(database: Database, args: string[], out: ImportOutput, now: Date): Promise<number> {
  const fail = (message: string): number => {
    out.stderr.write(`harbour indicators population: ${message}\n`)
    return 2
  }
  let values: { year?: string | undefined; children?: string | undefined; source?: string | undefined; as?: string | undefined }
  try {
    ;({ values } = parseArgs({ args, options: { year: { type: 'string' }, children: { type: 'string' }, source: { type: 'string' }, as: { type: 'string' } }, strict: true, allowPositionals: false }))
  } catch (e) {
    return fail(`${(e as Error).message}\n${INDICATORS_USAGE}`)
  }
  if (values.year === undefined || values.children === undefined) return fail(`give --year and --children\n${INDICATORS_USAGE}`)
  const s = await session(database, values.as ?? 'analyst', now, 'population')
  if (typeof s === 'string') return fail(s)
  try {
    const p = await setChildPopulation(s.ctx, s.meta, { year: values.year, children: values.children, source: values.source })
    out.stdout.write(`Child population set: ${p.children.toLocaleString('en-GB')} children aged 0 to 17 in ${p.year}${p.source ? ` (${p.source})` : ''}.\n`)
    return 0
  } catch (e) {
    if (e instanceof ForbiddenError) return fail(`${s.actor.username} (${s.actor.role}) may not set the child population`)
    if (e instanceof ValidationError) return fail(e.errors.map((x) => `--${x.field}: ${x.message}`).join('\n'))
    throw e
  }
}
