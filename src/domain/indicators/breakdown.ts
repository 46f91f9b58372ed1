/**
 * Breakdowns shown on an indicator's page (issue 8): assessments by the framework they were started under
 * and their kind — a single assessment (Working Together 2013 onwards, 45 working days from the referral),
 * or an initial (7 or 10 working days from the referral) and a core assessment (35 working days from its
 * start) under the earlier frameworks — with how many were completed within their timescale. The counts
 * come from the same SQL source as the indicator's number and list; this file only adds them up, orders
 * and names them. Pure.
 */
import { FRAMEWORKS, RULES, isFramework, type Framework, type RuleName } from '../timescales/rules.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import type { IndicatorId } from './definitions.ts'
import { percent } from './measures.ts'
import type { Month } from './periods.ts'

export const ASSESSMENT_KINDS = ['single', 'initial', 'core'] as const
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number]
export const isAssessmentKind = (s: unknown): s is AssessmentKind => typeof s === 'string' && (ASSESSMENT_KINDS as readonly string[]).includes(s)

/** The indicators counted from assessments: their lists can be narrowed to one framework or kind. */
export const ASSESSMENT_INDICATORS: readonly IndicatorId[] = Object.freeze(['assessments_completed', 'assessments_in_timescale', 'assessments_child_seen_alone', 'assessments_open', 'assessments_overdue'])
/** The indicators whose page shows the framework × kind table (completed, within timescale, %) and a line per framework. */
export const FRAMEWORK_BREAKDOWN_INDICATORS: readonly IndicatorId[] = Object.freeze(['assessments_completed', 'assessments_in_timescale'])
export const hasFrameworkFilter = (id: string): boolean => (ASSESSMENT_INDICATORS as readonly string[]).includes(id)
export const hasFrameworkBreakdown = (id: string): boolean => (FRAMEWORK_BREAKDOWN_INDICATORS as readonly string[]).includes(id)

/** Short names for tables and chart lines (the full titles are FRAMEWORK_TITLES). */
export const FRAMEWORK_LABEL: Readonly<Record<Framework, string>> = Object.freeze({
  wt2023: 'Working Together 2013 onwards',
  wt2010: 'Working Together 2010',
  fa2000: 'Framework for Assessment 2000',
})
export const ASSESSMENT_KIND_LABEL: Readonly<Record<AssessmentKind, string>> = Object.freeze({
  single: 'Single assessment',
  initial: 'Initial assessment',
  core: 'Core assessment',
})

/** Newest framework first; within one, single, then initial, then core. */
const FRAMEWORK_ORDER: readonly Framework[] = [...FRAMEWORKS].reverse()

const RULE_OF_KIND: Record<AssessmentKind, RuleName> = { single: 'single-assessment', initial: 'initial-assessment', core: 'core-assessment' }

/** '45 working days from the referral date', from the timescale rules; null where the kind did not exist under the framework. */
export function timescaleText(framework: Framework, kind: AssessmentKind): string | null {
  const rule = RULES[RULE_OF_KIND[kind]]
  const t = rule.frameworks[framework]
  if (!t) return null
  return `${t.amount} ${t.unit === 'workingDays' ? 'working days' : t.unit === 'weeks' ? 'weeks' : 'months'} from ${rule.from}`
}

export type FrameworkFilter = { framework: Framework | null; kind: AssessmentKind | null }

export const FRAMEWORK_ERROR = `Choose a framework: ${FRAMEWORKS.join(', ')}`
export const KIND_ERROR = `Choose a kind of assessment: ${ASSESSMENT_KINDS.join(', ')}`

/**
 * The framework and kind named in the query string, for an indicator counted from assessments. Either may
 * be left out; a value that is not a framework or kind, or either given for an indicator that does not
 * count assessments, is an error on that field.
 */
