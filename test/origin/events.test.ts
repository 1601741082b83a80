import { randomUUID } from 'node:crypto'
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { handler } from '../../origin-lambda/index'
import { logger } from '../../origin-lambda/logger'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import { testStack } from '../stack/testing'

const { config, db } = testStack()
const { images, photos, thumbs } = config.buckets
const tables = config.tables

type Kind = 'created' | 'removed'

/** One S3 notification record as AWS sends it; `key` is given already URL-encoded. */
function s3Record(kind: Kind, bucket: string, key: string, sequencer: string, eventName?: string) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    eventTime: '2024-05-01T12:00:00.000Z',
    eventName: eventName ?? (kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete'),
    s3: { bucket: { name: bucket }, object: { key, size: 42, eTag: '"abc123"', sequencer } },
  }
}

const direct = (...records: unknown[]) => handler({ Records: records } as S3Event)

function sqsEvent(bodies: { messageId: string; body: string }[]): SQSEvent {
  return { Records: bodies.map(({ messageId, body }) => ({ messageId, body }) as SQSEvent['Records'][number]) }
}
const viaSqs = (...records: unknown[]) => handler(sqsEvent(records.map((r) => ({ messageId: randomUUID(), body: JSON.stringify({ Records: [r] }) }))))

const get = async (TableName: string, Key: Record<string, string>) => (await db.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item
const image = (key: string) => get(tables.images, { FileName: key })
const photo = (photoId: string) => get(tables.photos, { photoId })
const person = (personId: string) => get(tables.persons, { personId })
async function shownPhotos(personId: string) {
  const { Items = [] } = await db.send(
    new QueryCommand({ TableName: tables.occurrences, KeyConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':p': personId }, ConsistentRead: true }),
  )
  return Items.filter((item) => !item.deleted).map((item) => item.photoId as string).sort()
}

const unique = () => randomUUID().slice(0, 8)
const thumbKey = (personId: string, photoId: string, face = 0) => `faces-thumbs/${personId}/${photoId}_face_${face}.jpg`
const thumb = (kind: Kind, personId: string, photoId: string, face: number, sequencer: string) => s3Record(kind, thumbs, thumbKey(personId, photoId, face), sequencer)

afterEach(() => vi.restoreAllMocks())

describe('envelopes and event names', () => {
  it('applies a direct S3 event with the AWS event name', async () => {
    const key = `events/${unique()}.png`
    await direct(s3Record('created', images, key, '0A'))
    expect(await image(key)).toMatchObject({ FileName: key, Bucket: images, Source: 'S3', Size: 42, ETag: 'abc123', Timestamp: '2024-05-01T12:00:00.000Z' })
  })

  it('applies an SQS-wrapped event with the MinIO/versitygw `s3:` event name and reports no failures', async () => {
    const key = `events/${unique()}.png`
    expect(await viaSqs(s3Record('created', images, key, '0A', 's3:ObjectCreated:Put'))).toEqual({ batchItemFailures: [] })
    expect(await image(key)).toMatchObject({ FileName: key })
    await viaSqs(s3Record('removed', images, key, '0B', 's3:ObjectRemoved:Delete'))
    expect(await image(key)).toMatchObject({ FileName: key, deleted: true })
  })

  it('skips the s3:TestEvent S3 sends when a notification is configured', async () => {
    const test = sqsEvent([{ messageId: 'test', body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: images }) }])
    expect(await handler(test)).toEqual({ batchItemFailures: [] })
  })

  it('ignores other event types, buckets and keys', async () => {
    const id = unique()
    const results = await viaSqs(
      s3Record('created', images, `events/${id}.png`, '01', 'ObjectTagging:Put'),
      s3Record('created', 'some-other-bucket', `events/${id}.png`, '01'),
      s3Record('created', photos, `photos-raw/nested/${id}.jpg`, '01'),
      s3Record('created', photos, `elsewhere/${id}.jpg`, '01'),
      s3Record('created', thumbs, `faces-thumbs/person-${id}/not-a-face.jpg`, '01'),
    )
    expect(results).toEqual({ batchItemFailures: [] })
    expect(await image(`events/${id}.png`)).toBeUndefined()
    expect(await photo(id)).toBeUndefined()
    expect(await person(`person-${id}`)).toBeUndefined()
  })
})

