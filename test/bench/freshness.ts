/**
 * How soon an S3 change shows in the edge's answers, without `Cache-Control: no-cache`:
 * for each of 50 new face thumbnails, the time from the S3 PUT to the first answer of
 * GET /persons/{id}/photos (cached beforehand, empty, for METADATA_TTL = 30 s) that shows it.
 * The path measured is the whole one: versitygw's event webhook → the origin applies the event
 * to DynamoDB → the origin purges the tags (through the Worker's local stand-in of Cloudflare's
 * purge API) → the Worker's next read misses and asks the origin.
 *
 *   node --import tsx test/bench/freshness.ts
 *
 * Its own stack on ports 25000 + the usual ones; writes test/bench/results/freshness.json.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { startStack } from '../stack/index'
import { s3Client } from '../stack/s3'
import { benchConfig, machine, machineLabel, writeJson } from './stack'

const EVENTS = Number(process.env.FRESHNESS_EVENTS ?? 50)
const POLL_MS = 10

async function photosOf(worker: string, personId: string): Promise<number> {
  const res = await fetch(`${worker}/persons/${personId}/photos`, { headers: { 'cf-connecting-ip': '10.9.9.9' } })
  if (!res.ok) throw new Error(`GET /persons/${personId}/photos answered ${res.status}`)
  return ((await res.json()) as { photos: unknown[] }).photos.length
}

async function main() {
  const config = benchConfig('freshness', 25_000)
  const stack = await startStack(config)
  try {
    const s3 = s3Client(config)
    const seconds: number[] = []
    for (let i = 0; i < EVENTS; i++) {
      const personId = `fresh-${process.pid}-${i}`
      if ((await photosOf(stack.urls.worker, personId)) !== 0) throw new Error('a new person already has photos')
      const cached = await fetch(`${stack.urls.worker}/persons/${personId}/photos`)
      if (cached.headers.get('x-cache') !== 'HIT') throw new Error(`the empty answer was not cached (X-Cache ${cached.headers.get('x-cache')})`)
      await cached.body?.cancel()
      const put = performance.now()
      await s3.send(new PutObjectCommand({ Bucket: config.buckets.thumbs, Key: `faces-thumbs/${personId}/p1_face_0.png`, Body: 'face', ContentType: 'image/png' }))
      while ((await photosOf(stack.urls.worker, personId)) === 0) {
        if (performance.now() - put > 35_000) throw new Error(`${personId}: not fresh after 35 s`)
        await new Promise((r) => setTimeout(r, POLL_MS))
      }
      seconds.push((performance.now() - put) / 1000)
    }
    const sorted = [...seconds].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
    const result = { date: new Date().toISOString(), machine: machine(), events: EVENTS, pollMs: POLL_MS, metadataTtlSeconds: 30, seconds: { median: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? Number.NaN, min: sorted[0] ?? Number.NaN } }
    console.log(`Freshness on ${machineLabel(result.machine)}: S3 PUT → changed edge answer over ${EVENTS} events: median ${result.seconds.median.toFixed(3)} s, p90 ${result.seconds.p90.toFixed(3)} s, max ${result.seconds.max.toFixed(3)} s (TTL 30 s)`)
    writeJson('test/bench/results/freshness.json', result)
  } finally {
    await stack.stop()
  }
}

await main()
