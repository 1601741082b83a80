import { randomUUID } from 'node:crypto'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { S3Event } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { testStack } from '../stack/testing'

const { config, db } = testStack()
const shared = `library-${randomUUID().slice(0, 8)}`

/** The origin with one bucket for every role, as infra allows: it reads these at module load. */
async function originWith(imagesPrefix: string) {
  vi.resetModules()
  Object.assign(process.env, { FRAMES_BUCKET: shared, IMAGES_BUCKET: shared, PHOTOS_BUCKET: shared, THUMBS_BUCKET: shared, IMAGES_PREFIX: imagesPrefix, UPLOAD_PREFIX: '' })
  return (await import('../../origin-lambda/index')).handler as (event: S3Event) => Promise<unknown>
}

function created(key: string) {
  return { eventName: 'ObjectCreated:Put', s3: { bucket: { name: shared }, object: { key, size: 1, sequencer: '01' } } }
}

const get = async (TableName: string, Key: Record<string, string>) => (await db.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item

describe('one bucket for every role', () => {
  it('refuses to start with images at the root, where every object would be an image', async () => {
    await expect(originWith('')).rejects.toThrow(/overlap in bucket library-.*IMAGES_PREFIX/)
  })

  it('routes by key: thumbnails to People, raw photos to Photos, images under their prefix, frames and the rest nowhere', async () => {
    const handler = await originWith('images/')
    const id = randomUUID().slice(0, 8)
    const keys = {
      thumb: `faces-thumbs/p-${id}/ph-${id}_face_0.png`,
      photo: `photos-raw/ph-${id}.png`,
      frame: `unflagged/cam/${id}/annotated_frames/f.png`,
      image: `images/shared-${id}.png`,
      stray: `shared-${id}.png`,
    }
    await handler({ Records: Object.values(keys).map(created) } as S3Event)
    expect(await get(config.tables.persons, { personId: `p-${id}` })).toMatchObject({ photoCount: 1 })
    expect(await get(config.tables.photos, { photoId: `ph-${id}` })).toMatchObject({ s3Key: keys.photo })
    expect(await get(config.tables.images, { FileName: keys.image })).toMatchObject({ Bucket: shared })
    for (const key of [keys.thumb, keys.photo, keys.frame, keys.stray]) expect(await get(config.tables.images, { FileName: key })).toBeUndefined()
  })
})
