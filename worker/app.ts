import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './app-env'
import { requireScope } from './auth'
import { withEdge } from './edge'
import { frames } from './frames'
import { health } from './health'
import { images } from './images'
import { openapi } from './openapi'
import { people } from './people'
import { uploads } from './uploads'

const readScope = requireScope('images:read')

/** The error of a path no route serves. */
export const ROUTE_NOT_FOUND = 'Not found'

/** Headers an `HTTPException` carries in its `res` (`WWW-Authenticate`, `Retry-After`). */
function headersOf(error: HTTPException): Record<string, string> {
  return error.res ? Object.fromEntries(error.res.headers) : {}
}

/**
 * The public API. Client errors are thrown as `HTTPException` and answered as JSON `{error}`;
 * anything else is logged with the request id and answered as a 500 that reveals nothing.
 */
export const app = new Hono<AppEnv>()
  .use(requestId())
  .use(withEdge)
  .use((c, next) => c.var.edge.cors(c, next))
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
  .notFound((c) => c.json({ error: ROUTE_NOT_FOUND }, 404))
  .onError((error, c) => {
    const id = c.get('requestId')
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status, headersOf(error))
    console.error(JSON.stringify({ level: 'error', requestId: id, path: c.req.path, error: String(error), cause: String((error as Error).cause ?? ''), stack: (error as Error).stack }))
    if (error instanceof HTTPException) return c.json({ error: error.message, requestId: id }, error.status, headersOf(error))
    return c.json({ error: 'Internal error', requestId: id }, 500)
  })
