import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda'
import { tagsOfObject } from '../../contract/cache-tags'
import { roleOf } from '../../contract/layout'
import { config } from '../config'
import { PoisonRecordError } from '../errors'
import { applyImageEvent } from '../images/apply-event'
import { logger } from '../logger'
import { applyFaceEvent } from '../people/apply-event'
import { applyPhotoEvent } from '../photos/apply-event'
import { EVENT_PURGE, purgeEdge } from '../purge'
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
 * Then the edge answers the changes made stale are purged, in one request for the whole batch
 * (Cloudflare limits purge requests, not tags): a new face's person, an image, a new batch.
 *
 * @returns the SQS partial batch response: the message ids that failed ('' for a direct S3 event).
 * @example
 * ```ts
 * const { batchItemFailures } = await handleS3Events(sqsEvent)
 * ```
 */
export async function handleS3Events(envelope: EventEnvelope): Promise<SQSBatchResponse> {
  const stale = new Set<string>()
  const response = await applyEnvelope(envelope, stale)
  await purgeEdge(stale, EVENT_PURGE)
  return response
}

async function applyEnvelope(envelope: EventEnvelope, stale: Set<string>): Promise<SQSBatchResponse> {
  if (isSqsEnvelope(envelope)) {
    const applyMessage = async (message: SQSRecord) => applyInOrder(recordsOfMessage(message), stale)
    // A processor holds one batch's state: one per call, since calls may overlap outside Lambda.
    return processPartialResponse(envelope, applyMessage, new BatchProcessor(EventType.SQS), { throwOnFullBatchFailure: false })
  }
  try {
    await applyInOrder(envelope.Records, stale)
    return { batchItemFailures: [] }
  } catch {
    return { batchItemFailures: [{ itemIdentifier: '' }] }
  }
}

function recordsOfMessage(message: SQSRecord): unknown[] {
  try {
    return s3RecordsOf(message)
  } catch (error) {
    logFailure(undefined, error)
    throw error
  }
}

/**
 * Stops at the first record that fails: the message is delivered again as a whole. Adds to
 * `stale` the cache tags of what each applied event changed; frames feed no table, so each of
 * their events counts as a change of the listings.
 */
async function applyInOrder(records: unknown[], stale: Set<string>): Promise<void> {
  for (const record of records) {
    try {
      const event = parseObjectEvent(record)
      if (!event) continue
      const outcome = await applyS3Event(event)
      if (outcome === 'applied' || roleOf(config.layout, event.bucket, event.key) === 'frames') {
        for (const tag of await tagsOfObject(config.layout, event.bucket, event.key)) stale.add(tag)
      }
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
