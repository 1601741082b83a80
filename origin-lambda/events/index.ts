import type { SQSBatchResponse } from 'aws-lambda'
import { config } from '../config'
import { PoisonRecordError } from '../errors'
import { applyImageEvent } from '../images/store'
import { type EventEnvelope, recordsOf } from './envelope'
import { type ObjectEvent, parseObjectEvent } from './record'

export { isEventEnvelope } from './envelope'

/** Applies one S3 object event to the table its bucket feeds; other buckets feed none. */
export async function applyS3Event(event: ObjectEvent): Promise<void> {
  if (event.bucket === config.buckets.images) await applyImageEvent(event)
}

/**
 * Applies every record of an S3 or SQS envelope. A poison record is logged with its bucket,
 * key and reason and reported like any failure, so SQS moves it to the DLQ after its
 * retries; the rest of the batch goes on. Records of one message are applied in order.
 *
 * @returns the SQS partial batch response: the message ids that failed.
 */
export async function handleS3Events(envelope: EventEnvelope): Promise<SQSBatchResponse> {
  const failed = new Set<string>()
  for (const { itemIdentifier, record } of recordsOf(envelope)) {
    if (itemIdentifier && failed.has(itemIdentifier)) continue
    try {
      const event = parseObjectEvent(record)
      if (event) await applyS3Event(event)
    } catch (error) {
      logFailure(record, error)
      failed.add(itemIdentifier ?? '')
    }
  }
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) }
}

function logFailure(record: unknown, error: unknown) {
  const s3 = (record as { s3?: { bucket?: { name?: string }; object?: { key?: string } } } | undefined)?.s3
  console.error(
    JSON.stringify({
      level: 'error',
      message: error instanceof PoisonRecordError ? 'poison S3 event record' : 'S3 event record failed',
      bucket: s3?.bucket?.name,
      key: s3?.object?.key,
      reason: error instanceof Error ? error.message : String(error),
    }),
  )
}
