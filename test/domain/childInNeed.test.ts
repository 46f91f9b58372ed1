import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CIN_PLAN_END_REASON, DEFAULT_CIN_REVIEW_FREQUENCY, DEFAULT_CIN_VISIT_FREQUENCY, MAX_NEEDS, endCinPlan, nextReviewDue, reviewStatus, reviewsInTimescale, validateCinPlan, validateReview, type CinPlanFacts, type CinPlanInput, type EndCinPlanInput } from '../../src/domain/childInNeed/cinPlan.ts'
import { ENGLAND_AND_WALES_CALENDAR } from '../../src/domain/calendar/workingDays.ts'
import type { FieldError } from '../../src/domain/shared/result.ts'

const cal = ENGLAND_AND_WALES_CALENDAR
const threeMonths = { amount: 3, unit: 'months' } as const
const facts: CinPlanFacts = { referralDate: '2025-01-15', today: '2025-06-30', cpPlans: [] }
const plan: CinPlanInput = {
  startDate: '2025-03-10',
  needs: [
    {
      need: 'Leo is missing school',
      services: 'Education welfare; school nurse',
      actions: [
        { action: 'Attendance plan meeting', owner: 'Ms Patel', agency: 'Oakfield Primary', dueDate: '2025-03-21' },
        { action: 'Morning routine support', owner: 'Mum', agency: '', dueDate: '2025-04-01' },
      ],
    },
  ],
}

function refusal(input: CinPlanInput, f: CinPlanFacts = facts): FieldError[] {
  const r = validateCinPlan(input, f)
  assert.equal(r.ok, false, 'expected the plan to be refused')
  return r.ok ? [] : r.errors
}
const messageFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message

