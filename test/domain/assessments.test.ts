import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { EMPTY_RECORD, MAX_NARRATIVE, transition, validateAssessmentRecord, validateStart, type AssessmentState, type AssessmentEvent } from '../../src/domain/assessments/assessment.ts'
import { ASSESSMENT_FACTOR, ASSESSMENT_OUTCOME, outcomesFor } from '../../src/domain/assessments/codes.ts'
import { DEFAULT_FRAMEWORK_PERIODS, assessmentDueDate, firstAssessmentKind, frameworkPeriodOn } from '../../src/domain/assessments/frameworks.ts'
import { ENGLAND_AND_WALES_CALENDAR } from '../../src/domain/calendar/workingDays.ts'

const WORKER = 'worker-user'
const MANAGER = 'manager-user'
const worker = { userId: WORKER, mayAuthorise: false }
const manager = { userId: MANAGER, mayAuthorise: true }

const complete = {
  ...EMPTY_RECORD,
  childWishes: 'I want it calm at home',
  developmentalNeeds: 'Meeting milestones',
  parentingCapacity: 'Warm, boundaries inconsistent',
  familyEnvironment: 'Overcrowded flat',
  analysis: 'Child in need',
  outcome: 'cin_plan' as const,
  factors: ['16A'],
  primaryNeedCode: 'N1' as const,
}

function state(over: Partial<AssessmentState> = {}): AssessmentState {
  return {
    status: 'in_progress',
    kind: 'single',
    framework: 'wt2023',
    referralDate: '2022-08-15',
    startDate: '2022-08-15',
    dueDate: '2022-10-19',
    childIsUnborn: false,
    createdBy: WORKER,
    submittedBy: null,
    record: EMPTY_RECORD,
    childSeen: [],
    completedOn: null,
    authorisedBy: null,
    ...over,
  }
}

const fields = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.field))
const step = (s: AssessmentState, e: AssessmentEvent, today = '2022-09-01') => transition(s, e, today)

describe('assessment framework, kind and due date', () => {
  it('chooses the framework in force on the referral date, and the first assessment of that framework', () => {
    assert.equal(frameworkPeriodOn(DEFAULT_FRAMEWORK_PERIODS, '2005-06-01').framework, 'fa2000')
    assert.equal(frameworkPeriodOn(DEFAULT_FRAMEWORK_PERIODS, '2010-12-20').framework, 'wt2010')
    assert.equal(frameworkPeriodOn(DEFAULT_FRAMEWORK_PERIODS, '2013-04-15').framework, 'wt2023')
    assert.equal(firstAssessmentKind('wt2010'), 'initial')
    assert.equal(firstAssessmentKind('wt2023'), 'single')
  })

  it('a single assessment from 15 August 2022 is due 19 October 2022 (45 working days)', () => {
    assert.equal(assessmentDueDate('single', 'wt2023', '2022-08-15', ENGLAND_AND_WALES_CALENDAR), '2022-10-19')
  })

  it('an initial assessment under Working Together 2010 from 20 December 2010 is due 6 January 2011 (10 working days over Christmas)', () => {
    assert.equal(assessmentDueDate('initial', 'wt2010', '2010-12-20', ENGLAND_AND_WALES_CALENDAR), '2011-01-06')
  })

  it('offers a core assessment as an outcome only of an initial assessment before 2013', () => {
    assert.ok(outcomesFor('initial', 'wt2010').includes('core_assessment'))
    assert.ok(!outcomesFor('single', 'wt2023').includes('core_assessment'))
    assert.ok(!outcomesFor('core', 'fa2000').includes('core_assessment'))
    assert.equal(ASSESSMENT_OUTCOME.cin_plan, 'Child in need plan')
    assert.equal(ASSESSMENT_FACTOR['21'], 'No factors identified')
  })

  it('starts on the referral date by default; a start before the referral or in the future is refused', () => {
    const facts = { referralDate: '2022-08-15', today: '2022-09-01' }
    assert.deepEqual(validateStart({ defaultStart: '2022-08-15' }, facts), { ok: true, value: { startDate: '2022-08-15' } })
    assert.deepEqual(fields(validateStart({ startDate: '2022-08-14', defaultStart: '2022-08-15' }, facts)), ['startDate'])
    assert.deepEqual(fields(validateStart({ startDate: '2022-09-02', defaultStart: '2022-08-15' }, facts)), ['startDate'])
  })
})

