import { randomUUID } from 'node:crypto'
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import { eventually, testStack } from '../stack/testing'

const { config, s3, db } = testStack()
const { photos, thumbs } = config.buckets
const tables = config.tables

// One object at a time: versitygw 1.8 builds webhook events from request buffers it reuses, so
// concurrent requests can post events that name another request's key.
const put = (Bucket: string, Key: string) => s3.send(new PutObjectCommand({ Bucket, Key, Body: `bytes of ${Key}`, ContentType: 'image/png' }))
const remove = (Bucket: string, Key: string) => s3.send(new DeleteObjectCommand({ Bucket, Key }))

const item = async (TableName: string, Key: Record<string, string>) => (await db.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item

/** Polls for 2 s until the item satisfies `ready`. */
async function eventuallyItem(TableName: string, Key: Record<string, string>, ready: (item: Record<string, unknown> | undefined) => boolean) {
  const found = await eventually(async () => {
    const current = await item(TableName, Key)
    return ready(current) ? { current } : undefined
  })
  expect(found, `${TableName} ${JSON.stringify(Key)} not as expected within 2 s: ${JSON.stringify(await item(TableName, Key))}`).toBeDefined()
  return found?.current
}

describe('S3 events through versitygw', () => {
  it('a raw photo put into the photos bucket appears in Photos within 2 s, and a delete leaves a tombstone', async () => {
    const photoId = `e2e-${randomUUID().slice(0, 8)}`
    const key = `photos-raw/${photoId}.png`
    await put(photos, key)
    expect(await eventuallyItem(tables.photos, { photoId }, (p) => p?.s3Key === key)).toMatchObject({ photoId, s3Bucket: photos, s3Key: key })
    await remove(photos, key)
    await eventuallyItem(tables.photos, { photoId }, (p) => p?.deleted === true)
  })

  it('face thumbnails count the distinct photos a person appears in, up on puts and down on deletes', async () => {
    const personId = `e2e-person-${randomUUID().slice(0, 8)}`
    const face = (photoId: string, n: number) => `faces-thumbs/${personId}/${photoId}_face_${n}.png`
    const person = (ready: (p: Record<string, unknown> | undefined) => boolean) => eventuallyItem(tables.persons, { personId }, ready)
    const occurrence = (photoId: string, ready: (o: Record<string, unknown> | undefined) => boolean) => eventuallyItem(tables.occurrences, { personId, photoId }, ready)

    await put(thumbs, face('a', 0))
    expect(await person((p) => p?.photoCount === 1)).toMatchObject({ repThumbKey: face('a', 0), rankPartition: PERSONS_RANK_PARTITION })
    expect(await occurrence('a', (o) => o?.thumbKey === face('a', 0))).toMatchObject({ thumbBucket: thumbs })

    await put(thumbs, face('a', 1))
    await occurrence('a', (o) => Object.keys((o?.faces ?? {}) as object).length === 2)
    expect((await item(tables.persons, { personId }))?.photoCount).toBe(1)

    await put(thumbs, face('b', 0))
    await person((p) => p?.photoCount === 2)

    await remove(thumbs, face('a', 0))
    expect(await person((p) => p?.repThumbKey !== face('a', 0))).toMatchObject({ photoCount: 2, repThumbKey: face('a', 1) })

    await remove(thumbs, face('a', 1))
    expect(await person((p) => p?.photoCount === 1)).toMatchObject({ repThumbKey: face('b', 0) })
    expect(await item(tables.occurrences, { personId, photoId: 'a' })).toMatchObject({ deleted: true })

    await remove(thumbs, face('b', 0))
    const gone = await person((p) => p?.photoCount === 0)
    expect(gone).not.toHaveProperty('rankPartition')
    expect(gone).not.toHaveProperty('repThumbKey')
  })
})
