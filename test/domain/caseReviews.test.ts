import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { reviewCase, reviewDecision, roundInScope, roundProgress, startRound } from '../../src/domain/caseReviews/caseReview.ts'

const today = '2026-03-10'
const fields = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.field))

describe('starting a review round', () => {
  it('needs a team, a title and a due date from today on', () => {
    assert.deepEqual(startRound({ teamId: 't', title: ' Spring review ', dueDate: today }, today, true), { ok: true, value: { teamId: 't', title: 'Spring review', dueDate: today } })
    assert.deepEqual(fields(startRound({}, today, false)), ['teamId', 'title', 'dueDate'])
    assert.deepEqual(fields(startRound({ teamId: 't', title: 'x', dueDate: '2026-03-09' }, today, true)), ['dueDate'])
    assert.deepEqual(fields(startRound({ teamId: 't', title: 'x', dueDate: 'invalid' }, today, true)), ['dueDate'])
    assert.deepEqual(fields(startRound({ teamId: 't', title: 'x'.repeat(201), dueDate: today }, today, true)), ['title'])
    assert.deepEqual(fields(startRound({ teamId: 'other', title: 'x', dueDate: today }, today, false)), ['teamId'])
  })
})

describe('reviewing a case', () => {
  const workers = new Set(['w1', 'w2'])
  it('records whether the plan is robust, findings and actions', () => {
    const r = reviewCase({ planRobust: 'no', findings: ' Drift since assessment ', actions: [{ description: 'Visit this week', workerId: 'w1', dueDate: '2026-03-13' }, {}, { description: '', workerId: '', dueDate: undefined }] }, today, workers)
    assert.deepEqual(r, { ok: true, value: { planRobust: false, findings: 'Drift since assessment', actions: [{ description: 'Visit this week', workerId: 'w1', dueDate: '2026-03-13' }] } })
  })
  it('needs the robustness answer and findings', () => {
    assert.deepEqual(fields(reviewCase({ actions: [] }, today, workers)), ['planRobust', 'findings'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'maybe', findings: 'x', actions: [] }, today, workers)), ['planRobust'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x'.repeat(20_001), actions: [] }, today, workers)), ['findings'])
  })
  it('a started action needs what, who (a worker in the team) and a due date from today', () => {
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: [{ description: 'Visit' }] }, today, workers)), ['action1Worker', 'action1DueDate'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: [{}, { workerId: 'w2', dueDate: today }] }, today, workers)), ['action2Description'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: [{ description: 'Visit', workerId: 'stranger', dueDate: today }] }, today, workers)), ['action1Worker'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: [{ description: 'Visit', workerId: 'w1', dueDate: '2026-03-09' }] }, today, workers)), ['action1DueDate'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: [{ description: 'Visit', workerId: 'w1', dueDate: 'invalid' }] }, today, workers)), ['action1DueDate'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: [{ description: 'x'.repeat(2_001), workerId: 'w1', dueDate: today }] }, today, workers)), ['action1Description'])
    assert.deepEqual(fields(reviewCase({ planRobust: 'yes', findings: 'x', actions: Array.from({ length: 6 }, () => ({})) }, today, workers)), ['actions'])
  })
  it('names the management decision', () => {
    assert.equal(reviewDecision(true), 'Case review: plan robust')
    assert.equal(reviewDecision(false), 'Case review: plan not robust')
  })
})

describe('round progress', () => {
  it('x of y, a percentage, and overdue only after the due date while cases remain', () => {
    assert.deepEqual(roundProgress(2, 5, today, today), { reviewed: 2, total: 5, percent: 40, complete: false, overdue: false })
    assert.equal(roundProgress(2, 3, '2026-03-09', today).overdue, true)
    assert.equal(roundProgress(2, 3, '2026-03-09', today).percent, 66)
    assert.deepEqual(roundProgress(3, 3, '2026-03-09', today), { reviewed: 3, total: 3, percent: 100, complete: true, overdue: false })
    assert.equal(roundProgress(0, 0, today, today).complete, true)
  })
  it('rounds are seen by scope: team, service or council', () => {
    const team = { id: 't1', serviceId: 's1' }
    assert.equal(roundInScope({ scope: 'team', teamId: 't1', serviceId: 's1' }, team), true)
    assert.equal(roundInScope({ scope: 'team', teamId: 't2', serviceId: 's1' }, team), false)
    assert.equal(roundInScope({ scope: 'service', teamId: 't2', serviceId: 's1' }, team), true)
    assert.equal(roundInScope({ scope: 'service', teamId: 't1', serviceId: 's2' }, team), false)
    assert.equal(roundInScope({ scope: 'council', teamId: null, serviceId: null }, team), true)
    assert.equal(roundInScope({ scope: 'own_caseload', teamId: 't1', serviceId: 's1' }, team), false)
  })
})
