import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3'
import type { StackConfig } from './config'
import { answers, ready, type Service, startProcess } from './processes'

/** Pinned so every machine runs the gateway the tests were written against. */
export const VERSITYGW_VERSION = 'v1.8.0'
const binary = resolve('.tools/bin/versitygw')

/** Builds versitygw from the Go module proxy into .tools/bin on first use; later runs reuse it. */
export function installVersitygw(): string {
  if (existsSync(binary)) return binary
  console.log(`Installing versitygw ${VERSITYGW_VERSION} into .tools/bin (first run only, about a minute)...`)
  execFileSync('go', ['install', `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`], {
    env: { ...process.env, GOBIN: resolve('.tools/bin') },
    stdio: 'inherit',
  })
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
export async function startVersitygw(config: StackConfig): Promise<Service> {
  const root = resolve(config.dataDir, 's3')
  mkdirSync(root, { recursive: true })
  const webhook = `http://127.0.0.1:${config.originPort}/_local/s3-webhook?gatewayStart=${Date.now()}`
  const service = startProcess(
    's3',
    installVersitygw(),
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
