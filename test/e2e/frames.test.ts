import { GetObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createSigner } from '../../worker/signing'
import { testStack } from '../stack/testing'

const { config, urls, s3 } = testStack()

type FramesPage = { frames: { key: string; url: string }[] }

async function batchFrames(): Promise<FramesPage> {
  const res = await fetch(`${urls.worker}/devices/cam-north/batches/batch_001/frames`)
  expect(res.status).toBe(200)
  return (await res.json()) as FramesPage
}

function tamper(url: string): string {
  return url.replace(/(X-Amz-Signature=[0-9a-f]*)([0-9a-f])/, (_, head: string, last: string) => head + (last === '0' ? '1' : '0'))
}

describe('frames through the Worker, fetched from S3 (versitygw verifies SigV4)', () => {
  it('every frame URL returns the exact bytes of the object', async () => {
    const { frames } = await batchFrames()
    expect(frames.length).toBeGreaterThan(0)
    for (const frame of frames) {
      const res = await fetch(frame.url)
      expect(res.status).toBe(200)
      const stored = await s3.send(new GetObjectCommand({ Bucket: config.buckets.frames, Key: frame.key }))
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(await stored.Body!.transformToByteArray()))
    }
  })

  it('a URL with one signature character changed is refused with 403', async () => {
    const { frames } = await batchFrames()
    const url = frames[0]!.url
    expect(tamper(url)).not.toBe(url)
    expect((await fetch(tamper(url))).status).toBe(403)
  })

  it('an expired URL is refused with 403', async () => {
    const signer = createSigner({ endpoint: urls.s3, region: config.region, accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, expiresSeconds: 60, windowSeconds: 60 })
    const twoHoursAgo = Date.now() - 2 * 3600_000
    const { url } = await signer.presignGet(config.buckets.frames, 'flagged/annotated_frames/frame_001.png', twoHoursAgo)
    expect((await fetch(url)).status).toBe(403)
    const { url: fresh } = await signer.presignGet(config.buckets.frames, 'flagged/annotated_frames/frame_001.png')
    expect((await fetch(fresh)).status).toBe(200)
  })

  it('two calls inside one signing window return identical URLs', async () => {
    const first = await batchFrames()
    const second = await batchFrames()
    expect(second.frames.map((f) => f.url)).toEqual(first.frames.map((f) => f.url))
  })
})
