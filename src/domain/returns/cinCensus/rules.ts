/**
 * The CIN census 2025-26 validation rules (109: 83 errors, 26 queries; SPEC.md section c), as
 * Harbour's own implementation. Where SPEC.md is silent the behaviour follows the open-source
 * reference, data-to-insight/csc-validator-be-cin. Values are the raw XML strings: anything absent,
 * blank or malformed is handled (an unparseable date counts as absent in date comparisons) and the
 * validator never throws.
 *
 * Rule bodies live in ./rules/: childRules.ts (identifiers, characteristics), episodeRules.ts
 * (episodes, assessments, plans, section 47s, child protection plans), catalogue.ts (the list).
 */
import type { IsoDate } from '../../shared/dates.ts'
import { addCalendarMonths, addDays } from '../../calendar/days.ts'
import { ENGLAND_AND_WALES_CALENDAR, type WorkingDayCalendar } from '../../calendar/workingDays.ts'
import type { CinCensusChild, CinCensusHeader, CinCensusPeriod, CinCensusReturn, CinRule, CinRuleFailure } from './model.ts'
import { RULE_CATALOGUE } from './rules/catalogue.ts'
import { characteristicRules, identifierRules } from './rules/childRules.ts'
import { crossEpisodeRules, episodeRules } from './rules/episodeRules.ts'
import { day, iso, list, severityOf, show, text, type ChildContext, type Period } from './rules/support.ts'

/** Every rule, in the order of SPEC.md section c. */
export const CIN_RULES: readonly CinRule[] = RULE_CATALOGUE

/** ReferenceDate − 1 year + 1 day … ReferenceDate (how the DfE validator computes the census year). Throws RangeError for a date that is not real. */
export function censusPeriod(referenceDate: IsoDate): CinCensusPeriod {
  return { start: addDays(addCalendarMonths(referenceDate, -12), 1), end: referenceDate }
}

/**
 * How many places in the file the failures point at: a failure that involves several elements (1103: the
 * assessment start and the referral date) counts once for each, as the reference validator counts them.
 */
export function locationCount(failures: readonly CinRuleFailure[]): number {
  return failures.reduce((n, f) => n + (f.locations?.length ?? 1), 0)
}

let internalErrors = 0
/** How many times a rule body threw and was skipped (always 0 unless there is a bug): for tests. */
export function cinRuleInternalErrors(): number {
  return internalErrors
}

/** Runs one group of rules; a bug in one group never stops the others or the caller. */
function guarded(run: () => void): void {
  try {
    run()
  } catch {
    internalErrors += 1
  }
}

function returnFailure(rule: string, field: string, message: string): CinRuleFailure {
  return { rule, severity: severityOf(rule), field, message }
}

/**
 * Streaming validation: header rules when constructed, child rules one child at a time, return-level
 * rules (and cross-child ones: 1520, 8510, 2883, 2886Q, 2887Q, 2888Q) at finish(). Memory is bounded by
 * small accumulators, so a 200 MB file can be checked child by child.
 */
export class CinCensusValidator {
  private readonly period: Period | undefined
  private readonly header100: CinRuleFailure[] = []
  // Cross-child accumulators: identifiers seen (first child's index and ID), and counters.
  private readonly upns = new Map<string, { index: number; id: string | undefined; line: number | undefined; reported: boolean }>()
  private readonly ids = new Map<string, { index: number; line: number | undefined; reported: boolean }>()
  private readonly pending: CinRuleFailure[] = []
  private children = 0
  private sexMissing = 0
  private noneDisabilities = 0
  private multiDisabilityChild = false
  private anyDisabledChild = false
  private cppStartsInYear = 0
  private icpcsInYear = 0