describe('URL-encoded keys', () => {
  it.each([
    ['a space as +', 'with+space.png', 'with space.png'],
    ['a literal + as %2B', 'one%2Bone.png', 'one+one.png'],
    ['unicode, percent-encoded', encodeURIComponent('ünïcödé/名前.png'), 'ünïcödé/名前.png'],
    ['a literal % as %25', '100%25.png', '100%.png'],
  ])('decodes %s', async (_, encoded, decoded) => {
    const prefix = `events/${unique()}/`
    await direct(s3Record('created', images, prefix + encoded, '01'))
    expect(await image(prefix + decoded)).toMatchObject({ FileName: prefix + decoded })
  })

  it('decodes thumbnail and photo keys before reading ids from them', async () => {
    const id = unique()
    await direct(s3Record('created', thumbs, `faces-thumbs/person+${id}/photo%2B${id}_face_0.jpg`, '01'))
    await direct(s3Record('created', photos, `photos-raw/photo%2B${id}.jpg`, '01'))
    expect(await shownPhotos(`person ${id}`)).toEqual([`photo+${id}`])
    expect(await photo(`photo+${id}`)).toMatchObject({ s3Key: `photos-raw/photo+${id}.jpg` })
  })
})

describe('photos bucket', () => {
  it('puts photos-raw/{photoId}.{ext} in Photos and leaves a TTL’d tombstone on delete', async () => {
    const id = `p-${unique()}`
    await direct(s3Record('created', photos, `photos-raw/${id}.jpeg`, '01'))
    expect(await photo(id)).toMatchObject({ photoId: id, s3Bucket: photos, s3Key: `photos-raw/${id}.jpeg` })
    await direct(s3Record('removed', photos, `photos-raw/${id}.jpeg`, '02'))
    const tombstone = await photo(id)
    expect(tombstone).toMatchObject({ photoId: id, deleted: true })
    expect(tombstone?.expiresAt).toBeGreaterThan(Date.now() / 1000)
  })
})

describe('exactly-once effect', () => {
  it('counts a duplicated event once, whether redelivered or repeated inside one batch', async () => {
    const personId = `person-${unique()}`
    const created = thumb('created', personId, 'p1', 0, '01')
    await viaSqs(created, created)
    await direct(created)
    await viaSqs(created)
    expect(await person(personId)).toMatchObject({ photoCount: 1, repThumbKey: thumbKey(personId, 'p1'), rankPartition: PERSONS_RANK_PARTITION })
  })

  it('counts distinct photos: several faces of one person in one photo count once', async () => {
    const personId = `person-${unique()}`
    await viaSqs(thumb('created', personId, 'p1', 0, '01'), thumb('created', personId, 'p1', 1, '01'), thumb('created', personId, 'p2', 0, '01'))
    expect((await person(personId))?.photoCount).toBe(2)
    await direct(thumb('removed', personId, 'p1', 0, '02'))
    expect((await person(personId))?.photoCount).toBe(2)
    await direct(thumb('removed', personId, 'p1', 1, '02'))
    expect((await person(personId))?.photoCount).toBe(1)
    expect(await shownPhotos(personId)).toEqual(['p2'])
  })

  it('keeps a delete that arrives before its create: the late create finds the tombstone', async () => {
    const personId = `person-${unique()}`
    const imageKey = `events/${unique()}.png`
    const photoId = `p-${unique()}`
    await viaSqs(
      thumb('removed', personId, 'p1', 0, '0200'),
      s3Record('removed', images, imageKey, '0200'),
      s3Record('removed', photos, `photos-raw/${photoId}.jpg`, '0200'),
    )
    await viaSqs(
      thumb('created', personId, 'p1', 0, '01FF'),
      s3Record('created', images, imageKey, '01FF'),
      s3Record('created', photos, `photos-raw/${photoId}.jpg`, '01FF'),
    )
    expect(await person(personId)).toBeUndefined()
    expect(await shownPhotos(personId)).toEqual([])
    expect(await image(imageKey)).toMatchObject({ deleted: true })
    expect(await photo(photoId)).toMatchObject({ deleted: true })
  })

  it('orders sequencers of different lengths as AWS does (right-padded)', async () => {
    const personId = `person-${unique()}`
    await direct(thumb('created', personId, 'p1', 0, '0A1'))
    await direct(thumb('removed', personId, 'p1', 0, '0A'))
    expect((await person(personId))?.photoCount).toBe(1)
    await direct(thumb('removed', personId, 'p1', 0, '0A2'))
    expect((await person(personId))?.photoCount).toBe(0)
  })
})

