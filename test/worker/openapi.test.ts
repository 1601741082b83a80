import { describe, expect, it } from 'vitest'
import { app, ROUTE_NOT_FOUND } from '../../worker/app'
import { isGalleryPath } from '../../worker/gallery'
import { isLocalPurgePath } from '../../worker/purge'
import { call } from './request'

type Operation = { parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]; requestBody?: unknown; responses: Record<string, unknown> }
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> } }

const res = await call('/openapi.json')
const doc = (await res.json()) as Doc

/** `GET /devices/{device}/batches` for the document, `GET /devices/:device/batches` for Hono. */
const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
const served = app.routes
  .filter((r) => r.method !== 'ALL' && !isGalleryPath(r.path) && !isLocalPurgePath(r.path.replace(':zone', 'z')))
  .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`)

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document served by the Worker', () => {
    expect(res.status).toBe(200)
    expect(doc.openapi).toBe('3.1.0')
  })

  it('documents exactly the routes the Worker serves', () => {
    expect([...new Set(served)].sort()).toEqual([...documented].sort())
  })

  it.each(documented)('answers %s (not a route miss)', async (route) => {
    const [method = 'GET', path = '/'] = route.split(' ')
    const concrete = path.replace('{device}', 'cam-north').replace('{batch}', 'batch_001').replace('{personId}', 'person-ada').replace('{key}', 'welcome.png')
    const answer = await call(concrete, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' })
    const body = (await answer.json()) as { error?: string }
    expect(body.error, route).not.toBe(ROUTE_NOT_FOUND)
  })

  it('takes its parameters and bodies from the schemas the Worker validates with', () => {
    const list = doc.paths['/images']?.get?.parameters
    expect(list?.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
    expect(doc.paths['/persons/{personId}/photos']?.get?.parameters.find((p) => p.name === 'limit')).toMatchObject({ schema: { default: 200, maximum: 500 } })
    expect(doc.paths['/images']?.post?.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ImageRegistration' } } } })
    expect(doc.components.schemas.ImageRegistration?.required).toEqual(['FileName'])
    expect(doc.components.schemas.UploadRequest?.properties?.contentType).toMatchObject({ enum: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'] })
  })

  it('documents the errors every route may answer: 401, 403, 429 and 503, and 413 where a body is taken', () => {
    const upload = doc.paths['/uploads']?.post?.responses ?? {}
    expect(Object.keys(upload).sort()).toEqual(['201', '400', '401', '403', '413', '429', '503'])
    expect(Object.keys(doc.paths['/devices']?.get?.responses ?? {}).sort()).toEqual(['200', '401', '403', '429', '503'])
    expect(Object.keys(doc.paths['/health']?.get?.responses ?? {}).sort()).toEqual(['200', '503'])
  })

  it('has every reference resolve to a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string)
    expect(refs.length).toBeGreaterThan(20)
    for (const id of refs) expect(doc.components.schemas).toHaveProperty([id])
  })
})
