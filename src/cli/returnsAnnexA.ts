/**
 * `harbour returns annex-a --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx [--as USERNAME]`: writes
 * Ofsted Annex A lists 1, 3, 4, 5, 6 and 7 for the window as an Excel workbook, one sheet per list, as
 * the named user (default `analyst`, who may generate returns); the export is in the audit log under
 * that user, as when it is downloaded from the web.
 *
 * Exit codes: 0 written; 2 nothing written (missing or bad arguments, a window the return refuses, an
 * unknown user or one without the capability, a file that cannot be written).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { Database } from '../db/database.ts'
import { findUserForSignIn, loadActor } from '../db/repositories/users.ts'
import { ForbiddenError, ValidationError, type AppContext, type RequestMeta } from '../app/context.ts'
import { generateAnnexA } from '../app/returns/annexA.ts'
import { can } from '../domain/access/roles.ts'
import type { ImportOutput } from './importPoliceNotifications.ts'

export const ANNEX_A_USAGE = 'Usage: harbour returns annex-a --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx [--as USERNAME]'

const OPTION_NAMES: Record<string, string> = { from: '--from', to: '--to' }

/** Why `out` cannot be written, or null when it can (checked first, so a long export is not wasted). */
async function unwritable(out: string): Promise<string | null> {
  if (!out.toLowerCase().endsWith('.xlsx')) return `${out} must end in .xlsx (it is an Excel workbook)`
  try {
    const stat = await fs.stat(out)
    if (stat.isDirectory()) return `${out} is a folder: give a file name ending in .xlsx`
    await fs.access(out, fs.constants.W_OK)
    return null
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') return `cannot write ${out}: ${(e as Error).message}`
  }
  const dir = path.dirname(path.resolve(out))
  try {
    const stat = await fs.stat(dir)
    if (!stat.isDirectory()) return `cannot write ${out}: ${dir} is not a folder`
    await fs.access(dir, fs.constants.W_OK)
    return null
  } catch (e) {
    return (e as { code?: string }).code === 'ENOENT' ? `cannot write ${out}: there is no folder ${dir}` : `cannot write ${out}: the folder ${dir} is not writable`
  }
}

export async function runAnnexA(database: Database, args: string[], out: ImportOutput, now: Date): Promise<number> {
  const fail = (message: string, usage = false): number => {
    out.stderr.write(`harbour returns annex-a: ${message}\n${usage ? `${ANNEX_A_USAGE}\n` : ''}`)
    return 2
  }
  let values: { from?: string | undefined; to?: string | undefined; out?: string | undefined; as?: string | undefined }
  try {
    const parsed = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, as: { type: 'string' } }, allowPositionals: false, strict: true })
    values = parsed.values
  } catch (e) {
    return fail((e as Error).message, true)
  }
  const missing = (['from', 'to', 'out'] as const).filter((k) => !values[k])
  if (missing.length) return fail(`give ${missing.map((k) => `--${k}`).join(', ')}`, true)
  const file = values.out as string
  const username = values.as ?? 'analyst'

  const user = await findUserForSignIn(database.db, username)
  const actor = user && !user.disabled ? await loadActor(database.db, user.id) : undefined
  if (!actor) return fail(`there is no active user called ${username} (give one with --as USERNAME)`)
  if (!can(actor, 'returns:generate')) return fail(`${actor.username} (${actor.role}) may not generate statutory returns`)
  const problem = await unwritable(file)
  if (problem) return fail(problem)

  const ctx: AppContext = { database, now: () => now }
  const meta: RequestMeta = { actor, ip: null, requestId: `cli-annex-a-${randomUUID()}` }
  let result
  try {
    result = await generateAnnexA(ctx, meta, { from: values.from as string, to: values.to as string })
  } catch (e) {
    if (e instanceof ValidationError) return fail(e.errors.map((x) => `${OPTION_NAMES[x.field] ?? x.field}: ${x.message}`).join('; '))
    if (e instanceof ForbiddenError) return fail(`${actor.username} may not generate statutory returns`)
    throw e
  }
  try {
    await fs.writeFile(file, result.workbook)
  } catch (e) {
    return fail(`cannot write ${file}: ${(e as Error).message}`)
  }
  out.stdout.write(`Wrote ${file} (Annex A, ${values.from} to ${values.to}):\n`)
  for (const [list, n] of Object.entries(result.rowCounts)) out.stdout.write(`  ${list}: ${n} row${n === 1 ? '' : 's'}\n`)
  return 0
}
