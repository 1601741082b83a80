/**
 * `npm start`: the whole system on this machine, with a demo dataset, until Ctrl-C.
 */
import { startConfig } from './config'
import { startStack } from './index'
import { seedDemo } from './seed'

const config = startConfig()
console.log('Starting DynamoDB Local, the origin, the S3 gateway and the Worker...')
const stack = await startStack(config)
await seedDemo(config)

console.log(`
Edge presign proxy is running:
  Worker (public API)  ${stack.urls.worker}        try: curl -s ${stack.urls.worker}/health
  Origin (Lambda)      ${stack.urls.origin}
  S3 (versitygw)       ${stack.urls.s3}        access key ${config.accessKeyId} / ${config.secretAccessKey} (local only)
  DynamoDB Local       ${stack.urls.dynamodb}
Data is kept in ${config.dataDir}. Press Ctrl-C to stop.
`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    console.log('\nStopping...')
    await stack.stop()
    process.exit(0)
  })
}
