import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../app-env'

type LimiterName = 'WRITE_LIMITER' | 'UPLOAD_LIMITER'

/**
 * Per-client rate limit through a Workers rate-limiting binding, keyed by the client's address
 * as Cloudflare saw it (`CF-Connecting-IP`, which Cloudflare sets on every request it proxies,
 * overwriting what a client sends; locally nothing overwrites it, so the local limiter is easily
 * dodged). Over the limit: 429 `{error}` with `Retry-After` of the binding's period. The binding
 * counts per location and is eventually consistent, which suits abuse control, not billing.
 * https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/
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
    if (!success) {
      const res = new Response(null, { status: 429, headers: { 'retry-after': String(periodSeconds) } })
      throw new HTTPException(429, { message: 'Too many requests, slow down', res })
    }
    return next()
  }
}
