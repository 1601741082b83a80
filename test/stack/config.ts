import { resolveLayout } from '../../contract/layout'
import { tableNames } from '../../origin-lambda/tables'

/**
 * The local stack's settings. Every value has a documented default (README, Configuration)
 * and can be overridden by the environment variable of the same name; scripts and tests
 * outside the project rely on these defaults.
 */
export type StackConfig = {
  workerPort: number
  originPort: number
  s3Port: number
  dynamodbPort: number
  region: string
  accessKeyId: string
  secretAccessKey: string
  buckets: { frames: string; images: string; photos: string; thumbs: string }
  /** Physical table names by table id, as the origin reads them (`tableNames`). */
  tables: ReturnType<typeof tableNames>
  /** Images' key prefix in their bucket (IMAGES_PREFIX): '' unless roles share a bucket. */
  imagesPrefix: string
  /** Presigned uploads' key prefix (UPLOAD_PREFIX), inside `imagesPrefix`. */
  uploadPrefix: string
  /** Where versitygw and DynamoDB Local keep their data; undefined keeps DynamoDB in memory. */
  dataDir: string
  persistDynamodb: boolean
  /** Set to use another S3-compatible server instead of starting versitygw. */
  externalS3Endpoint?: string
  /** What the origin's local event endpoints want (`x-local-events-secret`); new for every run. */
  eventsSecret: string
  /** The token of the Worker's local stand-in of Cloudflare's purge API, which the origin calls; new for every run. */
  purgeToken: string
  /** Worker vars to set over wrangler.toml's (short TTLs and timeouts for fault tests, say). */
  workerOverrides?: Record<string, string>
}

type Environment = Record<string, string | undefined>

/**
 * The defaults `npm start` runs with, each overridden by the environment variable of its name.
 *
 * @example
 * ```ts
 * const config = startConfig(process.env)
 * ```
 */
export function startConfig(env: Environment): StackConfig {
  const port = (name: string, fallback: number) => Number(env[name] ?? fallback)
  const buckets = {
    frames: env.FRAMES_BUCKET ?? 'frames',
    images: env.IMAGES_BUCKET ?? 'images',
    photos: env.PHOTOS_BUCKET ?? 'photos',
    thumbs: env.THUMBS_BUCKET ?? 'thumbs',
  }
  // The Worker and the origin resolve the same variables the same way (their own checks follow).
  const { imagesPrefix, uploadPrefix } = resolveLayout({ buckets, imagesPrefix: env.IMAGES_PREFIX, uploadPrefix: env.UPLOAD_PREFIX })
  return {
    workerPort: port('WORKER_PORT', 8787),
    originPort: port('ORIGIN_PORT', 8790),
    s3Port: port('S3_PORT', 7070),
    dynamodbPort: port('DYNAMODB_PORT', 8000),
    region: env.AWS_REGION ?? 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID ?? 'edge-local',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? 'edge-local-secret',
    buckets,
    tables: tableNames(env),
    imagesPrefix,
    uploadPrefix,
    dataDir: env.DATA_DIR ?? '.data/start',
    persistDynamodb: true,
    externalS3Endpoint: env.S3_ENDPOINT,
    eventsSecret: crypto.randomUUID(),
    purgeToken: crypto.randomUUID(),
  }
}

/** Tests: their own ports and a fresh data folder, so a running `npm start` does not clash. */
export function testConfig(env: Environment, pid: number): StackConfig {
  const port = (name: string, fallback: number) => Number(env[name] ?? fallback)
  return {
    ...startConfig(env),
    workerPort: port('TEST_WORKER_PORT', 18787),
    originPort: port('TEST_ORIGIN_PORT', 18790),
    s3Port: port('TEST_S3_PORT', 17070),
    dynamodbPort: port('TEST_DYNAMODB_PORT', 18000),
    dataDir: `.data/test-${pid}`,
    persistDynamodb: false,
  }
}
