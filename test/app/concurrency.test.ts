/**
 * The limiter behind the dashboard's queries: never more than `max` tasks at once, every task runs, each
 * caller gets its own result (or its own error), and waiting tasks start in the order they came.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { limiter } from '../../src/app/concurrency.ts'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('limiter', () => {
  it('runs at most max tasks at once, all of them, each returning its own result', async () => {
    const limit = limiter(3)
    let running = 0
    let peak = 0
    const started: number[] = []
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limit(async () => {
          started.push(i)
          running++
          peak = Math.max(peak, running)
          await tick(5 + (i % 3))
          running--
          return i * 10
        }),
      ),
    )
    assert.equal(peak, 3)
    assert.deepEqual(results, Array.from({ length: 10 }, (_, i) => i * 10))
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'first come, first served')
  })

  it('a failing task gives its caller the error and frees its place for the next', async () => {
    const limit = limiter(1)
    const a = limit(async () => {
      await tick(2)
      throw new Error('the query failed')
    })
    const b = limit(async () => 'ran after the failure')
    await assert.rejects(a, /the query failed/)
    assert.equal(await b, 'ran after the failure')
    assert.equal(await limit(async () => 'still usable'), 'still usable')
  })
})
