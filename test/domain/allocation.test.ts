import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  caseloadLimit,
  checkAllocation,
  checkEndAllocation,
  checkOversightNote,
  childStatus,
  daysBetween,
  unallocatedIsUrgent,
  CHANGE_REASONS,
  type AllocationCandidate,
  type AllocationFacts,
  type AllocationInput,
} from '../../src/domain/allocation/allocation.ts'

const rules = [
  { jobRole: '*', childrenPerFte: 30, newlyQualifiedChildrenPerFte: 20 },
  { jobRole: 'Senior practitioner', childrenPerFte: 25, newlyQualifiedChildrenPerFte: 18 },
]

describe('caseload limit', () => {
  it('is 30 per full-time worker, pro rata by FTE', () => {
    assert.equal(caseloadLimit({ jobRole: 'Social worker', fte: 1, newlyQualified: false, caseloadLimit: null }, rules), 30)
    assert.equal(caseloadLimit({ jobRole: 'Social worker', fte: 0.6, newlyQualified: false, caseloadLimit: null }, rules), 18)
    assert.equal(caseloadLimit({ jobRole: 'Social worker', fte: 0.5, newlyQualified: false, caseloadLimit: null }, rules), 15)
  })
  it('is 20 per FTE for a newly qualified worker', () => {
    assert.equal(caseloadLimit({ jobRole: 'Social worker', fte: 1, newlyQualified: true, caseloadLimit: null }, rules), 20)
    assert.equal(caseloadLimit({ jobRole: 'Social worker', fte: 0.6, newlyQualified: true, caseloadLimit: null }, rules), 12)
  })
  it('uses the job role’s own rule before the default, and the worker’s override before any rule', () => {
    assert.equal(caseloadLimit({ jobRole: 'Senior practitioner', fte: 0.8, newlyQualified: false, caseloadLimit: null }, rules), 20)
    assert.equal(caseloadLimit({ jobRole: 'Social worker', fte: 0.6, newlyQualified: true, caseloadLimit: 9 }, rules), 9)
  })
})

const worker = (over: Partial<AllocationCandidate> = {}): AllocationCandidate => ({ name: 'Sam Example', qualifiedSocialWorker: true, leftOn: null, children: 10, limit: 30, ...over })
const input = (over: Partial<AllocationInput> = {}): AllocationInput => ({ role: 'allocated_worker', startDate: '2026-03-10', reason: 'Lives near the family', changeReason: undefined, overLimitReason: undefined, ...over })
const facts = (over: Partial<AllocationFacts> = {}): AllocationFacts => ({ today: '2026-03-12', referralDate: '2026-03-01', replacing: false, alreadyAllocatedToWorker: false, childProtectionPlan: false, ...over })
const errorsOf = (o: ReturnType<typeof checkAllocation>) => (o.kind === 'invalid' ? o.errors : [])

describe('allocation checks', () => {
  it('allows an allocation within the limit', () => {
    const o = checkAllocation(worker(), input(), facts())
    assert.equal(o.kind, 'ok')
    assert.ok(o.kind === 'ok' && o.value.childrenAfter === 11 && o.value.overLimitReason === null)
  })
  it('refuses a worker who has left by the start date', () => {
    const o = checkAllocation(worker({ leftOn: '2026-03-03' }), input(), facts())
    assert.deepEqual(errorsOf(o), [{ field: 'workerId', message: 'Sam Example left on 3 March 2026: choose a current worker' }])
  })
  it('allows a worker who leaves after the start date', () => {
    assert.equal(checkAllocation(worker({ leftOn: '2026-04-30' }), input(), facts()).kind, 'ok')
  })
  it('refuses a start date in the future or before the referral, and a missing one', () => {
    assert.match(errorsOf(checkAllocation(worker(), input({ startDate: '2026-03-13' }), facts()))[0]?.message ?? '', /today or in the past/)
    assert.match(errorsOf(checkAllocation(worker(), input({ startDate: '2026-02-28' }), facts()))[0]?.message ?? '', /on or after the referral date, 1 March 2026/)
    assert.equal(errorsOf(checkAllocation(worker(), input({ startDate: undefined }), facts()))[0]?.field, 'startDate')
    assert.equal(errorsOf(checkAllocation(worker(), input({ startDate: 'invalid' }), facts()))[0]?.field, 'startDate')
  })
  it('allows only a qualified social worker for a child with a child protection plan', () => {
    const o = checkAllocation(worker({ qualifiedSocialWorker: false }), input(), facts({ childProtectionPlan: true }))
    assert.deepEqual(errorsOf(o), [{ field: 'workerId', message: 'A child with a child protection plan must be allocated to a qualified social worker' }])
    assert.equal(checkAllocation(worker({ qualifiedSocialWorker: false }), input(), facts()).kind, 'ok')
  })
  it('needs an SSDA903 change reason when the allocated worker changes', () => {
    assert.deepEqual(errorsOf(checkAllocation(worker(), input(), facts({ replacing: true }))), [{ field: 'changeReason', message: 'Select why the child’s social worker is changing' }])
    assert.equal(errorsOf(checkAllocation(worker(), input({ changeReason: 'BOGUS' }), facts({ replacing: true })))[0]?.field, 'changeReason')
    const o = checkAllocation(worker(), input({ changeReason: 'LEFTRL' }), facts({ replacing: true }))
    assert.ok(o.kind === 'ok' && o.value.changeReason === 'LEFTRL')
  })
  it('warns before allocating beyond the limit, and records the manager’s reason when given', () => {
    const first = checkAllocation(worker({ name: 'Sam Example', children: 30, limit: 30 }), input(), facts())
    assert.deepEqual(first, { kind: 'over-limit', warning: { field: 'overLimitReason', message: 'Sam has 30 children; their limit is 30. Give a reason to allocate beyond it' } })
    const second = checkAllocation(worker({ children: 30, limit: 30 }), input({ overLimitReason: 'Knows the family from a previous assessment' }), facts())
    assert.ok(second.kind === 'ok' && second.value.childrenAfter === 31 && second.value.overLimitReason === 'Knows the family from a previous assessment')
  })
  it('reaching the limit exactly needs no reason', () => {
    const o = checkAllocation(worker({ children: 29, limit: 30 }), input({ overLimitReason: 'not needed' }), facts())
    assert.ok(o.kind === 'ok' && o.value.childrenAfter === 30 && o.value.overLimitReason === null)
  })
  it('does not count a co-worked child against the co-worker’s limit', () => {
    const o = checkAllocation(worker({ children: 30, limit: 30 }), input({ role: 'co_worker' }), facts({ replacing: true }))
    assert.ok(o.kind === 'ok' && o.value.changeReason === null && o.value.childrenAfter === 30)
  })
  it('refuses a worker who already works with the child, and an over-long reason', () => {
    assert.match(errorsOf(checkAllocation(worker(), input(), facts({ alreadyAllocatedToWorker: true })))[0]?.message ?? '', /already works with this child/)
    assert.equal(errorsOf(checkAllocation(worker(), input({ reason: 'x'.repeat(1_000_000) }), facts()))[0]?.field, 'reason')
  })
})

