/**
 * `harbour import police-notifications FILE [--as USERNAME]`: imports police notifications from a CSV
 * file into the police notification queue, as the named user (default `frontdoor`), with a progress bar
 * on stderr, then a report of every row that was not imported (row, column, problem) and the totals.
 *
 * The file (UTF-8 text, comma-separated, fields with commas or line breaks in double quotes) starts with
 * a header row naming these columns, in any order; other columns are ignored:
 *
 *   police_reference     the police's own reference, up to 50 characters (unique: a reference already
 *                        recorded is reported, so a file can safely be imported again after fixing rows)
 *   received_at          when the notification reached the council: YYYY-MM-DD HH:MM (UK time, 24-hour)
 *   incident_date        YYYY-MM-DD; not in the future, not after received_at
 *   incident_type        domestic_abuse | missing_child | child_at_risk | other
 *   risk_level           the DASH risk level: standard | medium | high
 *   children_present     yes | no
 *   summary              what happened, up to 10,000 characters
 *   child_nhs_number     the child's NHS number; or leave blank and give all three of:
 *   child_family_name    } matched exactly (ignoring case) to one child in the person index
 *   child_given_names    }
 *   child_date_of_birth  } YYYY-MM-DD
 *
 * One row is one notification about one child: rows with the same police_reference are not merged (the
 * second is reported). Row numbers count as a spreadsheet does (the header is row 1). Each row is
 * imported in its own transaction: a row with any problem imports nothing; the good rows are imported.
 *
 * Exit codes: 0 when at least one row was imported (problems in other rows are still listed); 1 when
 * every row failed; 2 when nothing could be tried (no such file, not a CSV, missing columns, no rows,
 * unknown user).
 */
import { readCsvText } from './readCsvFile.ts'
import { randomUUID } from 'node:crypto'
import type { Database } from '../db/database.ts'
import { findUserForSignIn, loadActor } from '../db/repositories/users.ts'
import { ForbiddenError, ValidationError, type AppContext, type RequestMeta } from '../app/context.ts'
import { importPoliceNotifications } from '../app/frontDoor/policeNotifications.ts'
import { CSV_COLUMNS } from '../domain/frontDoor/policeNotification.ts'
import { can } from '../domain/access/roles.ts'

export type Writer = { write(s: string): unknown; isTTY?: boolean | undefined }
export type ImportOutput = { stdout: Writer; stderr: Writer }

export const IMPORT_USAGE = `Usage: harbour import police-notifications FILE [--as USERNAME]

Imports police notifications from a CSV file (UTF-8, header row required) with the columns:
  ${CSV_COLUMNS.join(', ')}
received_at is YYYY-MM-DD HH:MM; dates are YYYY-MM-DD; incident_type is domestic_abuse, missing_child,
child_at_risk or other; risk_level is standard, medium or high; children_present is yes or no. The child
is found by child_nhs_number, or by family name, given names and date of birth together.
One row is one notification about one child. --as names the user recorded as importing (default frontdoor).
`

const MAX_BYTES = 50 * 1024 * 1024

/** `[#####.....] 50/100`: redrawn in place on a terminal, otherwise a line every 10%. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`
}

function progressReporter(err: Writer): (done: number, total: number) => void {
  let lastTenth = -1
  return (done, total) => {
    if (err.isTTY) {
      err.write(`\r${progressBar(done, total)}`)
      if (done === total) err.write('\n')
      return
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10)
    if (tenth === lastTenth) return
    lastTenth = tenth
    err.write(`${progressBar(done, total)}\n`)
  }
}

/** Runs the import; returns the exit code. All output goes through `out` (process.stdout/stderr in main.ts). */
export async function runImportPoliceNotifications(database: Database, file: string, actorUsername: string, out: ImportOutput): Promise<number> {
  const fail = (message: string): number => {
    out.stderr.write(`harbour import police-notifications: ${message}\n`)
    return 2
  }
  const read = await readCsvText(file, MAX_BYTES, '50 MB')
  if ('error' in read) return fail(read.error)
  const text = read.text

  const user = await findUserForSignIn(database.db, actorUsername)
  const actor = user && !user.disabled ? await loadActor(database.db, user.id) : undefined
  if (!actor) return fail(`there is no active user called ${actorUsername} (give one with --as USERNAME)`)
  if (!can(actor, 'police-notification:triage')) return fail(`${actor.username} (${actor.role}) may not record police notifications`)

  const ctx: AppContext = { database, now: () => new Date() }
  const meta: RequestMeta = { actor, ip: null, requestId: `cli-import-${randomUUID()}` }
  let result
  try {
    result = await importPoliceNotifications(ctx, meta, text, progressReporter(out.stderr))
  } catch (e) {
    if (e instanceof ValidationError) return fail(`${file}: ${e.errors.map((x) => x.message).join('; ')}`)
    if (e instanceof ForbiddenError) return fail(`${actor.username} may not record police notifications`)
    throw e
  }

  const { total, imported, errors, ignoredColumns } = result
  if (ignoredColumns.length) out.stdout.write(`Columns not imported (not part of the format): ${ignoredColumns.join(', ')}\n\n`)
  const failedRows = new Set(errors.map((e) => e.row)).size
  if (errors.length) {
    out.stdout.write(`Problems (rows listed here were not imported):\n`)
    const rowWidth = Math.max(3, ...errors.map((e) => String(e.row).length))
    const fieldWidth = Math.max(5, ...errors.map((e) => e.field.length))
    out.stdout.write(`${'row'.padEnd(rowWidth)}  ${'field'.padEnd(fieldWidth)}  problem\n`)
    for (const e of errors) out.stdout.write(`${String(e.row).padEnd(rowWidth)}  ${e.field.padEnd(fieldWidth)}  ${e.message}\n`)
    out.stdout.write('\n')
  }
  out.stdout.write(`${imported} of ${total} row${total === 1 ? '' : 's'} imported; ${failedRows} row${failedRows === 1 ? '' : 's'} not imported.\n`)
  if (imported === 0) {
    out.stderr.write('harbour import police-notifications: no row was imported\n')
    return 1
  }
  return 0
}
