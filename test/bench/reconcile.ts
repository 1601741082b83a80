/**
 * Reconcile throughput: objects per second of `npm run reconcile` over buckets whose events were
 * never delivered (every object needs a record: images, raw photos, face thumbnails of 100
 * persons), then of a second run that finds nothing to change.
 *
 *   node --import tsx test/bench/reconcile.ts        # RECONCILE_OBJECTS=3000 by default
 *
 * It starts its own DynamoDB Local, origin and versitygw on ports 57070, 58000 and 58790 (no
 * Worker), and writes the objects straight into the gateway's posix folder, so no event is
 * posted. DynamoDB Local is one Java process, far slower than DynamoDB: read the figures as
 * this machine's, not production's.
 */
import { formatSummary } from '../../origin-lambda/reconcile/summary'
import { startStack } from '../stack/index'
import { originEnv } from '../stack/origin'
import { putWithoutEvent } from '../stack/posix-objects'
import { s3Endpoint } from '../stack/s3'
import { benchConfig, load, machine, machineLabel } from './stack'

const OBJECTS = Number(process.env.RECONCILE_OBJECTS ?? 3_000)
const PERSONS = 100
const config = benchConfig('bench-reconcile', 50_000)

/** A third each: images, raw photos, and face thumbnails of those photos spread over the persons. */
function seed(): void {
  const third = Math.floor(OBJECTS / 3)
  const { images, photos, thumbs } = config.buckets
  for (let i = 0; i < third; i++) putWithoutEvent(config, images, `bench/image-${i}.png`)
  for (let i = 0; i < third; i++) putWithoutEvent(config, photos, `photos-raw/bench-${i}.png`)
  for (let i = 0; i < OBJECTS - 2 * third; i++) putWithoutEvent(config, thumbs, `faces-thumbs/bench-person-${i % PERSONS}/bench-${i}_face_0.png`)
}

async function main() {
  const stack = await startStack(config, { worker: false })
  try {
    seed()
    // The origin reads its configuration at import: only now that the environment points here.
    Object.assign(process.env, originEnv(config))
    const { reconcile, reconcileS3Client } = await import('../../origin-lambda/reconcile')
    const s3 = reconcileS3Client({ region: config.region, endpoint: s3Endpoint(config), credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } })
    console.log(`Reconcile over ${OBJECTS.toLocaleString('en-US')} objects without records, versitygw + DynamoDB Local`)
    console.log(`${machineLabel(machine())}\n`)
    for (const run of ['first run (every object recorded)', 'second run (no changes)']) {
      const summary = await reconcile({ s3 })
      console.log(`${run}: ${Math.round(summary.objectsListed / summary.seconds).toLocaleString('en-US')} objects/s`)
      console.log(`${formatSummary(summary)}\n`)
    }
    console.log(`load average ${load()} at the end; other processes skew the figures`)
  } finally {
    await stack.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
