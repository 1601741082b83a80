import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../app-env'
import { spend } from '../rate-limit'

export type CacheState = 'HIT' | 'MISS' | 'STALE'

export type CachePolicy<T> = {
  /** Seconds an entry is served without asking upstream. */
  ttlSeconds: number
  /** Seconds past the TTL an entry may still be served: while it is refreshed, or while upstream fails. */
  maxStaleSeconds: number
  /** What the answer says, as contract/cache-tags names it: a purge of any of them removes it. */
  tags: string[]
  /**
   * The caller asked for a fresh answer (`Cache-Control: no-cache`, RFC 9111 §5.2.1.4): ask
   * upstream, and fall back to the cache only if upstream fails.
   */
  revalidate?: boolean
  /** Called before each upstream call a client causes (a miss, a revalidation); throws (a 429) when the client is over its budget. */
  budget?: () => Promise<void>
  /** Whether an answer says "nothing here" (an empty listing): kept as briefly as a 404, never served stale. */
  isEmpty?: (value: T) => boolean
}

/** What the Cache API needs of an execution context: somewhere to finish work after the response. */
export type Background = { waitUntil(promise: Promise<unknown>): void }

/** Seconds a definitive "nothing here" (a 404, a 400, an empty listing) is kept: long enough to absorb a burst, short enough to be no one's problem. */
export const NEGATIVE_TTL_SECONDS = 5

const CACHE_ORIGIN = 'https://edge-cache.internal'

/** A cached answer: a value, or the client error upstream gave; `fetchedAt` is when its load began. */
type Entry<T> = { fetchedAt: number; negative: boolean; value?: T; error?: { status: number; message: string } }

/**
 * The cache key of one answer: its kind and its parts, each already validated and canonical
 * (see contract/requests). `JSON.stringify` of the parts is injective and always well-formed
 * (lone surrogates are escaped), `encodeURIComponent` of that is injective and leaves nothing a
 * URL parser would cut (`#`, `?`), split (`/`) or normalise (`.`, `%2e`): no two requests can
 * share a key unless they ask the same thing.
 *
 * @example
 * ```ts
 * cacheKey('frames-batches', bucket, device) // 'https://edge-cache.internal/v2/frames-batches/%5B%22frames%22%2C%22cam%23x%22%5D'
 * ```
 */
export function cacheKey(kind: string, ...parts: (string | number)[]): string {
  return `${CACHE_ORIGIN}/v2/${encodeURIComponent(kind)}/${encodeURIComponent(JSON.stringify(parts))}`
}

function markerKey(tag: string): string {
  return `${CACHE_ORIGIN}/v2/purged/${encodeURIComponent(tag)}`
}

/** Loads in flight in this isolate, by key: concurrent misses and refreshes of one key make one upstream call. */
const inflight = new Map<string, { startedAt: number; load: Promise<unknown> }>()

/**
 * Read-through cache over the Workers Cache API, per data centre:
 * - a fresh entry is a HIT; one past its TTL is served STALE and refreshed in `waitUntil`, and
 *   served while upstream fails (timeouts, connection failures, 5xx), up to `maxStaleSeconds`;
 * - a definitive answer (a 4xx from upstream, an empty listing) replaces the entry at once and is
 *   kept only `NEGATIVE_TTL_SECONDS`, never served stale;
 * - an entry older than a purge of any of its tags (see `purgeTags`) is gone;
 * - concurrent loads of one key share one upstream call.
 * The Cache API honours neither stale-while-revalidate nor stale-if-error, so each entry carries
 * the time its load began and is kept for TTL + max stale.
 * https://developers.cloudflare.com/workers/runtime-apis/cache/
 *
 * @example
 * ```ts
 * const { value, state } = await readThrough(c.executionCtx, cacheKey('devices', bucket), policy, () => listDevices(edge))
 * ```
 */
export async function readThrough<T>(ctx: Background, key: string, policy: CachePolicy<T>, load: () => Promise<T>): Promise<{ value: T; state: CacheState }> {
  const [entry, purgedAt] = await Promise.all([lookup<T>(key), latestPurge(policy.tags)])
  const refresh = () => coalesced(key, purgedAt, () => loadAndStore(ctx, key, policy, load))
  const live = entry && entry.fetchedAt > purgedAt ? entry : undefined
  if (!live) {
    await policy.budget?.()
    return { value: await refresh(), state: 'MISS' }
  }
  if (policy.revalidate) {
    await policy.budget?.()
    try {
      return { value: await refresh(), state: 'MISS' }
    } catch (error) {
      if (isDefinitive(error) || live.negative) throw error
      return answer(live, 'STALE')
    }
  }
  const ageSeconds = (Date.now() - live.fetchedAt) / 1000
  if (ageSeconds < (live.negative ? NEGATIVE_TTL_SECONDS : policy.ttlSeconds)) return answer(live, 'HIT')
  if (!live.negative && ageSeconds < policy.ttlSeconds + policy.maxStaleSeconds) {
    ctx.waitUntil(refresh().catch((error) => console.error(JSON.stringify({ level: 'warn', message: 'cache refresh failed', kind: new URL(key).pathname.split('/')[2], error: String(error) }))))
    return answer(live, 'STALE')
  }
  await policy.budget?.()
  return { value: await refresh(), state: 'MISS' }
}

