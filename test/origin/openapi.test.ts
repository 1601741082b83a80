import { describe, expect, it } from 'vitest'
import { request } from './seed'

type Doc = {
  openapi: string
  paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]; requestBody?: unknown; responses: Record<string, unknown> }>>
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> }
}

const res = await request('GET', '/openapi.json')
const doc = (await res.json()) as Doc

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document, cacheable like every read', () => {
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
    expect(doc.openapi).toBe('3.1.0')
  })

  it('describes every public route, the old ones included', () => {
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /devices',
        'GET /devices/{device}/batches',
        'GET /devices/{device}/batches/{batch}/frames',
        'GET /flagged/frames',
        'GET /images',
        'POST /images',
        'GET /images/{key}',
        'DELETE /images/{key}',
        'POST /uploads',
        'GET /persons',
        'GET /persons/{personId}/photos',
        'POST /upload',
        'GET /getall',
        'POST /getitem',
        'DELETE /delete',
      ]),
    )
  })

  it('takes its parameters and bodies from the schemas that validate requests', () => {
    const list = doc.paths['/images']?.get?.parameters
    expect(list?.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
    expect(doc.paths['/persons/{personId}/photos']?.get?.parameters.find((p) => p.name === 'personId')).toMatchObject({ in: 'path', required: true, schema: { maxLength: 255 } })
    expect(doc.paths['/images']?.post?.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ImageRegistration' } } } })
    expect(doc.components.schemas.ImageRegistration?.required).toEqual(['FileName'])
  })

  it('has every reference resolve to a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(20)
    for (const id of refs) expect(doc.components.schemas).toHaveProperty([id])
  })
})