describe('the child in need plan record', () => {
  it('keeps a plan with its needs, services and who does what by when, and the local default frequencies', () => {
    const r = validateCinPlan(plan, facts)
    assert.ok(r.ok)
    assert.equal(r.value.startDate, '2025-03-10')
    assert.deepEqual(r.value.needs[0], {
      need: 'Leo is missing school',
      services: 'Education welfare; school nurse',
      actions: [
        { action: 'Attendance plan meeting', owner: 'Ms Patel', agency: 'Oakfield Primary', dueDate: '2025-03-21' },
        { action: 'Morning routine support', owner: 'Mum', agency: null, dueDate: '2025-04-01' },
      ],
    })
    assert.deepEqual(r.value.reviewFrequency, { amount: 3, unit: 'months' })
    assert.deepEqual(r.value.visitFrequency, { amount: 20, unit: 'workingDays' })
    assert.deepEqual(DEFAULT_CIN_REVIEW_FREQUENCY, threeMonths)
    assert.deepEqual(DEFAULT_CIN_VISIT_FREQUENCY, { amount: 20, unit: 'workingDays' })
    assert.equal(r.value.stepDownFromChildProtection, false)
  })

  it('takes frequencies the plan sets: reviews every 6 weeks, visits every 10 working days', () => {
    const r = validateCinPlan({ ...plan, reviewFrequency: { amount: '6', unit: 'weeks' }, visitFrequency: { amount: 10, unit: 'workingDays' } }, facts)
    assert.ok(r.ok)
    assert.deepEqual(r.value.reviewFrequency, { amount: 6, unit: 'weeks' })
    assert.deepEqual(r.value.visitFrequency, { amount: 10, unit: 'workingDays' })
  })

  it('ignores blank need and action rows the form added', () => {
    const r = validateCinPlan({ ...plan, needs: [...(plan.needs ?? []), { need: '', services: '', actions: [] }, { need: 'Housing', actions: [{ action: '', owner: '', agency: '', dueDate: '' }] }] }, facts)
    assert.ok(r.ok)
    assert.equal(r.value.needs.length, 2)
    assert.deepEqual(r.value.needs[1], { need: 'Housing', services: null, actions: [] })
  })

  it('names an action by the row the form numbered, even after a blank row', () => {
    const errors = refusal({ ...plan, needs: [{ need: 'Housing', actions: [{ action: '', owner: '' }, { action: 'Housing referral', owner: 'Sam', dueDate: '' }] }] })
    assert.deepEqual(errors, [{ field: 'needs[0].actions[1].dueDate', message: 'Enter the date it is due (action 2 of need 1)' }])
    const tooMany = Array.from({ length: 51 }, () => ({ action: 'Call', owner: 'Sam', dueDate: '2025-04-01' }))
    assert.equal(messageFor(refusal({ ...plan, needs: [{ need: 'Housing', actions: tooMany }] }), 'needs[0].actions'), 'Need 1 can have at most 50 actions')
  })

  it('may start on the referral date and on today', () => {
    assert.ok(validateCinPlan({ ...plan, startDate: '2025-01-15', needs: [{ need: 'Housing' }] }, facts).ok)
    assert.ok(validateCinPlan({ startDate: '2025-06-30', needs: [{ need: 'Housing' }] }, facts).ok)
  })

  it('refuses a missing, unreal, future or pre-referral start date with its field and message', () => {
    assert.equal(messageFor(refusal({ ...plan, startDate: '' }), 'startDate'), 'Enter the date the plan started')
    assert.equal(messageFor(refusal({ ...plan, startDate: 'invalid' }), 'startDate'), 'The plan start date must be a real date, like 15 8 2022')
    assert.equal(messageFor(refusal({ ...plan, startDate: '2025-02-29' }), 'startDate'), 'The plan start date must be a real date, like 15 8 2022')
    assert.equal(messageFor(refusal({ ...plan, startDate: '2025-07-01' }), 'startDate'), 'The plan start date cannot be in the future')
    assert.equal(messageFor(refusal({ ...plan, startDate: '2025-01-14' }), 'startDate'), 'The plan start date cannot be before the referral (15 January 2025)')
  })

  it('needs at least one need, described', () => {
    assert.deepEqual(refusal({ ...plan, needs: [] }), [{ field: 'needs[0].need', message: 'Enter at least one of the child’s needs' }])
    assert.deepEqual(refusal({ ...plan, needs: [{ services: 'Family support worker' }] }), [{ field: 'needs[0].need', message: 'Describe need 1' }])
    const many = Array.from({ length: MAX_NEEDS + 1 }, (_, i) => ({ need: `Need ${i}` }))
    assert.equal(messageFor(refusal({ ...plan, needs: many }), 'needs'), 'A plan can have at most 50 needs')
  })

  it('needs who does what by when for each action, due no earlier than the plan start', () => {
    const need = (action: Record<string, string>) => ({ ...plan, needs: [{ need: 'Housing', actions: [action] }] })
    assert.deepEqual(refusal(need({ action: 'Housing referral', owner: '', agency: 'Housing', dueDate: '2025-04-01' })), [{ field: 'needs[0].actions[0].owner', message: 'Enter who will do it (action 1 of need 1)' }])
    assert.deepEqual(refusal(need({ action: '', owner: 'Sam', dueDate: '2025-04-01' })), [{ field: 'needs[0].actions[0].action', message: 'Enter what will be done (action 1 of need 1)' }])
    assert.deepEqual(refusal(need({ action: 'Housing referral', owner: 'Sam', dueDate: '' })), [{ field: 'needs[0].actions[0].dueDate', message: 'Enter the date it is due (action 1 of need 1)' }])
    assert.deepEqual(refusal(need({ action: 'Housing referral', owner: 'Sam', dueDate: 'invalid' })), [{ field: 'needs[0].actions[0].dueDate', message: 'The date it is due (action 1 of need 1) must be a real date, like 15 8 2022' }])
    assert.deepEqual(refusal(need({ action: 'Housing referral', owner: 'Sam', dueDate: '2025-03-09' })), [{ field: 'needs[0].actions[0].dueDate', message: 'The date it is due (action 1 of need 1) cannot be before the plan start (10 March 2025)' }])
    // An action due in the future is normal: plans look ahead.
    assert.ok(validateCinPlan(need({ action: 'Housing referral', owner: 'Sam', dueDate: '2025-12-01' }), facts).ok)
  })

  it('caps narrative text at 20,000 characters and names at 500: a 1 MB paste is a field error', () => {
    assert.ok(validateCinPlan({ ...plan, needs: [{ need: 'n'.repeat(20_000) }] }, facts).ok)
    assert.deepEqual(refusal({ ...plan, needs: [{ need: 'n'.repeat(20_001) }] }), [{ field: 'needs[0].need', message: 'Need 1 must be 20,000 characters or fewer (it has 20,001)' }])
    assert.deepEqual(refusal({ ...plan, needs: [{ need: 'Housing', services: 's'.repeat(1_000_000) }] }), [{ field: 'needs[0].services', message: 'The services for need 1 must be 20,000 characters or fewer (it has 1,000,000)' }])
    const owner = refusal({ ...plan, needs: [{ need: 'Housing', actions: [{ action: 'Call', owner: 'o'.repeat(501), dueDate: '2025-04-01' }] }] })
    assert.deepEqual(owner, [{ field: 'needs[0].actions[0].owner', message: 'Who does it (action 1 of need 1) must be 500 characters or fewer (it has 501)' }])
    const agency = refusal({ ...plan, needs: [{ need: 'Housing', actions: [{ action: 'Call', owner: 'Sam', agency: 'a'.repeat(501), dueDate: '2025-04-01' }] }] })
    assert.deepEqual(agency.map((e) => e.field), ['needs[0].actions[0].agency'])
  })

  it('refuses review and visit frequencies that make no sense, by field', () => {
    const errors = refusal({ ...plan, reviewFrequency: { amount: '13', unit: 'months' }, visitFrequency: { amount: '20', unit: '' } })
    assert.deepEqual(errors, [
      { field: 'reviewFrequencyAmount', message: 'Reviews must be due at least once a year (at most 12 months)' },
      { field: 'visitFrequencyUnit', message: 'Select how visits are counted: months, weeks or working days' },
    ])
  })
})

