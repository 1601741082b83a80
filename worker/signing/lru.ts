/**
 * A bounded map that forgets its least recently used entry first.
 *
 * Hand-written rather than a dependency: a `Map` iterates in insertion order, so re-inserting
 * on every read makes its first key the least recently used one, and that is the whole
 * algorithm. Packages such as `lru-cache` or `quick-lru` would add TTLs, size accounting and
 * a dependency to the Worker bundle for nothing: the signer's entries go stale by their key
 * (the signing window is part of it), never by age.
 *
 * @example
 * ```ts
 * const urls = new Lru<string, string>(2)
 * urls.set('a', '1')
 * urls.set('b', '2')
 * urls.get('a')
 * urls.set('c', '3') // forgets 'b', read less recently than 'a'
 * ```
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>()

  /** @param capacity how many entries to keep; 0 keeps none. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`LRU capacity must be a non-negative integer, got ${capacity}`)
  }

  get size(): number {
    return this.#entries.size
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  set(key: K, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as K)
  }
}
