/**
 * Ofsted Annex A workbook (lists 1, 3, 4, 5, 6 and 7) for a reporting window: one sheet per list, the
 * template's headers in its order, coded values as its drop-downs have them, dates as real Excel dates.
 * Every child in the window is included, restricted records too (a statutory return); the export itself
 * is audited, with the window and the row counts.
 */
import { loadAnnexAFacts } from '../../db/repositories/annexA.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { buildAnnexA, type AnnexASheet, type AnnexAWorkbook } from '../../domain/returns/annexA/build.ts'
import { validateAnnexAWindow } from '../../domain/returns/annexA/window.ts'
import { ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

export type AnnexAResult = { workbook: Buffer; fileName: string; rowCounts: Record<string, number> }

/** Capability returns:generate; ValidationError naming `from`/`to` for bad dates; one audit row for the export. */
export async function generateAnnexA(ctx: AppContext, meta: RequestMeta, input: { from: string; to: string }): Promise<AnnexAResult> {
  requireCapability(meta.actor, 'returns:generate')
  const checked = validateAnnexAWindow({ from: String(input.from ?? ''), to: String(input.to ?? '') }, today(ctx))
  if (!checked.ok) throw new ValidationError(checked.errors)
  const w = checked.window
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const built = buildAnnexA(await loadAnnexAFacts(tx, w), w)
    const workbook = await writeAnnexAWorkbook(built, now)
    const rowCounts: Record<string, number> = { ...built.rowCounts }
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'returns.annex-a.generated',
      entityType: 'return',
      after: { from: w.from, to: w.to, rowCounts },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { workbook, fileName: `annex-a-${w.from}-to-${w.to}.xlsx`, rowCounts }
  })
}

const DATE_FORMAT = 'dd/mm/yyyy'

/** A calendar date as the Excel date of that day (exceljs writes a Date's UTC day). */
function excelDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

/** Wide enough for the longest value, with long headers wrapped onto a few lines rather than one wide column. */
function columnWidth(sheet: AnnexASheet, key: string, header: string, type: string): number {
  if (type === 'date') return Math.max(12, Math.min(header.length, 18) + 2)
  const longest = sheet.rows.reduce((n, r) => Math.max(n, String(r[key] ?? '').length), 0)
  return Math.min(60, Math.max(10, longest + 2, Math.min(header.length, 24) + 2))
}

export async function writeAnnexAWorkbook(built: AnnexAWorkbook, createdAt: Date): Promise<Buffer> {
  // Loaded when a workbook is written, not at start: exceljs is about 28 MB of the server's memory.
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Harbour'
  wb.created = createdAt
  wb.modified = createdAt
  for (const sheet of built.sheets) {
    const ws = wb.addWorksheet(sheet.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: columnWidth(sheet, c.key, c.header, c.type) }))
    const header = ws.getRow(1)
    header.font = { bold: true }
    header.alignment = { wrapText: true, vertical: 'top' }
    // Excel does not grow a row for wrapped text on opening: size the header for its longest wrapped header.
    const lines = Math.max(1, ...ws.columns.map((c, i) => Math.ceil((sheet.columns[i]?.header.length ?? 0) / Math.max(1, (c.width ?? 10) - 2))))
    header.height = 15 * lines
    for (const r of sheet.rows) {
      const row = ws.addRow(
        sheet.columns.map((c) => {
          const v = r[c.key] ?? null
          if (v === null || v === '') return null
          return c.type === 'date' ? excelDate(String(v)) : v
        }),
      )
      sheet.columns.forEach((c, i) => {
        if (c.type === 'date') row.getCell(i + 1).numFmt = DATE_FORMAT
      })
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
