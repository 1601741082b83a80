import { env } from 'cloudflare:test'
import { sign } from 'hono/jwt'
import { describe, expect, inject, it } from 'vitest'
import { call, postJson } from './request'
import { bearer } from './token'

const upload = { fileName: 'a.png', contentType: 'image/png', contentLength: 10 }

async function expectChallenge(res: Response, status: 401 | 403, error: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('www-authenticate')).toContain(`error="${error}"`)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String))
}

describe('writes need a bearer JWT with the action’s scope', () => {
  it('401 without a token', async () => {
    await expectChallenge(await postJson('/uploads', upload), 401, 'invalid_request')
  })

  it.each([
    // A middle character: the last one of a base64url signature partly holds padding bits.
    ['a bad signature', async () => ({ authorization: ((await bearer(['images:write'])).authorization ?? '').replace(/(\.[\w-]{10})([\w-])([\w-]*)$/, (_, head: string, c: string, tail: string) => head + (c === 'A' ? 'B' : 'A') + tail) })],
    ['an expired token', () => bearer(['images:write'], { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['another audience', () => bearer(['images:write'], { aud: 'someone-else' })],
    ['another issuer', () => bearer(['images:write'], { iss: 'https://evil.example' })],
    ['garbage', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['another scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
  ])('401 with %s', async (_, headers) => {
    const res = await postJson('/uploads', upload, await headers())
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/)
  })

  it('403 without the scope', async () => {
    await expectChallenge(await postJson('/uploads', upload, await bearer(['images:delete'])), 403, 'insufficient_scope')
    await expectChallenge(await call('/images/x.png', { method: 'DELETE', headers: await bearer(['images:write']) }), 403, 'insufficient_scope')
  })

  it('passes with the scope', async () => {
    expect((await postJson('/uploads', upload, await bearer(['images:write']))).status).toBe(201)
  })
})

describe('reads', () => {
  it('are public by default', async () => {
    expect((await call('/devices')).status).toBe(200)
  })

  it('need images:read when READ_AUTH=required, except /health', async () => {
    const required = { READ_AUTH: 'required' }
    expect((await call('/devices', {}, required)).status).toBe(401)
    expect((await call('/devices', { headers: await bearer(['images:read']) }, required)).status).toBe(200)
    expect((await call('/health', {}, required)).status).toBe(200)
  })
})

describe('tokens of an identity provider, verified against its JWKS (ES256)', () => {
  const { jwksUrl, privateJwk } = inject('identityProvider')
  const production = { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: 'https://idp.test/', AUTH_HS256_SECRET: '' }
  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000)
    return { iss: 'https://idp.test/', aud: env.AUTH_AUDIENCE, sub: 'user-1', scope: 'images:write', iat: now, exp: now + 300, ...overrides }
  }
  const post = async (token: string) => postJson('/uploads', upload, { authorization: `Bearer ${token}` }, production)

  it('are accepted with a known key, issuer, audience and scope', async () => {
    expect((await post(await sign(claims(), privateJwk))).status).toBe(201)
  })

  it('are refused when signed by a key the JWKS does not hold, or with another issuer', async () => {
    expect((await post(await sign(claims(), { ...privateJwk, kid: 'unknown-key' }))).status).toBe(401)
    expect((await post(await sign(claims({ iss: 'https://other.test/' }), privateJwk))).status).toBe(401)
  })

  it('leave HS256 tokens unverifiable once no shared secret is configured', async () => {
    expect((await post(await sign(claims(), 'edge-local-jwt-secret-not-for-production', 'HS256'))).status).toBe(401)
  })

  it('refuse unsigned tokens (alg none)', async () => {
    const part = (o: unknown) => btoa(JSON.stringify(o)).replaceAll('=', '').replaceAll('+', '-').replaceAll('/', '_')
    expect((await post(`${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`)).status).toBe(401)
  })
})
