import type { Context } from 'aws-lambda'
import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { app } from './app'
import { handleS3Events, isEventEnvelope } from './events'

const handleHttp = handle(app)

/**
 * The one Lambda entry point: Function URL requests (payload format 2.0) go to the Hono app;
 * S3 event notifications, direct or through SQS, keep DynamoDB in sync with the buckets.
 *
 * @example
 * ```ts
 * // infra: new NodejsFunction(this, 'Origin', { entry: 'origin-lambda/index.ts', handler: 'handler' })
 * ```
 */
export async function handler(event: unknown, context?: Context) {
  if (!isEventEnvelope(event)) return handleHttp(event as LambdaEvent, context)
  const response = await handleS3Events(event)
  const direct = event.Records.some((r) => !('messageId' in r))
  // A direct S3 invocation has no partial response: failing it makes Lambda retry the whole
  // event, which is safe because applying an event twice changes nothing.
  if (direct && response.batchItemFailures.length) throw new Error('some S3 records failed')
  return response
}
