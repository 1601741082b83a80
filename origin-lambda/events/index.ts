import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda'
import { roleOf } from '../../contract/layout'
import { config } from '../config'
import { PoisonRecordError } from '../errors'
import { applyImageEvent } from '../images/apply-event'
import { logger } from '../logger'
import { applyFaceEvent } from '../people/apply-event'
import { applyPhotoEvent } from '../photos/apply-event'
import type { ApplyOutcome, ObjectEvent } from '../writes/object-event'
import { type EventEnvelope, isSqsEnvelope, s3RecordsOf } from './envelope'
import { parseObjectEvent } from './record'

export { isEventEnvelope } from './envelope'

/**
 * Applies one S3 object event to the table its object's role feeds (see contract/layout):
 * face thumbnails → Occurrences and Persons, raw photos → Photos, images → ImageMetadata.
 * Routing by bucket and key prefix keeps a deployment with one bucket for every role correct;
 * frames and objects outside every area feed nothing.
 *
 * @example
 * ```ts
 * await applyS3Event(parseObjectEvent(record)!) // 'applied' | 'stale' | 'ignored'
 * ```
 */
export async function applyS3Event(event: ObjectEvent): Promise<ApplyOutcome> {
  switch (roleOf(config.layout, event.bucket, event.key)) {
    case 'thumbs':
      return applyFaceEvent(event)
    case 'photos':
      return applyPhotoEvent(event)
    case 'images':
      return applyImageEvent(event)
    default:
      return 'ignored'
  }
}

/**
 * Applies every record of an S3 or SQS envelope. A record that fails (a poison record, or one
 * still losing write races after its retries) is logged with its bucket, key and reason. From
 * SQS, its message is reported (Powertools' partial batch response), so SQS delivers it again
 * and finally moves it to the DLQ while the rest of the batch goes on; records of one message
 * are applied in order, messages side by side.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 *
 * @returns the SQS partial batch response: the message ids that failed ('' for a direct S3 event).
 * @example
 * ```ts
 * const { batchItemFailures } = await handleS3Events(sqsEvent)
 * ```
 */
export async function handleS3Events(envelope: EventEnvelope): Promise<SQSBatchResponse> {
  if (isSqsEnvelope(envelope)) {
    // A processor holds one batch's state: one per call, since calls may overlap outside Lambda.
    return processPartialResponse(envelope, applyMessage, new BatchProcessor(EventType.SQS), { throwOnFullBatchFailure: false })
  }
  try {
    await applyInOrder(envelope.Records)
    return { batchItemFailures: [] }
  } catch {
    return { batchItemFailures: [{ itemIdentifier: '' }] }
  }
}

async function applyMessage(message: SQSRecord): Promise<void> {
  let records: unknown[]
  try {
    records = s3RecordsOf(message)
  } catch (error) {
    logFailure(undefined, error)
    throw error
  }
  await applyInOrder(records)
}

/** Stops at the first record that fails: the message is delivered again as a whole. */
async function applyInOrder(records: unknown[]): Promise<void> {
  for (const record of records) {
    try {
      const event = parseObjectEvent(record)
      if (event) await applyS3Event(event)
    } catch (error) {
      logFailure(record, error)
      throw error
    }
  }
}

function logFailure(record: unknown, error: unknown) {
  const s3 = (record as { s3?: { bucket?: { name?: string }; object?: { key?: string } } } | undefined)?.s3
  logger.error(error instanceof PoisonRecordError ? 'poison S3 event record' : 'S3 event record failed', {
    bucket: s3?.bucket?.name,
    key: s3?.object?.key,
    reason: error instanceof Error ? error.message : String(error),
  })
}
