import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env'

type LimiterName = 'WRITE_LIMITER' | 'UPLOAD_LIMITER'

/**
 * Per-client rate limit through a Workers rate-limiting binding, keyed by the client's address
 * as Cloudflare saw it. Over the limit: 429 `{error}` with `Retry-After` of the binding's period.
 * The binding counts per location and is eventually consistent, which suits abuse control,
 * not billing. https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/
 *
 * @example
 * ```ts
 * app.post('/uploads', rateLimit('UPLOAD_LIMITER'), handler)
 * ```
 */
export function rateLimit(binding: LimiterName, periodSeconds = 60): MiddlewareHandler<AppEnv> {
  return async function rateLimitHandler(c, next) {
    const key = c.req.header('cf-connecting-ip') ?? 'unknown-client'
    const { success } = await c.env[binding].limit({ key: `${binding}:${key}` })
    if (!success) return c.json({ error: 'Too many requests, slow down' }, 429, { 'Retry-After': String(periodSeconds) })
    return next()
  }
}
