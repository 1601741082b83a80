import { Hono } from 'hono'
import { openApiDocument } from './document'

/**
 * `GET /openapi.json`: the public API's description, built once per cold start.
 *
 * @example
 * ```ts
 * new Hono().route('/', openapi)
 * ```
 */
export const openapi = new Hono().get('/openapi.json', (c) => {
  built ??= openApiDocument()
  return c.json(built)
})

let built: ReturnType<typeof openApiDocument> | undefined