describe('ending an allocation and oversight notes', () => {
  it('needs a date within the allocation and a change reason', () => {
    assert.deepEqual(checkEndAllocation({ startDate: '2026-03-01' }, { endDate: '2026-03-05', endReason: 'ABSENC' }, '2026-03-12'), { ok: true, value: { endDate: '2026-03-05', endReason: 'ABSENC' } })
    const bad = checkEndAllocation({ startDate: '2026-03-01' }, { endDate: '2026-02-01', endReason: '' }, '2026-03-12')
    assert.ok(!bad.ok)
    assert.deepEqual(bad.errors.map((e) => e.field), ['endDate', 'endReason'])
  })
  it('needs a note and a next review date that is not in the past', () => {
    assert.ok(checkOversightNote({ note: 'Duty worker phoned mother', nextReviewOn: '2026-03-12' }, '2026-03-12').ok)
    const bad = checkOversightNote({ note: ' ', nextReviewOn: '2026-03-11' }, '2026-03-12')
    assert.ok(!bad.ok)
    assert.deepEqual(bad.errors.map((e) => e.field), ['note', 'nextReviewOn'])
  })
  it('has plain-English labels for every SSDA903 change reason', () => {
    assert.deepEqual(Object.keys(CHANGE_REASONS), ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS'])
  })
})

describe('child status in lists', () => {
  it('is In assessment, Child in need, or Referral, and flags an unallocated child with a CP plan as urgent', () => {
    assert.equal(childStatus({ openReferral: true, openAssessment: true, latestOutcomeCinPlan: true }), 'In assessment')
    assert.equal(childStatus({ openReferral: true, openAssessment: false, latestOutcomeCinPlan: true }), 'Child in need')
    assert.equal(childStatus({ openReferral: true, openAssessment: false, latestOutcomeCinPlan: false }), 'Referral')
    assert.equal(childStatus({ openReferral: true, openAssessment: true, latestOutcomeCinPlan: false, childProtectionPlan: true }), 'Child protection plan')
    assert.equal(unallocatedIsUrgent({ openReferral: true, openAssessment: false, latestOutcomeCinPlan: false, childProtectionPlan: true }), true)
    assert.equal(childStatus({ openReferral: true, openAssessment: true, latestOutcomeCinPlan: false, openSection47: true }), 'Section 47 enquiry')
    assert.equal(childStatus({ openReferral: true, openAssessment: false, latestOutcomeCinPlan: false, openCinPlan: true }), 'Child in need')
    assert.equal(childStatus({ openReferral: true, openAssessment: true, latestOutcomeCinPlan: false, openSection47: true, childProtectionPlan: true }), 'Child protection plan')
    assert.equal(unallocatedIsUrgent({ openReferral: true, openAssessment: false, latestOutcomeCinPlan: false, openCinPlan: true }), false)
    assert.equal(unallocatedIsUrgent({ openReferral: true, openAssessment: true, latestOutcomeCinPlan: false }), false)
  })
  it('counts days waiting in calendar days', () => {
    assert.equal(daysBetween('2026-02-28', '2026-03-12'), 12)
    assert.equal(daysBetween('2026-03-13', '2026-03-12'), 0)
  })
})
