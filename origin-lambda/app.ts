import { Hono } from 'hono'
import { OriginError } from './errors'
import { health } from './health'

/**
 * The origin's HTTP API. It answers with keys, never URLs: the edge signs URLs itself.
 */
export const app = new Hono()
  .route('/', health)
  .notFound((c) => c.json({ error: 'Not found' }, 404))
  .onError((error, c) => {
    if (error instanceof OriginError) return c.json({ error: error.message }, error.status)
    console.error(JSON.stringify({ level: 'error', message: 'unhandled', path: c.req.path, error: String(error), stack: error.stack }))
    return c.json({ error: 'Internal error' }, 500)
  })
