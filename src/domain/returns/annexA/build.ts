/**
 * Builds Ofsted Annex A lists 1, 3, 4, 5, 6 and 7 from Harbour's records (REFERENCE §3).
 *
 * Inclusion: event lists hold every event that happened in the window — contacts received (list 1, a row
 * per child on the contact), referrals (3), assessments started (4), section 47 enquiries started (5).
 * Open lists hold what was open at any time in it — children in need (6), child protection plans (7).
 *
 * Everything is read as at the window's end (`to`): a later authorisation, conference, closure or plan
 * end is not shown, and counts look back from the event. Age is the child's age in whole years on the
 * window's end, one rule for every list, so a child has the same age on every sheet of one workbook.
 */
import { addCalendarMonths } from '../../calendar/days.ts'
import { outcomeNeedsServices } from '../../closure/closure.ts'
import { ageOn, type IsoDate } from '../../shared/dates.ts'
import {
  CASE_STATUS,
  NO,
  UNKNOWN,
  YES,
  annexAAbuseCategory,
  annexAClosureReason,
  annexADisability,
  annexAEthnicity,
  annexAGender,
  annexAPrimaryNeed,
  annexASource,
  yesNo,
} from './codes.ts'
import { ANNEX_A_LISTS, type AnnexAColumn, type AnnexAListId, type Cell, type List1Row, type List3Row, type List4Row, type List5Row, type List6Row, type List7Row } from './columns.ts'
import type {
  AnnexAAllocationFacts,
  AnnexAAssessmentFacts,
  AnnexAChildFacts,
  AnnexACinPlanFacts,
  AnnexAConferenceFacts,
  AnnexACpPlanFacts,
  AnnexAFacts,
  AnnexAReferralFacts,
  AnnexASection47Facts,
  AnnexAVisitFacts,
  AnnexAWindow,
} from './facts.ts'

/** Allocated Team / Worker may not be blank: a child with no allocated worker is reported as such. */
export const UNALLOCATED = 'Unallocated'

const inWindow = (d: IsoDate, w: AnnexAWindow): boolean => d >= w.from && d <= w.to
/** Done (authorised, held, closed, ended) by the window's end. */
const byEnd = (d: IsoDate | null, w: AnnexAWindow): d is IsoDate => d !== null && d <= w.to
/** Still open at the close of the window's last day. */
const openAtEnd = (start: IsoDate, end: IsoDate | null, w: AnnexAWindow): boolean => start <= w.to && (end === null || end > w.to)
const maxDate = (dates: readonly (IsoDate | null)[]): IsoDate | null => dates.reduce<IsoDate | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null)

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const it of items) {
    const k = key(it)
    if (k === null) continue
    const list = m.get(k)
    if (list) list.push(it)
    else m.set(k, [it])
  }
  return m
}

type Index = {
  w: AnnexAWindow
  child: Map<string, AnnexAChildFacts>
  allocations: Map<string, AnnexAAllocationFacts[]>
  referralsByPerson: Map<string, AnnexAReferralFacts[]>
  assessmentsByReferral: Map<string, AnnexAAssessmentFacts[]>
  s47ByPerson: Map<string, AnnexASection47Facts[]>
  s47ByReferral: Map<string, AnnexASection47Facts[]>
  conferencesByPerson: Map<string, AnnexAConferenceFacts[]>
  conferencesByPlan: Map<string, AnnexAConferenceFacts[]>
  cpPlansByPerson: Map<string, AnnexACpPlanFacts[]>
  cpPlansByReferral: Map<string, AnnexACpPlanFacts[]>
  cinPlansByPerson: Map<string, AnnexACinPlanFacts[]>
  cinPlansByReferral: Map<string, AnnexACinPlanFacts[]>
  visitsByPerson: Map<string, AnnexAVisitFacts[]>
  visitsByCpPlan: Map<string, AnnexAVisitFacts[]>
}

