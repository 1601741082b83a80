import { env } from 'cloudflare:test'
import { AwsClient } from 'aws4fetch'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSigner, createUrlSigner, type SignerOptions } from '../../worker/signing'
import { Lru } from '../../worker/signing/lru'

const options: SignerOptions = {
  endpoint: 'http://127.0.0.1:7070',
  region: 'us-east-1',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret',
  expiresSeconds: 3600,
  windowSeconds: 900,
}
/** 2024-05-01T12:07:30Z, 7.5 minutes into the window starting at 12:00. */
const now = Date.UTC(2024, 4, 1, 12, 7, 30)
const windowStart = Date.UTC(2024, 4, 1, 12, 0, 0)

function query(url: string) {
  return Object.fromEntries(new URL(url).searchParams)
}

/** The URL's path as written, before any parser normalises it. */
function rawPath(url: string) {
  return url.slice(url.indexOf('/', 'http://'.length), url.indexOf('?'))
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createUrlSigner', () => {
  it("reproduces AWS's published presigned GET (virtual-hosted, 86400 s)", async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html, "Example"
    const signUrl = createUrlSigner({
      endpoint: 'https://examplebucket.s3.amazonaws.com',
      region: 'us-east-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    })
    const url = await signUrl({ method: 'GET', path: '/test.txt', datetime: '20130524T000000Z', expiresSeconds: 86400 })
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    )
  })

  it('refuses an endpoint with a path, which path-style URLs cannot carry', () => {
    expect(() => createUrlSigner({ ...options, endpoint: 'http://127.0.0.1:7070/s3' })).toThrow(RangeError)
  })
})