  constructor(
    readonly header: CinCensusHeader,
    readonly calendar: WorkingDayCalendar = ENGLAND_AND_WALES_CALENDAR,
    /** The census year, when it is not the 12 months to the reference date (a year checked part-way through). */
    periodStart?: IsoDate,
  ) {
    const h = (header && typeof header === 'object' ? header : {}) as Partial<CinCensusHeader>
    const ref = day(h.referenceDate)
    const start = periodStart !== undefined ? day(periodStart) : undefined
    if (ref !== undefined) this.period = { start: start !== undefined && start <= ref ? start : (day(censusPeriod(iso(ref)).start) as number), end: ref }
    // CIN census 100: ReferenceDate present and 31 March of Year.
    const year = text(h.year)
    const refText = text(h.referenceDate)
    if (ref === undefined) this.header100.push(returnFailure('100', 'ReferenceDate', refText === undefined ? 'The census reference date is missing: it must be 31 March of the collection year.' : `The census reference date "${refText}" is not a real date: it must be 31 March of the collection year.`))
    else if (year === undefined || !/^\d{4}$/.test(year) || iso(ref) !== `${year}-03-31`) this.header100.push(returnFailure('100', 'ReferenceDate', `The census reference date (${show(ref)}) is not 31 March ${year !== undefined && /^\d{4}$/.test(year) ? year : 'of the collection year'}: the Year and ReferenceDate in the header must match (for 2025-26: Year 2026, ReferenceDate 2026-03-31).`))
  }

  headerFailures(): CinRuleFailure[] {
    return this.header100.map((f) => ({ ...f }))
  }

  child(child: CinCensusChild, index: number): CinRuleFailure[] {
    const out: CinRuleFailure[] = []
    const c = (child && typeof child === 'object' ? child : { episodes: [] }) as CinCensusChild
    const childIndex = Number.isSafeInteger(index) ? index : this.children
    const ctx: ChildContext = { period: this.period, calendar: this.calendar, child: c, childIndex, out }
    guarded(() => identifierRules(ctx))
    guarded(() => characteristicRules(ctx))
    list(c.episodes).forEach((ep, e) => {
      if (ep && typeof ep === 'object') guarded(() => episodeRules(ctx, ep, e))
    })
    guarded(() => crossEpisodeRules(ctx))
    guarded(() => this.accumulate(c, childIndex))
    return out
  }

  /** Cross-child and return-level facts about one child, kept as counters and identifier sets. */
  private accumulate(c: CinCensusChild, index: number): void {
    this.children += 1
    const line = typeof c.line === 'number' ? c.line : undefined
    const id = text(c.laChildId)
    // CIN census 8510: LAchildID unique in the return.
    if (id !== undefined) {
      const seen = this.ids.get(id)
      if (!seen) this.ids.set(id, { index, line, reported: false })
      else {
        if (!seen.reported) {
          seen.reported = true
          this.pending.push({ ...returnFailure('8510', 'LAchildID', `The LA child identifier ${id} is used for more than one child in the return: each child must appear once, with all their referrals under one Child.`), laChildId: id, childIndex: seen.index, ...(seen.line !== undefined ? { line: seen.line } : {}) })
        }
        this.pending.push({ ...returnFailure('8510', 'LAchildID', `The LA child identifier ${id} is used for more than one child in the return: each child must appear once, with all their referrals under one Child.`), laChildId: id, childIndex: index, ...(line !== undefined ? { line } : {}) })
      }
    }
    // CIN census 1520: UPN unique in the return.
    const upn = text(c.upn)?.toUpperCase()
    if (upn !== undefined) {
      const seen = this.upns.get(upn)
      const message = `The UPN ${upn} is recorded for more than one child in the return. Check which child it belongs to.`
      if (!seen) this.upns.set(upn, { index, id, line, reported: false })
      else {
        if (!seen.reported) {
          seen.reported = true
          this.pending.push({ ...returnFailure('1520', 'UPN', message), ...(seen.id !== undefined ? { laChildId: seen.id } : {}), childIndex: seen.index, ...(seen.line !== undefined ? { line: seen.line } : {}) })
        }
        this.pending.push({ ...returnFailure('1520', 'UPN', message), ...(id !== undefined ? { laChildId: id } : {}), childIndex: index, ...(line !== undefined ? { line } : {}) })
      }
    }
    // CIN census 2886Q: Sex missing or U, among children with no expected date of birth.
    const sex = text(c.sex)
    if ((sex === undefined || sex === 'U') && text(c.expectedPersonBirthDate) === undefined) this.sexMissing += 1
    // CIN census 2887Q, 2888Q: disability codes used.
    const codes = Array.isArray(c.disabilities) ? c.disabilities.map((d) => text(d)).filter((d): d is string => d !== undefined) : []
    this.noneDisabilities += codes.filter((d) => d === 'NONE').length
    const real = codes.filter((d) => d !== 'NONE')
    if (real.length > 0) this.anyDisabledChild = true
    if (real.length > 1) this.multiDisabilityChild = true
    // CIN census 2883: CPP starts in the year vs initial conferences in the year.
    const p = this.period
    if (p) {
      const inYear = (v: unknown) => {
        const d = day(v)
        return d !== undefined && d >= p.start && d <= p.end
      }
      for (const ep of list(c.episodes)) {
        if (!ep || typeof ep !== 'object') continue
        if (inYear(ep.dateOfInitialCpc)) this.icpcsInYear += 1
        for (const s of list(ep.section47s)) if (s && inYear(s.dateOfInitialCpc)) this.icpcsInYear += 1
        for (const cp of list(ep.cpPlans)) if (cp && inYear(cp.startDate)) this.cppStartsInYear += 1
      }
    }
  }