function index(f: AnnexAFacts, w: AnnexAWindow): Index {
  return {
    w,
    child: new Map(f.children.map((c) => [c.personId, c])),
    allocations: groupBy(f.allocations, (a) => a.personId),
    referralsByPerson: groupBy(f.referrals, (r) => r.personId),
    assessmentsByReferral: groupBy(f.assessments, (a) => a.referralId),
    s47ByPerson: groupBy(f.section47s, (s) => s.personId),
    s47ByReferral: groupBy(f.section47s, (s) => s.referralId),
    conferencesByPerson: groupBy(f.conferences, (c) => c.personId),
    conferencesByPlan: groupBy(f.conferences, (c) => c.cpPlanId),
    cpPlansByPerson: groupBy(f.cpPlans, (p) => p.personId),
    cpPlansByReferral: groupBy(f.cpPlans, (p) => p.referralId),
    cinPlansByPerson: groupBy(f.cinPlans, (p) => p.personId),
    cinPlansByReferral: groupBy(f.cinPlans, (p) => p.referralId),
    visitsByPerson: groupBy(f.visits, (v) => v.personId),
    visitsByCpPlan: groupBy(f.visits, (v) => v.cpPlanId),
  }
}

type ChildCells = { childId: Cell; gender: Cell; ethnicity: Cell; dateOfBirth: Cell; age: Cell }

/** The five columns every list starts with. An unborn child has no date of birth and no age. */
export function childCells(child: AnnexAChildFacts, w: AnnexAWindow): ChildCells {
  const dob = child.isUnborn ? null : child.dateOfBirth
  return {
    childId: child.personRef,
    gender: annexAGender(child.sex),
    ethnicity: annexAEthnicity(child.ethnicityCode),
    dateOfBirth: dob,
    age: dob !== null && dob <= w.to ? ageOn(dob, w.to) : null,
  }
}

/**
 * The child's allocated worker at the window's end: the allocation open on that day (the latest started,
 * if a transfer happened that day), else the last one before it; else the worker recorded on the event.
 */
export function allocatedAt(allocations: readonly AnnexAAllocationFacts[], w: AnnexAWindow, fallback: { teamName: string | null; workerName: string | null } = { teamName: null, workerName: null }): { allocatedTeam: string; allocatedWorker: string } {
  const started = allocations.filter((a) => a.startDate <= w.to)
  const open = started.filter((a) => a.endDate === null || a.endDate >= w.to).sort((a, b) => b.startDate.localeCompare(a.startDate))
  const past = started.filter((a) => a.endDate !== null && a.endDate < w.to).sort((a, b) => (b.endDate ?? '').localeCompare(a.endDate ?? '') || b.startDate.localeCompare(a.startDate))
  const a = open[0] ?? past[0]
  if (a) return { allocatedTeam: a.teamName, allocatedWorker: a.workerName }
  return { allocatedTeam: fallback.teamName ?? UNALLOCATED, allocatedWorker: fallback.workerName ?? UNALLOCATED }
}

const byDateThenChild = <R extends { childId: Cell }>(date: (r: R) => Cell) => (a: R, b: R): number => String(date(a)).localeCompare(String(date(b))) || String(a.childId).localeCompare(String(b.childId))

/** List 1: every child on every contact received in the window (a contact about three children is three rows). */
export function list1Rows(f: AnnexAFacts, w: AnnexAWindow, ix: Index = index(f, w)): List1Row[] {
  const rows: List1Row[] = []
  for (const c of f.contacts) {
    const child = ix.child.get(c.personId)
    if (!child || !inWindow(c.receivedOn, w)) continue
    rows.push({ ...childCells(child, w), contactDate: c.receivedOn, contactSource: annexASource(c.sourceCode) })
  }
  return rows.sort(byDateThenChild((r) => r.contactDate))
}

/** Something beyond the referral itself had started on the episode by `on`: an assessment, a section 47 or a plan. */
function episodeActedOn(ix: Index, referralId: string, on: IsoDate): boolean {
  const started = (xs: readonly { startDate: IsoDate }[] | undefined) => (xs ?? []).some((x) => x.startDate <= on)
  return started(ix.assessmentsByReferral.get(referralId)) || started(ix.s47ByReferral.get(referralId)) || started(ix.cinPlansByReferral.get(referralId)) || started(ix.cpPlansByReferral.get(referralId))
}

/**
 * Earlier events of the child in the 12 months before this one, not counting it (as the DfE's re-referral
 * measure and the SSD Annex A extract count): on or after the same date a year before, and before it
 * (an event the same day counts if it comes first by `order`).
 */
function countInPrevious12Months<T>(all: readonly T[], self: T, date: (t: T) => IsoDate, order: (t: T) => string): number {
  const d = date(self)
  const since = addCalendarMonths(d, -12)
  return all.filter((x) => x !== self && date(x) >= since && (date(x) < d || (date(x) === d && order(x) < order(self)))).length
}

