/**
 * One CSV cell (RFC 4180). A leading =, +, - or @ gets an apostrophe so a spreadsheet never runs it as a
 * formula (CSV injection). `always` quotes every cell; otherwise only cells that need it are quoted.
 */
export function csvCell(v: unknown, quote: 'always' | 'when-needed' = 'when-needed'): string {
  const s = v === null || v === undefined ? '' : String(v)
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
  return quote === 'always' || /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
