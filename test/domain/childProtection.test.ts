import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ENGLAND_AND_WALES_CALENDAR as CAL, WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { ABUSE_CATEGORY, AGENCY, CONFERENCE_DECISION, STRATEGY_DECISION, S47_OUTCOME, decisionsFor, isAbuseCategory, startsSection47 } from '../../src/domain/childProtection/codes.ts'
import { MAX_NARRATIVE, validateStrategyDiscussion, type StrategyDiscussionInput } from '../../src/domain/childProtection/strategyDiscussion.ts'
import { icpcTargetDate, section47Transition, startSection47, validateS47Outcome, type Section47 } from '../../src/domain/childProtection/section47.ts'
import { checkCategories, firstRcpcDue, reviewsInTimescale, icpcTimeliness, nextRcpcDue, scheduleIcpc, scheduleTransferIn, transferInTarget, validateConferenceOutcome, type ConferenceOutcomeInput } from '../../src/domain/childProtection/conference.ts'
import {
  coreGroupStatus,
  firstCoreGroupDue,
  lastedTwoYearsOrMore,
  nextCoreGroupDue,
  numberOfPreviousPlans,
  planTransition,
  reviewStatus,
  startPlan,
  visitStatus,
  within2YearsOfPrevious,
  type CpPlan,
} from '../../src/domain/childProtection/plan.ts'
import type { FieldError, Result } from '../../src/domain/shared/result.ts'

