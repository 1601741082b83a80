import { rmSync } from 'node:fs'
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StackConfig, testConfig } from '../stack/config'
import { dynamodbClient } from '../stack/dynamodb'
import { type Stack, startStack } from '../stack/index'
import { s3Client } from '../stack/s3'
import { seedDemo } from '../stack/seed'
import { eventually } from '../stack/testing'

/**
 * Faults need services to die and come back, so this file runs its own stack on its own
 * ports, with short TTLs and a one-second upstream deadline, and DynamoDB kept on disk so a
 * restart finds its tables again.
 */
const config: StackConfig = {
  ...testConfig(process.env, process.pid),
  workerPort: 38787,
  originPort: 38790,
  s3Port: 37070,
  dynamodbPort: 38000,
  dataDir: `.data/faults-${process.pid}`,
  persistDynamodb: true,
  workerOverrides: { LISTING_TTL: '1', METADATA_TTL: '1', MAX_STALE: '3600', UPSTREAM_TIMEOUT_MS: '1000' },
}
const worker = `http://127.0.0.1:${config.workerPort}`
let stack: Stack

beforeAll(async () => {
  stack = await startStack(config)
  await seedDemo(config)
  // versitygw's webhook copies of the seed's events arrive over the next seconds, each purging
  // the edge answers it touches: let them land before tests that count on what is cached.
  await new Promise((resolve) => setTimeout(resolve, 4_000))
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  rmSync(config.dataDir, { recursive: true, force: true })
})

/** Every request has a client-side deadline well above the Worker's: a hang fails the test instead of stalling it. */
function get(path: string) {
  return fetch(`${worker}${path}`, { signal: AbortSignal.timeout(4_000) })
}

const pastTtl = () => new Promise((r) => setTimeout(r, 1_100))

