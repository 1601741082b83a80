import { PutObjectCommand } from '@aws-sdk/client-s3'
import { framePrefixes } from '../../contract/layout'
import type { StackConfig } from './config'
import { colourOf, gradientPng } from './png'
import { demo, large } from './demo-data'
import { putWithoutEvent } from './posix-objects'
import { s3Client } from './s3'

/**
 * A small demo dataset of real PNG files: frames for two devices, flagged frames, images (their
 * metadata arrives through S3 events), raw photos and face thumbnails (which fill the People tables).
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
  await recordObjects(config, objects.filter(([bucket]) => bucket !== frames))
}

/**
 * Feeds the origin the ObjectCreated events of the seeded objects, through the same handler
 * the webhook reaches, and waits for it: the webhook's own copies arrive seconds later, and the
 * tables must be complete when the seed returns. Sequencer `0` orders before any real event
 * of the same key, so whichever copy comes second changes nothing.
 */
async function recordObjects(config: StackConfig, objects: [bucket: string, key: string][]) {
  const Records = objects.map(([bucket, key]) => ({
    eventName: 'ObjectCreated:Put',
    eventTime: new Date().toISOString(),
    s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replaceAll('%20', '+'), sequencer: '0' } },
  }))
  const res = await fetch(`http://127.0.0.1:${config.originPort}/_local/s3-events`, { method: 'POST', headers: { 'x-local-events-secret': config.eventsSecret }, body: JSON.stringify({ Records }), signal: AbortSignal.timeout(30_000) })
  if (!res.ok) throw new Error(`The origin did not record the demo objects: ${res.status} ${await res.text()}`)
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
  const { frames } = config.buckets
  for (let b = 0; b < large.batches; b++) putWithoutEvent(config, frames, `${framePrefixes.batchFrames(large.device, `batch_${String(b).padStart(4, '0')}`)}frame_001.png`, tinyPng)
  const batch = framePrefixes.batchFrames(large.batchDevice, large.batch)
  for (let f = 0; f < large.frames; f++) putWithoutEvent(config, frames, `${batch}frame_${String(f).padStart(4, '0')}.png`, tinyPng)
}

const tinyPng = gradientPng(2, 2, [0, 0, 0], [255, 255, 255])
