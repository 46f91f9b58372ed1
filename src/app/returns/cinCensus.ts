/** The CIN census for a collection year, from the records, as they stood on its reference date (31 March). */
import { readFileSync } from 'node:fs'
import { ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { loadCensusFacts } from '../../db/repositories/cinCensusFacts.ts'
import { buildCinCensus, collectionPeriod, collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import { validateCinCensus } from '../../domain/returns/cinCensus/rules.ts'
import type { CinCensusReturn, CinRuleFailure } from '../../domain/returns/cinCensus/model.ts'
import { isLaCode } from '../../domain/returns/laCodes.ts'
import { formatDate } from '../../domain/shared/dates.ts'
import { writeCinCensusXml } from './cinCensusXml.ts'

export type CinCensusResult = { xml: string; fileName: string; census: CinCensusReturn; failures: CinRuleFailure[]; children: number; episodes: number }

/** Header/Source/SoftwareCode and the file serial number: one file per run, so always 001. */
export const CIN_SOFTWARE_CODE = 'Harbour'
export const CIN_SERIAL_NO = '001'
/** The census started in its current form in 2012-13 (reference date 31 March 2013). */
export const FIRST_CIN_YEAR = 2013

let release: string | undefined
/** Header/Source/Release: Harbour's version, from package.json (read once). */
export function harbourRelease(): string {
  if (release === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }
    release = pkg.version ?? '0.0.0'
  }
  return release
}

/** '2025-26' for collection year 2026. */
export const yearLabel = (year: number): string => `${year - 1}-${String(year).slice(2)}`

/**
 * Capability returns:generate. ValidationError naming `year` (not a 4-digit year, before 2013, beyond the
 * current collection year, or a year in which no child had an episode open) or `la` (not a known DfE LA
 * code); one audit row for the export.
 */
export async function generateCinCensus(ctx: AppContext, meta: RequestMeta, input: { year: string; la: string }): Promise<CinCensusResult> {
  requireCapability(meta.actor, 'returns:generate')
  const yearText = input.year.trim()
  const la = input.la.trim()
  const errors: { field: string; message: string }[] = []
  const currentYear = collectionYearOf(today(ctx))
  const year = Number(yearText)
  if (!/^\d{4}$/.test(yearText)) errors.push({ field: 'year', message: 'Enter the collection year as 4 digits, for example 2026 for 1 April 2025 to 31 March 2026' })
  else if (year < FIRST_CIN_YEAR) errors.push({ field: 'year', message: `The CIN census in this form starts with ${FIRST_CIN_YEAR} (2012-13): enter ${FIRST_CIN_YEAR} or later` })
  else if (year > currentYear) errors.push({ field: 'year', message: `${year} has not started yet: the current collection year is ${currentYear} (${yearLabel(currentYear)})` })
  if (!/^\d{3}$/.test(la) || !isLaCode(la)) errors.push({ field: 'la', message: `${la || 'That'} is not a DfE local authority code: enter your council’s 3-digit code, for example 886` })
  if (errors.length) throw new ValidationError(errors)

  const period = collectionPeriod(year)
  const producedAt = ctx.now()
  // Repeatable read: one snapshot for the seven reads, so a record saved mid-run is in all of them or none.
  return ctx.database.db.transaction(async (tx) => {
    const facts = await loadCensusFacts(tx, { from: period.start, to: period.end })
    const census = buildCinCensus(facts, { year, la, producedAt, softwareCode: CIN_SOFTWARE_CODE, release: harbourRelease(), serialNo: CIN_SERIAL_NO })
    if (census.children.length === 0)
      throw new ValidationError([
        { field: 'year', message: `No child had a CIN episode open in ${yearLabel(year)} (${formatDate(period.start)} to ${formatDate(period.end)}): nothing to return` },
      ])
    const xml = writeCinCensusXml(census)
    const failures = validateCinCensus(census)
    const children = census.children.length
    const episodes = census.children.reduce((n, c) => n + c.episodes.length, 0)
    const errorCount = failures.filter((f) => f.severity === 'error').length
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'returns.cin-census.generated',
      entityType: 'return',
      after: { year, la, children, episodes, errors: errorCount, queries: failures.length - errorCount },
      ip: meta.ip,
      requestId: meta.requestId,
      at: producedAt,
    })
    return { xml, fileName: `CIN_Census_${la}_${year}.xml`, census, failures, children, episodes }
  }, { isolationLevel: 'repeatable read' })
}
