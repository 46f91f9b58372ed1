/**
 * Statutory (and common local) timescales as named rules, by framework era (REFERENCE §2), and the
 * due date each gives. The era is chosen by the caller — by the date of the anchor event, not today's
 * date, because the framework can change during a case.
 *
 * Clock convention (REFERENCE §2 and §7): "N working days after X" is the N-th working day strictly
 * after the day of X, which is day 0; months are calendar months with end-of-month clamping.
 */
import type { IsoDate } from '../shared/dates.ts'
import { isValidIsoDate } from '../shared/dates.ts'
import { ENGLAND_AND_WALES_CALENDAR, type WorkingDayCalendar } from '../calendar/workingDays.ts'

export type Framework = 'fa2000' | 'wt2010' | 'wt2023'

export const FRAMEWORKS: readonly Framework[] = Object.freeze(['fa2000', 'wt2010', 'wt2023'] as const)

export const FRAMEWORK_TITLES: Readonly<Record<Framework, string>> = Object.freeze({
  fa2000: 'Framework for the Assessment of Children in Need and their Families (2000), with Working Together 1999/2006',
  wt2010: 'Working Together to Safeguard Children 2010',
  wt2023: 'Working Together to Safeguard Children 2013 onwards (single assessment; current edition 2023)',
})

/** The framework used when none is given: the one in force now. */
export const DEFAULT_FRAMEWORK: Framework = 'wt2023'

export type TimeUnit = 'workingDays' | 'calendarMonths' | 'weeks'

export type Timescale = { readonly amount: number; readonly unit: TimeUnit; readonly source: string }

export type Rule = {
  readonly title: string
  /** The event that starts the clock. */
  readonly from: string
  readonly statutory: boolean
  /** The timescale under each framework in which the rule exists. */
  readonly frameworks: Readonly<Partial<Record<Framework, Timescale>>>
  /** What to use instead under the frameworks where the rule does not exist. */
  readonly otherwise?: string
}

const wd = (amount: number, source: string): Timescale => ({ amount, unit: 'workingDays', source })
const months = (amount: number, source: string): Timescale => ({ amount, unit: 'calendarMonths', source })
const all = (t: Timescale): Record<Framework, Timescale> => ({ fa2000: t, wt2010: t, wt2023: t })

const RULE_TABLE = {
  // Decide what happens to a contact/referral within 1 working day of receipt: Working Together 2006 and
  // 2010 (decision on a referral within one working day); Working Together 2013–2023 (acknowledge receipt
  // and decide next steps within one working day); applied to contacts by local practice.
  'contact-decision': {
    title: 'Decision on a contact or referral',
    from: 'receipt of the contact or referral',
    statutory: false,
    frameworks: all(wd(1, 'Working Together 2006/2010/2013–2023 (one working day); local practice for contacts')),
  },
  // Initial assessment: Framework for Assessment 2000 (maximum 7 working days from referral; NI 59);
  // Working Together 2010 (maximum 10 working days). Ended with the single assessment (Working Together 2013).
  'initial-assessment': {
    title: 'Initial assessment',
    from: 'the referral date',
    statutory: true,
    frameworks: {
      fa2000: wd(7, 'Framework for the Assessment of Children in Need and their Families 2000 (7 working days); NI 59'),
      wt2010: wd(10, 'Working Together to Safeguard Children 2010 (10 working days)'),
    },
    otherwise: 'from Working Together 2013 use single-assessment',
  },
  // Core assessment: maximum 35 working days from its start (Framework for Assessment 2000; NI 60;
  // unchanged by Working Together 2010). Ended with the single assessment (Working Together 2013).
  'core-assessment': {
    title: 'Core assessment',
    from: 'the start of the core assessment',
    statutory: true,
    frameworks: {
      fa2000: wd(35, 'Framework for the Assessment of Children in Need and their Families 2000 (35 working days); NI 60'),
      wt2010: wd(35, 'Framework for Assessment 2000 as kept by Working Together 2010 (35 working days); NI 60'),
    },
    otherwise: 'from Working Together 2013 use single-assessment',
  },
  // Single (child and family) assessment: no longer than 45 working days from the point of referral
  // (Working Together 2013, 2015, 2018 and 2023) — a maximum, not a target.
  'single-assessment': {
    title: 'Single (child and family) assessment',
    from: 'the referral date',
    statutory: true,
    frameworks: { wt2023: wd(45, 'Working Together to Safeguard Children 2013–2023 (45 working days from referral)') },
    otherwise: 'before Working Together 2013 use initial-assessment and core-assessment',
  },
  // Initial child protection conference within 15 working days of the strategy discussion (or the last
  // of several) at which section 47 enquiries were started: Working Together 1999/2006/2010/2013–2023.
  icpc: {
    title: 'Initial child protection conference',
    from: 'the strategy discussion that started section 47 enquiries',
    statutory: true,
    frameworks: all(wd(15, 'Working Together 1999–2023 (15 working days after the strategy discussion); CIN census InitialCPCtarget')),
  },
  // First core group within 10 working days of the initial conference: Working Together 2006/2010/2013–2023.
  'first-core-group': {
    title: 'First core group meeting',
    from: 'the initial child protection conference',
    statutory: true,
    frameworks: all(wd(10, 'Working Together 2006–2023 (10 working days after the initial conference)')),
  },
  // First review conference within 3 months of the initial conference: Working Together 1999–2023.
  'first-rcpc': {
    title: 'First review child protection conference',
    from: 'the initial child protection conference',
    statutory: true,
    frameworks: all(months(3, 'Working Together 1999–2023 (within 3 months of the initial conference)')),
  },
  // Later review conferences no more than 6 months apart: Working Together 1999–2023; NI 67.
  'next-rcpc': {
    title: 'Next review child protection conference',
    from: 'the previous review conference',
    statutory: true,
    frameworks: all(months(6, 'Working Together 1999–2023 (no more than 6 months after the previous review); NI 67')),
  },
  // Child protection visits: commonly every 10 working days, set by the conference or the plan (local practice).
  'cp-visit': {
    title: 'Child protection statutory visit',
    from: 'the last visit',
    statutory: false,
    frameworks: all(wd(10, 'local practice, set by the conference or the child protection plan (10 working days)')),
  },
} satisfies Record<string, Rule>

