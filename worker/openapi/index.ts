import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { cachedOriginJson } from '../origin/forward'

/**
 * `GET /openapi.json`: the public API described from the route schemas. The origin builds it
 * from the same zod schemas that validate its requests; the edge caches it like any read.
 */
export const openapi = new Hono<AppEnv>().get('/openapi.json', async (c) => {
  const { value, state } = await cachedOriginJson<Record<string, unknown>>(c, '/openapi.json')
  return c.json(value, 200, { 'X-Cache': state })
})