describe('origin down', () => {
  it('keeps answering GET /persons from the edge cache, marked STALE; 503 with Retry-After for what was never cached', async () => {
    expect((await get('/persons?limit=10')).status).toBe(200)
    await stack.services.get('origin')?.stop()
    try {
      await pastTtl()
      const stale = await get('/persons?limit=10')
      expect(stale.status).toBe(200)
      expect(stale.headers.get('x-cache')).toBe('STALE')
      expect(((await stale.json()) as { persons: unknown[] }).persons.length).toBeGreaterThan(0)
      const uncached = await get('/persons?limit=11')
      expect(uncached.status).toBe(503)
      expect(uncached.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(await uncached.json()).toEqual({ error: 'The service is temporarily unavailable, try again shortly', requestId: uncached.headers.get('x-request-id') })
    } finally {
      await stack.restart('origin')
    }
  })
})

describe('S3 down', () => {
  it('serves cached listings stale, and still presigns (signing needs no S3 call)', async () => {
    const frames = '/devices/cam-north/batches/batch_001/frames'
    const before = await get(frames)
    expect(before.status).toBe(200)
    await stack.services.get('s3')?.stop()
    try {
      await pastTtl()
      const stale = await get(frames)
      expect(stale.status).toBe(200)
      expect(stale.headers.get('x-cache')).toBe('STALE')
      const { frames: list } = (await stale.json()) as { frames: { url: string }[] }
      expect(list[0]?.url).toMatch(/X-Amz-Signature=/)
      const people = await get('/persons?limit=12')
      expect(people.status).toBe(200)
      expect(((await people.json()) as { persons: { repThumbURL: string }[] }).persons[0]?.repThumbURL).toMatch(/X-Amz-Signature=/)
      expect((await get('/devices/never-listed/batches')).status).toBe(502)
    } finally {
      await stack.restart('s3')
    }
  })
})

describe('slow origin', () => {
  it('never holds a Worker request beyond its deadline', async () => {
    await stack.restart('origin', { ORIGIN_DELAY_MS: '3000' })
    try {
      const started = Date.now()
      const res = await get('/persons?limit=13')
      expect(res.status).toBe(503)
      expect(Date.now() - started).toBeLessThan(3_000)
    } finally {
      await stack.restart('origin')
    }
  })
})

describe('purge service down', () => {
  it("applies S3 events all the same, and the edge's answers are fresh again by the TTL bound", async () => {
    await stack.restart('origin', { PURGE_URL: 'http://127.0.0.1:9/client/v4/zones/local/purge_cache' })
    try {
      const personId = `faults-${Date.now()}`
      const photos = async () => ((await (await get(`/persons/${personId}/photos`)).json()) as { photos: unknown[] }).photos.length
      expect(await photos()).toBe(0)
      const db = DynamoDBDocumentClient.from(dynamodbClient(config))
      await s3Client(config).send(new PutObjectCommand({ Bucket: config.buckets.thumbs, Key: `faces-thumbs/${personId}/p1_face_0.png`, Body: 'face' }))
      const occurrence = async () => (await db.send(new GetCommand({ TableName: config.tables.occurrences, Key: { personId, photoId: 'p1' }, ConsistentRead: true }))).Item
      expect(await eventually(occurrence, 3_000)).toMatchObject({ thumbKey: `faces-thumbs/${personId}/p1_face_0.png` })
      await eventually(async () => (/edge purge failed/.test(stack.services.get('origin')?.recentOutput() ?? '') ? true : undefined), 5_000)
      expect(stack.services.get('origin')?.recentOutput()).toMatch(/edge purge failed/)
      // METADATA_TTL is 1 s here: past it, a read refreshes the entry (STALE), the next is fresh.
      expect(await eventually(async () => ((await photos()) === 1 ? true : undefined), 4_000)).toBe(true)
    } finally {
      await stack.restart('origin')
    }
  })
})

describe('DynamoDB down during event ingestion', () => {
  const s3 = s3Client(config)
  const db = DynamoDBDocumentClient.from(dynamodbClient(config))
  const keys = Array.from({ length: 5 }, (_, i) => `faults/ingest-${i}.png`)

  /** The SQS batch AWS would deliver for these objects: one message per S3 event. */
  function sqsBatch(objects: { key: string; size: number; eTag: string }[]) {
    return {
      Records: objects.map((o, i) => ({
        messageId: `m-${i}`,
        eventSource: 'aws:sqs',
        body: JSON.stringify({
          Records: [{ eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: config.buckets.images }, object: { key: encodeURIComponent(o.key), size: o.size, eTag: o.eTag, sequencer: `FF${i}` } } }],
        }),
      })),
    }
  }

  async function deliver(batch: unknown) {
    const res = await fetch(`${stack.urls.origin}/_local/s3-events`, { method: 'POST', headers: { 'x-local-events-secret': config.eventsSecret }, body: JSON.stringify(batch), signal: AbortSignal.timeout(30_000) })
    return (await res.json()) as { batchItemFailures: { itemIdentifier: string }[] }
  }

  it('reports every record as failed while it is down, and after the restart and redelivery the table matches S3 exactly', async () => {
    await stack.services.get('dynamodb')?.stop()
    let batch: ReturnType<typeof sqsBatch>
    try {
      for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: config.buckets.images, Key: key, Body: key }))
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.buckets.images, Prefix: 'faults/' }))
      batch = sqsBatch((listed.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0, eTag: (o.ETag ?? '').replaceAll('"', '') })))
      const failures = await deliver(batch)
      expect(failures.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(batch.Records.map((r) => r.messageId).sort())
    } finally {
      await stack.restart('dynamodb')
    }
    expect((await deliver(batch)).batchItemFailures).toEqual([])
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.buckets.images, Prefix: 'faults/' }))
    for (const object of listed.Contents ?? []) {
      const { Item } = await db.send(new GetCommand({ TableName: config.tables.images, Key: { FileName: object.Key } }))
      expect(Item).toMatchObject({ FileName: object.Key, Size: object.Size, ETag: object.ETag?.replaceAll('"', '') })
    }
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([...keys].sort())
  }, 60_000)
})