describe('assessment record validation', () => {
  const facts = { kind: 'single' as const, framework: 'wt2023' as const, referralDate: '2022-08-15', today: '2022-09-01' }

  it('caps every narrative at 20,000 characters with a message naming the field and the limit', () => {
    const r = validateAssessmentRecord({ analysis: 'x'.repeat(1024 * 1024), childWishes: 'fine' }, facts)
    assert.equal(r.ok, false)
    assert.ok(!r.ok)
    assert.equal(r.errors.length, 1)
    assert.equal(r.errors[0]?.field, 'analysis')
    assert.match(r.errors[0]?.message ?? '', /analysis must be 20,000 characters or fewer/)
    assert.ok(validateAssessmentRecord({ analysis: 'x'.repeat(MAX_NARRATIVE) }, facts).ok)
  })

  it('refuses a shared date before the referral or in the future, and an unknown factor or outcome', () => {
    assert.deepEqual(fields(validateAssessmentRecord({ sharedOn: '2022-08-01', sharedHow: 'Letter' }, facts)), ['sharedOn'])
    assert.deepEqual(fields(validateAssessmentRecord({ sharedOn: '2022-09-02', sharedHow: 'Letter' }, facts)), ['sharedOn'])
    assert.deepEqual(fields(validateAssessmentRecord({ factors: ['99Z'] }, facts)), ['factors'])
    assert.deepEqual(fields(validateAssessmentRecord({ outcome: 'core_assessment' }, facts)), ['outcome'])
    assert.deepEqual(fields(validateAssessmentRecord({ factors: ['21', '16A'] }, facts)), ['factors'])
  })

  it('takes a CIN census primary need code, and refuses one not on the list', () => {
    const good = validateAssessmentRecord({ primaryNeedCode: 'N4' }, facts)
    assert.ok(good.ok)
    assert.equal(good.value.primaryNeedCode, 'N4')
    const bad = validateAssessmentRecord({ primaryNeedCode: 'N10' }, facts)
    assert.ok(!bad.ok)
    assert.deepEqual(bad.errors, [{ field: 'primaryNeedCode', message: 'Select the primary need from the list' }])
  })

  it('keeps factors in census order, without repeats', () => {
    const r = validateAssessmentRecord({ factors: ['20', '16A', '3B', '16A'], interpreterUsed: 'no' }, facts)
    assert.ok(r.ok)
    assert.deepEqual(r.value.factors, ['3B', '16A', '20'])
    assert.equal(r.value.interpreterUsed, false)
  })
})

