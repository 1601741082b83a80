/**
 * The findings of the second adversarial review (issue 15), one regression test each, in the
 * Worker runtime against the test stack.
 */
import { env } from 'cloudflare:test'
import { sign } from 'hono/jwt'
import { describe, expect, inject, it, vi } from 'vitest'
import { routes } from '../../contract/openapi'
import { call, postJson } from './request'
import { bearer } from './token'

const upload = { fileName: 'a.png', contentType: 'image/png', contentLength: 10 }

describe('READ_AUTH=required', () => {
  const required = { READ_AUTH: 'required' }

  it.each([
    ['/getitem', { FileName: 'welcome.png' }],
    ['/fetch_batches', { folder_name: 'cam-north' }],
    ['/fetch_flagged_annotated_images', {}],
    ['/fetch_unflagged_frame_from_batch', { device_name: 'cam-north', batch_number: 'batch_001' }],
  ])('guards POST %s, a read, like every GET', async (path, body) => {
    const anonymous = await postJson(path, body, {}, required)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).not.toMatch(/X-Amz-Signature/)
    expect((await postJson(path, body, await bearer(['images:read']), required)).status).toBe(200)
  })

  it('answers 401 without a token on every documented route but health and the API description', async () => {
    for (const [path, methods] of Object.entries(routes)) {
      for (const method of Object.keys(methods)) {
        const concrete = path.replace(/\{\w+\}/g, 'x')
        const res = await call(concrete, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' }, required)
        if (path === '/health') continue // open to load balancers: 200 or 503
        expect(res.status, `${method} ${path}`).toBe(path === '/openapi.json' ? 200 : 401)
      }
    }
  })
})

describe('strings that are not well-formed Unicode', () => {
  it.each([
    ['POST /getitem', () => postJson('/getitem', { FileName: 'x\ud800.png' })],
    ['POST /fetch_batches', () => postJson('/fetch_batches', { folder_name: '\udc00' })],
    ['POST /fetch_unflagged_frame_from_batch', () => postJson('/fetch_unflagged_frame_from_batch', { device_name: 'cam\ud800', batch_number: 'b' })],
  ])('are a 400 on %s, never a 500', async (_, send) => {
    const res = await send()
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/well-formed Unicode/)
  })

  it('cannot be registered, so no page of images can hold one', async () => {
    const res = await postJson('/images', { FileName: 'x\ud800.png' }, await bearer(['images:write']))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Invalid FileName: must be well-formed Unicode (no lone surrogates)' })
  })
})

describe('one bucket for every role', () => {
  const shared = { FRAMES_BUCKET: 'library', IMAGES_BUCKET: 'library', PHOTOS_BUCKET: 'library', THUMBS_BUCKET: 'library' }

  it('is refused with images at its root: every request is a 500 that says nothing, and the log says why', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await call('/images', {}, { ...shared, IMAGES_PREFIX: '', UPLOAD_PREFIX: '' })
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'Internal error', requestId: res.headers.get('x-request-id') })
    expect(log.mock.calls.join(' ')).toMatch(/Invalid bucket layout: .*overlap in bucket library.*IMAGES_PREFIX/)
    log.mockRestore()
  })
})

describe('deletes', () => {
  it('never reach outside the images area: metadata naming a frame deletes nothing (409)', async () => {
    const frame = 'unflagged/cam-north/batch_001/annotated_frames/frame_001.png'
    const registered = await postJson('/images', { FileName: frame, Bucket: env.FRAMES_BUCKET }, await bearer(['images:write']))
    expect([200, 201]).toContain(registered.status)
    const res = await call(`/images/${encodeURIComponent(frame)}`, { method: 'DELETE', headers: await bearer(['images:delete']) })
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: `Not deleted: ${env.FRAMES_BUCKET}/${frame} is not in the images area this service manages` })
    const listing = (await (await call('/devices/cam-north/batches/batch_001/frames', { headers: { 'cache-control': 'no-cache' } })).json()) as { frames: { key: string }[] }
    expect(listing.frames.map((f) => f.key)).toContain(frame)
  })
})

