import { randomUUID } from 'node:crypto'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { S3Event } from 'aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import { testStack } from '../stack/testing'

const { config, db } = testStack()
const shared = `library-${randomUUID().slice(0, 8)}`
let handler: (event: S3Event) => Promise<unknown>

beforeAll(async () => {
  // One bucket for every role, as infra allows: the origin reads these at module load.
  Object.assign(process.env, { FRAMES_BUCKET: shared, IMAGES_BUCKET: shared, PHOTOS_BUCKET: shared, THUMBS_BUCKET: shared })
  handler = (await import('../../origin-lambda/index')).handler as typeof handler
})

function created(key: string) {
  return { eventName: 'ObjectCreated:Put', s3: { bucket: { name: shared }, object: { key, size: 1, sequencer: '01' } } }
}

const get = async (TableName: string, Key: Record<string, string>) => (await db.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item

describe('one bucket for every role', () => {
  it('routes by key: thumbnails to People, raw photos to Photos, frames nowhere, the rest to images', async () => {
    const id = randomUUID().slice(0, 8)
    const keys = { thumb: `faces-thumbs/p-${id}/ph-${id}_face_0.png`, photo: `photos-raw/ph-${id}.png`, frame: `unflagged/cam/${id}/annotated_frames/f.png`, image: `shared-${id}.png` }
    await handler({ Records: Object.values(keys).map(created) } as S3Event)
    expect(await get(config.tables.TABLE_PERSONS, { personId: `p-${id}` })).toMatchObject({ photoCount: 1 })
    expect(await get(config.tables.TABLE_PHOTOS, { photoId: `ph-${id}` })).toMatchObject({ s3Key: keys.photo })
    expect(await get(config.tables.TABLE_IMAGES, { FileName: keys.image })).toMatchObject({ Bucket: shared })
    for (const key of [keys.thumb, keys.photo, keys.frame]) expect(await get(config.tables.TABLE_IMAGES, { FileName: key })).toBeUndefined()
  })
})
