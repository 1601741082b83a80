import { describe, expect, it } from 'vitest'
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
    ['a bad signature', async () => ({ authorization: (await bearer(['images:write'])).authorization.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) })],
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
