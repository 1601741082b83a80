import type { MiddlewareHandler } from 'hono'
import { config } from '../config'

/**
 * Reads may be served from a cache for `cacheMaxAge` seconds, then stale while the cache
 * refreshes them (60 s) or while the origin fails (a day); everything else, writes and
 * errors included, must not be stored. https://www.rfc-editor.org/rfc/rfc5861
 */
const readPolicy = `public, max-age=${config.cacheMaxAge}, stale-while-revalidate=60, stale-if-error=86400`

/**
 * Sets `Cache-Control` on every response that has none: the read policy on a successful GET,
 * `no-store` on anything else.
 *
 * @example
 * ```ts
 * new Hono().use(cacheControl).route('/', images)
 * ```
 */
export const cacheControl: MiddlewareHandler = async (c, next) => {
  await next()
  if (c.res.headers.has('Cache-Control')) return
  const read = c.req.method === 'GET' || c.req.method === 'HEAD'
  c.res.headers.set('Cache-Control', read && c.res.ok ? readPolicy : 'no-store')
}