describe('uploads', () => {
  const writer = () => bearer(['images:write'])

  it('take raster images only: an SVG would run its scripts when its URL is opened', async () => {
    const res = await postJson('/uploads', { ...upload, fileName: 'x.svg', contentType: 'image/svg+xml' }, await writer())
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid contentType: must be one of image\/png, image\/jpeg, image\/gif, image\/webp, image\/avif$/)
  })

  it('refuse a file name the API could then neither read nor delete (an encoded slash)', async () => {
    const res = await postJson('/uploads', { ...upload, fileName: 'a%2Fb.png' }, await writer())
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid fileName: /)
  })

  it('get URLs that expire within minutes, signed as of now', async () => {
    const before = Date.now()
    const ticket = (await (await postJson('/uploads', upload, await writer())).json()) as { url: string; expiresAt: string }
    const url = new URL(ticket.url)
    expect(url.searchParams.get('X-Amz-Expires')).toBe(env.UPLOAD_EXPIRES)
    expect(Date.parse(ticket.expiresAt) - before).toBeLessThanOrEqual(Number(env.UPLOAD_EXPIRES) * 1000 + 1000)
    expect(Number(env.UPLOAD_EXPIRES)).toBeLessThanOrEqual(600)
  })
})

describe('bearer tokens', () => {
  const now = () => Math.floor(Date.now() / 1000)
  const local = (claims: Record<string, unknown>, header?: Record<string, unknown>) => {
    const part = (o: unknown) => btoa(JSON.stringify(o)).replaceAll('=', '').replaceAll('+', '-').replaceAll('/', '_')
    const body = { iss: env.AUTH_ISSUER, aud: env.AUTH_AUDIENCE, sub: 't', scope: 'images:write', iat: now(), exp: now() + 300, ...claims }
    if (!header) return sign(body, env.AUTH_HS256_SECRET, 'HS256')
    // A header of our choosing (typ), signed by hand with the same HS256 secret.
    const input = `${part({ alg: 'HS256', ...header })}.${part(body)}`
    return crypto.subtle
      .importKey('raw', new TextEncoder().encode(env.AUTH_HS256_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      .then((key) => crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)))
      .then((mac) => `${input}.${btoa(String.fromCharCode(...new Uint8Array(mac))).replaceAll('=', '').replaceAll('+', '-').replaceAll('/', '_')}`)
  }
  const post = (authorization: string) => postJson('/uploads', upload, { authorization })

  it('without exp are refused: they would be valid forever', async () => {
    expect((await post(`Bearer ${await local({ exp: undefined })}`)).status).toBe(401)
  })

  it('valid for longer than AUTH_MAX_TOKEN_LIFETIME are refused', async () => {
    expect((await post(`Bearer ${await local({ exp: now() + Number(env.AUTH_MAX_TOKEN_LIFETIME) + 3600 })}`)).status).toBe(401)
  })

  it('are read whatever the case of "Bearer" and with extra spaces (RFC 7235)', async () => {
    const token = await local({})
    for (const authorization of [`bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}`, `Bearer ${token} `]) expect((await post(authorization)).status, authorization).toBe(201)
  })

  it('of type at+jwt (RFC 9068) are accepted', async () => {
    expect((await post(`Bearer ${await local({}, { typ: 'at+jwt' })}`)).status).toBe(201)
    expect((await post(`Bearer ${await local({}, { typ: 'application/at+jwt' })}`)).status).toBe(201)
  })

  it('answer 503 with Retry-After, not 401, while the identity provider cannot be reached', async () => {
    const { privateJwk } = inject('identityProvider')
    const down = { AUTH_JWKS_URL: `http://127.0.0.1:9/${crypto.randomUUID()}/jwks.json`, AUTH_ISSUER: 'https://idp.test/', AUTH_HS256_SECRET: '' }
    const token = await sign({ iss: 'https://idp.test/', aud: env.AUTH_AUDIENCE, sub: 'u', scope: 'images:write', exp: now() + 300 }, privateJwk)
    const res = await postJson('/uploads', upload, { authorization: `Bearer ${token}` }, down)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await res.json()).toMatchObject({ error: 'Cannot check tokens right now, try again shortly' })
  })
})

describe('identifiers and headers', () => {
  it('never take a request id from the client', async () => {
    const res = await call('/devices', { headers: { 'x-request-id': 'attacker-chosen-id' } })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('give the gallery the API’s security headers and a strict CSP naming the S3 endpoint', async () => {
    const res = await call('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain(`img-src 'self' data: ${new URL(env.S3_ENDPOINT).origin}`)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
  })

  it('answer a forged persons cursor (a count no item can hold) with 400, not 503', async () => {
    const forged = btoa(JSON.stringify({ personId: 'p', rankPartition: 'persons', photoCount: 1e200 })).replaceAll('=', '')
    const res = await call(`/persons?cursor=${forged}`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid cursor: /)
  })
})
