/**
 * Builds the CIN census return from Harbour's records, as they stood on the reference date (31 March),
 * whenever it is run: anything dated after the reference date is treated as not yet having happened, so
 * a past year's return can be produced (or re-produced) at any time and comes out the same.
 * Structure and rules: ../shared/specs/cin-census/SPEC.md (DfE CIN census 2025-26).
 */
import type { IsoDate } from '../../shared/dates.ts'
import type { CensusConferenceFacts, CensusCpPlanFacts, CensusPersonFacts, CensusReferralFacts } from './facts.ts'
import type {
  CinCensusAssessment,
  CinCensusChild,
  CinCensusCinPlan,
  CinCensusCpPlan,
  CinCensusEpisode,
  CinCensusPeriod,
  CinCensusReturn,
  CinCensusSection47,
} from './model.ts'

/** The collection year (the year its 31 March falls in) that a date belongs to: 2026-03-31 → 2026, 2026-04-01 → 2027. */
export function collectionYearOf(date: IsoDate): number {
  const y = Number(date.slice(0, 4))
  return date.slice(5) >= '04-01' ? y + 1 : y
}

/** 1 April (year − 1) … 31 March (year). */
export function collectionPeriod(year: number): CinCensusPeriod {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31` }
}

export type CinCensusOptions = {
  year: number
  /** 3-digit DfE LA code. */
  la: string
  /** When the file is produced (Header/Source/DateTime, London time). */
  producedAt: Date
  softwareCode: string
  release: string
  serialNo: string
}

/** Held on or before `end` (a conference held after the reference date had not happened yet). */
type HeldConference = CensusConferenceFacts & { heldOn: IsoDate }
const heldBy = (c: CensusConferenceFacts, end: IsoDate): c is HeldConference =>
  c.status === 'held' && c.heldOn !== null && c.heldOn <= end

/** One category code → it; several → MUL (CIN census InitialCategoryOfAbuse/LatestCategoryOfAbuse, codes NEG PHY SAB EMO MUL). */
function categoryCode(categories: readonly string[]): string | undefined {
  const distinct = [...new Set(categories)]
  if (distinct.length === 0) return undefined
  return distinct.length === 1 ? distinct[0] : 'MUL'
}

/** The referral's closure, only if it had happened by the reference date. */
const closedBy = (r: CensusReferralFacts, end: IsoDate): boolean => r.closedOn !== null && r.closedOn <= end

/**
 * Included when the episode was open at some point in the year: referred on or before the reference date
 * and not closed before 1 April (SPEC b "Who is in the return"; CIN census 8600, 8620).
 */
function episodeInYear(r: CensusReferralFacts, period: CinCensusPeriod): boolean {
  if (r.referralDate > period.end) return false
  return !(closedBy(r, period.end) && (r.closedOn as IsoDate) < period.start)
}

/**
 * NFA as at the reference date: the referral had closed and nothing had started on it — no assessment,
 * section 47, CIN plan or CP plan (CIN census N00112; 8831, 4000, 8832 forbid them on an NFA episode).
 */
function isNfa(r: CensusReferralFacts, end: IsoDate): boolean {
  if (!closedBy(r, end)) return false
  return (
    !r.assessments.some((a) => a.startDate <= end) &&
    !r.section47s.some((s) => s.startDate <= end) &&
    !r.cinPlans.some((p) => p.startDate <= end) &&
    !r.cpPlans.some((p) => p.startDate <= end)
  )
}

function buildAssessments(r: CensusReferralFacts, period: CinCensusPeriod): CinCensusAssessment[] {
  const out: CinCensusAssessment[] = []
  const sorted = [...r.assessments].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.assessmentRef.localeCompare(b.assessmentRef))
  for (const a of sorted) {
    // Not started by the reference date: not in this year's return.
    if (a.startDate > period.end) continue
    const completed = a.completedOn !== null && a.completedOn <= period.end
    if (!completed) {
      // Still open on 31 March: no authorisation date, and no factors (CIN census 8614: factors only on completed assessments).
      out.push({ actualStartDate: a.startDate })
      continue
    }
    // Completed before 1 April: last year's business (CIN census 8696: authorisation date must be in the year).
    if ((a.completedOn as IsoDate) < period.start) continue
    const factors = [...new Set(a.factors)]
    // No empty <FactorsIdentifiedAtAssessment/> wrapper (a schema error).
    out.push({ actualStartDate: a.startDate, authorisationDate: a.completedOn as IsoDate, ...(factors.length ? { factors } : {}) })
  }
  return out
}

function buildCinPlans(r: CensusReferralFacts, period: CinCensusPeriod): CinCensusCinPlan[] {
  return [...r.cinPlans]
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
    // Started by the reference date (4010) and not ended before 1 April (4013: end date in the year).
    .filter((p) => p.startDate <= period.end && (p.endDate === null || p.endDate >= period.start))
    // An end after the reference date had not happened yet: the plan was open on 31 March.
    .map((p) => (p.endDate !== null && p.endDate <= period.end ? { startDate: p.startDate, endDate: p.endDate } : { startDate: p.startDate }))
}

function buildSection47s(r: CensusReferralFacts, conferences: readonly CensusConferenceFacts[], period: CinCensusPeriod): CinCensusSection47[] {
  const out: CinCensusSection47[] = []
  const sorted = [...r.section47s].sort((a, b) => a.startDate.localeCompare(b.startDate))
  for (const s of sorted) {
    // Started by the reference date (an enquiry that began later is next year's).
    if (s.startDate > period.end) continue
    // The initial conference this enquiry led to, if it had been held by 31 March.
    const icpc = conferences
      .filter((c): c is HeldConference => c.type === 'initial' && c.section47Id === s.section47Id && heldBy(c, period.end))
      .sort((a, b) => a.heldOn.localeCompare(b.heldOn))[0]
    // "Conference not required" counts only once the manager had authorised it by 31 March.
    const notRequired = s.icpcRequired === false && s.authorisedOn !== null && s.authorisedOn <= period.end
    // Finished before 1 April (ICPC held, or "not required" authorised): last year's business
    // (CIN census 8715: the ICPC date must be in the year; 8740: an enquiry awaiting ICPC must have started in the year).
    if (icpc && icpc.heldOn < period.start) continue
    if (!icpc && notRequired && (s.authorisedOn as IsoDate) < period.start) continue
    out.push({
      actualStartDate: s.startDate,
      initialCpcTarget: s.icpcTargetDate,
      ...(icpc ? { dateOfInitialCpc: icpc.heldOn } : {}),
      // CIN census ICPCnotRequired (N00111): true only for an authorised "no conference needed".
      icpcNotRequired: notRequired && !icpc ? 'true' : 'false',
    })
  }
  return out
}

/** The plan's category as at `end`: the latest review on/before it that changed the category, else the initial one. */
function latestCategoriesAt(plan: CensusCpPlanFacts, conferences: readonly CensusConferenceFacts[], end: IsoDate): string[] {
  const change = conferences
    .filter((c) => c.type === 'review' && c.cpPlanId === plan.cpPlanId && c.decision === 'change_category' && c.categories.length > 0 && heldBy(c, end))
    .sort((a, b) => (b.heldOn as IsoDate).localeCompare(a.heldOn as IsoDate))[0]
  return change ? change.categories : plan.initialCategories
}

function buildCpPlans(r: CensusReferralFacts, conferences: readonly CensusConferenceFacts[], period: CinCensusPeriod): CinCensusCpPlan[] {
  const out: CinCensusCpPlan[] = []
  const sorted = [...r.cpPlans].sort((a, b) => a.startDate.localeCompare(b.startDate))
  for (const p of sorted) {
    // Started by the reference date (8720) and not ended before 1 April (8930: end date in the year).
    if (p.startDate > period.end) continue
    if (p.endDate !== null && p.endDate < period.start) continue
    const ended = p.endDate !== null && p.endDate <= period.end
    // Reviews held in the year and by 31 March, including the review that ended the plan
    // (CIN census CPPreviewDate N00116); the conference that started the plan is not a review (8841).
    const reviewDates = [
      ...new Set(
        conferences
          .filter((c) => c.conferenceId !== p.startConferenceId && ((c.type === 'review' && c.cpPlanId === p.cpPlanId) || c.conferenceId === p.endConferenceId))
          .filter((c) => heldBy(c, period.end) && c.heldOn >= period.start)
          .map((c) => c.heldOn as IsoDate),
      ),
    ].sort()
    const initial = categoryCode(p.initialCategories)
    const latest = categoryCode(latestCategoriesAt(p, conferences, period.end))
    out.push({
      startDate: p.startDate,
      ...(ended ? { endDate: p.endDate as IsoDate } : {}),
      ...(initial ? { initialCategoryOfAbuse: initial } : {}),
      ...(latest ? { latestCategoryOfAbuse: latest } : {}),
      numberOfPreviousCpp: String(p.numberOfPreviousPlans),
      // No empty <Reviews/> wrapper (8842Q queries one).
      ...(reviewDates.length ? { reviewDates } : {}),
    })
  }
  return out
}

/**
 * Episode-level DateOfInitialCPC: a transfer-in conference (no section 47 in this council) held in the
 * year that started a plan — the ICPC a CPP start is matched against when there is no S47 (CIN census 2885).
 */
function cinLevelIcpc(r: CensusReferralFacts, conferences: readonly CensusConferenceFacts[], period: CinCensusPeriod): IsoDate | undefined {
  const startedPlan = new Set(r.cpPlans.map((p) => p.startConferenceId))
  const held = conferences
    .filter((c) => c.type === 'transfer_in' && c.section47Id === null && heldBy(c, period.end) && c.heldOn >= period.start)
    .filter((c) => c.decision === 'plan' || startedPlan.has(c.conferenceId))
    .map((c) => c.heldOn as IsoDate)
    .sort()
  // One element per episode: the latest, which matches the plan open at the reference date.
  return held[held.length - 1]
}

function buildEpisode(r: CensusReferralFacts, personConferences: readonly CensusConferenceFacts[], period: CinCensusPeriod): CinCensusEpisode {
  const end = period.end
  const closed = closedBy(r, end)
  // Conferences about this episode: its own, plus reviews of its plans recorded against another referral.
  const planIds = new Set(r.cpPlans.map((p) => p.cpPlanId))
  const s47Ids = new Set(r.section47s.map((s) => s.section47Id))
  const ownIds = new Set(r.conferences.map((c) => c.conferenceId))
  const conferences = personConferences.filter(
    (c) => ownIds.has(c.conferenceId) || (c.cpPlanId !== null && planIds.has(c.cpPlanId)) || (c.section47Id !== null && s47Ids.has(c.section47Id)),
  )
  const icpc = cinLevelIcpc(r, conferences, period)
  return {
    cinReferralDate: r.referralDate,
    referralSource: r.sourceCode,
    ...(r.primaryNeedCode ? { primaryNeedCode: r.primaryNeedCode } : {}),
    // A closure after the reference date had not happened yet: the episode was open on 31 March.
    ...(closed ? { cinClosureDate: r.closedOn as IsoDate } : {}),
    ...(closed && r.closureReason ? { reasonForClosure: r.closureReason } : {}),
    ...(icpc ? { dateOfInitialCpc: icpc } : {}),
    referralNfa: isNfa(r, end) ? 'true' : 'false',
    assessments: buildAssessments(r, period),
    cinPlans: buildCinPlans(r, period),
    section47s: buildSection47s(r, conferences, period),
    cpPlans: buildCpPlans(r, conferences, period),
  }
}

/** CIN census 8770Q's school age on the reference date (SPEC.md section c). */
export function schoolAgeOn(dateOfBirth: IsoDate, referenceDate: IsoDate): boolean {
  const septemberYear = Number(referenceDate.slice(0, 4)) + (Number(referenceDate.slice(5, 7)) >= 9 ? 1 : 0)
  return dateOfBirth <= `${septemberYear - 6}-08-31`
}

/** The referrals that are the child's CINdetails in this period, in the return's order (episode i is element i). */
export function censusEpisodes(person: CensusPersonFacts, period: CinCensusPeriod): CensusReferralFacts[] {
  return person.referrals
    .filter((r) => episodeInYear(r, period))
    .sort((a, b) => a.referralDate.localeCompare(b.referralDate) || a.referralRef.localeCompare(b.referralRef))
}

/** One child's entry as at period.end, or null when the child is not in the return (no episode open in the period). */
export function buildCinCensusChild(person: CensusPersonFacts, period: CinCensusPeriod): CinCensusChild | null {
  const end = period.end
  // Each referral open at some point in the year is one CINdetails, oldest first (SPEC b; CIN census 8590).
  const referrals = censusEpisodes(person, period)
  if (referrals.length === 0) return null
  const allConferences = person.referrals.flatMap((r) => r.conferences)
  const episodes = referrals.map((r) => buildEpisode(r, allConferences, period))

  // Unborn on the reference date: recorded as unborn, or born after it (a late-run return) — expected
  // birth date instead of a birth date (8525Q), and Sex U (CIN census 8750).
  const unborn = person.isUnborn || (person.dateOfBirth !== null && person.dateOfBirth > end)
  const expected = person.isUnborn ? (person.expectedDateOfBirth ?? person.dateOfBirth) : person.dateOfBirth
  const upnUnknown = person.upn
    ? undefined
    : // The reason recorded on the child; else UN1 (not yet of school age, no UPN yet) — school age as CIN
      // census 8770Q counts it: born on or before 31 August six years before the September after the
      // reference date; else UN7 when every episode is NFA (CIN census 8772 allows UN7 only then).
      (person.upnUnknownReason ??
      (unborn || (person.dateOfBirth !== null && !schoolAgeOn(person.dateOfBirth, end))
        ? 'UN1'
        : episodes.every((e) => e.referralNfa === 'true')
          ? 'UN7'
          : undefined))

  return {
    laChildId: person.personRef,
    ...(person.upn ? { upn: person.upn } : {}),
    ...(upnUnknown ? { upnUnknown } : {}),
    ...(unborn ? (expected ? { expectedPersonBirthDate: expected } : {}) : person.dateOfBirth ? { personBirthDate: person.dateOfBirth } : {}),
    sex: unborn ? 'U' : person.sex,
    // A death after the reference date had not happened yet.
    ...(person.dateOfDeath !== null && person.dateOfDeath <= end ? { personDeathDate: person.dateOfDeath } : {}),
    ...(person.ethnicityCode ? { ethnicity: person.ethnicityCode } : {}),
    // No empty <Disabilities/> wrapper (a schema error): omitted when nothing is recorded.
    ...(person.disabilities.length ? { disabilities: [...new Set(person.disabilities)] } : {}),
    episodes,
  }
}

// Made once, reused: it holds no clock.
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** 'YYYY-MM-DDTHH:MM:SS' in England (xs:dateTime without a zone) of an instant passed in. */
export function londonDateTime(instant: Date): string {
  const parts = LONDON_DATE_TIME.formatToParts(instant)
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`
}

export function buildCinCensus(people: readonly CensusPersonFacts[], options: CinCensusOptions): CinCensusReturn {
  const period = collectionPeriod(options.year)
  const children: CinCensusChild[] = []
  for (const p of people) {
    const c = buildCinCensusChild(p, period)
    if (c) children.push(c)
  }
  // A stable order: by LAchildID, so two runs over the same records give the same file.
  children.sort((a, b) => (a.laChildId ?? '').localeCompare(b.laChildId ?? ''))
  return {
    header: {
      collection: 'CIN',
      year: String(options.year),
      // CIN census 100: ReferenceDate is 31 March of Year.
      referenceDate: period.end,
      sources: [
        {
          sourceLevel: 'L',
          lea: options.la,
          softwareCode: options.softwareCode,
          release: options.release,
          serialNo: options.serialNo,
          dateTime: londonDateTime(options.producedAt),
        },
      ],
    },
    children,
  }
}
