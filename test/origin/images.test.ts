import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { app } from '../../origin-lambda/app'
import { db as originDb } from '../../origin-lambda/dynamodb'
import { logger } from '../../origin-lambda/logger'
import { testStack } from '../stack/testing'
import { allPages, putAll, request, uniquePrefix } from './seed'

const { db, config } = testStack()
const table = config.tables.images
const prefix = uniquePrefix('origin-images')

type Image = { FileName: string; Bucket: string; Source: string; Timestamp: string; Size?: number; ETag?: string }
type ImagesPage = { images: Image[]; nextCursor: string | null }

/** An item as a bucket event records it (see images/store.ts). */
function recorded(key: string, sequencer = '0'.repeat(63) + '1') {
  return { FileName: key, Bucket: config.buckets.images, Source: 'S3', Timestamp: '2024-05-01T10:00:00.000Z', Size: 42, ETag: 'abc123', sequencer }
}

function tombstone(key: string) {
  return { FileName: key, Bucket: config.buckets.images, deleted: true, sequencer: '0'.repeat(63) + '2', expiresAt: Math.floor(Date.now() / 1000) + 3600 }
}

async function stored(key: string) {
  return (await db.send(new GetCommand({ TableName: table, Key: { FileName: key }, ConsistentRead: true }))).Item
}

const path = (key: string) => `/images/${encodeURIComponent(key)}`

const live = Array.from({ length: 23 }, (_, i) => `${prefix}/live/${String(i).padStart(2, '0')}.png`)
const dead = Array.from({ length: 40 }, (_, i) => `${prefix}/dead/${String(i).padStart(2, '0')}.png`)
const oddKeys = [`${prefix}/with space+plus=equals%percent.png`, `${prefix}/ünïcödé/名前.png`, `${prefix}/a/b/c/deep.png`]

beforeAll(async () => {
  await putAll(db, table, [...live, ...oddKeys].map((key) => recorded(key)))
  await putAll(db, table, dead.map(tombstone))
})

describe('GET /images', () => {
  afterEach(() => vi.restoreAllMocks())

  it('pages through the whole table with cursors: every live image once, no tombstone, no internals', async () => {
    const { items, pages } = await allPages('/images?limit=7', (body: ImagesPage) => body.images)
    const names = items.map((i) => i.FileName)
    expect(new Set(names).size).toBe(names.length)
    for (const key of [...live, ...oddKeys]) expect(names).toContain(key)
    for (const key of dead) expect(names).not.toContain(key)
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(7)
    expect(items.find((i) => i.FileName === live[0])).toEqual({
      FileName: live[0],
      Bucket: config.buckets.images,
      Source: 'S3',
      Timestamp: '2024-05-01T10:00:00.000Z',
      Size: 42,
      ETag: 'abc123',
    })
  })

  it('fills pages despite tombstones, which DynamoDB filters only after applying Limit', async () => {
    const send = vi.spyOn(originDb, 'send')
    const scansPerPage: number[] = []
    const { pages } = await allPages('/images?limit=20', (body: ImagesPage) => {
      scansPerPage.push(send.mock.calls.length - scansPerPage.reduce((a, b) => a + b, 0))
      return body.images
    })
    // 40 tombstones among the items: a page is short only at the end or after its 10 Scans.
    pages.slice(0, -1).forEach((page, i) => expect(page.length === 20 || scansPerPage[i] === 10).toBe(true))
    expect(scansPerPage.some((scans) => scans > 1)).toBe(true)
  })

  it('answers 50 images by default', async () => {
    const res = await request('GET', '/images')
    expect(res.status).toBe(200)
    const body = (await res.json()) as ImagesPage
    expect(body.images.length).toBeLessThanOrEqual(50)
    expect(Object.keys(body)).toEqual(['images', 'nextCursor'])
  })

  it.each([
    ['not base64', 'not base64!'],
    ['not JSON', Buffer.from('{"FileName":').toString('base64url')],
    ['a key of another table', Buffer.from(JSON.stringify({ personId: 'p', photoId: 'x' })).toString('base64url')],
    ['a key with more fields', Buffer.from(JSON.stringify({ FileName: 'a', extra: 1 })).toString('base64url')],
    ['a key of the wrong type', Buffer.from(JSON.stringify({ FileName: 7 })).toString('base64url')],
    ['too long', 'A'.repeat(5000)],
  ])('refuses a cursor that is %s with a clear 400', async (_, cursor) => {
    const res = await request('GET', `/images?cursor=${encodeURIComponent(cursor)}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^Invalid cursor: /) })
  })

  it.each([
    ['0', 'Invalid limit: must be at least 1'],
    ['501', 'Invalid limit: must be at most 500'],
    ['2.5', 'Invalid limit: must be a whole number'],
    ['ten', 'Invalid limit: must be a number'],
  ])('refuses limit=%s with a clear 400', async (limit, error) => {
    const res = await request('GET', `/images?limit=${limit}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error })
  })
})