describe('a child in need plan and a child protection plan', () => {
  const cpEnded = { startDate: '2024-06-03', endDate: '2025-03-10' }

  it('a step-down may start the same day the child protection plan ended, and is marked as one', () => {
    const r = validateCinPlan({ ...plan, startDate: '2025-03-10' }, { ...facts, referralDate: '2024-05-01', cpPlans: [cpEnded] })
    assert.ok(r.ok)
    assert.equal(r.value.stepDownFromChildProtection, true)
  })

  it('cannot start while the child protection plan was still open (the day before it ended)', () => {
    const errors = refusal({ ...plan, startDate: '2025-03-07', needs: [{ need: 'Housing' }] }, { ...facts, referralDate: '2024-05-01', cpPlans: [cpEnded] })
    assert.deepEqual(errors, [{ field: 'startDate', message: 'The child had a child protection plan from 3 June 2024 to 10 March 2025: a child in need plan cannot start while it was open (a step-down starts on the day it ended)' }])
  })

  it('cannot start while the child has an open child protection plan, even on the day it started', () => {
    const open = { startDate: '2025-03-10', endDate: null }
    const errors = refusal({ ...plan }, { ...facts, cpPlans: [open] })
    assert.deepEqual(errors, [{ field: 'startDate', message: 'The child has had a child protection plan since 10 March 2025: a child in need plan can start only when it ends (as a step-down, on the day it ends)' }])
  })

  it('may start after a child protection plan ended earlier (not a step-down) or before one began', () => {
    const later = validateCinPlan({ ...plan, startDate: '2025-03-11', needs: [{ need: 'Housing' }] }, { ...facts, referralDate: '2024-05-01', cpPlans: [cpEnded] })
    assert.ok(later.ok)
    assert.equal(later.value.stepDownFromChildProtection, false)
    assert.ok(validateCinPlan({ ...plan }, { ...facts, cpPlans: [{ startDate: '2025-05-01', endDate: null }] }).ok)
  })
})

describe('one child in need plan at a time', () => {
  it('cannot start while another child in need plan is open, or inside an earlier one', () => {
    assert.deepEqual(refusal(plan, { ...facts, otherCinPlans: [{ startDate: '2025-02-01', endDate: null }] }), [{ field: 'startDate', message: 'The child already has a child in need plan, open since 1 February 2025: end it first' }])
    assert.deepEqual(refusal(plan, { ...facts, otherCinPlans: [{ startDate: '2025-02-01', endDate: '2025-03-20' }] }), [{ field: 'startDate', message: 'The child had another child in need plan from 1 February 2025 to 20 March 2025: plans cannot overlap' }])
    assert.ok(validateCinPlan(plan, { ...facts, otherCinPlans: [{ startDate: '2025-02-01', endDate: '2025-03-10' }] }).ok)
  })

  it('when editing, the start cannot move after a visit or review already recorded', () => {
    assert.deepEqual(refusal(plan, { ...facts, firstRecordedEvent: '2025-03-07' }), [{ field: 'startDate', message: 'The plan start date cannot be after the first visit or review recorded on it (7 March 2025)' }])
    assert.ok(validateCinPlan(plan, { ...facts, firstRecordedEvent: '2025-03-10' }).ok)
  })
})

