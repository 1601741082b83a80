import { Hono } from 'hono'
import { openApiDocument } from '../../contract/openapi'
import type { AppEnv } from '../app-env'

let document: ReturnType<typeof openApiDocument> | undefined

/**
 * `GET /openapi.json`: the public API, generated from the contract's schemas that the routes
 * validate with; built once per isolate.
 */
export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) => {
  document ??= openApiDocument()
  return c.json(document, 200, { 'Cache-Control': 'public, max-age=3600' })
})
