import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import type { StackConfig } from './config'
import { dynamodbClient } from './dynamodb'
import { colourOf, gradientPng } from './png'
import { demo, large } from './demo-data'
import { s3Client } from './s3'


/**
 * A small demo dataset of real PNG files: frames for two devices, flagged frames, images (their
 * metadata arrives through S3 events), raw photos and face thumbnails with their People tables.
 * Safe to run again: it writes the same objects and items.
 */
export async function seedDemo(config: StackConfig): Promise<void> {
  const s3 = s3Client(config)
  const { frames, images, photos, thumbs } = config.buckets
  const objects: [bucket: string, key: string][] = []
  for (let i = 1; i <= demo.flaggedFrames; i++) objects.push([frames, `flagged/annotated_frames/frame_${pad(i)}.png`])
  for (const [device, batches] of Object.entries(demo.devices)) {
    for (const batch of batches) {
      for (let i = 1; i <= demo.framesPerBatch; i++) objects.push([frames, `unflagged/${device}/${batch}/annotated_frames/frame_${pad(i)}.png`])
    }
  }
  for (const name of demo.images) objects.push([images, name])
  for (const photoId of new Set(Object.values(demo.people).flat())) objects.push([photos, `photos-raw/${photoId}.png`])
  for (const [personId, ids] of Object.entries(demo.people)) {
    for (const photoId of ids) objects.push([thumbs, `faces-thumbs/${personId}/${photoId}_face_0.png`])
  }
  // One object at a time: versitygw 1.8 builds webhook events from request buffers it reuses,
  // so concurrent PUTs can post events that carry another request's bucket or key.
  for (const [Bucket, Key] of objects) {
    const Body = gradientPng(96, 64, colourOf(Key), colourOf(`${Bucket}/${Key}`))
    await s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType: 'image/png' }))
  }
  await seedPeopleTables(config)
}

async function seedPeopleTables(config: StackConfig) {
  const db = DynamoDBDocumentClient.from(dynamodbClient(config))
  const { photos, thumbs } = config.buckets
  const photoIds = [...new Set(Object.values(demo.people).flat())]
  const people = Object.entries(demo.people)
  const writes: Record<string, Record<string, unknown>[]> = {
    [config.tables.TABLE_PHOTOS]: photoIds.map((photoId) => ({ photoId, s3Bucket: photos, s3Key: `photos-raw/${photoId}.png` })),
    [config.tables.TABLE_PERSONS]: people.map(([personId, ids]) => ({
      personId,
      photoCount: ids.length,
      repThumbKey: `faces-thumbs/${personId}/${ids[0]}_face_0.png`,
      rankPartition: PERSONS_RANK_PARTITION,
    })),
    [config.tables.TABLE_OCCURRENCES]: people.flatMap(([personId, ids]) =>
      ids.map((photoId) => ({ personId, photoId, thumbKey: `faces-thumbs/${personId}/${photoId}_face_0.png`, thumbBucket: thumbs, photoBucket: photos, photoKey: `photos-raw/${photoId}.png` })),
    ),
  }
  for (const [table, items] of Object.entries(writes)) {
    for (let i = 0; i < items.length; i += 25) {
      await db.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }))
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(3, '0')
}


/**
 * Listings longer than one ListObjectsV2 page (1,000 keys): a device with 2,500 batches and a
 * batch with 2,500 frames. Written straight into versitygw's posix folder, where a file is an
 * object, because 5,000 PUTs would slow every test run for nothing the tests look at.
 */
export function seedLargeListings(config: StackConfig): void {
  const root = resolve(config.dataDir, 's3', config.buckets.frames, 'unflagged')
  for (let b = 0; b < large.batches; b++) {
    const dir = join(root, large.device, `batch_${String(b).padStart(4, '0')}`, 'annotated_frames')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'frame_001.png'), tinyPng)
  }
  const dir = join(root, large.batchDevice, large.batch, 'annotated_frames')
  mkdirSync(dir, { recursive: true })
  for (let f = 0; f < large.frames; f++) writeFileSync(join(dir, `frame_${String(f).padStart(4, '0')}.png`), tinyPng)
}

const tinyPng = gradientPng(2, 2, [0, 0, 0], [255, 255, 255])
