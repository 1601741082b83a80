import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { resolveConfig } from './config'
import { health } from './health'

export type AppEnv = { Bindings: Env; Variables: { requestId: string } }

/**
 * The public API. Client errors are thrown as `HTTPException` and answered as JSON `{error}`;
 * anything else is logged with the request id and answered as a 500 that reveals nothing.
 */
export const app = new Hono<AppEnv>()
  .use(requestId())
  .use((c, next) => {
    const { allowedOrigins } = resolveConfig(c.env)
    return cors({ origin: allowedOrigins.includes('*') ? '*' : allowedOrigins, maxAge: 86_400, exposeHeaders: ['X-Cache', 'X-Request-Id'] })(c, next)
  })
  .route('/', health)
  .notFound((c) => c.json({ error: 'Not found' }, 404))
  .onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status)
    console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), path: c.req.path, error: String(error), stack: (error as Error).stack }))
    const status = error instanceof HTTPException ? error.status : 500
    return c.json({ error: status === 500 ? 'Internal error' : error.message, requestId: c.get('requestId') }, status)
  })
