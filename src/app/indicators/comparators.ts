/**
 * Comparators for the dashboard's indicators: national, statistical neighbours and the council's target,
 * by DfE year. An analyst enters one at a time or loads a CSV file (all rows or none); entering one that
 * is already held replaces its value in place, and the audit log keeps the value before and after.
 */
import type { Executor, Tx } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { comparatorForUpdate, listComparatorRows, upsertComparator, type ComparatorRow } from '../../db/repositories/indicatorSettings.ts'
import {
  COMPARATOR_CSV_MAX_BYTES,
  COMPARATOR_KINDS,
  indicatorScale,
  isComparatorKind,
  validateComparator,
  validateComparatorCsv,
  type Comparator,
  type ComparatorCsvError,
  type ComparatorInput,
  type IndicatorScale,
} from '../../domain/indicators/comparators.ts'
import { INDICATORS, INDICATOR_IDS, isIndicatorId, type IndicatorId } from '../../domain/indicators/definitions.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

export type IndicatorComparators = { id: IndicatorId; title: string; scale: IndicatorScale; comparators: ComparatorRow[] }

/** Every indicator, in the dashboard's order, with the comparators held for it (newest year first). */
export async function listComparators(ctx: AppContext, meta: RequestMeta): Promise<IndicatorComparators[]> {
  requireCapability(meta.actor, 'indicators:view')
  const all = await listComparatorRows(ctx.database.db)
  const kindOrder = (k: string) => COMPARATOR_KINDS.indexOf(k as (typeof COMPARATOR_KINDS)[number])
  return INDICATOR_IDS.map((id) => ({
    id,
    title: INDICATORS[id].title,
    scale: indicatorScale(id),
    comparators: all.filter((c) => c.indicatorId === id).sort((a, b) => b.year.localeCompare(a.year) || kindOrder(a.kind) - kindOrder(b.kind)),
  }))
}

/**
 * The comparators, for the dashboard to draw beside its figures (no capability check: the caller is a
 * use case that has made its own). Rows for an indicator no longer defined are left out.
 */
export async function loadComparators(db: Executor): Promise<(Comparator & { enteredAt: Date })[]> {
  return (await listComparatorRows(db)).flatMap((r) => (isIndicatorId(r.indicatorId) && isComparatorKind(r.kind) ? [{ indicatorId: r.indicatorId, kind: r.kind, year: r.year, value: r.value, source: r.source, enteredAt: r.enteredAt }] : []))
}

export type SaveOutcome = 'added' | 'replaced' | 'unchanged'

/** Saves one checked comparator in the caller's transaction, with its audit row; the same value again changes nothing. */
async function saveIn(tx: Tx, ctx: AppContext, meta: RequestMeta, c: Comparator, via: Record<string, unknown>): Promise<SaveOutcome> {
  const before = await comparatorForUpdate(tx, c)
  if (before && before.value === c.value && before.source === c.source) return 'unchanged'
  const now = ctx.now()
  const id = await upsertComparator(tx, { ...c, userId: meta.actor.userId }, now)
  const key = { indicatorId: c.indicatorId, kind: c.kind, year: c.year }
  await appendAudit(tx, {
    userId: meta.actor.userId,
    username: meta.actor.username,
    action: 'indicator_comparator.set',
    entityType: 'indicator_comparator',
    entityId: id,
    before: before ? { ...key, value: before.value, source: before.source } : null,
    after: { ...c, ...via },
    ip: meta.ip,
    requestId: meta.requestId,
    at: now,
  })
  return before ? 'replaced' : 'added'
}

/** Adds one comparator, or replaces the value held for the same indicator, kind and year. */
export async function saveComparator(ctx: AppContext, meta: RequestMeta, input: ComparatorInput): Promise<{ outcome: SaveOutcome; comparator: Comparator }> {
  requireCapability(meta.actor, 'indicators:manage')
  const v = validateComparator(input)
  if (!v.ok) throw new ValidationError(v.errors)
  const outcome = await ctx.database.db.transaction((tx) => saveIn(tx, ctx, meta, v.value, { via: 'form' }))
  return { outcome, comparator: v.value }
}

/**
 * The file could not be loaded: `file` says why the file as a whole was refused, or `rowErrors` lists
 * every problem by row and column. Its `errors` (field `csv`) say the same for a form's error summary.
 */
export class ComparatorCsvInvalid extends ValidationError {
  constructor(
    readonly file: string | null,
    readonly rowErrors: ComparatorCsvError[],
  ) {
    super(file !== null ? [{ field: 'csv', message: file }] : rowErrors.map((e) => ({ field: 'csv', message: `Row ${e.row}, ${e.field === 'row' ? 'whole row' : `column ${e.field}`}: ${e.message}` })))
  }
}

export type CsvLoadResult = { rows: number; added: number; replaced: number; unchanged: number; ignoredColumns: string[] }

/**
 * Loads a comparators CSV file: every row is checked first and, if any row is wrong, nothing is saved
 * (ComparatorCsvInvalid lists each problem). Otherwise all rows are saved in one transaction.
 */
export async function loadComparatorsCsv(ctx: AppContext, meta: RequestMeta, text: string): Promise<CsvLoadResult> {
  requireCapability(meta.actor, 'indicators:manage')
  if (text.trim() === '') throw new ComparatorCsvInvalid('Paste the CSV file’s contents, starting with the header row indicator,kind,year,value,source', [])
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > COMPARATOR_CSV_MAX_BYTES) throw new ComparatorCsvInvalid(`The file is ${(bytes / 1024 / 1024).toFixed(1)} MB: load at most 1 MB at a time`, [])
  const checked = validateComparatorCsv(text)
  if (!checked.ok) throw new ComparatorCsvInvalid(checked.file, checked.rowErrors)
  const result: CsvLoadResult = { rows: checked.comparators.length, added: 0, replaced: 0, unchanged: 0, ignoredColumns: checked.ignoredColumns }
  await ctx.database.db.transaction(async (tx) => {
    for (const { row, ...c } of checked.comparators) result[await saveIn(tx, ctx, meta, c, { via: 'csv', row })]++
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'indicator_comparator.load',
      entityType: 'indicator_comparator',
      after: result,
      ip: meta.ip,
      requestId: meta.requestId,
      at: ctx.now(),
    })
  })
  return result
}