/**
 * `readThrough` for a client's request: served stale up to MAX_STALE, revalidated on its
 * `Cache-Control: no-cache`, its upstream calls charged to its budget (`MISS_LIMITER`).
 *
 * @example
 * ```ts
 * const { value, state } = await readThroughFor(c, cacheKey('origin', path), { ttlSeconds: config.metadataTtlSeconds, tags }, load)
 * ```
 */
export function readThroughFor<T>(c: Context<AppEnv>, key: string, policy: Pick<CachePolicy<T>, 'ttlSeconds' | 'tags' | 'isEmpty'>, load: () => Promise<T>) {
  const full = { ...policy, maxStaleSeconds: c.var.edge.config.maxStaleSeconds, revalidate: wantsFresh(c), budget: () => spend(c, 'MISS_LIMITER') }
  return readThrough(c.executionCtx, key, full, load)
}

/**
 * Purges, in this data centre and at once, every entry carrying any of these tags: an entry
 * whose load began before now is gone for every later read here. Other data centres learn of a
 * change through the zone's purge by tag (the origin calls it), which removes the entries
 * themselves; this is what makes a writer's next read, here, see its write.
 *
 * @example
 * ```ts
 * await purgeTags([cacheTags.imageLists, await cacheTags.image(key)], config.cacheEntrySeconds)
 * ```
 */
export async function purgeTags(tags: string[], keepSeconds: number): Promise<void> {
  const at = String(Date.now())
  await Promise.all(
    [...new Set(tags)].map((tag) => caches.default.put(new Request(markerKey(tag)), new Response(at, { headers: { 'cache-control': `max-age=${Math.ceil(keepSeconds)}` } }))),
  )
}

/** Whether the request carries `Cache-Control: no-cache`. */
function wantsFresh(c: { req: { header(name: string): string | undefined } }): boolean {
  return /(^|,)\s*no-cache\s*(,|$)/i.test(c.req.header('cache-control') ?? '')
}

/** Upstream said something definite about the request: it is not there, or it is wrong. Timeouts, 5xx and 429 are not answers. */
function isDefinitive(error: unknown): error is HTTPException {
  return error instanceof HTTPException && error.status >= 400 && error.status < 500 && error.status !== 429
}

async function lookup<T>(key: string): Promise<Entry<T> | undefined> {
  const cached = await caches.default.match(new Request(key))
  return cached ? ((await cached.json()) as Entry<T>) : undefined
}

/** When any of the tags was last purged here (ms since the epoch), 0 when never. */
async function latestPurge(tags: string[]): Promise<number> {
  const times = await Promise.all(tags.map(async (tag) => Number(await (await caches.default.match(new Request(markerKey(tag))))?.text()) || 0))
  return Math.max(0, ...times)
}

function answer<T>(entry: Entry<T>, state: CacheState): { value: T; state: CacheState } {
  if (entry.error) throw new HTTPException(entry.error.status as 404, { message: entry.error.message })
  return { value: entry.value as T, state }
}

/** Joins a load of the key already in flight, unless that one began before the latest purge (it would bring back what was purged). */
function coalesced<T>(key: string, purgedAt: number, load: () => Promise<T>): Promise<T> {
  const running = inflight.get(key)
  if (running && running.startedAt > purgedAt) return running.load as Promise<T>
  const started = { startedAt: Date.now(), load: load().finally(() => inflight.get(key) === started && inflight.delete(key)) }
  inflight.set(key, started)
  return started.load
}

async function loadAndStore<T>(ctx: Background, key: string, policy: CachePolicy<T>, load: () => Promise<T>): Promise<T> {
  const fetchedAt = Date.now()
  try {
    const value = await load()
    store(ctx, key, policy, { fetchedAt, negative: policy.isEmpty?.(value) ?? false, value })
    return value
  } catch (error) {
    if (isDefinitive(error)) store(ctx, key, policy, { fetchedAt, negative: true, error: { status: error.status, message: error.message } })
    throw error
  }
}

function store<T>(ctx: Background, key: string, policy: CachePolicy<T>, entry: Entry<T>) {
  const keepSeconds = entry.negative ? NEGATIVE_TTL_SECONDS : policy.ttlSeconds + policy.maxStaleSeconds
  const headers = { 'content-type': 'application/json', 'cache-control': `max-age=${Math.ceil(keepSeconds)}`, 'cache-tag': policy.tags.join(',') }
  ctx.waitUntil(caches.default.put(new Request(key), new Response(JSON.stringify(entry), { headers })))
}
