/**
 * S3 events ingested per second into DynamoDB Local, through the origin's real handler:
 * images, raw photos and face thumbnails, each delivered once or twice (duplicates), with
 * one or several SQS batches in flight, as one or several concurrent Lambdas would.
 *
 *   node --import tsx test/bench/events.ts
 *
 * It starts its own DynamoDB Local (BENCH_DYNAMODB_PORT, default 18400), nothing else.
 * DynamoDB Local is a single Java process, far slower than DynamoDB: the figures compare cases
 * with each other, they do not predict production throughput.
 */
import { availableParallelism, loadavg } from 'node:os'
import type { SQSEvent } from 'aws-lambda'
import { testConfig } from '../stack/config'
import { createTables, startDynamodb } from '../stack/dynamodb'

const config = { ...testConfig(process.env, process.pid), dynamodbPort: Number(process.env.BENCH_DYNAMODB_PORT ?? 18400), dataDir: `.data/bench-events-${process.pid}` }
const EVENTS = 1_000
const BATCH = 10

type Kind = 'created' | 'removed'
type Event = { bucket: string; key: string; kind: Kind; sequencer: string }
type Case = { name: string; events: (run: string) => Event[] }
type Row = { name: string; inFlight: number; deliveries: number; seconds: number; failed: number }

const created = (bucket: string, key: string): Event => ({ bucket, key, kind: 'created', sequencer: '0A' })
const twice = (events: Event[]) => events.flatMap((event) => [event, event])
const faces = (run: string, persons: number) =>
  Array.from({ length: EVENTS }, (_, i) => created(config.buckets.thumbs, `faces-thumbs/${run}-person-${i % persons}/photo-${Math.floor(i / 2)}_face_${i % 2}.jpg`))

const cases: Case[] = [
  { name: 'images, distinct keys', events: (run) => Array.from({ length: EVENTS }, (_, i) => created(config.buckets.images, `${run}/image-${i}.png`)) },
  { name: 'raw photos, distinct keys', events: (run) => Array.from({ length: EVENTS }, (_, i) => created(config.buckets.photos, `photos-raw/${run}-${i}.jpg`)) },
  { name: 'face thumbnails, 100 persons', events: (run) => faces(run, 100) },
  { name: 'face thumbnails, 100 persons, each twice', events: (run) => twice(faces(run, 100)) },
  { name: 'face thumbnails, 1 person (one hot item)', events: (run) => faces(run, 1) },
  {
    name: 'face thumbnails created then deleted',
    events: (run) => faces(run, 100).flatMap((event) => [event, { ...event, kind: 'removed', sequencer: '0B' }]),
  },
]

function sqsBatch(events: Event[]): SQSEvent {
  const Records = events.map(({ bucket, key, kind, sequencer }, i) => {
    const eventName = kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete'
    const record = { eventName, s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key), sequencer } } }
    return { messageId: String(i), body: JSON.stringify({ Records: [record] }) }
  })
  return { Records: Records as SQSEvent['Records'] }
}

/** Delivers in batches of 10, `inFlight` batches at a time, each taking the next batch as it finishes. */
async function run(handle: (event: SQSEvent) => Promise<{ batchItemFailures: unknown[] }>, events: Event[], inFlight: number) {
  const batches = Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => events.slice(i * BATCH, i * BATCH + BATCH))
  let next = 0
  let failed = 0
  const lambda = async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) failed += (await handle(sqsBatch(batch))).batchItemFailures.length
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: inFlight }, lambda))
  return { seconds: (performance.now() - start) / 1000, failed }
}

async function main() {
  const dynamodb = await startDynamodb(config)
  try {
    await createTables(config)
    Object.assign(process.env, {
      AWS_REGION: config.region,
      AWS_ACCESS_KEY_ID: 'dynamodblocal',
      AWS_SECRET_ACCESS_KEY: 'dynamodblocal',
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${config.dynamodbPort}`,
      IMAGES_BUCKET: config.buckets.images,
      PHOTOS_BUCKET: config.buckets.photos,
      THUMBS_BUCKET: config.buckets.thumbs,
      ...config.tables,
    })
    // The origin reads its configuration at import: only now that the environment points here.
    const { handleS3Events } = await import('../../origin-lambda/events')
    await run(handleS3Events, cases[0]!.events('warm-up').slice(0, 200), 4)
    const rows: Row[] = []
    for (const inFlight of [1, 8]) {
      for (const { name, events } of cases) {
        const deliveries = events(`${name.replace(/\W+/g, '-')}-${inFlight}`)
        rows.push({ name, inFlight, deliveries: deliveries.length, ...(await run(handleS3Events, deliveries, inFlight)) })
      }
    }
    print(rows)
  } finally {
    await dynamodb.stop()
  }
}

function print(rows: Row[]) {
  console.log(`S3 events applied per second into DynamoDB Local, SQS batches of ${BATCH}, Node ${process.version}`)
  console.log(`(${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the end; other processes skew the figures)\n`)
  console.log(`${'case'.padEnd(44)} ${'batches in flight'.padStart(17)} ${'deliveries'.padStart(10)} ${'seconds'.padStart(8)} ${'events/s'.padStart(9)} ${'failed'.padStart(6)}`)
  for (const row of rows) {
    const perSecond = (row.deliveries / row.seconds).toFixed(0)
    console.log(
      `${row.name.padEnd(44)} ${String(row.inFlight).padStart(17)} ${String(row.deliveries).padStart(10)} ${row.seconds.toFixed(2).padStart(8)} ${perSecond.padStart(9)} ${String(row.failed).padStart(6)}`,
    )
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
