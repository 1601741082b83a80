import { resolve } from 'node:path'
import { type TableId, tables } from '../../origin-lambda/tables'
import type { StackConfig } from './config'
import { DYNAMODB_LOCAL_CREDENTIALS } from './dynamodb'
import { answers, type ProcessGroup, ready, type Service } from './processes'

/**
 * The environment the origin reads at module load, pointed at this stack: the dev server's, and
 * that of tests and benchmarks that import the origin's modules directly.
 */
export function originEnv(config: StackConfig): Record<string, string> {
  return {
    AWS_REGION: config.region,
    AWS_ACCESS_KEY_ID: DYNAMODB_LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DYNAMODB_LOCAL_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${config.dynamodbPort}`,
    FRAMES_BUCKET: config.buckets.frames,
    IMAGES_BUCKET: config.buckets.images,
    PHOTOS_BUCKET: config.buckets.photos,
    THUMBS_BUCKET: config.buckets.thumbs,
    IMAGES_PREFIX: config.imagesPrefix,
    UPLOAD_PREFIX: config.uploadPrefix,
    ...Object.fromEntries(Object.entries(tables).map(([id, table]) => [table.envVar, config.tables[id as TableId]])),
  }
}

/** The origin dev server as its own process, so tests can stop and restart it like a failing Lambda. */
export async function startOrigin(config: StackConfig, group: ProcessGroup, extraEnv: NodeJS.ProcessEnv = {}): Promise<Service> {
  const service = group.start('origin', process.execPath, ['--import', 'tsx', resolve('test/stack/origin-dev-server.ts')], {
    env: {
      ...originEnv(config),
      PORT: String(config.originPort),
      ORIGIN_ACCESS_KEY_ID: config.accessKeyId,
      ORIGIN_SECRET_ACCESS_KEY: config.secretAccessKey,
      LOCAL_EVENTS_SECRET: config.eventsSecret,
      // Purges go to the Worker's local stand-in of Cloudflare's API (worker/purge).
      PURGE_URL: `http://127.0.0.1:${config.workerPort}/client/v4/zones/local/purge_cache`,
      PURGE_TOKEN: config.purgeToken,
      ...extraEnv,
    },
  })
  return ready(service, 'the origin dev server', () => answers(`http://127.0.0.1:${config.originPort}/_local/ready`))
}
