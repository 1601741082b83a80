import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './app-env'
import { requireScope } from './auth'
import { type Config, resolveConfig } from './config'
import { frames } from './frames'
import { health } from './health'
import { images } from './images'
import { openapi } from './openapi'
import { people } from './people'
import { uploads } from './uploads'


const readScope = requireScope('images:read')

/** Headers an `HTTPException` carries in its `res` (`WWW-Authenticate`, `Retry-After`). */
function headersOf(error: HTTPException): Record<string, string> {
  return error.res ? Object.fromEntries(error.res.headers) : {}
}

const corsByConfig = new WeakMap<Config, MiddlewareHandler>()

/**
 * CORS on every response, errors included, built once per configuration. An allowlist of
 * origins may read and write; `*` (the local default) lets any origin read, but no foreign
 * page may send a write, whatever token it holds.
 */
const corsFromConfig: MiddlewareHandler<AppEnv> = (c, next) => {
  const config = resolveConfig(c.env)
  let handler = corsByConfig.get(config)
  if (!handler) {
    const anyOrigin = config.allowedOrigins.includes('*')
    const readsOnly = cors({ origin: '*', allowMethods: ['GET', 'HEAD'], maxAge: 86_400, exposeHeaders: EXPOSED })
    const listed = cors({ origin: config.allowedOrigins, allowMethods: ['GET', 'HEAD', 'POST', 'DELETE'], maxAge: 86_400, exposeHeaders: EXPOSED })
    handler = anyOrigin ? (c, next) => (isRead(c.req.method, c.req.header('access-control-request-method')) ? readsOnly(c, next) : next()) : listed
    corsByConfig.set(config, handler)
  }
  return handler(c, next)
}

const EXPOSED = ['X-Cache', 'X-Request-Id', 'Retry-After']

/** A read, or the preflight of one. */
function isRead(method: string, preflightFor: string | undefined): boolean {
  const actual = method === 'OPTIONS' ? (preflightFor ?? 'GET') : method
  return actual === 'GET' || actual === 'HEAD'
}

/**
 * The public API. Client errors are thrown as `HTTPException` and answered as JSON `{error}`;
 * anything else is logged with the request id and answered as a 500 that reveals nothing.
 */
export const app = new Hono<AppEnv>()
  .use(requestId())
  .use(corsFromConfig)
  // The API serves JSON only: nothing of it may be framed, sniffed or leak its URL as referrer.
  .use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin', referrerPolicy: 'no-referrer' }))
  // Every request body is a small JSON document; files go straight to S3 with presigned PUTs.
  .use(bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'Request body too large' }, 413) }))
  // Reads are public unless READ_AUTH=required; health stays open for load balancers.
  .on(['GET', 'HEAD'], '*', (c, next) => (c.req.path === '/health' ? next() : readScope(c, next)))
  .route('/', health)
  .route('/', frames)
  .route('/', images)
  .route('/', people)
  .route('/', openapi)
  .route('/', uploads)
  .notFound((c) => c.json({ error: 'Not found' }, 404))
  .onError((error, c) => {
    const id = c.get('requestId')
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status, headersOf(error))
    console.error(JSON.stringify({ level: 'error', requestId: id, path: c.req.path, error: String(error), cause: String((error as Error).cause ?? ''), stack: (error as Error).stack }))
    if (error instanceof HTTPException) return c.json({ error: error.message, requestId: id }, error.status, headersOf(error))
    return c.json({ error: 'Internal error', requestId: id }, 500)
  })
