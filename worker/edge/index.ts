import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from '../app-env'
import { type Config, parseConfig } from '../config'
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
  }
}

/**
 * CORS on every response, errors included. An allowlist of origins may read and write; `*`
 * (the local default) lets any origin read, but no foreign page may send a write, whatever
 * token it holds.
 */
function corsFor(allowedOrigins: string[]): MiddlewareHandler {
  const listed = cors({ origin: allowedOrigins, allowMethods: ['GET', 'HEAD', 'POST', 'DELETE'], maxAge: 86_400, exposeHeaders: EXPOSED })
  if (!allowedOrigins.includes('*')) return listed
  const readsOnly = cors({ origin: '*', allowMethods: ['GET', 'HEAD'], maxAge: 86_400, exposeHeaders: EXPOSED })
  return function corsReadsOnly(c, next) {
    const method = c.req.method === 'OPTIONS' ? (c.req.header('access-control-request-method') ?? 'GET') : c.req.method
    return method === 'GET' || method === 'HEAD' ? readsOnly(c, next) : next()
  }
}

/** Puts the isolate's `Edge` into the context: `c.var.edge`. */
export const withEdge: MiddlewareHandler<AppEnv> = (c, next) => {
  c.set('edge', edgeOf(c.env))
  return next()
}
