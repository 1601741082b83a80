import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { postJson } from './request'
import { bearer } from './token'

const writer = await bearer(['images:write'])

type Upload = { url: string; method: string; headers: Record<string, string>; key: string; expiresAt: string }

describe('POST /uploads', () => {
  it('issues a presigned PUT under the upload prefix with type and length bound into the signature', async () => {
    const res = await postJson('/uploads', { fileName: 'cat photo.png', contentType: 'image/png', contentLength: 1234 }, writer)
    expect(res.status).toBe(201)
    const upload = (await res.json()) as Upload
    expect(upload.method).toBe('PUT')
    expect(upload.key).toMatch(new RegExp(`^${env.UPLOAD_PREFIX}\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}-cat photo\\.png$`))
    expect(upload.headers).toMatchObject({ 'content-type': 'image/png', 'content-length': '1234' })
    const signedHeaders = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')
    expect(signedHeaders).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']))
  })

  it('gives two uploads of one file name two keys', async () => {
    const body = { fileName: 'same.png', contentType: 'image/png', contentLength: 10 }
    const a = (await (await postJson('/uploads', body, writer)).json()) as Upload
    const b = (await (await postJson('/uploads', body, writer)).json()) as Upload
    expect(a.key).not.toBe(b.key)
  })

  it.each([
    [{ fileName: 'x.exe', contentType: 'application/octet-stream', contentLength: 10 }, /contentType/],
    [{ fileName: '../x.png', contentType: 'image/png', contentLength: 10 }, /fileName/],
    [{ fileName: 'x.png', contentType: 'image/png', contentLength: 0 }, /contentLength/],
    [{ fileName: 'x.png', contentType: 'image/png', contentLength: 1e12 }, /contentLength/],
    [{ fileName: 'x.png', contentType: 'image/png' }, /contentLength/],
  ])('refuses %j with a clear 400', async (body, field) => {
    const res = await postJson('/uploads', body, writer)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(field)
  })
})