/** List 3: every referral received in the window. */
export function list3Rows(f: AnnexAFacts, w: AnnexAWindow, ix: Index = index(f, w)): List3Row[] {
  const rows: List3Row[] = []
  for (const r of f.referrals) {
    const child = ix.child.get(r.personId)
    if (!child || !inWindow(r.referralDate, w)) continue
    // NFA: closed by the window's end without an assessment, section 47 or plan (CIN census ReferralNFA).
    const nfa = byEnd(r.closedOn, w) && !episodeActedOn(ix, r.referralId, r.closedOn)
    const assessments = ix.assessmentsByReferral.get(r.referralId) ?? []
    const latest = [...assessments].filter((a) => a.startDate <= w.to).sort((a, b) => b.startDate.localeCompare(a.startDate))[0]
    rows.push({
      ...childCells(child, w),
      referralDate: r.referralDate,
      referralSource: annexASource(r.sourceCode),
      referralNfa: yesNo(nfa),
      referralsInLast12Months: countInPrevious12Months(ix.referralsByPerson.get(r.personId) ?? [], r, (x) => x.referralDate, (x) => x.referralRef),
      ...allocatedAt(ix.allocations.get(r.personId) ?? [], w, { teamName: latest?.teamName ?? null, workerName: latest?.workerName ?? null }),
    })
  }
  return rows.sort(byDateThenChild((r) => r.referralDate))
}

/** List 4: every assessment started in the window, as it stood at the window's end. */
export function list4Rows(f: AnnexAFacts, w: AnnexAWindow, ix: Index = index(f, w)): List4Row[] {
  const rows: List4Row[] = []
  for (const a of f.assessments) {
    const child = ix.child.get(a.personId)
    if (!child || !inWindow(a.startDate, w)) continue
    const authorised = byEnd(a.completedOn, w)
    const until = authorised ? (a.completedOn as IsoDate) : w.to
    const seen = a.childSeenOn.some((d) => d >= a.startDate && d <= until)
    rows.push({
      ...childCells(child, w),
      disability: annexADisability(child.disabilities),
      assessmentStart: a.startDate,
      childSeen: yesNo(seen),
      authorisedOn: authorised ? a.completedOn : null,
      // Answered once the assessment is authorised: its outcome says whether services follow.
      requiresSupport: authorised ? (a.outcome ? yesNo(outcomeNeedsServices(a.outcome) !== null) : UNKNOWN) : null,
      ...allocatedAt(ix.allocations.get(a.personId) ?? [], w, { teamName: a.teamName, workerName: a.workerName }),
    })
  }
  return rows.sort(byDateThenChild((r) => r.assessmentStart))
}

/** List 5: every section 47 enquiry started in the window, with its initial conference if held by the window's end. */
export function list5Rows(f: AnnexAFacts, w: AnnexAWindow, ix: Index = index(f, w)): List5Row[] {
  const rows: List5Row[] = []
  for (const s of f.section47s) {
    const child = ix.child.get(s.personId)
    if (!child || !inWindow(s.startDate, w)) continue
    const conferences = ix.conferencesByPerson.get(s.personId) ?? []
    const icpc = conferences.filter((c) => c.type === 'initial' && c.section47Id === s.section47Id && c.heldOn <= w.to).sort((a, b) => a.heldOn.localeCompare(b.heldOn))[0]
    const decided = byEnd(s.authorisedOn, w)
    const unnecessary = decided && s.icpcRequired === false ? YES : (decided && s.icpcRequired === true) || icpc ? NO : null
    const since = addCalendarMonths(s.startDate, -12)
    rows.push({
      ...childCells(child, w),
      disability: annexADisability(child.disabilities),
      s47Start: s.startDate,
      icpcUnnecessary: unnecessary,
      icpcDate: icpc?.heldOn ?? null,
      icpcPlan: icpc ? yesNo(icpc.decision === 'plan') : null,
      s47sInLast12Months: countInPrevious12Months(ix.s47ByPerson.get(s.personId) ?? [], s, (x) => x.startDate, (x) => x.section47Id),
      icpcsInLast12Months: conferences.filter((c) => c.type === 'initial' && c.heldOn >= since && c.heldOn < s.startDate).length,
      ...allocatedAt(ix.allocations.get(s.personId) ?? [], w, { teamName: s.teamName, workerName: s.workerName }),
    })
  }
  return rows.sort(byDateThenChild((r) => r.s47Start))
}

/**
 * Case status at the window's end, in the precedence of the SSD Annex A extract (REFERENCE §3): closed
 * episode, looked after (not recorded in Harbour yet), CP plan, CIN plan, open assessment or enquiry.
 */
