import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { AwsClient } from 'aws4fetch'
import { inject } from 'vitest'
import { dynamodbClient } from './dynamodb'
import { s3Client } from './s3'

/** The running test stack (started by global-setup.ts) and clients for its services. */
export function testStack() {
  const config = inject('stackConfig')
  const urls = inject('stack')
  return {
    config,
    urls,
    s3: s3Client(config),
    db: DynamoDBDocumentClient.from(dynamodbClient(config)),
    /** Signs like the Worker does when it calls the origin. */
    origin: new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: 'lambda', region: config.region, retries: 0 }),
  }
}

/** Polls `read` until it returns something other than undefined, or gives up after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 2_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined || Date.now() > deadline) return value
    await new Promise((r) => setTimeout(r, 50))
  }
}
