/**
 * The edge cache through the whole local stack: no poisoning, writes visible to the writer's
 * next read, and S3 events purging the edge (through the Worker's local stand-in of Cloudflare's
 * purge by tag) within seconds, without `Cache-Control: no-cache`.
 */
import { randomUUID } from 'node:crypto'
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { eventually, testStack } from '../stack/testing'
import { localToken } from '../stack/token'

const { config, urls, s3 } = testStack()
const token = { authorization: `Bearer ${await localToken(['images:write', 'images:delete'])}` }

async function json<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T; cache: string | null }> {
  const res = await fetch(`${urls.worker}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
  return { status: res.status, body: (await res.json()) as T, cache: res.headers.get('x-cache') }
}

type Images = { images: { FileName: string }[] }
type Persons = { persons: { personId: string; photoCount: number }[]; nextCursor: string | null }

/** Every person, walking the pages as a client does (each page through the edge cache). */
async function everyone(): Promise<Persons['persons']> {
  const all: Persons['persons'] = []
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page: Persons = (await json<Persons>(`/persons?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body
    all.push(...page.persons)
    cursor = page.nextCursor
  }
  return all
}

describe('no poisoning', () => {
  it('a device name a URL would cut is a 400 that leaves the real listing alone', async () => {
    expect((await json('/devices/cam-north/batches')).status).toBe(200)
    for (const forged of ['cam-north%23x', 'cam-north%3Fx', 'cam-north%ED%A0%80']) expect((await json(`/devices/${forged}/batches`)).status).toBe(400)
    const real = await json<{ batches: string[] }>('/devices/cam-north/batches')
    expect(real.status).toBe(200)
    expect(real.body.batches).toEqual(['batch_001', 'batch_002', 'batch_003'])
  })
})

describe("the writer's next read", () => {
  it('after a registration, shows the image in GET /images/{key} and GET /getall at once', async () => {
    const key = `e2e-cache/${randomUUID().slice(0, 8)}.png`
    await json('/getall')
    expect((await json(`/images/${encodeURIComponent(key)}`)).status).toBe(404)
    const registered = await fetch(`${urls.worker}/images`, { method: 'POST', headers: { ...token, 'content-type': 'application/json' }, body: JSON.stringify({ FileName: key }) })
    expect(registered.status).toBe(201)
    expect((await json(`/images/${encodeURIComponent(key)}`)).status).toBe(200)
    expect((await json<Images>('/getall')).body.images.map((i) => i.FileName)).toContain(key)
  })

  it('after a delete, answers 404 in GET /images/{key} and POST /getitem at once', async () => {
    const key = `e2e-cache/${randomUUID().slice(0, 8)}.png`
    await s3.send(new PutObjectCommand({ Bucket: config.buckets.images, Key: key, Body: 'x', ContentType: 'image/png' }))
    expect(await eventually(async () => ((await json(`/images/${encodeURIComponent(key)}`, { headers: { 'cache-control': 'no-cache' } })).status === 200 ? true : undefined))).toBe(true)
    const getitem = () => json<{ error?: string }>('/getitem', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ FileName: key }) })
    expect((await getitem()).status).toBe(200)
    const deleted = await fetch(`${urls.worker}/images/${encodeURIComponent(key)}`, { method: 'DELETE', headers: token })
    expect(deleted.status).toBe(200)
    expect((await json(`/images/${encodeURIComponent(key)}`)).status).toBe(404)
    expect(await getitem()).toMatchObject({ status: 404, body: { error: 'Item not found' } })
  })
})

describe('S3 events purge the edge, without Cache-Control: no-cache', () => {
  it('a new face thumbnail is in GET /persons within 2 s', async () => {
    const personId = `e2e-fresh-${randomUUID().slice(0, 8)}`
    expect((await everyone()).map((p) => p.personId)).not.toContain(personId)
    await s3.send(new PutObjectCommand({ Bucket: config.buckets.thumbs, Key: `faces-thumbs/${personId}/p1_face_0.png`, Body: 'face', ContentType: 'image/png' }))
    const seen = await eventually(async () => (await everyone()).find((p) => p.personId === personId), 2_000)
    expect(seen).toEqual({ personId, photoCount: 1, repThumbKey: `faces-thumbs/${personId}/p1_face_0.png`, repThumbURL: expect.any(String) })
  })

  it('a deleted image is gone from GET /getall within 2 s', async () => {
    const key = `e2e-cache/${randomUUID().slice(0, 8)}.png`
    await s3.send(new PutObjectCommand({ Bucket: config.buckets.images, Key: key, Body: 'x', ContentType: 'image/png' }))
    expect(await eventually(async () => ((await json<Images>('/getall')).body.images.some((i) => i.FileName === key) ? true : undefined))).toBe(true)
    await s3.send(new DeleteObjectCommand({ Bucket: config.buckets.images, Key: key }))
    const gone = await eventually(async () => ((await json<Images>('/getall')).body.images.some((i) => i.FileName === key) ? undefined : true), 2_000)
    expect(gone).toBe(true)
  })
})
