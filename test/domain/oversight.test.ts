import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { directionStatus, validateDirectionDueDate, validateManagementDecision } from '../../src/domain/oversight/managementDecision.ts'
import { recordedLater, recordingDelay, validateChronologyEntry } from '../../src/domain/oversight/chronologyEntry.ts'
import { londonInstant } from '../../src/domain/shared/dates.ts'

const today = '2026-11-25'
const facts = { today, allowedWorkerIds: ['w1', 'w2'] }
const fields = (r: ReturnType<typeof validateManagementDecision>) => (r.ok ? [] : r.errors.map((e) => e.field))

describe('management decisions', () => {
  it('needs a stage, the decision and the reasons', () => {
    const r = validateManagementDecision({}, facts)
    assert.deepEqual(fields(r), ['stage', 'decision', 'reasons'])
  })

  it('accepts a decision with directions, ignoring blank direction rows', () => {
    const r = validateManagementDecision(
      { stage: 'assessment', decision: 'Visit within 5 days', reasons: 'New concerns from school', directions: [{ text: 'See the child alone', dueDate: '2026-11-30', workerId: 'w1' }, { text: '', dueDate: undefined, workerId: '' }] },
      facts,
    )
    assert.ok(r.ok)
    assert.equal(r.value.directions.length, 1)
    assert.deepEqual(r.value.directions[0], { text: 'See the child alone', dueDate: '2026-11-30', workerId: 'w1' })
  })

  it('refuses an unknown stage and reasons over 10,000 characters', () => {
    const r = validateManagementDecision({ stage: 'lunch', decision: 'x', reasons: 'y'.repeat(10_001) }, facts)
    assert.deepEqual(fields(r), ['stage', 'reasons'])
    assert.ok(!r.ok && /10,000 characters or fewer/.test(r.errors[1]?.message ?? ''))
  })

  it('a direction due in the past, on an impossible date, or without a worker is refused by its field', () => {
    const r = validateManagementDecision(
      {
        stage: 'other', decision: 'd', reasons: 'r',
        directions: [{ text: 'a', dueDate: '2026-11-24', workerId: 'w1' }, { text: 'b', dueDate: 'invalid', workerId: 'w2' }, { text: 'c', dueDate: '2026-12-01', workerId: '' }],
      },
      facts,
    )
    assert.deepEqual(fields(r), ['direction1DueDate', 'direction2DueDate', 'direction3Worker'])
    assert.ok(!r.ok && /cannot be in the past/.test(r.errors[0]?.message ?? ''))
  })

  it('a direction may be due today, not yesterday; nor to a worker outside the list', () => {
    assert.equal(validateDirectionDueDate(today, today), null)
    assert.match(validateDirectionDueDate('2026-11-24', today) ?? '', /past/)
    assert.match(validateDirectionDueDate('2026-02-30', today) ?? '', /real date/)
    const r = validateManagementDecision({ stage: 'plan', decision: 'd', reasons: 'r', directions: [{ text: 'a', dueDate: today, workerId: 'someone-else' }] }, facts)
    assert.deepEqual(fields(r), ['direction1Worker'])
  })

  it('a half-filled direction must be completed; more than three are refused', () => {
    const r = validateManagementDecision({ stage: 'plan', decision: 'd', reasons: 'r', directions: [{ text: '', dueDate: '2026-12-01', workerId: 'w1' }] }, facts)
    assert.deepEqual(fields(r), ['direction1Text'])
    const many = Array.from({ length: 4 }, () => ({ text: 'a', dueDate: '2026-12-01', workerId: 'w1' }))
    assert.ok(!validateManagementDecision({ stage: 'plan', decision: 'd', reasons: 'r', directions: many }, facts).ok)
  })

  it('a direction is open, overdue after its due date, or completed', () => {
    assert.equal(directionStatus({ dueDate: today, completedAt: null }, today), 'open')
    assert.equal(directionStatus({ dueDate: '2026-11-24', completedAt: null }, today), 'overdue')
    assert.equal(directionStatus({ dueDate: '2026-11-24', completedAt: new Date('2026-11-20T10:00:00Z') }, today), 'completed')
  })
})

describe('practitioner chronology entries', () => {
  const now = londonInstant('2026-11-25', '15:00')
  it('takes a London date and time and what happened', () => {
    const r = validateChronologyEntry({ date: '2026-11-25', time: '9:05', summary: 'Home visit: Leo seen alone in his bedroom.' }, now)
    assert.ok(r.ok)
    assert.equal(r.value.occurredAt.toISOString(), londonInstant('2026-11-25', '09:05').toISOString())
  })
  it('refuses the future, bad times and texts over 2,000 characters', () => {
    const r = validateChronologyEntry({ date: '2026-11-25', time: '15:30', summary: 'x' }, now)
    assert.ok(!r.ok && r.errors[0]?.field === 'occurredDate' && /future/.test(r.errors[0].message))
    const bad = validateChronologyEntry({ date: 'invalid', time: '25:00', summary: 'y'.repeat(2001) }, now)
    assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => e.field), ['occurredDate', 'occurredTime', 'summary'])
  })
  it('notices an entry written up long after the event', () => {
    assert.equal(recordedLater(londonInstant('2026-11-20', '10:00'), londonInstant('2026-11-25', '10:00')), true)
    assert.equal(recordedLater(londonInstant('2026-11-25', '10:00'), londonInstant('2026-11-25', '10:20')), false)
    assert.equal(recordingDelay(londonInstant('2026-11-20', '10:00'), londonInstant('2026-11-25', '10:00')), '5 days after it happened')
    assert.equal(recordingDelay(londonInstant('2026-11-25', '10:00'), londonInstant('2026-11-25', '13:00')), '3 hours after it happened')
    assert.equal(recordingDelay(londonInstant('2026-11-25', '10:00'), londonInstant('2026-11-25', '10:30')), null)
  })
})
