import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { OriginError } from './errors'
import { health } from './health'
import { cacheControl } from './http/cache-control'
import { images } from './images/routes'
import { openapi } from './openapi/routes'
import { people } from './people/routes'

/**
 * The origin's HTTP API. It answers with keys, never URLs: the edge signs URLs itself.
 */
export const app = new Hono()
  .use(cacheControl)
  .route('/', health)
  .route('/', images)
  .route('/', people)
  .route('/', openapi)
  .notFound((c) => c.json({ error: 'Not found' }, 404))
  .onError((error, c) => {
    if (error instanceof OriginError) return c.json({ error: error.message }, error.status)
    // Hono's own client errors, such as a body that is not JSON.
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status)
    console.error(JSON.stringify({ level: 'error', message: 'unhandled', path: c.req.path, error: String(error), stack: error.stack }))
    return c.json({ error: 'Internal error' }, 500)
  })