describe('createSigner', () => {
  it('presigns a path-style GET as of the window start, valid for expires + window', async () => {
    const { url, expiresAt } = await createSigner(options).presignGet('frames', 'cam-1/0001.jpg', now)
    expect(url.startsWith('http://127.0.0.1:7070/frames/cam-1/0001.jpg?')).toBe(true)
    expect(query(url)).toEqual({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20240501T120000Z',
      'X-Amz-Expires': '4500',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(expiresAt).toBe('2024-05-01T13:15:00.000Z')
  })

  it('gives every call of one window the byte-identical URL, even without the memo', async () => {
    const times = [windowStart, now, windowStart + 900_000 - 1]
    const urls = await Promise.all(times.map((t) => createSigner({ ...options, cacheSize: 0 }).presignGet('frames', 'a b.jpg', t)))
    expect(new Set(urls.map((u) => u.url)).size).toBe(1)
    expect(new Set(urls.map((u) => u.expiresAt)).size).toBe(1)
  })

  it('signs a new URL in the next window', async () => {
    const signer = createSigner(options)
    const first = await signer.presignGet('frames', 'a.jpg', now)
    const next = await signer.presignGet('frames', 'a.jpg', windowStart + 900_000)
    expect(next.url).not.toBe(first.url)
    expect(query(next.url)['X-Amz-Date']).toBe('20240501T121500Z')
    expect(next.expiresAt).toBe('2024-05-01T13:30:00.000Z')
  })

  it('keeps every URL valid at least expiresSeconds after it is handed out', async () => {
    const signer = createSigner({ ...options, expiresSeconds: 60, windowSeconds: 45 })
    for (const t of [windowStart, now, windowStart + 44_999, windowStart + 45_000]) {
      const { url, expiresAt } = await signer.presignGet('frames', 'a.jpg', t)
      expect(query(url)['X-Amz-Expires']).toBe('105')
      expect(Date.parse(expiresAt) - t).toBeGreaterThanOrEqual(60_000)
      expect(Date.parse(expiresAt)).toBe(Date.parse(toIso(query(url)['X-Amz-Date'] ?? '')) + 105_000)
    }
  })

  it.each([
    ['spaces', 'cam 1/frame 1.jpg', '/frames/cam%201/frame%201.jpg'],
    ['plus, sent as %2B since aws4fetch would read it as a space', 'a+b.jpg', '/frames/a%2Bb.jpg'],
    ['percent, never decoded', '100%/a%20b.jpg', '/frames/100%25/a%2520b.jpg'],
    ['equals and ampersand', 'k=v&x.jpg', '/frames/k%3Dv%26x.jpg'],
    ['query and fragment characters', 'what?#1.jpg', '/frames/what%3F%231.jpg'],
    ['unicode', 'ünï/日本 😀.png', '/frames/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC%20%F0%9F%98%80.png'],
    ['unreserved characters kept', 'A-Z_a.z~0-9', '/frames/A-Z_a.z~0-9'],
    ["sub-delimiters encodeURIComponent spares: !'()*", "!'()*.jpg", '/frames/%21%27%28%29%2A.jpg'],
    ['backslash, which URL parsers would turn into a slash', 'a\\b', '/frames/a%5Cb'],
    ['slashes kept, empty segments too', '/a//b/', '/frames//a//b/'],
  ])('encodes keys with %s', async (_, key, path) => {
    const { url } = await createSigner(options).presignGet('frames', key, now)
    expect(rawPath(url)).toBe(path)
    expect(url).not.toContain('+')
    expect(decodeURIComponent(new URL(url).pathname)).toBe(`/frames/${key}`)
  })

  it.each(['', '.', '..', 'a/../b', 'a/./b', 'a/..'])('refuses key %j, which no URL can reach', async (key) => {
    await expect(createSigner(options).presignGet('frames', key, now)).rejects.toThrow(RangeError)
  })

  it.each(['', 'ab', 'Frames', 'a/b', 'frames?x'])('refuses bucket %j', async (bucket) => {
    await expect(createSigner(options).presignGet(bucket, 'a.jpg', now)).rejects.toThrow(RangeError)
  })

  it.each([
    { expiresSeconds: 0 },
    { windowSeconds: 1.5 },
    { expiresSeconds: 604_800 },
    { cacheSize: -1 },
  ])('refuses options %o', (bad) => {
    expect(() => createSigner({ ...options, ...bad })).toThrow(RangeError)
  })

  it('binds content-type and content-length into a PUT, valid for minutes from now, not from the window', async () => {
    const signed = await createSigner(options).presignPut('images', 'uploads/a b.png', { contentType: 'image/png', contentLength: 5120 }, now)
    expect(rawPath(signed.url)).toBe('/images/uploads/a%20b.png')
    expect(query(signed.url)['X-Amz-SignedHeaders']).toBe('content-length;content-type;host')
    expect(signed.headers).toEqual({ 'content-length': '5120', 'content-type': 'image/png' })
    expect(query(signed.url)['X-Amz-Date']).toBe('20240501T120730Z')
    expect(query(signed.url)['X-Amz-Expires']).toBe('300')
    expect(signed.expiresAt).toBe('2024-05-01T12:12:30.000Z')
  })

  it('signs different PUT URLs for different bound headers', async () => {
    const signer = createSigner(options)
    const png = await signer.presignPut('images', 'a', { contentType: 'image/png', contentLength: 1 }, now)
    const jpeg = await signer.presignPut('images', 'a', { contentType: 'image/jpeg', contentLength: 1 }, now)
    const longer = await signer.presignPut('images', 'a', { contentType: 'image/png', contentLength: 2 }, now)
    expect(new Set([png.url, jpeg.url, longer.url]).size).toBe(3)
  })

  it('refuses a content length or type that cannot be sent', async () => {
    const signer = createSigner(options)
    await expect(signer.presignPut('images', 'a', { contentType: 'image/png', contentLength: -1 }, now)).rejects.toThrow(RangeError)
    await expect(signer.presignPut('images', 'a', { contentType: 'image/png\r\nx-evil: 1', contentLength: 1 }, now)).rejects.toThrow(RangeError)
  })
})

describe('memo', () => {
  it('answers a repeated request from memory, with the same frozen result', async () => {
    const signer = createSigner(options)
    const digest = vi.spyOn(crypto.subtle, 'digest')
    const first = await signer.presignGet('frames', 'a.jpg', now)
    const again = await signer.presignGet('frames', 'a.jpg', now + 1000)
    expect(again).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(digest).toHaveBeenCalledTimes(1)
  })

  it('keeps at most cacheSize URLs, forgetting the least recently used', async () => {
    const signer = createSigner({ ...options, cacheSize: 2 })
    const digest = vi.spyOn(crypto.subtle, 'digest')
    for (const key of ['a', 'b', 'a', 'c']) await signer.presignGet('frames', key, now) // 'c' evicts 'b'
    expect(digest).toHaveBeenCalledTimes(3)
    await signer.presignGet('frames', 'a', now)
    await signer.presignGet('frames', 'c', now)
    expect(digest).toHaveBeenCalledTimes(3)
    await signer.presignGet('frames', 'b', now)
    expect(digest).toHaveBeenCalledTimes(4)
  })

  it('derives the signing key once a day, not once per URL', async () => {
    const signer = createSigner({ ...options, cacheSize: 0 })
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    await Promise.all(['a', 'b', 'c'].map((key) => signer.presignGet('frames', key, now)))
    await signer.presignGet('frames', 'd', now + 900_000)
    // "AWS4" + secret and the four HMACs of the derivation are imported once each.
    expect(importKey).toHaveBeenCalledTimes(5)
    await signer.presignGet('frames', 'a', now + 86_400_000)
    expect(importKey).toHaveBeenCalledTimes(10)
  })
})

describe('Lru', () => {
  it('never holds more than its capacity and forgets the least recently read first', () => {
    const lru = new Lru<string, number>(3)
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      lru.set(key, i)
      expect(lru.size).toBeLessThanOrEqual(3)
    }
    expect(lru.get('c')).toBe(2)
    lru.set('f', 5)
    expect([lru.get('c'), lru.get('d'), lru.get('e'), lru.get('f')]).toEqual([2, undefined, 4, 5])
  })

  it('keeps nothing with capacity 0', () => {
    const lru = new Lru<string, number>(0)
    lru.set('a', 1)
    expect(lru.size).toBe(0)
  })
})

/**
 * S3 itself (the stack's versitygw) accepts the URLs: objects with awkward keys round-trip,
 * and a PUT with another type or size than the one signed is refused. In a bucket of its
 * own, so no other test sees these objects. Local S3 only: the bucket is created here.
 */
describe.runIf(['127.0.0.1', 'localhost'].includes(new URL(env.S3_ENDPOINT).hostname))('against S3', () => {
  const bucket = 'signing-test'
  const s3 = { endpoint: env.S3_ENDPOINT, region: env.S3_REGION, accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
  const admin = new AwsClient({ ...s3, service: 's3' })
  const signer = createSigner({ ...s3, expiresSeconds: 60, windowSeconds: 60 })
  const keys = ['cam 1/2024-05-01/+0001 (copy).jpg', "a+b=c%20d~!'()*.txt", 'ünï/日本 😀.png', 'what?&#=.txt', 'percent%2Fslash.txt']

  beforeAll(async () => {
    const res = await admin.fetch(`${s3.endpoint}/${bucket}`, { method: 'PUT' })
    expect([200, 409]).toContain(res.status)
  })

  afterAll(async () => {
    for (const key of keys) await admin.fetch(`${s3.endpoint}/${bucket}/${encodeURIComponent(key)}`, { method: 'DELETE' })
    await admin.fetch(`${s3.endpoint}/${bucket}`, { method: 'DELETE' })
  })

  it.each(keys)('round-trips %j through a presigned PUT and GET', async (key) => {
    const body = `object ${key}`
    const put = await signer.presignPut(bucket, key, { contentType: 'text/plain', contentLength: new TextEncoder().encode(body).length })
    const stored = await fetch(put.url, { method: 'PUT', headers: put.headers, body })
    expect(stored.status, await stored.text()).toBe(200)
    const get = await fetch((await signer.presignGet(bucket, key)).url)
    expect(get.status).toBe(200)
    expect(await get.text()).toBe(body)
  })

  it('refuses a PUT whose content type or length differs from the signed ones', async () => {
    const put = await signer.presignPut(bucket, keys[0] ?? '', { contentType: 'text/plain', contentLength: 5 })
    const otherType = await fetch(put.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: 'hello' })
    expect(otherType.status).toBe(403)
    await otherType.body?.cancel()
    const otherLength = await fetch(put.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello!' })
    expect(otherLength.status).toBe(403)
    await otherLength.body?.cancel()
  })
})

function toIso(amzDate: string) {
  return amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')
}