describe('GET /images/{key}', () => {
  it.each(oddKeys)('answers the image of a URL-encoded key: %s', async (key) => {
    const res = await request('GET', path(key))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { image: Image }).image).toMatchObject({ FileName: key, Size: 42 })
  })

  it('takes a key whose slashes are not encoded', async () => {
    const res = await request('GET', `/images/${oddKeys[2]}`)
    expect(((await res.json()) as { image: Image }).image.FileName).toBe(oddKeys[2])
  })

  it.each([
    ['absent', `${prefix}/never-there.png`],
    ['a tombstone', dead[0]!],
  ])('answers 404 Item not found when the item is %s', async (_, key) => {
    const res = await request('GET', path(key))
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'Item not found' })
  })

  it('refuses a key longer than S3 allows', async () => {
    const res = await request('GET', path('k'.repeat(1025)))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Invalid key: must be at most 1024 bytes' })
  })
})

describe('POST /images', () => {
  it('registers metadata with the defaults: images bucket, Source API, Timestamp now', async () => {
    const key = `${prefix}/registered.png`
    const before = Date.now()
    const res = await request('POST', '/images', { FileName: key })
    expect(res.status).toBe(201)
    const { image } = (await res.json()) as { image: Image }
    expect(image).toMatchObject({ FileName: key, Bucket: config.buckets.images, Source: 'API' })
    expect(Date.parse(image.Timestamp)).toBeGreaterThanOrEqual(before - 1)
    expect(await stored(key)).toEqual(image)
  })

  it('replaces what an earlier registration wrote', async () => {
    const key = `${prefix}/registered-twice.png`
    await request('POST', '/images', { FileName: key, Source: 'first' })
    const res = await request('POST', '/images', { FileName: key, Bucket: 'other-bucket', Source: 'second', Timestamp: '2020-01-01T00:00:00Z' })
    expect(res.status).toBe(201)
    expect(await stored(key)).toEqual({ FileName: key, Bucket: 'other-bucket', Source: 'second', Timestamp: '2020-01-01T00:00:00Z' })
  })

  it('leaves an item a bucket event recorded as it is, sequencer included, and answers it with 200', async () => {
    const key = live[1]!
    const res = await request('POST', '/images', { FileName: key, Source: 'old client' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { image: Image }).image).toMatchObject({ FileName: key, Source: 'S3', Size: 42 })
    expect(await stored(key)).toEqual(recorded(key))
  })

  it('does not resurrect a deleted image: 409, and the tombstone stays', async () => {
    const key = dead[1]!
    const res = await request('POST', '/images', { FileName: key })
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: `Image was deleted: ${key}; upload it again to restore it` })
    expect(await stored(key)).toMatchObject({ deleted: true })
  })

  it.each([
    [{}, 'FileName missing'],
    [{ FileName: '' }, 'FileName missing'],
    [{ FileName: 7 }, 'Invalid FileName: must be a string'],
    [{ FileName: 'a.png', Bucket: 'Not_A_Bucket' }, 'Invalid Bucket: must be an S3 bucket name'],
    [{ FileName: 'a.png', Source: 'x'.repeat(257) }, 'Invalid Source: must be at most 256 characters'],
    [['a.png'], 'Invalid body: must be a JSON object'],
  ])('refuses %j with a clear 400', async (body, error) => {
    const res = await request('POST', '/images', body)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error })
  })

  it('refuses a body that is not JSON with a clear 400', async () => {
    const res = await app.request('/images', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"FileName":' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Malformed JSON in request body' })
  })
})