export type RuleName = keyof typeof RULE_TABLE

export const RULES: Readonly<Record<RuleName, Rule>> = Object.freeze(RULE_TABLE)

export const RULE_NAMES: readonly RuleName[] = Object.freeze(Object.keys(RULE_TABLE) as RuleName[])

export function isRuleName(s: string): s is RuleName {
  return Object.hasOwn(RULE_TABLE, s)
}

export function isFramework(s: string): s is Framework {
  return (FRAMEWORKS as readonly string[]).includes(s)
}

/** What dueDate needs of a calendar: WorkingDayCalendar, with or without the council's closure days. */
export type DueDateCalendar = Pick<WorkingDayCalendar, 'addWorkingDays' | 'addCalendarMonths' | 'addWeeks'>

export type DueDateResult = { ok: true; due: IsoDate } | { ok: false; error: string }

/** The date by which `rule` is due when its clock starts on `date`, under `framework` (default wt2023). */
export function dueDate(
  rule: RuleName,
  date: IsoDate,
  framework: Framework = DEFAULT_FRAMEWORK,
  calendar: DueDateCalendar = ENGLAND_AND_WALES_CALENDAR,
): DueDateResult {
  // Callers outside TypeScript (the CLI, the API) may pass anything: check before use.
  if (!isRuleName(rule)) return { ok: false, error: `Unknown rule ${JSON.stringify(rule)}: the rules are ${RULE_NAMES.join(', ')}` }
  if (!isFramework(framework)) return { ok: false, error: `Unknown framework ${JSON.stringify(framework)}: use ${FRAMEWORKS.join(', ')}` }
  if (typeof date !== 'string' || !isValidIsoDate(date))
    return { ok: false, error: `${JSON.stringify(date)} is not a real date: give it as YYYY-MM-DD, e.g. 2024-02-29` }
  const definition: Rule = RULES[rule]
  const timescale = definition.frameworks[framework]
  if (!timescale) {
    const defined = FRAMEWORKS.filter((f) => definition.frameworks[f] !== undefined)
    const instead = definition.otherwise ? `; ${definition.otherwise}` : ''
    return {
      ok: false,
      error: `The rule ${rule} is not defined under framework ${framework} (${FRAMEWORK_TITLES[framework]}): it applies under ${defined.join(', ')}${instead}`,
    }
  }
  switch (timescale.unit) {
    case 'workingDays':
      return { ok: true, due: calendar.addWorkingDays(date, timescale.amount) }
    case 'calendarMonths':
      return { ok: true, due: calendar.addCalendarMonths(date, timescale.amount) }
    case 'weeks':
      return { ok: true, due: calendar.addWeeks(date, timescale.amount) }
  }
}