describe('items written without events (backfill, demo seed)', () => {
  it('counts an occurrence in the shared shape as its thumbnail’s live face: a create changes no count, a delete counts it out', async () => {
    const personId = `person-${unique()}`
    await db.send(new PutCommand({ TableName: tables.occurrences, Item: { personId, photoId: 'p1', thumbKey: thumbKey(personId, 'p1'), thumbBucket: thumbs } }))
    await db.send(new PutCommand({ TableName: tables.persons, Item: { personId, photoCount: 1, repThumbKey: thumbKey(personId, 'p1'), rankPartition: PERSONS_RANK_PARTITION } }))
    await viaSqs(thumb('created', personId, 'p1', 0, '01'), thumb('created', personId, 'p1', 1, '01'))
    expect((await person(personId))?.photoCount).toBe(1)
    await viaSqs(thumb('removed', personId, 'p1', 0, '02'), thumb('removed', personId, 'p1', 1, '02'))
    expect((await person(personId))?.photoCount).toBe(0)
  })
})

describe('person thumbnail and ranking', () => {
  it('moves repThumbKey to another live face when its own is deleted, and drops a person with no photos from the ranking', async () => {
    const personId = `person-${unique()}`
    await viaSqs(thumb('created', personId, 'p1', 0, '01'))
    await viaSqs(thumb('created', personId, 'p2', 0, '01'))
    expect((await person(personId))?.repThumbKey).toBe(thumbKey(personId, 'p1'))
    await direct(thumb('removed', personId, 'p1', 0, '02'))
    expect(await person(personId)).toMatchObject({ photoCount: 1, repThumbKey: thumbKey(personId, 'p2') })
    await direct(thumb('removed', personId, 'p2', 0, '02'))
    const gone = await person(personId)
    expect(gone).toMatchObject({ photoCount: 0 })
    expect(gone).not.toHaveProperty('rankPartition')
    expect(gone).not.toHaveProperty('repThumbKey')
    await direct(thumb('created', personId, 'p2', 0, '03'))
    expect(await person(personId)).toMatchObject({ photoCount: 1, repThumbKey: thumbKey(personId, 'p2'), rankPartition: PERSONS_RANK_PARTITION })
  })

  it('prefers another face of the same photo when the thumbnail’s face is deleted', async () => {
    const personId = `person-${unique()}`
    await direct(thumb('created', personId, 'p1', 0, '01'))
    await viaSqs(thumb('created', personId, 'p1', 1, '01'), thumb('created', personId, 'p2', 0, '01'))
    await direct(thumb('removed', personId, 'p1', 0, '02'))
    expect(await person(personId)).toMatchObject({ photoCount: 2, repThumbKey: thumbKey(personId, 'p1', 1) })
    const occurrence = await get(tables.occurrences, { personId, photoId: 'p1' })
    expect(occurrence).toMatchObject({ thumbKey: thumbKey(personId, 'p1', 1), thumbBucket: thumbs })
  })
})

describe('failures', () => {
  it('reports exactly the poison message of an SQS batch, logs its bucket, key and reason, and applies the others', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => {})
    const id = unique()
    const good = (n: number) => ({ messageId: `good-${n}`, body: JSON.stringify({ Records: [s3Record('created', images, `events/${id}-${n}.png`, '01')] }) })
    const badKey = { messageId: 'bad-key', body: JSON.stringify({ Records: [s3Record('created', images, `events/${id}-%E0%A4%A.png`, '01')] }) }
    const notJson = { messageId: 'not-json', body: '{"Records": [' }
    const noSequencer = { messageId: 'no-sequencer', body: JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: images }, object: { key: 'x' } } }] }) }
    const result = (await handler(sqsEvent([good(1), badKey, good(2), notJson, noSequencer, good(3)]))) as SQSBatchResponse
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad-key', 'no-sequencer', 'not-json'])
    for (const n of [1, 2, 3]) expect(await image(`events/${id}-${n}.png`)).toBeDefined()
    expect(errors.mock.calls).toContainEqual(['poison S3 event record', { bucket: images, key: `events/${id}-%E0%A4%A.png`, reason: 'key is not valid URL encoding' }])
  })

  it('fails a direct S3 invocation with a poison record, so Lambda retries it', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => {})
    await expect(direct(s3Record('created', images, 'bad-%ZZ.png', '01'))).rejects.toThrow('some S3 records failed')
  })
})
