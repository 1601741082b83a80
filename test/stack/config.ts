import type { StackConfig } from './stack-config'

export type { StackConfig }

const env = process.env

function port(name: string, fallback: number): number {
  return Number(env[name] ?? fallback)
}

/** The defaults `npm start` runs with. */
export function startConfig(): StackConfig {
  return {
    workerPort: port('WORKER_PORT', 8787),
    originPort: port('ORIGIN_PORT', 8790),
    s3Port: port('S3_PORT', 7070),
    dynamodbPort: port('DYNAMODB_PORT', 8000),
    region: env.AWS_REGION ?? 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID ?? 'edge-local',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? 'edge-local-secret',
    buckets: {
      frames: env.FRAMES_BUCKET ?? 'frames',
      images: env.IMAGES_BUCKET ?? 'images',
      photos: env.PHOTOS_BUCKET ?? 'photos',
      thumbs: env.THUMBS_BUCKET ?? 'thumbs',
    },
    tables: {
      TABLE_IMAGES: env.TABLE_IMAGES ?? 'ImageMetadata',
      TABLE_PERSONS: env.TABLE_PERSONS ?? 'Persons',
      TABLE_OCCURRENCES: env.TABLE_OCCURRENCES ?? 'Occurrences',
      TABLE_PHOTOS: env.TABLE_PHOTOS ?? 'Photos',
    },
    dataDir: env.DATA_DIR ?? '.data/start',
    persistDynamodb: true,
    externalS3Endpoint: env.S3_ENDPOINT,
  }
}

/** Tests: their own ports and a fresh data folder, so a running `npm start` does not clash. */
export function testConfig(): StackConfig {
  return {
    ...startConfig(),
    workerPort: port('TEST_WORKER_PORT', 18787),
    originPort: port('TEST_ORIGIN_PORT', 18790),
    s3Port: port('TEST_S3_PORT', 17070),
    dynamodbPort: port('TEST_DYNAMODB_PORT', 18000),
    dataDir: `.data/test-${process.pid}`,
    persistDynamodb: false,
  }
}
