import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ENGLAND_AND_WALES_CALENDAR as CAL, WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { applyReplans, awaitsIcpc, cpVisitItem, dueItems, needsAttention, orderDueItems, replanSummary, validateReplan, type ChildDueFacts, type ReplanFact } from '../../src/domain/childProtection/dueItems.ts'
import { nextCoreGroupDue, visitStatus } from '../../src/domain/childProtection/plan.ts'

const empty = (over: Partial<ChildDueFacts> = {}): ChildDueFacts => ({ personId: 'p1', section47s: [], cpPlan: null, cinPlan: null, replans: [], ...over })
const s47 = (over: Partial<ChildDueFacts['section47s'][number]> = {}) => ({
  id: 's1',
  startDate: '2024-06-03',
  icpcTargetDate: '2024-06-24',
  status: 'open',
  icpcRequired: null,
  initialConferenceHeld: false,
  conferenceScheduledOn: null,
  ...over,
})
const cpPlan = (over: Partial<NonNullable<ChildDueFacts['cpPlan']>> = {}): NonNullable<ChildDueFacts['cpPlan']> => ({
  id: 'cp1',
  startDate: '2024-12-16',
  nextReviewDue: '2025-03-14',
  reviewScheduledOn: null,
  lastCoreGroup: null,
  coreGroupFrequencyWorkingDays: 20,
  lastVisit: null,
  visitFrequencyWorkingDays: 10,
  ...over,
})
const cinPlan = (over: Partial<NonNullable<ChildDueFacts['cinPlan']>> = {}): NonNullable<ChildDueFacts['cinPlan']> => ({
  id: 'cin1',
  startDate: '2024-06-03',
  lastReview: null,
  reviewFrequency: { amount: 3, unit: 'months' },
  lastVisit: null,
  visitFrequency: { amount: 20, unit: 'workingDays' },
  ...over,
})
const replan = (over: Partial<ReplanFact>): ReplanFact => ({ item: 'cp_visit', subjectId: 'cp1', previousDue: '2025-01-02', newDue: '2025-01-09', reason: 'Family away', recordedAt: '2025-01-02T10:00:00.000Z', recordedByName: 'Joanne Fletcher', ...over })

describe('due items: section 47 awaiting an initial child protection conference', () => {
  it('an open enquiry shows its ICPC target, overdue once passed', () => {
    const [i] = dueItems(empty({ section47s: [s47()] }), '2024-06-25', CAL)
    assert.equal(i?.item, 'icpc')
    assert.equal(i?.label, 'Initial child protection conference')
    assert.equal(i?.dueDate, '2024-06-24')
    assert.equal(i?.status, 'overdue')
    assert.equal(i?.workingDaysOverdue, 1)
    assert.equal(i?.subjectId, 's1')
  })

  it('amber within 2 working days, green before; due on the day is not overdue', () => {
    assert.equal(dueItems(empty({ section47s: [s47()] }), '2024-06-24', CAL)[0]?.status, 'due_soon')
    assert.equal(dueItems(empty({ section47s: [s47()] }), '2024-06-20', CAL)[0]?.status, 'due_soon')
    assert.equal(dueItems(empty({ section47s: [s47()] }), '2024-06-19', CAL)[0]?.status, 'ok')
    assert.equal(dueItems(empty({ section47s: [s47()] }), '2024-06-19', CAL)[0]?.workingDaysLeft, 3)
  })

  it('no ICPC item once a conference was held, or when authorised as "conference not required"', () => {
    assert.equal(awaitsIcpc(s47({ initialConferenceHeld: true })), false)
    assert.equal(awaitsIcpc(s47({ status: 'authorised', icpcRequired: false })), false)
    assert.equal(awaitsIcpc(s47({ status: 'authorised', icpcRequired: true })), true)
    assert.equal(awaitsIcpc(s47({ status: 'outcome_recorded', icpcRequired: false })), true, 'until a manager authorises it, the conference may still be needed')
    assert.deepEqual(dueItems(empty({ section47s: [s47({ initialConferenceHeld: true })] }), '2024-06-25', CAL), [])
  })

  it('carries the scheduled conference date', () => {
    assert.equal(dueItems(empty({ section47s: [s47({ conferenceScheduledOn: '2024-06-21' })] }), '2024-06-10', CAL)[0]?.scheduledOn, '2024-06-21')
  })
})

