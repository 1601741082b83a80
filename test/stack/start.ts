/**
 * `npm start`: the whole system on this machine, with a demo dataset, until Ctrl-C.
 *
 * Whatever happens, no service outlives it: Ctrl-C or SIGTERM at any moment (start-up
 * included) stops them all, a second Ctrl-C kills them; a service that exits or never gets
 * healthy stops the rest and ends this with its output and a hint. A run killed without a chance
 * to clean up is recorded in the data folder, and the next start ends what it left.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startConfig } from './config'
import { startStack } from './index'
import { clearRun, reclaimLeftovers, recordRun } from './leftovers'
import { ProcessGroup, ServiceFailedError } from './processes'
import { seedDemo } from './seed'

const config = startConfig(process.env)
mkdirSync(config.dataDir, { recursive: true })
const runRecord = join(config.dataDir, 'run.json')
/** Set once no other live run owns the data folder: from then on this run records itself there. */
let ownsRecord = false
const group = new ProcessGroup((services) => ownsRecord && recordRun(runRecord, services))

let signals = 0
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signals += 1
    if (signals > 1) {
      console.log('\nKilling every service now.')
      group.kill()
      if (ownsRecord) clearRun(runRecord)
      process.exit(130)
    }
    console.log('\nStopping (Ctrl-C again to kill)...')
    void shutDown(0)
  })
}

async function shutDown(code: number): Promise<never> {
  await group.stop()
  if (ownsRecord) clearRun(runRecord)
  process.exit(code)
}

function fail(error: unknown): Promise<never> {
  if (signals) return shutDown(0) // stopping on request: a start-up step cut short is no failure
  const report = error instanceof ServiceFailedError ? error.report() : error instanceof Error ? error.message : String(error)
  console.error(`\nnpm start failed: ${report}`)
  return shutDown(1)
}

try {
  const leftovers = await reclaimLeftovers(runRecord, config.dataDir)
  if (leftovers) console.log(leftovers)
  ownsRecord = true
  console.log(`Starting DynamoDB Local, the origin, the S3 gateway and the Worker (node ${process.version})...`)
  const stack = await startStack(config, { group })
  await group.watch(seedDemo(config))
  group.onFailure((error) => void fail(error))
  console.log(`
Edge presign proxy is running:
  Worker (public API)  ${stack.urls.worker}        try: curl -s ${stack.urls.worker}/health
  Origin (Lambda)      ${stack.urls.origin}
  S3 (versitygw)       ${stack.urls.s3}        access key ${config.accessKeyId} / ${config.secretAccessKey} (local only)
  DynamoDB Local       ${stack.urls.dynamodb}
Data is kept in ${config.dataDir}. Press Ctrl-C to stop.
`)
} catch (error) {
  await fail(error)
}
