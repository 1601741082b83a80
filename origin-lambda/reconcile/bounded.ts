/**
 * Runs `work` on every item, at most `limit` at a time, each worker taking the next item as it
 * finishes one. `work` must not throw: it records its own failures.
 *
 * @example
 * ```ts
 * await forEachBounded(lanes, 16, async (changes) => { for (const change of changes) await apply(change) })
 * ```
 */
export async function forEachBounded<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]()
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value)
  }
  await Promise.all(Array.from({ length: limit }, worker))
}
