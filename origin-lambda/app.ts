import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { OriginError } from './errors'
import { health } from './health'
import { images } from './images/routes'
import { logger } from './logger'
import { people } from './people/routes'

/**
 * The origin's HTTP API. It answers with keys, never URLs: the edge signs URLs itself, and
 * decides how long to cache each answer.
 */
export const app = new Hono()
  .route('/', health)
  .route('/', images)
  .route('/', people)
  .notFound((c) => c.json({ error: 'Not found' }, 404))
  .onError((error, c) => {
    if (error instanceof OriginError) return c.json({ error: error.message }, error.status)
    // Hono's own client errors, such as a body that is not JSON.
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: error.message }, error.status)
    logger.error('unhandled', { requestId: c.req.header('x-request-id'), path: c.req.path, error })
    return c.json({ error: 'Internal error' }, 500)
  })