  finish(): CinRuleFailure[] {
    const out = this.pending.map((f) => ({ ...f }))
    // CIN census 2883 (needs the census period).
    if (this.period && this.cppStartsInYear > this.icpcsInYear) out.push(returnFailure('2883', 'CPPstartDate', `${this.cppStartsInYear} child protection plans start in the census year but only ${this.icpcsInYear} initial child protection conferences are recorded. Each plan should follow a conference: check for missing conference dates.`))
    // CIN census 2886Q: more than 2% with Sex missing or U (unborn children excluded).
    if (this.children > 0 && this.sexMissing / this.children > 0.02) out.push(returnFailure('2886Q', 'Sex', `${this.sexMissing} of ${this.children} children (${((100 * this.sexMissing) / this.children).toFixed(1)}%) have no sex recorded or U (excluding unborn children); the DfE queries more than 2%. Please record sex where it is known.`))
    // CIN census 2887Q. As the reference implementation (rule_2887Q.py) does, this counts the NONE
    // entries: the DfE wording counts the distinct codes other than NONE. Kept so that results agree
    // with the reference tool; see the report for issue 7.
    if (this.children > 0 && this.noneDisabilities <= 7) out.push(returnFailure('2887Q', 'Disability', 'Fewer than 8 disability codes have been used in the return. Please check that children’s disabilities (or NONE) are fully recorded.'))
    // CIN census 2888Q: some child with a disability has more than one recorded.
    if (this.anyDisabledChild && !this.multiDisabilityChild) out.push(returnFailure('2888Q', 'Disability', 'No child in the return has more than one disability recorded. Please record every disability a child has, where there is more than one.'))
    return out
  }
}

/** The whole return at once (header, every child, return-level rules), in file order. */
export function validateCinCensus(ret: CinCensusReturn, calendar: WorkingDayCalendar = ENGLAND_AND_WALES_CALENDAR): CinRuleFailure[] {
  const r = (ret && typeof ret === 'object' ? ret : {}) as Partial<CinCensusReturn>
  const v = new CinCensusValidator((r.header ?? { sources: [] }) as CinCensusHeader, calendar)
  const out = v.headerFailures()
  list(r.children).forEach((c, i) => out.push(...v.child(c, i)))
  out.push(...v.finish())
  return out
}

/**
 * Child-level rules only, for one child's record as it stands, against a reference date (continuous data
 * quality on the child's page). Cross-child and return-level rules are not run. `periodStart` makes the
 * census year start there (this collection year so far) instead of 12 months before the reference date.
 */
export function validateCinChild(child: CinCensusChild, referenceDate: IsoDate, calendar: WorkingDayCalendar = ENGLAND_AND_WALES_CALENDAR, periodStart?: IsoDate): CinRuleFailure[] {
  const refText = typeof referenceDate === 'string' ? referenceDate : ''
  const v = new CinCensusValidator({ collection: 'CIN', year: refText.slice(0, 4), referenceDate: refText, sources: [] }, calendar, periodStart)
  return v.child(child, 0)
}


