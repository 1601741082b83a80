import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../app-env'

type LimiterName = 'WRITE_LIMITER' | 'UPLOAD_LIMITER' | 'MISS_LIMITER'

/** Every limiter binding counts over this period (wrangler.toml `simple.period`). */
const PERIOD_SECONDS = 60

/**
 * Counts one request of the client against a Workers rate-limiting binding, keyed by the
 * client's address as Cloudflare saw it (`CF-Connecting-IP`, which Cloudflare sets on every
 * request it proxies, overwriting what a client sends; locally nothing overwrites it, so the
 * local limiters are easily dodged). Over the limit: 429 `{error}` with `Retry-After`. The
 * binding counts per location and is eventually consistent, which suits abuse control, not
 * billing. https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/
 *
 * @example
 * ```ts
 * await spend(c, 'MISS_LIMITER')
 * ```
 */
export async function spend(c: Context<AppEnv>, binding: LimiterName): Promise<void> {
  const client = c.req.header('cf-connecting-ip') ?? 'unknown-client'
  const { success } = await c.env[binding].limit({ key: `${binding}:${client}` })
  if (!success) {
    const res = new Response(null, { status: 429, headers: { 'retry-after': String(PERIOD_SECONDS) } })
    throw new HTTPException(429, { message: 'Too many requests, slow down', res })
  }
}

/**
 * {@link spend} as middleware, for routes that cost upstream work on every call (writes, upload URLs).
 *
 * @example
 * ```ts
 * app.post('/uploads', rateLimit('UPLOAD_LIMITER'), handler)
 * ```
 */
export function rateLimit(binding: LimiterName): MiddlewareHandler<AppEnv> {
  return async function rateLimitHandler(c, next) {
    await spend(c, binding)
    return next()
  }
}
