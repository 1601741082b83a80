import { resolve } from 'node:path'
import type { StackConfig } from './config'
import { DYNAMODB_LOCAL_CREDENTIALS } from './dynamodb'
import { answers, ready, type Service, startProcess } from './processes'

/** The origin dev server as its own process, so tests can stop and restart it like a failing Lambda. */
export async function startOrigin(config: StackConfig, extraEnv: NodeJS.ProcessEnv = {}): Promise<Service> {
  const service = startProcess('origin', process.execPath, ['--import', 'tsx', resolve('test/stack/origin-dev-server.ts')], {
    env: {
      PORT: String(config.originPort),
      AWS_REGION: config.region,
      AWS_ACCESS_KEY_ID: DYNAMODB_LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DYNAMODB_LOCAL_CREDENTIALS.secretAccessKey,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${config.dynamodbPort}`,
      ORIGIN_ACCESS_KEY_ID: config.accessKeyId,
      ORIGIN_SECRET_ACCESS_KEY: config.secretAccessKey,
      IMAGES_BUCKET: config.buckets.images,
      PHOTOS_BUCKET: config.buckets.photos,
      THUMBS_BUCKET: config.buckets.thumbs,
      S3_ENDPOINT: config.externalS3Endpoint ?? `http://127.0.0.1:${config.s3Port}`,
      ...config.tables,
      ...extraEnv,
    },
  })
  return ready(service, 'the origin dev server', () => answers(`http://127.0.0.1:${config.originPort}/_local/ready`))
}
