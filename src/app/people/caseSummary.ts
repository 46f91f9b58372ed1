import { caseSummary, type CaseSummaryRow } from '../../db/repositories/caseSummary.ts'
import { childProtectionSummary, type ChildProtectionSummaryRow } from '../../db/repositories/planDue.ts'
import { can } from '../../domain/access/roles.ts'
import { addDays } from '../../domain/calendar/days.ts'
import { assessmentClock, ASSESSMENT_KIND_LABEL, type AssessmentClock, type AssessmentKind } from '../../domain/assessments/frameworks.ts'
import { ABUSE_CATEGORY, type AbuseCategory } from '../../domain/childProtection/codes.ts'
import type { RequestMeta } from '../context.ts'
import type { Executor } from '../../db/database.ts'
import { dueItemsIn, withLinks, type DueItemView } from '../childProtection/planDue.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'

export type ChildProtectionStatusTag = { text: string; classes: string } | null

export type ChildProtectionSummary = ChildProtectionSummaryRow & {
  /** The tag by the child's name: the most serious of CP plan, section 47 enquiry, CIN plan. */
  tag: ChildProtectionStatusTag
  categoryLabels: string[]
  dueItems: DueItemView[]
  overdueCount: number
  /** Links to the child protection and child in need pages: each only when it applies and the viewer may use it. */
  links: { text: string; href: string }[]
}

export type CaseSummary = CaseSummaryRow & { assessmentLabel: string | null; clock: AssessmentClock | null; unallocated: boolean; childProtection: ChildProtectionSummary }

function tagFor(cp: ChildProtectionSummaryRow): ChildProtectionStatusTag {
  if (cp.cpPlan) return { text: 'Child protection plan', classes: 'govuk-tag--red' }
  if (cp.section47) return { text: 'Section 47 enquiry', classes: 'govuk-tag--orange' }
  if (cp.cinPlan) return { text: 'Child in need plan', classes: 'govuk-tag--blue' }
  return null
}

function linksFor(actor: RequestMeta['actor'], personId: string, openReferral: boolean, cp: ChildProtectionSummaryRow, day: string): { text: string; href: string }[] {
  const links: { text: string; href: string }[] = []
  const base = `/people/${personId}`
  const view = can(actor, 'person:view')
  if (openReferral && !cp.section47 && can(actor, 'strategy-discussion:record')) {
    const source = cp.cpPlan ? `?source=cp_plan&sourceId=${cp.cpPlan.id}` : cp.cinPlan ? `?source=cin_plan&sourceId=${cp.cinPlan.id}` : ''
    links.push({ text: 'Record a strategy discussion', href: `${base}/strategy-discussions/new${source}` })
  }
  if (cp.section47 && view) links.push({ text: 'Section 47 enquiry', href: `${base}/section-47/${cp.section47.id}` })
  if ((cp.cpPlan || cp.lastCpPlan) && view) links.push({ text: cp.cpPlan ? 'Child protection plan' : 'Last child protection plan', href: `${base}/cp-plan` })
  if (cp.cinPlan && view) links.push({ text: 'Child in need plan', href: `${base}/cin-plans/${cp.cinPlan.id}` })
  if ((cp.cpPlan || cp.cinPlan) && can(actor, 'plan:record')) links.push({ text: 'Record a visit', href: `${base}/visits/new` })
  if ((cp.cpPlan || cp.cinPlan || cp.lastCpPlan) && view) links.push({ text: 'Visits', href: `${base}/visits` })
  if (openReferral && !cp.cpPlan && !cp.cinPlan && can(actor, 'cin-plan:manage')) {
    // A CP plan that ended in the last month: the CIN plan usually starts that day (step-down), so offer that date.
    const stepDown = cp.lastCpPlan && cp.lastCpPlan.endDate >= addDays(day, -31) ? cp.lastCpPlan.endDate : null
    links.push({ text: stepDown ? 'Start a child in need plan (step-down)' : 'Start a child in need plan', href: `${base}/cin-plans/new${stepDown ? `?startDate=${stepDown}` : ''}` })
  }
  return links
}

/**
 * The child's case at a glance for the top of their record: open referral, the assessment's due date and
 * RAG, who holds the case or how long the child has waited; child protection status (section 47 with
 * its ICPC target, CP plan, CIN plan) and every conference, core group, visit or review due, overdue
 * first. The page that shows it audits the view.
 */
/** The case summary, for a caller that has already checked access to the person (personPage.ts). */
export async function loadCaseSummary(tx: Executor, actor: RequestMeta['actor'], personId: string, day: string): Promise<CaseSummary> {
  const s = await caseSummary(tx, personId)
  const open = s.assessment && s.assessment.status !== 'authorised' ? s.assessment : null
  const clock = open ? assessmentClock(open.startDate, open.dueDate, day, await loadCalendar(tx)) : null
  const cp = await childProtectionSummary(tx, personId)
  const due = withLinks(await dueItemsIn(tx, personId, day), actor)
  return {
    ...s,
    assessmentLabel: s.assessment ? ASSESSMENT_KIND_LABEL[s.assessment.kind as AssessmentKind] ?? s.assessment.kind : null,
    clock,
    unallocated: s.referral !== null && !s.workers.some((w) => w.role === 'allocated_worker'),
    childProtection: {
      ...cp,
      tag: tagFor(cp),
      categoryLabels: (cp.cpPlan?.latestCategories ?? []).map((c) => ABUSE_CATEGORY[c as AbuseCategory] ?? c),
      dueItems: due,
      overdueCount: due.filter((i) => i.status === 'overdue').length,
      links: linksFor(actor, personId, s.referral !== null, cp, day),
    },
  }
}