describe('assessment transitions', () => {
  it('submit needs the child seen, wishes and feelings, the three domains, analysis, outcome, a factor and the primary need', () => {
    const r = step(state(), { type: 'submit', by: worker })
    assert.deepEqual(fields(r).sort(), ['analysis', 'childSeen', 'childWishes', 'developmentalNeeds', 'factors', 'familyEnvironment', 'outcome', 'parentingCapacity', 'primaryNeedCode'])
    // An unborn child cannot be seen: no visit needed.
    assert.ok(step(state({ childIsUnborn: true, record: complete }), { type: 'submit', by: worker }).ok)
  })

  it('‘No factors identified’ only goes with no further action', () => {
    const s = state({ record: { ...complete, factors: ['21'] }, childSeen: [{ seenOn: '2022-08-16', seenAlone: true }] })
    assert.deepEqual(fields(step(s, { type: 'submit', by: worker })), ['factors'])
    assert.ok(step(state({ ...s, record: { ...s.record, outcome: 'nfa' } }), { type: 'submit', by: worker }).ok)
  })

  it('records the child seen with a date not before the referral and not in the future', () => {
    assert.deepEqual(fields(step(state(), { type: 'childSeen', by: worker, seenOn: '2022-08-10', seenAlone: 'yes' })), ['seenOn'])
    assert.deepEqual(fields(step(state(), { type: 'childSeen', by: worker, seenOn: '2022-09-05', seenAlone: 'yes' })), ['seenOn'])
    assert.deepEqual(fields(step(state(), { type: 'childSeen', by: worker, seenOn: '2022-08-20', seenAlone: undefined })), ['seenAlone'])
    const r = step(state(), { type: 'childSeen', by: worker, seenOn: '2022-08-20', seenAlone: 'yes' })
    assert.ok(r.ok)
    assert.deepEqual(r.value.childSeen, [{ seenOn: '2022-08-20', seenAlone: true }])
  })

  it('in progress → submitted → returned → submitted → authorised, with the completion date the authorisation date', () => {
    let s = state({ record: complete, childSeen: [{ seenOn: '2022-08-16', seenAlone: true }] })
    const submitted = step(s, { type: 'submit', by: worker })
    assert.ok(submitted.ok)
    s = submitted.value
    assert.equal(s.status, 'submitted')
    assert.deepEqual(fields(step(s, { type: 'save', by: worker, input: {} })), ['status'])
    assert.deepEqual(fields(step(s, { type: 'return', by: manager, comments: '  ' })), ['comments'])
    const returned = step(s, { type: 'return', by: manager, comments: 'Add the father’s views' })
    assert.ok(returned.ok)
    assert.equal(returned.value.status, 'returned')
    const saved = step(returned.value, { type: 'save', by: worker, input: { ...complete, parentsViews: 'Father agrees', factors: ['16A'], outcome: 'cin_plan' } })
    assert.ok(saved.ok)
    const resubmitted = step(saved.value, { type: 'submit', by: worker })
    assert.ok(resubmitted.ok)
    const authorised = step(resubmitted.value, { type: 'authorise', by: manager }, '2022-10-19')
    assert.ok(authorised.ok)
    assert.equal(authorised.value.status, 'authorised')
    assert.equal(authorised.value.completedOn, '2022-10-19')
    assert.deepEqual(fields(step(authorised.value, { type: 'save', by: worker, input: {} })), ['status'])
    assert.deepEqual(fields(step(authorised.value, { type: 'return', by: manager, comments: 'x' })), ['status'])
  })

  it('the author cannot authorise, nor someone without the capability', () => {
    const s = state({ status: 'submitted', record: complete, childSeen: [{ seenOn: '2022-08-16', seenAlone: true }], submittedBy: WORKER })
    const own = step(s, { type: 'authorise', by: { userId: WORKER, mayAuthorise: true } })
    assert.ok(!own.ok)
    assert.equal(own.errors[0]?.message, 'You cannot authorise an assessment you wrote')
    assert.ok(!step(s, { type: 'authorise', by: { userId: 'other', mayAuthorise: false } }).ok)
  })

  it('late: submitting after the due date needs a reason for delay, and so does authorising', () => {
    const s = state({ record: complete, childSeen: [{ seenOn: '2022-08-16', seenAlone: true }] })
    assert.deepEqual(fields(step(s, { type: 'submit', by: worker }, '2022-10-20')), ['delayReason'])
    assert.ok(step(s, { type: 'submit', by: worker }, '2022-10-19').ok)
    // Submitted in time, but the manager authorises a day late: the reason must be on the record first.
    const submitted = state({ ...s, status: 'submitted', submittedBy: WORKER })
    const late = step(submitted, { type: 'authorise', by: manager }, '2022-10-20')
    assert.ok(!late.ok)
    assert.match(late.errors[0]?.message ?? '', /no reason for the delay/)
    const withReason = state({ ...submitted, record: { ...complete, delayReason: 'Family cancelled two visits' } })
    const ok = step(withReason, { type: 'authorise', by: manager }, '2022-10-20')
    assert.ok(ok.ok)
    assert.equal(ok.value.completedOn, '2022-10-20')
  })
})
