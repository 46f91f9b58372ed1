/**
 * At most `max` of the tasks given to the returned function run at once; the rest wait their turn, first
 * come first served. For read-heavy pages (the dashboard) that would otherwise take every connection in
 * the pool at once and make other people's requests wait or fail (docs/performance.md).
 * A task must not itself wait for another task of the same limiter (it would hold a slot while waiting).
 */
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++
    else await new Promise<void>((resolve) => waiting.push(resolve)) // the slot is handed over, still counted
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}
