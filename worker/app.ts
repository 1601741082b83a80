import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './app-env'
import { requireScope } from './auth'
import { withEdge } from './edge'
import { frames } from './frames'
import { gallery, isGalleryPath } from './gallery'
import { health } from './health'
import { images } from './images'
import { openapi } from './openapi'
import { people } from './people'
import { isLocalPurgePath, localPurge } from './purge'
import { uploads } from './uploads'

/** The error of a path no route serves. */
export const ROUTE_NOT_FOUND = 'Not found'

/**
 * Where reads need no token even when READ_AUTH=required: load balancers' health check, the
 * API's description, and the gallery's files, which hold no data.
 */
const OPEN_PATHS = new Set(['/health', '/openapi.json'])

/** JSON is never a document: nothing of it may load, run or be framed. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'"

const readScope = requireScope('images:read')

/** Headers an `HTTPException` carries in its `res` (`WWW-Authenticate`, `Retry-After`). */
function headersOf(error: HTTPException): Record<string, string> {
  return error.res ? Object.fromEntries(error.res.headers) : {}
}

/**
 * The public API. Client errors are thrown as `HTTPException` and answered as JSON `{error}`;
 * anything else is logged with the request id and answered as a 500 that reveals nothing.
 */
export const app = new Hono<AppEnv>()
  // Ids are the Worker's own: one a client sends is logged beside it (onError), never used.
  .use(requestId({ headerName: '' }))
  .use(async (c, next) => {
    await next()
    c.res.headers.set('X-Request-Id', c.var.requestId)
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', API_POLICY)
  })
  .use(withEdge)
  .use((c, next) => c.var.edge.cors(c, next))
  // Nothing may be framed, sniffed or leak its URL (a presigned one above all) as referrer.
  .use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin', referrerPolicy: 'no-referrer' }))
  // Every request body is a small JSON document; files go straight to S3 with presigned PUTs.
  .use(bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'Request body too large' }, 413) }))
  // One rule for every route that answers data, whatever its method: when READ_AUTH=required it
  // needs a token with images:read (writes need their own scope as well).
  .use((c, next) => (c.req.method === 'OPTIONS' || OPEN_PATHS.has(c.req.path) || isGalleryPath(c.req.path) || isLocalPurgePath(c.req.path) ? next() : readScope(c, next)))
  .route('/', health)
  .route('/', frames)
  .route('/', images)
  .route('/', people)
  .route('/', openapi)
  .route('/', uploads)
  .route('/', gallery)
  .route('/', localPurge)
  .notFound((c) => c.json({ error: ROUTE_NOT_FOUND }, 404))
  .onError((error, c) => {
    const id = c.get('requestId')
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status, headersOf(error))
    const clientRequestId = c.req.header('x-request-id')?.slice(0, 200)
    console.error(JSON.stringify({ level: 'error', requestId: id, clientRequestId, path: c.req.path, error: String(error), cause: String((error as Error).cause ?? ''), stack: (error as Error).stack }))
    if (error instanceof HTTPException) return c.json({ error: error.message, requestId: id }, error.status, headersOf(error))
    return c.json({ error: 'Internal error', requestId: id }, 500)
  })
