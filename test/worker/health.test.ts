import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker'

async function get(path: string, bindings: Env = env) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(`http://edge.test${path}`), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

describe('GET /health', () => {
  it('is 200 when S3, the origin and DynamoDB answer', async () => {
    const res = await get('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', s3: 'ok', origin: 'ok', dynamodb: 'ok' })
  })

  it('is 503 with the same body when the origin refuses the Worker', async () => {
    const res = await get('/health', { ...env, ORIGIN_SECRET_ACCESS_KEY: 'wrong' })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'down', s3: 'ok', origin: 'down', dynamodb: 'down' })
  })

  it('is 503 when S3 does not answer', async () => {
    const res = await get('/health', { ...env, S3_ENDPOINT: 'http://127.0.0.1:1' })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'down', s3: 'down', origin: 'ok' })
  })
})

describe('errors', () => {
  it('answers unknown routes with a JSON 404 and CORS headers', async () => {
    const res = await get('/no/such/route')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'Not found' })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('GET /openapi.json', () => {
  it('describes the public API, served through the edge', async () => {
    const res = await get('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toMatch(/^3\.1/)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/persons', '/images', '/uploads', '/flagged/frames']))
  })
})