describe('DELETE /images/{key}', () => {
  it('deletes the item, then answers 404 for it', async () => {
    const key = `${prefix}/to delete/é.png`
    await db.send(new PutCommand({ TableName: table, Item: recorded(key) }))
    const res = await request('DELETE', path(key))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ deletedFile: key })
    expect(await stored(key)).toBeUndefined()
    expect((await request('GET', path(key))).status).toBe(404)
    const again = await request('DELETE', path(key))
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual({ error: 'Item not found' })
  })

  it('answers 404 for a tombstone and leaves it in place', async () => {
    const res = await request('DELETE', path(dead[2]!))
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'Item not found' })
    expect(await stored(dead[2]!)).toMatchObject({ deleted: true })
  })
})

describe('routes of the old system, with their shapes', () => {
  it('POST /upload saves metadata: {message, item}', async () => {
    const key = `${prefix}/old-upload.png`
    const res = await request('POST', '/upload', { FileName: key, Source: 'legacy', Timestamp: '2023-03-03T03:03:03Z' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      message: 'Metadata added successfully',
      item: { FileName: key, Bucket: config.buckets.images, Source: 'legacy', Timestamp: '2023-03-03T03:03:03Z' },
    })
  })

  it.each([
    ['an empty object', {}],
    ['no body', undefined],
  ])('POST /upload with %s answers 400 FileName missing', async (_, body) => {
    const res = await request('POST', '/upload', body)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'FileName missing' })
  })

  it('GET /getall answers every live image: {images}', async () => {
    const res = await request('GET', '/getall')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { images: Image[] }
    expect(Object.keys(body)).toEqual(['images'])
    const names = body.images.map((i) => i.FileName)
    expect(new Set(names).size).toBe(names.length)
    for (const key of live) expect(names).toContain(key)
    for (const key of dead) expect(names).not.toContain(key)
  })

  it('POST /getitem answers {data}, 400 FileName missing, 404 Item not found', async () => {
    const found = await request('POST', '/getitem', { FileName: live[3] })
    expect(await found.json()).toEqual({ data: expect.objectContaining({ FileName: live[3], Source: 'S3' }) })
    const missing = await request('POST', '/getitem', {})
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({ error: 'FileName missing' })
    for (const key of [`${prefix}/absent.png`, dead[3]]) {
      const absent = await request('POST', '/getitem', { FileName: key })
      expect(absent.status).toBe(404)
      expect(await absent.json()).toEqual({ error: 'Item not found' })
    }
  })
})

describe('a failure of DynamoDB', () => {
  afterEach(() => vi.restoreAllMocks())

  it('is a 500 that reveals nothing, and is logged', async () => {
    const secret = 'ResourceNotFoundException: arn:aws:dynamodb:us-east-1:123456789012:table/ImageMetadata'
    vi.spyOn(originDb, 'send').mockRejectedValueOnce(new Error(secret) as never)
    const log = vi.spyOn(logger, 'error').mockImplementation(() => {})
    const res = await request('GET', '/images')
    expect(res.status).toBe(500)
    expect(await res.text()).toBe(JSON.stringify({ error: 'Internal error' }))
    expect(log.mock.calls).toContainEqual(['unhandled', expect.objectContaining({ error: expect.objectContaining({ message: secret }) })])
  })
})