function caseStatus(ix: Index, r: AnnexAReferralFacts): string {
  const w = ix.w
  if (byEnd(r.closedOn, w)) return CASE_STATUS.closed
  if ((ix.cpPlansByPerson.get(r.personId) ?? []).some((p) => openAtEnd(p.startDate, p.endDate, w))) return CASE_STATUS.cpPlan
  if ((ix.cinPlansByPerson.get(r.personId) ?? []).some((p) => openAtEnd(p.startDate, p.endDate, w))) return CASE_STATUS.cinPlan
  const openAssessment = (ix.assessmentsByReferral.get(r.referralId) ?? []).some((a) => openAtEnd(a.startDate, a.completedOn, w))
  const openEnquiry = (ix.s47ByReferral.get(r.referralId) ?? []).some((s) => openAtEnd(s.startDate, s.authorisedOn, w))
  if (openAssessment || openEnquiry) return CASE_STATUS.openAssessment
  // Open, assessed, and no plan or closure yet: still a child in need receiving a service (the SSD's catch-all).
  return CASE_STATUS.cinPlan
}

/**
 * List 6: one row per child whose episode (referral) was open at any time in the window — the latest
 * such episode. A child who was only the subject of a referral (nothing started on it by the window's
 * end) is not a child in need for Annex A and is left out.
 */
export function list6Rows(f: AnnexAFacts, w: AnnexAWindow, ix: Index = index(f, w)): List6Row[] {
  const rows: List6Row[] = []
  for (const [personId, referrals] of ix.referralsByPerson) {
    const child = ix.child.get(personId)
    if (!child) continue
    const episode = referrals
      .filter((r) => r.referralDate <= w.to && (r.closedOn === null || r.closedOn >= w.from) && episodeActedOn(ix, r.referralId, w.to))
      .sort((a, b) => b.referralDate.localeCompare(a.referralDate) || b.referralRef.localeCompare(a.referralRef))[0]
    if (!episode) continue
    const closed = byEnd(episode.closedOn, w)
    const end = closed ? (episode.closedOn as IsoDate) : w.to
    const during = (d: IsoDate | null): IsoDate | null => (d !== null && d >= episode.referralDate && d <= end ? d : null)
    const assessments = (ix.assessmentsByReferral.get(episode.referralId) ?? []).filter((a) => a.startDate <= w.to)
    const enquiries = (ix.s47ByReferral.get(episode.referralId) ?? []).filter((s) => s.startDate <= w.to)
    // "Date child last seen": the latest day the child was seen on any visit, assessment or enquiry.
    const lastSeen = maxDate([
      ...(ix.visitsByPerson.get(personId) ?? []).filter((v) => v.childSeen).map((v) => during(v.visitDate)),
      ...assessments.flatMap((a) => a.childSeenOn.map(during)),
      ...enquiries.map((s) => during(s.childSeenOn)),
    ])
    const assessedNeed = assessments
      .filter((a) => byEnd(a.completedOn, w) && a.primaryNeedCode)
      .sort((a, b) => (b.completedOn ?? '').localeCompare(a.completedOn ?? ''))[0]?.primaryNeedCode
    const latestAssessment = [...assessments].sort((a, b) => b.startDate.localeCompare(a.startDate))[0]
    const openCin = (ix.cinPlansByReferral.get(episode.referralId) ?? []).find((p) => openAtEnd(p.startDate, p.endDate, w))
    rows.push({
      ...childCells(child, w),
      disability: annexADisability(child.disabilities),
      cinStart: episode.referralDate,
      primaryNeed: annexAPrimaryNeed(episode.primaryNeedCode ?? assessedNeed ?? null),
      lastSeen,
      cinClosure: closed ? episode.closedOn : null,
      closureReason: closed ? annexAClosureReason(episode.closureReason) : null,
      caseStatus: caseStatus(ix, episode),
      ...allocatedAt(ix.allocations.get(personId) ?? [], w, {
        teamName: openCin?.teamName ?? latestAssessment?.teamName ?? null,
        workerName: openCin?.workerName ?? latestAssessment?.workerName ?? null,
      }),
    })
  }
  return rows.sort(byDateThenChild((r) => r.cinStart))
}

/**
 * The plan's categories at the window's end: those set by the last "change category" review held by
 * then, else the initial ones. With no conference record of a change, the plan's stored latest categories.
 */
