import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { edgeOf } from '../../worker/edge'
import { presignServed } from '../../worker/signing/presign'
import { call, postJson } from './request'
import { bearer } from './token'

describe('keys a caller names', () => {
  it.each([
    ['a ".." segment', 'a/../b.png'],
    ['a "." segment', 'a/./b.png'],
    ['an empty segment', 'a//b.png'],
    ['an encoded slash', 'a%2Fb.png'],
    ['a backslash', 'a\\b.png'],
    ['a control character', 'a\u0007b.png'],
    ['an absolute URL', 'https://evil.example/x.png'],
    ['over 1024 bytes', 'é'.repeat(513)],
  ])('are refused with 400 and no URL when they contain %s', async (_, key) => {
    const res = await postJson('/getitem', { FileName: key })
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(JSON.parse(text).error).toMatch(/^Invalid FileName: /)
    expect(text).not.toMatch(/X-Amz-Signature/)
  })
})

describe('the signing allowlist', () => {
  const edge = edgeOf(env)
  it('signs inside the layout areas only', async () => {
    expect((await presignServed(edge, env.THUMBS_BUCKET, 'faces-thumbs/p/x_face_0.png'))?.url).toMatch(/X-Amz-Signature=/)
    expect(await presignServed(edge, env.THUMBS_BUCKET, 'private/x.png')).toBeNull()
    expect(await presignServed(edge, env.PHOTOS_BUCKET, 'faces-thumbs/p/x.png')).toBeNull()
    expect(await presignServed(edge, 'some-other-bucket', 'faces-thumbs/p/x.png')).toBeNull()
    expect(await presignServed(edge, env.THUMBS_BUCKET, 'faces-thumbs/../private/x.png')).toBeNull()
  })
})

describe('every response', () => {
  it('carries security headers and a request id', async () => {
    for (const res of [await call('/devices'), await call('/nope'), await postJson('/uploads', {})]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('refuses request bodies over 16 KiB with 413', async () => {
    const res = await postJson('/fetch_batches', { folder_name: 'x'.repeat(20_000) })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: 'Request body too large' })
  })
})

describe('rate limits', () => {
  it('answer 429 with Retry-After once a client has asked for too many upload URLs', async () => {
    const headers = { ...(await bearer(['images:write'])), 'cf-connecting-ip': '203.0.113.9' }
    const body = { fileName: 'a.png', contentType: 'image/png', contentLength: 1 }
    let limited: Response | undefined
    for (let i = 0; i < 200 && !limited; i++) {
      const res = await postJson('/uploads', body, headers)
      if (res.status === 429) limited = res
      else expect(res.status).toBe(201)
    }
    expect(limited?.headers.get('retry-after')).toBe('60')
    expect(await limited?.json()).toEqual({ error: 'Too many requests, slow down' })
    const otherClient = await postJson('/uploads', body, { ...headers, 'cf-connecting-ip': '203.0.113.10' })
    expect(otherClient.status).toBe(201)
  })
})

describe('CORS', () => {
  const origin = 'https://gallery.example'
  const preflight = (method: string) => ({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' } })

  it('with the default `*`, answers every origin on every route and method, as the replaced systems did; writes still need a token', async () => {
    expect((await call('/devices', { headers: { origin } })).headers.get('access-control-allow-origin')).toBe('*')
    expect((await call('/devices', preflight('GET'))).headers.get('access-control-allow-origin')).toBe('*')
    const write = await call('/uploads', preflight('POST'))
    expect(write.status).toBe(204)
    expect(write.headers.get('access-control-allow-origin')).toBe('*')
    expect(write.headers.get('access-control-allow-headers')).toBe('authorization,content-type')
    const anonymous = await postJson('/uploads', {}, { origin })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('with an allowlist, lets listed origins read and write, and no other', async () => {
    const listed = { ALLOWED_ORIGINS: `${origin}, https://admin.example` }
    expect((await call('/uploads', preflight('POST'), listed)).headers.get('access-control-allow-origin')).toBe(origin)
    expect((await call('/devices', { headers: { origin } }, listed)).headers.get('access-control-allow-origin')).toBe(origin)
    const other = await call('/devices', { headers: { origin: 'https://evil.example' } }, listed)
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example')
  })
})
