/**
 * The old-style path the bench compares the edge with: what the replaced Lambdas did on every
 * request, as a plain Node HTTP server with the AWS SDK.
 *
 *   GET /persons?limit=N                  Scan the Persons table (its first max(200, N) items,
 *                                         as the old People API did), sort by photoCount, presign
 *                                         N thumbnails with @aws-sdk/s3-request-presigner
 *   GET /devices/{d}/batches/{b}/frames   ListObjectsV2 over the batch's prefix, presign each frame
 *
 * No cache and no memo, as there was none. It runs as its own process (see `startOldStyle`), so
 * it gets a CPU of its own like workerd does, rather than sharing autocannon's event loop.
 */
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { StackConfig } from '../stack/config'
import { DYNAMODB_LOCAL_CREDENTIALS } from '../stack/dynamodb'
import { answers, type ProcessGroup, ready, type Service } from '../stack/processes'
import { s3Endpoint } from '../stack/s3'

/** Starts the old-style server for this stack on `port`. */
export function startOldStyle(config: StackConfig, port: number, group: ProcessGroup): Promise<Service> {
  const service = group.start('old-style', process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'old-style.ts')], {
    env: {
      OLD_STYLE_PORT: String(port),
      OLD_STYLE_CONFIG: JSON.stringify({ ...config, s3Endpoint: s3Endpoint(config) }),
    },
    quiet: true,
  })
  return ready(service, 'the old-style server', () => answers(`http://127.0.0.1:${port}/health`))
}

function serve(config: StackConfig & { s3Endpoint: string }, port: number) {
  const credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
  const s3 = new S3Client({ region: config.region, endpoint: config.s3Endpoint, forcePathStyle: true, credentials })
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: config.region, endpoint: `http://127.0.0.1:${config.dynamodbPort}`, credentials: DYNAMODB_LOCAL_CREDENTIALS }),
  )
  const presign = (Bucket: string, Key: string) => getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn: 3600 })

  async function persons(limit: number) {
    const { Items = [] } = await db.send(new ScanCommand({ TableName: config.tables.persons, Limit: Math.max(200, limit) }))
    const top = Items.sort((a, b) => b.photoCount - a.photoCount).slice(0, limit)
    return { persons: await Promise.all(top.map(async (p) => ({ ...p, repThumbURL: await presign(config.buckets.thumbs, p.repThumbKey) }))) }
  }

  async function frames(device: string, batch: string) {
    const Prefix = `unflagged/${device}/${batch}/annotated_frames/`
    const keys: string[] = []
    let ContinuationToken: string | undefined
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: config.buckets.frames, Prefix, ContinuationToken }))
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key)
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (ContinuationToken)
    return { frames: await Promise.all(keys.map(async (key) => ({ key, url: await presign(config.buckets.frames, key) }))) }
  }

  createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://old-style')
    const batchFrames = /^\/devices\/([^/]+)\/batches\/([^/]+)\/frames$/.exec(url.pathname)
    try {
      const body =
        url.pathname === '/health' ? { status: 'ok' }
        : url.pathname === '/persons' ? await persons(Number(url.searchParams.get('limit') ?? 100))
        : batchFrames ? await frames(decodeURIComponent(batchFrames[1] ?? ''), decodeURIComponent(batchFrames[2] ?? ''))
        : undefined
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { error: 'Not found' }))
    } catch (error) {
      console.error(error)
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Internal error' }))
    }
  }).listen(port, '127.0.0.1')
}

if (import.meta.main) serve(JSON.parse(process.env.OLD_STYLE_CONFIG ?? '{}'), Number(process.env.OLD_STYLE_PORT))