function categoriesAt(plan: AnnexACpPlanFacts, conferences: readonly AnnexAConferenceFacts[], w: AnnexAWindow): readonly string[] {
  const changes = conferences.filter((c) => c.decision === 'change_category' && c.categories.length > 0).sort((a, b) => a.heldOn.localeCompare(b.heldOn))
  if (changes.length === 0) return plan.latestCategories
  const byThen = changes.filter((c) => c.heldOn <= w.to)
  return byThen.length ? (byThen[byThen.length - 1] as AnnexAConferenceFacts).categories : plan.initialCategories
}

/** List 7: every child protection plan open at any time in the window (a child may have two: one ended, one new). */
export function list7Rows(f: AnnexAFacts, w: AnnexAWindow, ix: Index = index(f, w)): List7Row[] {
  const rows: List7Row[] = []
  for (const p of f.cpPlans) {
    const child = ix.child.get(p.personId)
    if (!child || p.startDate > w.to || (p.endDate !== null && p.endDate < w.from)) continue
    const conferences = ix.conferencesByPlan.get(p.cpPlanId) ?? []
    const lastVisit = (ix.visitsByCpPlan.get(p.cpPlanId) ?? []).filter((v) => v.visitDate <= w.to).sort((a, b) => b.visitDate.localeCompare(a.visitDate))[0]
    rows.push({
      ...childCells(child, w),
      disability: annexADisability(child.disabilities),
      planStart: p.startDate,
      initialCategory: annexAAbuseCategory(p.initialCategories),
      latestCategory: annexAAbuseCategory(categoriesAt(p, conferences, w)),
      lastVisit: lastVisit?.visitDate ?? null,
      seenAlone: lastVisit ? (!lastVisit.childSeen ? NO : lastVisit.seenAlone === null ? UNKNOWN : yesNo(lastVisit.seenAlone)) : null,
      lastReview: maxDate(conferences.filter((c) => c.type === 'review' && c.heldOn <= w.to).map((c) => c.heldOn)),
      planEnd: byEnd(p.endDate, w) ? p.endDate : null,
      // Emergency protection orders and police protection are not recorded in Harbour yet: "Unknown", never a guessed "No".
      epo: UNKNOWN,
      previousPlans: p.numberOfPreviousPlans,
      ...allocatedAt(ix.allocations.get(p.personId) ?? [], w, { teamName: null, workerName: p.leadWorkerName }),
    })
  }
  return rows.sort(byDateThenChild((r) => r.planStart))
}

export type AnnexASheet = {
  list: AnnexAListId
  name: string
  sheetName: string
  columns: readonly AnnexAColumn[]
  rows: readonly Record<string, Cell>[]
}

export type AnnexAWorkbook = { window: AnnexAWindow; sheets: AnnexASheet[]; rowCounts: Record<AnnexAListId, number> }

export function buildAnnexA(facts: AnnexAFacts, w: AnnexAWindow): AnnexAWorkbook {
  const ix = index(facts, w)
  const rowsFor: Record<AnnexAListId, () => readonly Record<string, Cell>[]> = {
    'List 1': () => list1Rows(facts, w, ix),
    'List 3': () => list3Rows(facts, w, ix),
    'List 4': () => list4Rows(facts, w, ix),
    'List 5': () => list5Rows(facts, w, ix),
    'List 6': () => list6Rows(facts, w, ix),
    'List 7': () => list7Rows(facts, w, ix),
  }
  const sheets: AnnexASheet[] = ANNEX_A_LISTS.map((l) => ({ list: l.list, name: l.name, sheetName: l.sheetName, columns: l.columns, rows: rowsFor[l.list]() }))
  const rowCounts = Object.fromEntries(sheets.map((s) => [s.list, s.rows.length])) as Record<AnnexAListId, number>
  return { window: w, sheets, rowCounts }
}

/** Cells the Annex A template would reject: empty where it may not be, or a coded value not in its list. */
export function annexAProblems(sheet: Pick<AnnexASheet, 'columns' | 'rows'>): { row: number; column: string; problem: string }[] {
  const problems: { row: number; column: string; problem: string }[] = []
  sheet.rows.forEach((r, i) => {
    for (const c of sheet.columns) {
      const v = r[c.key] ?? null
      if (v === null || v === '') {
        if (!c.canBeBlank) problems.push({ row: i + 2, column: c.header, problem: 'empty' })
      } else if (c.allowed && !c.allowed.includes(String(v))) problems.push({ row: i + 2, column: c.header, problem: `"${String(v)}" is not an allowed value` })
    }
  })
  return problems
}