describe('due items: child protection plan', () => {
  it('review conference, core group and visit, from the plan rules (bank holidays skipped)', () => {
    const items = dueItems(empty({ cpPlan: cpPlan() }), '2024-12-17', CAL)
    const by = Object.fromEntries(items.map((i) => [i.item, i]))
    // Plan started Monday 16 December 2024: 25 and 26 December and 1 January are bank holidays.
    assert.equal(by.cp_visit?.dueDate, '2025-01-02')
    assert.equal(by.cp_visit?.dueDate, visitStatus(null, '2024-12-16', '2024-12-17', 10, CAL).dueDate, 'same date as the plan rule')
    assert.equal(by.core_group?.dueDate, '2025-01-02', 'first core group 10 working days after the conference')
    assert.equal(by.core_group?.dueDate, nextCoreGroupDue('2024-12-16', null, CAL, 20))
    assert.equal(by.cp_review?.dueDate, '2025-03-14')
    assert.equal(by.cp_review?.label, 'Review child protection conference')
  })

  it('later core groups follow the plan’s frequency; visits count from the last visit', () => {
    const items = dueItems(empty({ cpPlan: cpPlan({ lastCoreGroup: '2025-01-02', lastVisit: '2025-01-06', visitFrequencyWorkingDays: 5 }) }), '2025-01-07', CAL)
    const by = Object.fromEntries(items.map((i) => [i.item, i]))
    assert.equal(by.core_group?.dueDate, CAL.addWorkingDays('2025-01-02', 20))
    assert.equal(by.cp_visit?.dueDate, '2025-01-13')
  })

  it('the CP visit item alone (the dashboard’s visits in timescale) is the same item the worklists show, re-plans included', () => {
    const cases: ChildDueFacts[] = [
      empty({ cpPlan: cpPlan() }),
      empty({ cpPlan: cpPlan({ lastVisit: '2025-01-06', visitFrequencyWorkingDays: 5 }) }),
      empty({ cpPlan: cpPlan(), replans: [replan({ previousDue: '2025-01-02', newDue: '2025-01-09' })] }),
    ]
    for (const facts of cases)
      for (const today of ['2024-12-17', '2025-01-03', '2025-01-10']) {
        const plan = facts.cpPlan as NonNullable<ChildDueFacts['cpPlan']>
        assert.deepEqual(cpVisitItem({ personId: facts.personId, replans: facts.replans, cpPlan: plan }, today, CAL), dueItems(facts, today, CAL).find((i) => i.item === 'cp_visit'))
      }
    assert.equal(cpVisitItem({ personId: 'p1', replans: [], cpPlan: cpPlan() }, '2025-01-03', CAL).status, 'overdue')
  })

  it('a council closure day moves the visit date on', () => {
    const closing = new WorkingDayCalendar({ closureDays: ['2024-12-27'] })
    const v = dueItems(empty({ cpPlan: cpPlan() }), '2024-12-17', closing).find((i) => i.item === 'cp_visit')
    assert.equal(v?.dueDate, '2025-01-03')
  })

  it('review conferences turn amber 10 working days ahead; visits and core groups 2', () => {
    const items = dueItems(empty({ cpPlan: cpPlan({ lastCoreGroup: '2025-02-20', lastVisit: '2025-02-25' }) }), '2025-03-03', CAL)
    const by = Object.fromEntries(items.map((i) => [i.item, i]))
    assert.equal(by.cp_review?.workingDaysLeft, 9)
    assert.equal(by.cp_review?.status, 'due_soon')
    assert.equal(by.cp_visit?.status, 'ok')
    assert.equal(by.core_group?.status, 'ok')
  })

  it('overdue first, then by due date', () => {
    const items = dueItems(empty({ section47s: [s47({ icpcTargetDate: '2025-01-20' })], cpPlan: cpPlan() }), '2025-01-06', CAL)
    assert.deepEqual(
      items.map((i) => [i.item, i.status]),
      [
        ['cp_visit', 'overdue'],
        ['core_group', 'overdue'],
        ['icpc', 'ok'],
        ['cp_review', 'ok'],
      ],
    )
    // The ICPC is on the worklists from the day the enquiry starts, even when it is not yet due soon.
    assert.deepEqual(items.filter(needsAttention).map((i) => i.item), ['cp_visit', 'core_group', 'icpc'])
  })
})

describe('due items: child in need plan', () => {
  it('review after the plan’s review frequency, visit after its visit frequency', () => {
    const items = dueItems(empty({ cinPlan: cinPlan() }), '2024-06-04', CAL)
    const by = Object.fromEntries(items.map((i) => [i.item, i]))
    assert.equal(by.cin_review?.dueDate, '2024-09-03')
    assert.equal(by.cin_review?.label, 'Child in need plan review')
    assert.equal(by.cin_visit?.dueDate, CAL.addWorkingDays('2024-06-03', 20))
  })

  it('the last review and visit restart the clocks', () => {
    const items = dueItems(empty({ cinPlan: cinPlan({ lastReview: '2024-08-30', lastVisit: '2024-07-01' }) }), '2024-07-02', CAL)
    const by = Object.fromEntries(items.map((i) => [i.item, i]))
    assert.equal(by.cin_review?.dueDate, '2024-11-30')
    assert.equal(by.cin_visit?.dueDate, CAL.addWorkingDays('2024-07-01', 20))
  })
})