export function parseFrameworkFilter(id: string, framework: string | undefined, kind: string | undefined): Result<FrameworkFilter> {
  const f = (framework ?? '').trim().toLowerCase()
  const k = (kind ?? '').trim().toLowerCase()
  if (f === '' && k === '') return ok({ framework: null, kind: null })
  const errors: FieldError[] = []
  if (!hasFrameworkFilter(id)) {
    errors.push({ field: f === '' ? 'kind' : 'framework', message: 'Only the assessment indicators can be shown by framework or kind of assessment' })
    return fail(errors)
  }
  if (f !== '' && !isFramework(f)) errors.push({ field: 'framework', message: FRAMEWORK_ERROR })
  if (k !== '' && !isAssessmentKind(k)) errors.push({ field: 'kind', message: KIND_ERROR })
  if (errors.length) return fail(errors)
  return ok({ framework: f === '' ? null : (f as Framework), kind: k === '' ? null : (k as AssessmentKind) })
}

/** One month's assessments of one framework and kind, as the repository counts them: numerator = within timescale. */
export type FrameworkCountRow = { month: string; framework: string; kind: string; numerator: number; denominator: number }

export type FrameworkBreakdownRow = {
  framework: Framework
  frameworkLabel: string
  kind: AssessmentKind
  kindLabel: string
  /** The timescale it was measured against, in words. */
  timescale: string | null
  completed: number
  withinTimescale: number
  /** Within timescale as a share of completed; null with none completed. */
  percent: number | null
}

export type FrameworkTrendLine = {
  framework: Framework
  label: string
  /** One per month of the period, in order: completed, within timescale and the percentage. */
  points: { month: string; label: string; completed: number; withinTimescale: number; percent: number | null }[]
}

export type FrameworkBreakdown = {
  rows: FrameworkBreakdownRow[]
  total: { completed: number; withinTimescale: number; percent: number | null }
  /** A line per framework with any assessment completed in the period (every month present, zero-filled). */
  lines: FrameworkTrendLine[]
}

/**
 * Adds up the monthly counts: the table over `tableMonths` (the month shown, or the whole period), a
 * line per framework over every month of the period. Rows outside the period, or naming no known
 * framework or kind, are ignored.
 */
export function frameworkBreakdown(months: readonly Pick<Month, 'key' | 'label'>[], rows: readonly FrameworkCountRow[], tableMonths: readonly string[] = months.map((m) => m.key)): FrameworkBreakdown {
  const inPeriod = new Set(months.map((m) => m.key))
  const inTable = new Set(tableMonths.filter((m) => inPeriod.has(m)))
  const known = rows.filter((r): r is FrameworkCountRow & { framework: Framework; kind: AssessmentKind } => isFramework(r.framework) && isAssessmentKind(r.kind) && inPeriod.has(r.month))

  const cells = new Map<string, { completed: number; withinTimescale: number }>()
  for (const r of known) {
    if (!inTable.has(r.month)) continue
    const key = `${r.framework}|${r.kind}`
    const c = cells.get(key) ?? { completed: 0, withinTimescale: 0 }
    c.completed += r.denominator
    c.withinTimescale += r.numerator
    cells.set(key, c)
  }
  const out: FrameworkBreakdownRow[] = []
  for (const framework of FRAMEWORK_ORDER) {
    for (const kind of ASSESSMENT_KINDS) {
      const c = cells.get(`${framework}|${kind}`)
      if (!c || c.completed === 0) continue
      out.push({ framework, frameworkLabel: FRAMEWORK_LABEL[framework], kind, kindLabel: ASSESSMENT_KIND_LABEL[kind], timescale: timescaleText(framework, kind), completed: c.completed, withinTimescale: c.withinTimescale, percent: percent(c.withinTimescale, c.completed) })
    }
  }
  const completed = out.reduce((a, r) => a + r.completed, 0)
  const withinTimescale = out.reduce((a, r) => a + r.withinTimescale, 0)

  const lines: FrameworkTrendLine[] = []
  for (const framework of FRAMEWORK_ORDER) {
    const own = known.filter((r) => r.framework === framework)
    if (own.length === 0 || own.every((r) => r.denominator === 0)) continue
    lines.push({
      framework,
      label: FRAMEWORK_LABEL[framework],
      points: months.map((m) => {
        const these = own.filter((r) => r.month === m.key)
        const c = these.reduce((a, r) => a + r.denominator, 0)
        const w = these.reduce((a, r) => a + r.numerator, 0)
        return { month: m.key, label: m.label, completed: c, withinTimescale: w, percent: percent(w, c) }
      }),
    })
  }
  return { rows: out, total: { completed, withinTimescale, percent: percent(withinTimescale, completed) }, lines }
}
