import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from '../app-env'
import { type Config, parseConfig } from '../config'
import { cursorKey } from '../cursors'
import { createSigner, type Signer } from '../signing'
import { createUpstream, type Upstream } from '../upstream'

/**
 * What the request path needs, built once per isolate from the bindings: the configuration,
 * the URL signer (whose memo of signed URLs and derived keys lives as long as the isolate),
 * the S3 and origin clients, and the CORS handler.
 */
export type Edge = {
  config: Config
  signer: Signer
  s3: Upstream
  origin: Upstream
  cors: MiddlewareHandler
  /** The key origin cursors are sealed with (see worker/cursors). */
  cursorKey: Promise<CryptoKey>
}

/** Headers a browser script may read from any answer. */
const EXPOSED = ['X-Cache', 'X-Request-Id', 'Retry-After']

// The isolate's one memo: an `Env` object lives as long as the isolate, and tests that pass
// other bindings get an `Edge` of their own.
const edges = new WeakMap<Env, Edge>()

/**
 * @example
 * ```ts
 * const { config, signer } = edgeOf(env)
 * ```
 */
export function edgeOf(env: Env): Edge {
  let edge = edges.get(env)
  if (!edge) {
    edge = build(parseConfig(env))
    edges.set(env, edge)
  }
  return edge
}

function build(config: Config): Edge {
  return {
    config,
    signer: createSigner({
      ...config.s3,
      endpoint: config.s3.url,
      expiresSeconds: config.presignExpiresSeconds,
      windowSeconds: config.signingWindowSeconds,
      putExpiresSeconds: config.uploadExpiresSeconds,
      // Each URL lives one window: the browser may keep what it fetched as long as the URL is
      // handed out, and `private` keeps shared caches from holding a user's private images.
      getCacheControl: `private, max-age=${config.presignExpiresSeconds}, immutable`,
    }),
    s3: createUpstream({ ...config.s3, service: 's3', timeoutMs: config.upstreamTimeoutMs, retries: 1 }),
    origin: createUpstream({ ...config.origin, service: 'lambda', timeoutMs: config.upstreamTimeoutMs, retries: 0 }),
    cors: corsFor(config.allowedOrigins),
    cursorKey: cursorKey(config.origin.secretAccessKey),
  }
}

/**
 * CORS on every response, errors included, for every route and method: `*` (the default, as the
 * replaced systems answered) or an allowlist of origins. A preflight is answered with the
 * headers it asks for, `Authorization` included (which `Access-Control-Allow-Headers: *` would
 * not cover). Writes stay guarded by bearer tokens, which no browser sends on its own: CORS
 * only decides which pages may read the answers.
 * https://fetch.spec.whatwg.org/#http-access-control-allow-headers
 */
function corsFor(allowedOrigins: string[]): MiddlewareHandler {
  const origin = allowedOrigins.includes('*') ? '*' : allowedOrigins
  return cors({ origin, allowMethods: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'], maxAge: 86_400, exposeHeaders: EXPOSED })
}

/** Puts the isolate's `Edge` into the context: `c.var.edge`. */
export const withEdge: MiddlewareHandler<AppEnv> = (c, next) => {
  c.set('edge', edgeOf(c.env))
  return next()
}
