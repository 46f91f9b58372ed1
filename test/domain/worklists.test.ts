import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { isOverdue, orderWorklist, overdueByWorker, validateCompletionNote } from '../../src/domain/worklists/worklist.ts'

describe('worklist ordering', () => {
  const today = '2026-05-12'
  it('puts overdue items first, then the rest by due date, then undated; ties by sort key', () => {
    const items = [
      { id: 'later', dueDate: '2026-06-01', sortKey: 'x' },
      { id: 'undated', dueDate: null, sortKey: 'a' },
      { id: 'today', dueDate: '2026-05-12', sortKey: 'a' },
      { id: 'overdue-recent', dueDate: '2026-05-11', sortKey: 'a' },
      { id: 'overdue-old', dueDate: '2026-04-01', sortKey: 'z' },
      { id: 'soon-b', dueDate: '2026-05-13', sortKey: 'b' },
      { id: 'soon-a', dueDate: '2026-05-13', sortKey: 'a' },
    ]
    assert.deepEqual(orderWorklist(items, today).map((i) => i.id), ['overdue-old', 'overdue-recent', 'today', 'soon-a', 'soon-b', 'later', 'undated'])
    assert.equal(items[0]?.id, 'later', 'does not reorder its input')
  })

  it('is overdue only after the due day', () => {
    assert.equal(isOverdue('2026-05-11', today), true)
    assert.equal(isOverdue('2026-05-12', today), false)
    assert.equal(isOverdue(null, today), false)
  })

  it('counts overdue assessments and tasks per worker, most overdue first, zeros included', () => {
    const rows = overdueByWorker(
      [{ id: 'w1', name: 'Ann' }, { id: 'w2', name: 'Ben' }, { id: 'w3', name: 'Cat' }],
      [{ workerId: 'w2', dueDate: '2026-05-01' }, { workerId: 'w2', dueDate: '2026-05-20' }, { workerId: 'w3', dueDate: '2026-05-11' }],
      [{ workerId: 'w2', dueDate: '2026-05-02' }, { workerId: 'w1', dueDate: '2026-05-12' }],
      today,
    )
    assert.deepEqual(rows.map((r) => [r.workerName, r.overdueAssessments, r.overdueTasks]), [['Ben', 1, 1], ['Cat', 1, 0], ['Ann', 0, 0]])
  })

  it('keeps a completion note optional and bounded', () => {
    assert.deepEqual(validateCompletionNote('  '), { ok: true, value: null })
    assert.deepEqual(validateCompletionNote(' Rang the school '), { ok: true, value: 'Rang the school' })
    const long = validateCompletionNote('x'.repeat(2001))
    assert.equal(long.ok, false)
  })
})
