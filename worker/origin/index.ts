import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../app-env'
import { cacheKey, readThroughFor } from '../cache'
import type { Edge } from '../edge'

/** Seconds a client should wait before retrying when the origin cannot answer. */
const RETRY_AFTER_SECONDS = 5

/**
 * Calls the origin (signed for service `lambda`, see `createUpstream`) and returns its JSON
 * body. The origin's client errors pass through with their message; a failing, slow or
 * unreachable origin becomes a 503 with `Retry-After` that says nothing of the cause.
 *
 * @example
 * ```ts
 * const { image } = await originJson<{ image: Image }>(edge, '/images', { method: 'POST', body })
 * ```
 */
export async function originJson<T>(edge: Edge, path: string, init: { method?: string; body?: string; requestId?: string } = {}): Promise<T> {
  const { requestId, ...request } = init
  // The request id travels along (signed, like every header sent), so the origin's logs carry it too.
  const headers: Record<string, string> = { accept: 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await edge.origin.fetch(path, { ...request, headers })
  } catch (cause) {
    throw unavailable(cause)
  }
  const body = (await res.json().catch(() => undefined)) as (T & { error?: string }) | undefined
  if (res.ok && body !== undefined) return body
  if (res.status >= 400 && res.status < 500 && res.status !== 403 && typeof body?.error === 'string') {
    throw new HTTPException(res.status as 400, { message: body.error })
  }
  throw unavailable(new Error(`origin answered ${res.status}`))
}

function unavailable(cause: unknown) {
  return new HTTPException(503, {
    message: 'The service is temporarily unavailable, try again shortly',
    res: new Response(null, { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }),
    cause,
  })
}

/**
 * An origin read through the edge cache (see `readThrough`): fresh for METADATA_TTL, then served
 * stale while it is refreshed, and while the origin is down, up to MAX_STALE; the origin's 404s
 * and 400s replace the entry at once. The cache holds the origin's keys; URLs are signed on the
 * way out. `path` must be canonical (built from validated values, e.g. with `pageSearch`): it is
 * the cache key.
 *
 * @example
 * ```ts
 * const { value, state } = await cachedOriginJson<{ persons: Person[] }>(c, '/persons?limit=100', [cacheTags.personsLists])
 * ```
 */
export function cachedOriginJson<T>(c: Context<AppEnv>, path: string, tags: string[]) {
  const policy = { ttlSeconds: c.var.edge.config.metadataTtlSeconds, tags }
  return readThroughFor(c, cacheKey('origin', path), policy, () => originJson<T>(c.var.edge, path, { requestId: c.var.requestId }))
}

/**
 * The query string that asks the origin for the same page.
 *
 * @example
 * ```ts
 * `/images?${pageSearch(50, cursor)}` // '/images?limit=50&cursor=…'
 * ```
 */
export function pageSearch(limit: number, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(limit) })
  if (cursor) query.set('cursor', cursor)
  return query.toString()
}