describe('ending a child in need plan', () => {
  const open = { startDate: '2025-03-10', endDate: null }
  const endFacts: { today: string; lastReviewDate: string | null } = { today: '2025-06-30', lastReviewDate: '2025-06-09' }
  const end = (input: EndCinPlanInput, f = endFacts) => endCinPlan(open, input, f)
  const errorsOf = (r: ReturnType<typeof end>) => (r.ok ? [] : r.errors)

  it('ends with a date and a reason from the list; may end on the day of the last review', () => {
    const r = end({ endDate: '2025-06-09', reason: 'stepped_down_to_early_help' })
    assert.deepEqual(r, { ok: true, value: { endDate: '2025-06-09', reason: 'stepped_down_to_early_help', reasonDetail: null } })
    assert.deepEqual(Object.keys(CIN_PLAN_END_REASON), ['services_not_needed', 'stepped_up_to_cp', 'stepped_down_to_early_help', 'moved_away', 'other'])
    assert.ok(end({ endDate: '2025-03-10', reason: 'moved_away' }, { today: '2025-06-30', lastReviewDate: null }).ok)
  })

  it('refuses every bad end date with its field and message', () => {
    assert.deepEqual(errorsOf(end({ endDate: '', reason: 'moved_away' })), [{ field: 'endDate', message: 'Enter the date the plan ended' }])
    assert.deepEqual(errorsOf(end({ endDate: 'invalid', reason: 'moved_away' })), [{ field: 'endDate', message: 'The plan end date must be a real date, like 15 8 2022' }])
    assert.deepEqual(errorsOf(end({ endDate: '2025-07-01', reason: 'moved_away' })), [{ field: 'endDate', message: 'The plan end date cannot be in the future' }])
    assert.deepEqual(errorsOf(end({ endDate: '2025-03-09', reason: 'moved_away' })), [{ field: 'endDate', message: 'The plan end date cannot be before the plan started (10 March 2025)' }])
    assert.deepEqual(errorsOf(end({ endDate: '2025-06-06', reason: 'moved_away' })), [{ field: 'endDate', message: 'The plan end date cannot be before the last review (9 June 2025)' }])
  })

  it('needs a reason, and details when the reason is Other', () => {
    assert.deepEqual(errorsOf(end({ endDate: '2025-06-30' })), [{ field: 'reason', message: 'Select why the plan is ending' }])
    assert.deepEqual(errorsOf(end({ endDate: '2025-06-30', reason: 'bored' })), [{ field: 'reason', message: 'Select why the plan is ending from the list' }])
    assert.deepEqual(errorsOf(end({ endDate: '2025-06-30', reason: 'other', reasonDetail: ' ' })), [{ field: 'reasonDetail', message: 'Give the details of why the plan is ending' }])
    assert.deepEqual(errorsOf(end({ endDate: '2025-06-30', reason: 'other', reasonDetail: 'x'.repeat(20_001) })), [{ field: 'reasonDetail', message: 'The details of why the plan is ending must be 20,000 characters or fewer (it has 20,001)' }])
    const r = end({ endDate: '2025-06-30', reason: 'other', reasonDetail: 'Family declined further support' })
    assert.ok(r.ok)
    assert.equal(r.value.reasonDetail, 'Family declined further support')
  })

  it('cannot end a plan that has already ended', () => {
    const r = endCinPlan({ startDate: '2025-03-10', endDate: '2025-05-01' }, { endDate: '2025-06-30', reason: 'moved_away' }, endFacts)
    assert.deepEqual(r, { ok: false, errors: [{ field: 'endDate', message: 'The plan already ended on 1 May 2025' }] })
  })
})

