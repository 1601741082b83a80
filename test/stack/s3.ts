import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3'
import type { StackConfig } from './config'
import { answers, type ProcessGroup, ready, type Service } from './processes'
import { withElapsedTime } from './progress'

/** Pinned so every machine runs the gateway the tests were written against. */
export const VERSITYGW_VERSION = 'v1.8.0'
const binary = resolve('.tools/bin/versitygw')

/**
 * Builds versitygw from the Go module proxy into .tools/bin on first use (a minute or two: Go
 * downloads the modules, then compiles); later runs reuse it. The build is a child of the group,
 * so Ctrl-C stops it too; `go install` only moves the binary into place once it is complete.
 */
export async function installVersitygw(group: ProcessGroup): Promise<string> {
  if (existsSync(binary)) return binary
  const what = `Building the S3 gateway versitygw ${VERSITYGW_VERSION} into .tools/bin from the Go module proxy (first run only)`
  await withElapsedTime(what, () =>
    group.run('go install', 'go', ['install', `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`], { env: { GOBIN: resolve('.tools/bin') } }),
  )
  return binary
}

export function s3Endpoint(config: StackConfig): string {
  return config.externalS3Endpoint ?? `http://127.0.0.1:${config.s3Port}`
}

/**
 * versitygw over a posix folder, posting S3 event notifications to the origin's webhook.
 * The webhook URL carries the gateway's start time: versitygw's event sequencer is a counter
 * that restarts at 1 with the process, and the origin's adapter needs the start time to keep
 * sequencers of one key in order across restarts.
 */
export async function startVersitygw(config: StackConfig, group: ProcessGroup): Promise<Service> {
  const root = resolve(config.dataDir, 's3')
  mkdirSync(root, { recursive: true })
  const webhook = `http://127.0.0.1:${config.originPort}/_local/s3-webhook?gatewayStart=${Date.now()}&secret=${encodeURIComponent(config.eventsSecret)}`
  const service = group.start(
    's3',
    await installVersitygw(group),
    [
      '--port', `127.0.0.1:${config.s3Port}`,
      '--access', config.accessKeyId,
      '--secret', config.secretAccessKey,
      '--region', config.region,
      '--event-webhook-url', webhook,
      '--quiet',
      'posix', root,
    ],
    { quiet: true },
  )
  return ready(service, 'versitygw', () => answers(`http://127.0.0.1:${config.s3Port}/`))
}

export function s3Client(config: StackConfig): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: s3Endpoint(config),
    forcePathStyle: true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 10_000 },
  })
}

/** Creates the buckets that are missing, each with the CORS rules a browser needs for presigned GET and PUT. */
export async function createBuckets(config: StackConfig): Promise<void> {
  const s3 = s3Client(config)
  for (const Bucket of Object.values(config.buckets)) {
    const exists = await s3.send(new HeadBucketCommand({ Bucket })).then(() => true, () => false)
    if (!exists) await s3.send(new CreateBucketCommand({ Bucket }))
    await s3.send(
      new PutBucketCorsCommand({
        Bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }],
        },
      }),
    )
  }
}
