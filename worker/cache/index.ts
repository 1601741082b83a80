export type CacheState = 'HIT' | 'MISS' | 'STALE'

export type CachePolicy = {
  /** Seconds an entry is served without asking upstream. */
  ttlSeconds: number
  /** Seconds past the TTL an entry may still be served: while it is refreshed, or while upstream fails. */
  maxStaleSeconds: number
  /**
   * The caller asked for a fresh answer (`Cache-Control: no-cache`, RFC 9111 §5.2.1.4), e.g.
   * right after its own write: ask upstream, and fall back to the cache only if upstream fails.
   */
  revalidate?: boolean
}

const FETCHED_AT = 'x-fetched-at'

/** What the cache needs of an execution context: somewhere to finish work after the response. */
export type Background = { waitUntil(promise: Promise<unknown>): void }

/**
 * Read-through cache over the Workers Cache API with stale-while-revalidate and stale-if-error.
 * The Cache API honours neither directive, so each entry carries the time it was fetched and
 * is kept for TTL + max stale: a fresh entry is a HIT; a stale one is served at once (STALE)
 * and refreshed in `waitUntil`; when upstream fails, a stale entry is served instead of the error.
 * https://developers.cloudflare.com/workers/runtime-apis/cache/
 *
 * The Cache API is per data centre, so a user can rely on a value being at most
 * TTL + max stale old, and at most TTL old while upstream answers.
 *
 * @example
 * ```ts
 * const { value, state } = await readThrough(c.executionCtx, 'frames/devices', policy, () => listDevices(config))
 * ```
 */
export async function readThrough<T>(ctx: Background, key: string, policy: CachePolicy, load: () => Promise<T>): Promise<{ value: T; state: CacheState }> {
  const request = new Request(`https://edge-cache.internal/${encodeURI(key)}`)
  const cache = caches.default
  const cached = await cache.match(request)
  const store = async () => {
    const value = await load()
    const response = new Response(JSON.stringify(value), {
      headers: { 'content-type': 'application/json', 'cache-control': `max-age=${policy.ttlSeconds + policy.maxStaleSeconds}`, [FETCHED_AT]: String(Date.now()) },
    })
    ctx.waitUntil(cache.put(request, response))
    return value
  }
  if (!cached) return { value: await store(), state: 'MISS' }
  if (policy.revalidate) {
    const fresh = await store().catch(() => undefined)
    if (fresh !== undefined) return { value: fresh, state: 'MISS' }
  }
  const ageSeconds = (Date.now() - Number(cached.headers.get(FETCHED_AT))) / 1000
  const value = (await cached.json()) as T
  if (ageSeconds < policy.ttlSeconds) return { value, state: 'HIT' }
  if (ageSeconds < policy.ttlSeconds + policy.maxStaleSeconds) {
    ctx.waitUntil(store().catch((error) => console.error(JSON.stringify({ level: 'warn', message: 'cache refresh failed', key, error: String(error) }))))
    return { value, state: 'STALE' }
  }
  return { value: await store(), state: 'MISS' }
}

/** Whether the request carries `Cache-Control: no-cache`. */
export function wantsFresh(c: { req: { header(name: string): string | undefined } }): boolean {
  return /(^|,)\s*no-cache\s*(,|$)/i.test(c.req.header('cache-control') ?? '')
}