describe('CIN plan reviews', () => {
  it('31 January + 3 months is 30 April (end of month), and the next 3 months after that review is 30 July', () => {
    assert.equal(nextReviewDue('2025-01-31', null, threeMonths, cal), '2025-04-30')
    assert.equal(nextReviewDue('2025-01-31', '2025-04-30', threeMonths, cal), '2025-07-30')
    assert.equal(nextReviewDue('2023-11-30', null, threeMonths, cal), '2024-02-29')
    assert.equal(nextReviewDue('2024-01-31', null, { amount: 1, unit: 'months' }, cal), '2024-02-29')
  })

  it('a review due on a bank holiday stays due that day (within 3 months means by then)', () => {
    // 26 February 2025 + 3 months = Monday 26 May 2025, the spring bank holiday.
    const s = reviewStatus('2025-02-26', null, threeMonths, '2025-05-19', cal)
    assert.deepEqual(s, { dueDate: '2025-05-26', overdue: false, daysOverdue: 0, workingDaysLeft: 4, rag: 'amber' })
  })

  it('reviews in working days skip bank holidays: 20 working days from Thursday 17 April 2025 (Easter) is 20 May', () => {
    assert.equal(nextReviewDue('2025-03-10', '2025-04-17', { amount: 20, unit: 'workingDays' }, cal), '2025-05-20')
  })

  it('is green well before, amber within 5 working days, red once overdue with the days overdue', () => {
    // Due Wednesday 30 April 2025; Easter (18 and 21 April) and the early May bank holiday (5 May) do not count.
    assert.deepEqual(reviewStatus('2025-01-31', null, threeMonths, '2025-04-17', cal), { dueDate: '2025-04-30', overdue: false, daysOverdue: 0, workingDaysLeft: 7, rag: 'green' })
    assert.equal(reviewStatus('2025-01-31', null, threeMonths, '2025-04-22', cal).rag, 'green')
    assert.equal(reviewStatus('2025-01-31', null, threeMonths, '2025-04-24', cal).rag, 'amber')
    assert.deepEqual(reviewStatus('2025-01-31', null, threeMonths, '2025-04-30', cal), { dueDate: '2025-04-30', overdue: false, daysOverdue: 0, workingDaysLeft: 0, rag: 'amber' })
    assert.deepEqual(reviewStatus('2025-01-31', null, threeMonths, '2025-05-06', cal), { dueDate: '2025-04-30', overdue: true, daysOverdue: 6, workingDaysLeft: -3, rag: 'red' })
  })

  it('a review held resets the clock', () => {
    assert.equal(reviewStatus('2025-01-31', '2025-04-28', threeMonths, '2025-05-06', cal).rag, 'green')
  })

  it('reviews in timescale: one interval per review, and an overdue gap after the last', () => {
    const r = reviewsInTimescale('2025-01-31', null, ['2025-04-30', '2025-08-01'], threeMonths, cal, '2025-11-30')
    assert.deepEqual(r.detail.map((i) => [i.due, i.visitedOn, i.met]), [
      ['2025-04-30', '2025-04-30', true],
      ['2025-07-30', '2025-08-01', false],
      ['2025-11-01', null, false],
    ])
    assert.equal(r.share, 1 / 3)
  })

  it('records a review held: refuses a bad date with its field and message', () => {
    const f = { startDate: '2025-01-31', endDate: null, lastReviewDate: '2025-04-30', today: '2025-06-30' }
    const errs = (input: { heldOn?: string; notes?: string }, ff: typeof f | { startDate: string; endDate: string; lastReviewDate: null; today: string } = f) => {
      const r = validateReview(input, ff)
      return r.ok ? [] : r.errors
    }
    assert.deepEqual(validateReview({ heldOn: '2025-06-02', notes: ' Good progress ' }, f), { ok: true, value: { heldOn: '2025-06-02', notes: 'Good progress' } })
    assert.deepEqual(errs({ heldOn: '' }), [{ field: 'heldOn', message: 'Enter the date the review was held' }])
    assert.deepEqual(errs({ heldOn: '2025-07-01' }), [{ field: 'heldOn', message: 'The date of the review cannot be in the future' }])
    assert.deepEqual(errs({ heldOn: '2025-04-29' }), [{ field: 'heldOn', message: 'The date of the review cannot be before the last review (30 April 2025)' }])
    assert.deepEqual(errs({ heldOn: '2025-01-30' }), [{ field: 'heldOn', message: 'The date of the review cannot be before the plan started (31 January 2025)' }])
    assert.deepEqual(errs({ heldOn: '2025-05-02' }, { startDate: '2025-01-31', endDate: '2025-05-01', lastReviewDate: null, today: '2025-06-30' }), [{ field: 'heldOn', message: 'The date of the review cannot be after the plan ended (1 May 2025)' }])
    assert.deepEqual(errs({ heldOn: '2025-06-02', notes: 'x'.repeat(20_001) }), [{ field: 'notes', message: 'The review notes must be 20,000 characters or fewer (it has 20,001)' }])
  })
})