function errorsOf<T>(r: Result<T>): FieldError[] {
  assert.equal(r.ok, false, 'expected a refusal')
  return r.ok ? [] : r.errors
}
function valueOf<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.errors)}`)
  return r.value
}
function hasError(r: Result<unknown>, field: string, message: string | RegExp): void {
  const errors = errorsOf(r)
  const found = errors.find((e) => e.field === field && (typeof message === 'string' ? e.message === message : message.test(e.message)))
  assert.ok(found, `expected ${field}: ${String(message)}; got ${JSON.stringify(errors)}`)
}

const NOW = { today: '2024-06-03', time: '15:00' }
const good: StrategyDiscussionInput = {
  heldOn: '2024-06-03',
  heldAt: '10:30',
  participants: [
    { name: 'Joanne Fletcher', agency: 'childrens_social_care', role: 'Team manager (chair)' },
    { name: 'DC Priya Shah', agency: 'police', role: 'Detective constable' },
    { name: 'Ruth Ames', agency: 'health', role: 'Named nurse' },
    { name: '', agency: '', role: '' },
  ],
  decision: 's47_joint',
  informationShared: 'Bruising to the upper arm seen at school.',
  immediateProtectiveActions: 'Child to stay with grandmother tonight.',
  actions: [{ action: 'See the child alone at school', owner: 'Sam Okafor', dueOn: '2024-06-03' }],
}

describe('codes', () => {
  it('lists the CIN census categories of abuse and agencies with labels', () => {
    assert.deepEqual(Object.keys(ABUSE_CATEGORY), ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'])
    assert.equal(ABUSE_CATEGORY.NEG, 'Neglect')
    assert.ok(isAbuseCategory('SAB'))
    assert.equal(isAbuseCategory('XYZ'), false)
    assert.equal(isAbuseCategory('toString'), false)
    assert.deepEqual(Object.keys(AGENCY), ['police', 'health', 'education', 'childrens_social_care', 'other'])
    assert.deepEqual(Object.keys(STRATEGY_DECISION), ['s47_single', 's47_joint', 'no_s47'])
    assert.deepEqual(Object.keys(S47_OUTCOME), ['not_substantiated', 'substantiated_no_risk', 'substantiated_continuing_risk'])
    assert.ok(startsSection47('s47_single') && startsSection47('s47_joint') && !startsSection47('no_s47'))
  })
  it('offers plan/no plan at an initial or transfer-in conference and continue/change/end at a review', () => {
    assert.deepEqual(decisionsFor('initial'), ['plan', 'no_plan'])
    assert.deepEqual(decisionsFor('transfer_in'), ['plan', 'no_plan'])
    assert.deepEqual(decisionsFor('review'), ['continue', 'change_category', 'end_plan'])
    assert.equal(CONFERENCE_DECISION.end_plan, 'End the child protection plan')
  })
})

describe('strategy discussion', () => {
  it('accepts a full record with police and health, drops blank rows, and gives no warnings', () => {
    const v = valueOf(validateStrategyDiscussion(good, NOW))
    assert.equal(v.record.participants.length, 3)
    assert.equal(v.record.decision, 's47_joint')
    assert.equal(v.record.heldAt, '10:30')
    assert.deepEqual(v.record.actions, [{ action: 'See the child alone at school', owner: 'Sam Okafor', dueOn: '2024-06-03' }])
    assert.deepEqual(v.warnings, [])
  })
  it('warns (does not refuse) when police or health did not take part', () => {
    const v = valueOf(validateStrategyDiscussion({ ...good, participants: [{ name: 'Joanne Fletcher', agency: 'childrens_social_care' }] }, NOW))
    assert.deepEqual(v.warnings, [
      { field: 'participants', message: 'Police did not take part: Working Together expects police and health in a strategy discussion' },
      { field: 'participants', message: 'Health did not take part: Working Together expects police and health in a strategy discussion' },
    ])
    const onlyHealthMissing = valueOf(validateStrategyDiscussion({ ...good, participants: good.participants!.slice(0, 2) }, NOW))
    assert.deepEqual(onlyHealthMissing.warnings.map((w) => w.message), ['Health did not take part: Working Together expects police and health in a strategy discussion'])
  })
  it('refuses a discussion in the future, by date or by time today', () => {
    hasError(validateStrategyDiscussion({ ...good, heldOn: '2024-06-04' }, NOW), 'heldOn', 'The date of the strategy discussion cannot be in the future')
    hasError(validateStrategyDiscussion({ ...good, heldAt: '15:01' }, NOW), 'heldAt', 'The time of the strategy discussion cannot be in the future')
    assert.ok(validateStrategyDiscussion({ ...good, heldAt: '15:00' }, NOW).ok)
    assert.ok(validateStrategyDiscussion({ ...good, heldOn: '2024-06-02', heldAt: '23:59' }, NOW).ok)
  })
  it('refuses missing or nonsense dates, times, decisions and participants, naming each field', () => {
    const r = validateStrategyDiscussion({ heldOn: '', heldAt: '', participants: [], decision: 'maybe', informationShared: '  ' }, NOW)
    hasError(r, 'heldOn', 'Enter the date of the strategy discussion')
    hasError(r, 'heldAt', 'Enter the time of the strategy discussion, like 14:30')
    hasError(r, 'participants', 'Add the people who took part in the strategy discussion')
    hasError(r, 'decision', /^Select the decision: /)
    hasError(r, 'informationShared', 'Enter the information shared')
    hasError(validateStrategyDiscussion({ ...good, heldOn: 'invalid' }, NOW), 'heldOn', 'The date of the strategy discussion must be a real date, like 15 8 2022')
    hasError(validateStrategyDiscussion({ ...good, heldOn: '2023-02-29' }, NOW), 'heldOn', 'The date of the strategy discussion must be a real date, like 15 8 2022')
    hasError(validateStrategyDiscussion({ ...good, heldAt: '25:00' }, NOW), 'heldAt', 'The time of the strategy discussion must be a real 24-hour time, like 14:30')
    const p = validateStrategyDiscussion({ ...good, participants: [{ name: '', agency: 'police' }, { name: 'X', agency: 'army' }] }, NOW)
    hasError(p, 'participants[0].name', 'Enter the name of participant 1')
    hasError(p, 'participants[1].agency', 'Select the agency of participant 2')
  })
  it('refuses actions without owner or due date, or due before the discussion', () => {
    const r = validateStrategyDiscussion({ ...good, actions: [{ action: 'Medical', owner: '', dueOn: '' }, { action: 'Visit', owner: 'Sam', dueOn: '2024-06-02' }] }, NOW)
    hasError(r, 'actions[0].owner', 'Enter who will do action 1')
    hasError(r, 'actions[0].dueOn', 'Enter the due date of action 1')
    hasError(r, 'actions[1].dueOn', 'The due date of action 2 cannot be before the strategy discussion (3 June 2024)')
    assert.ok(validateStrategyDiscussion({ ...good, actions: [{ action: 'Review', owner: 'Sam', dueOn: '2024-07-01' }] }, NOW).ok)
  })
  it('caps narrative at 20,000 characters with a clear message, not a crash', () => {
    const big = 'x'.repeat(1_000_000)
    hasError(validateStrategyDiscussion({ ...good, informationShared: big }, NOW), 'informationShared', 'The information shared must be 20,000 characters or fewer (it has 1,000,000)')
    hasError(validateStrategyDiscussion({ ...good, immediateProtectiveActions: 'y'.repeat(MAX_NARRATIVE + 1) }, NOW), 'immediateProtectiveActions', /20,000 characters or fewer/)
    assert.ok(validateStrategyDiscussion({ ...good, informationShared: 'z'.repeat(MAX_NARRATIVE) }, NOW).ok)
  })
})

describe('section 47 enquiry', () => {
  const worker = { userId: 'sw', mayAuthorise: false }
  const manager = { userId: 'tm', mayAuthorise: true }
  const start = (heldOn = '2024-06-03') => valueOf(startSection47({ heldOn, decision: 's47_single' }, CAL))

  it('starts on the strategy discussion date with the ICPC target 15 working days later', () => {
    const s = start()
    assert.equal(s.startDate, '2024-06-03')
    assert.equal(s.icpcTargetDate, '2024-06-24')
    assert.equal(s.status, 'open')
  })
  it('counts the ICPC target over Christmas and New Year 2022 (26, 27 Dec and 2 Jan are bank holidays)', () => {
    assert.equal(icpcTargetDate('2022-12-16', CAL), '2023-01-11')
    assert.equal(icpcTargetDate('2022-12-23', CAL), '2023-01-18')
  })
  it('skips the Queen’s funeral bank holiday, 19 September 2022', () => {
    assert.equal(icpcTargetDate('2022-09-12', CAL), '2022-10-04')
    // The same weekday pattern a year later has no extra holiday: exactly three weeks.
    assert.equal(icpcTargetDate('2023-09-11', CAL), '2023-10-02')
  })
  it('counts from a weekend strategy discussion as day 0, and respects council closure days when given', () => {
    assert.equal(icpcTargetDate('2024-06-01', CAL), '2024-06-21')
    const closing = new WorkingDayCalendar({ closureDays: ['2024-06-10'] })
    assert.equal(icpcTargetDate('2024-06-03', closing), '2024-06-25')
  })
  it('refuses to start when the strategy discussion decided no section 47', () => {
    hasError(startSection47({ heldOn: '2024-06-03', decision: 'no_s47' }, CAL), 'decision', 'The strategy discussion decided ‘No section 47 enquiry’: a section 47 enquiry cannot start')
  })
  it('substantiated with continuing risk requires an ICPC; other outcomes need a reason a conference is not needed', () => {
    const f = { startDate: '2024-06-03', today: '2024-06-10' }
    const risk = valueOf(validateS47Outcome({ childSeen: 'yes', childSeenOn: '2024-06-04', childSeenAlone: 'yes', outcome: 'substantiated_continuing_risk' }, f))
    assert.equal(risk.icpcRequired, true)
    assert.equal(risk.conferenceNotRequired, false)
    assert.equal(risk.conferenceNotRequiredReason, null)
    hasError(validateS47Outcome({ childSeen: 'no', outcome: 'not_substantiated' }, f), 'conferenceNotRequiredReason', 'Enter the reason a conference is not needed')
    const no = valueOf(validateS47Outcome({ childSeen: 'no', outcome: 'substantiated_no_risk', conferenceNotRequiredReason: 'Perpetrator has left; CIN plan' }, f))
    assert.equal(no.icpcRequired, false)
    assert.equal(no.conferenceNotRequired, true)
    assert.equal(no.childSeenOn, null)
    assert.equal(no.childSeenAlone, null)
  })
  it('refuses outcome records with a missing or impossible child-seen date', () => {
    const f = { startDate: '2024-06-03', today: '2024-06-10' }
    hasError(validateS47Outcome({ outcome: 'not_substantiated', conferenceNotRequiredReason: 'x' }, f), 'childSeen', 'Select yes if the child was seen during the enquiry')
    hasError(validateS47Outcome({ childSeen: 'yes', outcome: 'x' }, f), 'childSeenOn', 'Enter the date the child was seen')
    hasError(validateS47Outcome({ childSeen: 'yes', outcome: 'x' }, f), 'childSeenAlone', 'Select yes if the child was seen alone')
    hasError(validateS47Outcome({ childSeen: 'yes', outcome: 'x' }, f), 'outcome', 'Select the outcome of the section 47 enquiry')
    hasError(validateS47Outcome({ childSeen: 'yes', childSeenOn: '2024-06-11', childSeenAlone: 'no', outcome: 'substantiated_continuing_risk' }, f), 'childSeenOn', 'The date the child was seen cannot be in the future')
    hasError(validateS47Outcome({ childSeen: 'yes', childSeenOn: '2024-06-02', childSeenAlone: 'no', outcome: 'substantiated_continuing_risk' }, f), 'childSeenOn', 'The date the child was seen cannot be before the enquiry started (3 June 2024)')
  })
  it('moves open → outcome recorded → returned → recorded → authorised by a different manager', () => {
    const input = { childSeen: true, childSeenOn: '2024-06-04', childSeenAlone: true, outcome: 'substantiated_continuing_risk' }
    let s: Section47 = valueOf(section47Transition(start(), { type: 'recordOutcome', by: worker, input }, '2024-06-07'))
    assert.equal(s.status, 'outcome_recorded')
    assert.equal(s.recordedBy, 'sw')
    hasError(section47Transition(s, { type: 'recordOutcome', by: worker, input }, '2024-06-07'), 'status', 'The outcome is waiting for a manager: it can be changed only if the manager returns it')
    hasError(section47Transition(s, { type: 'return', by: manager, comments: '' }, '2024-06-07'), 'comments', 'Enter what needs to change')
    hasError(section47Transition(s, { type: 'return', by: worker, comments: 'x' }, '2024-06-07'), 'authorisedBy', 'Only a manager can return the outcome of a section 47 enquiry')
    s = valueOf(section47Transition(s, { type: 'return', by: manager, comments: 'Say who saw the child' }, '2024-06-07'))
    assert.equal(s.status, 'returned')
    assert.equal(s.returnComments, 'Say who saw the child')
    s = valueOf(section47Transition(s, { type: 'recordOutcome', by: worker, input }, '2024-06-10'))
    hasError(section47Transition(s, { type: 'authorise', by: worker }, '2024-06-10'), 'authorisedBy', 'Only a manager can authorise the outcome of a section 47 enquiry')
    s = valueOf(section47Transition(s, { type: 'authorise', by: manager }, '2024-06-10'))
    assert.equal(s.status, 'authorised')
    assert.equal(s.authorisedOn, '2024-06-10')
    assert.equal(s.authorisedBy, 'tm')
    hasError(section47Transition(s, { type: 'recordOutcome', by: worker, input }, '2024-06-11'), 'status', 'The outcome of this section 47 enquiry has been authorised and cannot be changed')
  })
  it('refuses authorisation by the manager who recorded the outcome, and authorisation before an outcome', () => {
    hasError(section47Transition(start(), { type: 'authorise', by: manager }, '2024-06-07'), 'status', 'Record the outcome of the enquiry before it is authorised')
    hasError(section47Transition(start(), { type: 'return', by: manager, comments: 'x' }, '2024-06-07'), 'status', 'There is no outcome waiting for authorisation')
    const input = { childSeen: 'no', outcome: 'not_substantiated', conferenceNotRequiredReason: 'Accidental injury' }
    const s = valueOf(section47Transition(start(), { type: 'recordOutcome', by: manager, input }, '2024-06-07'))
    hasError(section47Transition(s, { type: 'authorise', by: manager }, '2024-06-07'), 'authorisedBy', 'The outcome must be authorised by a manager other than the person who recorded it')
    assert.ok(section47Transition(s, { type: 'authorise', by: { userId: 'hos', mayAuthorise: true } }, '2024-06-07').ok)
  })
})

describe('conference scheduling and timeliness', () => {
  it('icpcTimeliness: on the target day is in time; two working days after is 2 late', () => {
    assert.deepEqual(icpcTimeliness('2024-06-03', '2024-06-24', CAL), { target: '2024-06-24', withinTimescale: true, workingDaysLate: 0 })
    assert.deepEqual(icpcTimeliness('2024-06-03', '2024-06-26', CAL), { target: '2024-06-24', withinTimescale: false, workingDaysLate: 2 })
    assert.deepEqual(icpcTimeliness('2024-06-03', '2024-06-03', CAL).withinTimescale, true)
    // Over Christmas 2022: 11 Jan is the target; 13 Jan is 2 working days late.
    assert.deepEqual(icpcTimeliness('2022-12-16', '2023-01-13', CAL), { target: '2023-01-11', withinTimescale: false, workingDaysLate: 2 })
    // Late across the Queen's funeral: target 4 Oct 2022.
    assert.deepEqual(icpcTimeliness('2022-09-12', '2022-10-05', CAL), { target: '2022-10-04', withinTimescale: false, workingDaysLate: 1 })
  })
  it('schedules an ICPC in time with no warnings when reports go 2 working days before', () => {
    const v = valueOf(scheduleIcpc({ conferenceOn: '2024-06-20', reportsSharedOn: '2024-06-18' }, { strategyDate: '2024-06-03' }, CAL))
    assert.equal(v.scheduled.target, '2024-06-24')
    assert.equal(v.scheduled.withinTimescale, true)
    assert.deepEqual(v.warnings, [])
  })
  it('warns when the ICPC is after the 15-working-day target, with working days late', () => {
    const v = valueOf(scheduleIcpc({ conferenceOn: '2024-06-26' }, { strategyDate: '2024-06-03' }, CAL))
    assert.equal(v.scheduled.workingDaysLate, 2)
    assert.deepEqual(v.warnings, [{ field: 'conferenceOn', message: 'The initial child protection conference is after its target date (24 June 2024): 2 working days late' }])
    const one = valueOf(scheduleIcpc({ conferenceOn: '2024-06-25' }, { strategyDate: '2024-06-03' }, CAL))
    assert.equal(one.warnings[0]!.message, 'The initial child protection conference is after its target date (24 June 2024): 1 working day late')
  })
  it('warns (local practice) when reports reach the parents less than 2 working days before', () => {
    const late = valueOf(scheduleIcpc({ conferenceOn: '2024-06-24', reportsSharedOn: '2024-06-21' }, { strategyDate: '2024-06-03' }, CAL))
    assert.deepEqual(late.warnings, [{ field: 'reportsSharedOn', message: 'Reports were shared with the parents only 1 working day before: local practice is at least 2 working days before the conference' }])
    const sameDay = valueOf(scheduleIcpc({ conferenceOn: '2024-06-24', reportsSharedOn: '2024-06-24' }, { strategyDate: '2024-06-03' }, CAL))
    assert.match(sameDay.warnings[0]!.message, /^Reports were shared with the parents on or after the day of the conference/)
    // Friday to Tuesday over a weekend is 2 working days: fine.
    assert.deepEqual(valueOf(scheduleIcpc({ conferenceOn: '2024-06-18', reportsSharedOn: '2024-06-14' }, { strategyDate: '2024-06-03' }, CAL)).warnings, [])
  })
  it('refuses an ICPC before the strategy discussion and nonsense dates', () => {
    hasError(scheduleIcpc({ conferenceOn: '2024-06-02' }, { strategyDate: '2024-06-03' }, CAL), 'conferenceOn', 'The conference cannot be before the strategy discussion (3 June 2024)')
    hasError(scheduleIcpc({ conferenceOn: '' }, { strategyDate: '2024-06-03' }, CAL), 'conferenceOn', 'Enter the date of the conference')
    hasError(scheduleIcpc({ conferenceOn: '2024-06-31' }, { strategyDate: '2024-06-03' }, CAL), 'conferenceOn', 'The date of the conference must be a real date, like 15 8 2022')
    hasError(scheduleIcpc({ conferenceOn: '2024-06-20', reportsSharedOn: 'invalid' }, { strategyDate: '2024-06-03' }, CAL), 'reportsSharedOn', 'The date reports were shared with the parents must be a real date, like 15 8 2022')
    hasError(scheduleIcpc({ conferenceOn: '2024-06-20', reportsSharedOn: '2024-05-31' }, { strategyDate: '2024-06-03' }, CAL), 'reportsSharedOn', 'Reports cannot be shared before the strategy discussion (3 June 2024)')
  })
  it('transfer-in conference: no section 47; target 15 working days after notification', () => {
    assert.equal(transferInTarget('2022-12-16', CAL), '2023-01-11')
    const v = valueOf(scheduleTransferIn({ notifiedOn: '2024-06-03', conferenceOn: '2024-06-25' }, CAL))
    assert.equal(v.scheduled.type, 'transfer_in')
    assert.equal(v.scheduled.target, '2024-06-24')
    assert.deepEqual(v.warnings, [{ field: 'conferenceOn', message: 'The transfer-in conference is after its target date (24 June 2024): 1 working day late' }])
    hasError(scheduleTransferIn({ notifiedOn: '', conferenceOn: '2024-06-25' }, CAL), 'notifiedOn', 'Enter the date we were told the child moved here')
    hasError(scheduleTransferIn({ notifiedOn: '2024-06-03', conferenceOn: '2024-06-01' }, CAL), 'conferenceOn', 'The conference cannot be before we were told the child moved here (3 June 2024)')
  })
  it('first review within 3 calendar months, clamped to the end of February; then every 6 months', () => {
    assert.equal(firstRcpcDue('2023-11-30', CAL), '2024-02-29')
    assert.equal(firstRcpcDue('2022-11-30', CAL), '2023-02-28')
    assert.equal(firstRcpcDue('2024-05-31', CAL), '2024-08-31')
    assert.equal(nextRcpcDue('2024-08-31', CAL), '2025-02-28')
    assert.equal(nextRcpcDue('2024-03-15', CAL), '2024-09-15')
  })
  it('NI 67: every review on time, and no review overdue today', () => {
    const ok = reviewsInTimescale('2023-11-30', ['2024-02-29', '2024-08-20'], '2024-09-01', CAL)
    assert.deepEqual(ok.reviews.map((r) => [r.due, r.inTimescale]), [['2024-02-29', true], ['2024-08-29', true]])
    assert.equal(ok.allInTimescale, true)
    assert.equal(ok.nextDue, '2025-02-20')
    const lateFirst = reviewsInTimescale('2023-11-30', ['2024-03-01'], '2024-03-01', CAL)
    assert.equal(lateFirst.reviews[0]!.inTimescale, false)
    assert.equal(lateFirst.allInTimescale, false)
    const overdueNow = reviewsInTimescale('2023-11-30', [], '2024-03-01', CAL)
    assert.equal(overdueNow.allInTimescale, false)
    assert.equal(reviewsInTimescale('2023-11-30', [], '2024-02-29', CAL).allInTimescale, true)
  })
})

describe('conference outcome', () => {
  const attendees = [
    { name: 'Chair', agency: 'childrens_social_care', attended: 'yes' },
    { name: 'PC', agency: 'police', attended: 'yes' },
    { name: 'HV', agency: 'health', attended: 'yes' },
    { name: 'Head', agency: 'education', attended: 'no' },
  ]
  const base: ConferenceOutcomeInput = { heldOn: '2024-06-20', attendees, decision: 'plan', categories: ['NEG'] }
  const facts = { type: 'initial' as const, notBefore: '2024-06-03', today: '2024-06-20' }

  it('records a plan decision with categories and no warnings when quorate', () => {
    const v = valueOf(validateConferenceOutcome(base, facts))
    assert.equal(v.outcome.decision, 'plan')
    assert.deepEqual(v.outcome.categories, ['NEG'])
    assert.deepEqual(v.outcome.attendees.map((a) => a.attended), [true, true, true, false])
    assert.deepEqual(v.warnings, [])
  })
  it('needs at least one category for a plan; MUL only alone; none when there is no plan', () => {
    hasError(validateConferenceOutcome({ ...base, categories: [] }, facts), 'categories', 'Select at least one category of abuse for the child protection plan')
    hasError(validateConferenceOutcome({ ...base, categories: ['MUL', 'NEG'] }, facts), 'categories', '‘Multiple (not recommended)’ cannot be selected with other categories')
    hasError(validateConferenceOutcome({ ...base, categories: ['BAD'] }, facts), 'categories', 'Select categories of abuse from the list')
    hasError(validateConferenceOutcome({ ...base, decision: 'no_plan' }, facts), 'categories', 'Do not select a category of abuse when there is no child protection plan')
    assert.deepEqual(valueOf(validateConferenceOutcome({ ...base, categories: ['MUL'] }, facts)).outcome.categories, ['MUL'])
    assert.deepEqual(valueOf(validateConferenceOutcome({ ...base, categories: ['NEG', 'EMO', 'NEG'] }, facts)).outcome.categories, ['NEG', 'EMO'])
    assert.deepEqual(valueOf(validateConferenceOutcome({ ...base, decision: 'no_plan', categories: [] }, facts)).outcome.categories, [])
    const errs: FieldError[] = []
    assert.deepEqual(checkCategories(errs, ['PHY', 'SAB'], true, true), ['PHY', 'SAB'])
    assert.deepEqual(errs, [])
  })
  it('refuses a decision that does not belong to the type of conference', () => {
    hasError(validateConferenceOutcome({ ...base, decision: 'continue' }, facts), 'decision', 'Select the decision of the initial child protection conference: child protection plan, no child protection plan')
    hasError(validateConferenceOutcome({ ...base, decision: 'plan' }, { ...facts, type: 'review' }), 'decision', /^Select the decision of the review child protection conference: continue/)
  })
  it('refuses future dates, dates before the strategy discussion, and attendees without agency or attendance', () => {
    hasError(validateConferenceOutcome({ ...base, heldOn: '2024-06-21' }, facts), 'heldOn', 'The date the conference was held cannot be in the future')
    hasError(validateConferenceOutcome({ ...base, heldOn: '2024-06-02' }, facts), 'heldOn', 'The date the conference was held cannot be before 3 June 2024')
    hasError(validateConferenceOutcome({ ...base, attendees: [] }, facts), 'attendees', 'Add who was invited to the conference and whether they attended')
    const r = validateConferenceOutcome({ ...base, attendees: [{ name: 'A', agency: 'mi5', attended: 'maybe' }] }, facts)
    hasError(r, 'attendees[0].agency', 'Select the agency of person 1')
    hasError(r, 'attendees[0].attended', 'Select yes if person 1 attended')
    hasError(validateConferenceOutcome({ ...base, dissent: 'd'.repeat(20_001) }, facts), 'dissent', 'Any dissent must be 20,000 characters or fewer (it has 20,001)')
  })
  it('warns when fewer than three agencies attended or police/health were absent', () => {
    const v = valueOf(validateConferenceOutcome({ ...base, attendees: [attendees[0]!, { ...attendees[1]!, attended: 'no' }, attendees[2]!] }, facts))
    assert.deepEqual(v.warnings.map((w) => w.message), [
      'The conference may not have been quorate: Working Together 2010 expects at least 3 agencies, including children’s social care',
      'Police did not attend the conference',
    ])
  })
  it('at a review: change of category must change it; continue keeps the current categories', () => {
    const review = { ...facts, type: 'review' as const, currentCategories: ['NEG' as const] }
    hasError(validateConferenceOutcome({ ...base, decision: 'change_category', categories: ['NEG'] }, review), 'categories', 'Select a different category of abuse: these are the plan’s current categories')
    assert.deepEqual(valueOf(validateConferenceOutcome({ ...base, decision: 'change_category', categories: ['EMO'] }, review)).outcome.categories, ['EMO'])
    assert.deepEqual(valueOf(validateConferenceOutcome({ ...base, decision: 'continue', categories: [] }, review)).outcome.categories, ['NEG'])
    assert.deepEqual(valueOf(validateConferenceOutcome({ ...base, decision: 'end_plan', categories: [] }, review)).outcome.categories, [])
  })
})

describe('child protection plan', () => {
  const previous = [
    { startDate: '2019-01-10', endDate: '2019-09-01' },
    { startDate: '2022-03-01', endDate: '2023-01-15' },
  ]
  const plan = (over: Partial<Parameters<typeof startPlan>[0]> = {}): CpPlan =>
    valueOf(startPlan({ conferenceId: 'conf-1', conferenceDate: '2022-12-16', categories: ['NEG'], previousPlans: [], ...over }, CAL))

  it('counts previous plans before the start (NI 65) and repeats within 2 years of the last ending [local]', () => {
    assert.equal(numberOfPreviousPlans(previous, '2024-06-03'), 2)
    assert.equal(numberOfPreviousPlans(previous, '2022-03-01'), 1)
    assert.equal(numberOfPreviousPlans([], '2024-06-03'), 0)
    assert.equal(within2YearsOfPrevious(previous, '2024-06-03', CAL), true)
    assert.equal(within2YearsOfPrevious(previous, '2025-01-15', CAL), true)
    assert.equal(within2YearsOfPrevious(previous, '2025-01-16', CAL), false)
    assert.equal(within2YearsOfPrevious(previous.slice(0, 1), '2024-06-03', CAL), false)
    assert.equal(within2YearsOfPrevious([], '2024-06-03', CAL), false)
  })
  it('starts on the conference date with first core group 10 WD later (over Christmas) and first review in 3 months', () => {
    const p = plan({ previousPlans: previous.slice(0, 1) })
    assert.equal(p.startDate, '2022-12-16')
    assert.equal(p.firstCoreGroupDue, '2023-01-04')
    assert.equal(firstCoreGroupDue('2022-12-16', CAL), '2023-01-04')
    assert.equal(p.firstReviewDue, '2023-03-16')
    assert.equal(p.nextReviewDue, '2023-03-16')
    assert.equal(p.numberOfPreviousPlans, 1)
    assert.equal(p.repeatWithin2Years, false)
    assert.deepEqual(p.initialCategories, ['NEG'])
    assert.deepEqual(p.latestCategories, ['NEG'])
  })
  it('refuses a plan with no conference, no category, or while another plan is open', () => {
    hasError(startPlan({ conferenceId: '', conferenceDate: '2024-06-03', categories: ['NEG'], previousPlans: [] }, CAL), 'conferenceId', 'A child protection plan can only start from a conference decision')
    hasError(startPlan({ conferenceId: 'c', conferenceDate: '2024-06-03', categories: [], previousPlans: [] }, CAL), 'categories', 'Select at least one category of abuse for the child protection plan')
    hasError(startPlan({ conferenceId: 'c', conferenceDate: '2024-06-03', categories: ['PHY'], previousPlans: [{ startDate: '2024-01-02', endDate: null }] }, CAL), 'conferenceDate', 'The child already has a child protection plan (from 2 January 2024)')
  })
  it('core groups: first 10 WD after the ICPC, then every 20 WD by default or as configured', () => {
    assert.equal(nextCoreGroupDue('2024-06-03', null, CAL), '2024-06-17')
    assert.equal(nextCoreGroupDue('2024-06-03', '2024-06-14', CAL), '2024-07-12')
    assert.equal(nextCoreGroupDue('2024-06-03', '2024-06-14', CAL, 30), '2024-07-26')
    assert.equal(coreGroupStatus('2024-06-03', null, '2024-06-18', CAL).rag, 'red')
  })
  it('visit status: due 10 WD after the later of plan start and last visit, red/amber/green', () => {
    assert.deepEqual(visitStatus(null, '2024-06-03', '2024-06-03', 10, CAL), { dueDate: '2024-06-17', overdue: false, workingDaysLeft: 10, rag: 'green' })
    assert.deepEqual(visitStatus(null, '2024-06-03', '2024-06-11', 10, CAL), { dueDate: '2024-06-17', overdue: false, workingDaysLeft: 4, rag: 'green' })
    assert.deepEqual(visitStatus(null, '2024-06-03', '2024-06-13', 10, CAL), { dueDate: '2024-06-17', overdue: false, workingDaysLeft: 2, rag: 'amber' })
    assert.deepEqual(visitStatus(null, '2024-06-03', '2024-06-17', 10, CAL), { dueDate: '2024-06-17', overdue: false, workingDaysLeft: 0, rag: 'amber' })
    assert.deepEqual(visitStatus(null, '2024-06-03', '2024-06-19', 10, CAL), { dueDate: '2024-06-17', overdue: true, workingDaysLeft: -2, rag: 'red' })
    assert.equal(visitStatus('2024-06-14', '2024-06-03', '2024-06-14', 10, CAL).dueDate, '2024-06-28')
    assert.equal(visitStatus('2024-05-30', '2024-06-03', '2024-06-03', 10, CAL).dueDate, '2024-06-17', 'a visit before the plan counts from the plan start')
    assert.equal(visitStatus(null, '2024-06-03', '2024-06-03', 5, CAL).dueDate, '2024-06-10')
    // Over the Queen's funeral: a visit on 12 Sep 2022 is next due on 27 Sep, not 26.
    assert.equal(visitStatus('2022-09-12', '2022-08-01', '2022-09-12', 10, CAL).dueDate, '2022-09-27')
  })
  it('review status: first review 3 months after start, then 6 months after the last review', () => {
    const s = reviewStatus('2023-11-30', null, '2024-01-02', CAL)
    assert.equal(s.dueDate, '2024-02-29')
    assert.equal(s.rag, 'green')
    assert.equal(reviewStatus('2023-11-30', null, '2024-02-20', CAL).rag, 'amber')
    assert.equal(reviewStatus('2023-11-30', null, '2024-03-01', CAL).rag, 'red')
    assert.equal(reviewStatus('2023-11-30', '2024-02-28', '2024-03-01', CAL).dueDate, '2024-08-28')
  })
  it('a change of category at review updates the latest category and keeps the initial one', () => {
    const p = plan()
    const t = valueOf(planTransition(p, { type: 'review', conferenceId: 'rc-1', heldOn: '2023-03-10', decision: 'change_category', categories: ['EMO'] }, CAL))
    assert.deepEqual(t.plan.initialCategories, ['NEG'])
    assert.deepEqual(t.plan.latestCategories, ['EMO'])
    assert.equal(t.plan.lastReviewDate, '2023-03-10')
    assert.equal(t.plan.nextReviewDue, '2023-09-10')
    const c = valueOf(planTransition(t.plan, { type: 'review', conferenceId: 'rc-2', heldOn: '2023-09-08', decision: 'continue' }, CAL))
    assert.deepEqual(c.plan.latestCategories, ['EMO'])
    hasError(planTransition(p, { type: 'review', conferenceId: 'rc-1', heldOn: '2023-03-10', decision: 'change_category', categories: ['NEG'] }, CAL), 'categories', 'Select a different category of abuse: these are the plan’s current categories')
    hasError(planTransition(p, { type: 'review', conferenceId: 'rc-1', heldOn: '2023-03-10', decision: 'change_category', categories: ['MUL', 'EMO'] }, CAL), 'categories', '‘Multiple (not recommended)’ cannot be selected with other categories')
    hasError(planTransition(p, { type: 'review', conferenceId: 'rc-1', heldOn: '2022-12-15', decision: 'continue' }, CAL), 'heldOn', 'The date cannot be before the plan started (16 December 2022)')
  })
  it('only a conference ends a plan; ending with step-down starts a CIN plan the same day', () => {
    const p = plan()
    hasError(planTransition(p, { type: 'end', endedOn: '2023-03-10' }, CAL), 'conferenceId', 'Only a child protection conference can end a child protection plan: record the review conference’s decision')
    const e = valueOf(planTransition(p, { type: 'end', conferenceId: 'rc-1', endedOn: '2023-03-10', stepDownToCin: true }, CAL))
    assert.equal(e.plan.status, 'ended')
    assert.equal(e.plan.endDate, '2023-03-10')
    assert.equal(e.plan.endConferenceId, 'rc-1')
    assert.equal(e.cinPlanStart, '2023-03-10')
    assert.equal(e.lastedTwoYearsOrMore, false)
    assert.equal(valueOf(planTransition(p, { type: 'end', conferenceId: 'rc-1', endedOn: '2023-03-10' }, CAL)).cinPlanStart, null)
    hasError(planTransition(e.plan, { type: 'end', conferenceId: 'rc-2', endedOn: '2023-04-10' }, CAL), 'status', 'This child protection plan ended on 10 March 2023')
  })
  it('flags plans lasting 2 years or more (NI 64), including leap-day starts', () => {
    assert.equal(lastedTwoYearsOrMore('2022-02-28', '2024-02-28', CAL), true)
    assert.equal(lastedTwoYearsOrMore('2022-02-28', '2024-02-27', CAL), false)
    assert.equal(lastedTwoYearsOrMore('2020-02-29', '2022-02-28', CAL), true)
    const long = valueOf(planTransition(plan(), { type: 'end', conferenceId: 'rc-9', endedOn: '2024-12-16' }, CAL))
    assert.equal(long.lastedTwoYearsOrMore, true)
  })
})