describe('re-plans', () => {
  it('a re-plan of the date due now replaces it, with the reason kept', () => {
    const facts = empty({ cpPlan: cpPlan(), replans: [replan({})] })
    const v = dueItems(facts, '2025-01-07', CAL).find((i) => i.item === 'cp_visit')
    assert.equal(v?.dueDate, '2025-01-09')
    assert.equal(v?.computedDue, '2025-01-02')
    assert.equal(v?.status, 'due_soon')
    assert.equal(v?.replan?.reason, 'Family away')
    assert.equal(v?.replan?.recordedByName, 'Joanne Fletcher')
  })

  it('a re-plan of another date, item or subject does not apply; done items get a fresh date', () => {
    const facts = empty({ cpPlan: cpPlan({ lastVisit: '2025-01-03' }), replans: [replan({})] })
    const v = dueItems(facts, '2025-01-06', CAL).find((i) => i.item === 'cp_visit')
    assert.equal(v?.dueDate, CAL.addWorkingDays('2025-01-03', 10))
    assert.equal(v?.replan, null)
    assert.equal(applyReplans('core_group', 'cp1', '2025-01-02', [replan({})]).replan, null)
    assert.equal(applyReplans('cp_visit', 'other', '2025-01-02', [replan({})]).replan, null)
  })

  it('re-plans chain, and the later of two re-plans of the same date wins', () => {
    const chain = [replan({}), replan({ previousDue: '2025-01-09', newDue: '2025-01-16', reason: 'Still away', recordedAt: '2025-01-09T10:00:00.000Z' })]
    assert.equal(applyReplans('cp_visit', 'cp1', '2025-01-02', chain).dueDate, '2025-01-16')
    assert.equal(applyReplans('cp_visit', 'cp1', '2025-01-02', chain).replan?.reason, 'Still away')
    const twice = [replan({ newDue: '2025-01-20', recordedAt: '2025-01-03T09:00:00.000Z' }), replan({})]
    assert.equal(applyReplans('cp_visit', 'cp1', '2025-01-02', twice).dueDate, '2025-01-20')
    const loop = [replan({}), replan({ previousDue: '2025-01-09', newDue: '2025-01-02', recordedAt: '2025-01-09T10:00:00.000Z' })]
    assert.ok(['2025-01-02', '2025-01-09'].includes(applyReplans('cp_visit', 'cp1', '2025-01-02', loop).dueDate), 'a loop ends')
  })

  it('a re-planned overdue item sorts by its new date', () => {
    const facts = empty({ section47s: [s47({ icpcTargetDate: '2025-01-08' })], cpPlan: cpPlan({ lastCoreGroup: '2025-01-02' }), replans: [replan({ newDue: '2025-01-10' })] })
    const items = orderDueItems(dueItems(facts, '2025-01-07', CAL))
    assert.deepEqual(items.slice(0, 2).map((i) => i.item), ['icpc', 'cp_visit'])
  })

  it('validates the new date and the reason', () => {
    const facts = { today: '2025-01-06', currentDue: '2025-01-02', item: 'core_group' as const }
    const errs = (input: Parameters<typeof validateReplan>[0]) => {
      const r = validateReplan(input, facts)
      return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`)
    }
    assert.deepEqual(errs({ newDue: '', reason: '' }), ['newDue: Enter the new date for the core group meeting', 'reason: Enter the reason for re-planning'])
    assert.match(errs({ newDue: 'invalid', reason: 'x' })[0] ?? '', /real date/)
    assert.match(errs({ newDue: '2025-02-30', reason: 'x' })[0] ?? '', /real date/)
    assert.match(errs({ newDue: '2025-01-03', reason: 'x' })[0] ?? '', /cannot be in the past/)
    assert.match(errs({ newDue: '2025-01-10', reason: 'x'.repeat(2001) })[0] ?? '', /2,000 characters or fewer/)
    assert.deepEqual(errs({ newDue: '2025-01-06', reason: '  Chair ill  ' }), [])
    const ok = validateReplan({ newDue: '2025-01-06', reason: '  Chair ill  ' }, facts)
    assert.deepEqual(ok.ok && ok.value, { newDue: '2025-01-06', reason: 'Chair ill' })
  })

  it('the chronology sentence', () => {
    assert.equal(replanSummary('core_group', '2026-12-03', '2026-12-10', 'Chair ill'), 'Core group re-planned from 3 December 2026 to 10 December 2026: Chair ill')
  })
})
