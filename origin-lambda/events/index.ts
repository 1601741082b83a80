import type { SQSBatchResponse } from 'aws-lambda'
import { config } from '../config'
import { PoisonRecordError } from '../errors'
import { applyImageEvent } from '../images/store'
import { applyThumbEvent } from '../people/events'
import { applyPhotoEvent } from '../photos/events'
import { type EnvelopedRecord, type EventEnvelope, recordsOf } from './envelope'
import { type ObjectEvent, parseObjectEvent } from './record'
import type { ApplyOutcome } from './sequenced-put'

export { isEventEnvelope } from './envelope'

/**
 * How many SQS messages of one batch are applied at once. Their order does not matter (every
 * write is guarded by its object's sequencer), and a batch is 10 messages unless configured larger.
 */
const MESSAGE_CONCURRENCY = 8

/** Where frames live when they share a bucket with images: never image metadata. */
const FRAME_PREFIX = /^(?:flagged|unflagged)\//

/**
 * Applies one S3 object event to the table it feeds: face thumbnails (`faces-thumbs/…` in the
 * thumbs bucket) → Occurrences and Persons, raw photos (`photos-raw/…` in the photos bucket) →
 * Photos, anything else in the images bucket → ImageMetadata. Matching the key as well as the
 * bucket keeps a deployment with one bucket for every role correct. Other objects feed nothing.
 *
 * @example
 * ```ts
 * await applyS3Event(parseObjectEvent(record)!) // 'applied' | 'stale' | 'ignored'
 * ```
 */
export async function applyS3Event(event: ObjectEvent): Promise<ApplyOutcome> {
  const { buckets } = config
  if (event.bucket === buckets.thumbs && event.key.startsWith('faces-thumbs/')) return applyThumbEvent(event)
  if (event.bucket === buckets.photos && event.key.startsWith('photos-raw/')) return applyPhotoEvent(event)
  if (event.bucket === buckets.frames && FRAME_PREFIX.test(event.key)) return 'ignored'
  if (event.bucket === buckets.images) return applyImageEvent(event)
  return 'ignored'
}

/**
 * Applies every record of an S3 or SQS envelope. A record that fails (a poison record, or one
 * still losing write races after its retries) is logged with its bucket, key and reason and its
 * message reported, so SQS delivers it again and finally moves it to the DLQ; the rest of the
 * batch goes on. Records of one message are applied in order, messages side by side.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 *
 * @returns the SQS partial batch response: the message ids that failed ('' for a direct S3 event).
 * @example
 * ```ts
 * const { batchItemFailures } = await handleS3Events(sqsEvent)
 * ```
 */
export async function handleS3Events(envelope: EventEnvelope): Promise<SQSBatchResponse> {
  const messages = [...recordsByMessage(recordsOf(envelope))]
  const failed: string[] = []
  let next = 0
  const worker = async () => {
    for (let message = messages[next++]; message; message = messages[next++]) {
      const [itemIdentifier, records] = message
      if (!(await applyInOrder(records))) failed.push(itemIdentifier)
    }
  }
  await Promise.all(Array.from({ length: MESSAGE_CONCURRENCY }, worker))
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) }
}

function recordsByMessage(records: EnvelopedRecord[]): Map<string, unknown[]> {
  const messages = new Map<string, unknown[]>()
  for (const { itemIdentifier = '', record } of records) messages.set(itemIdentifier, [...(messages.get(itemIdentifier) ?? []), record])
  return messages
}

/** @returns false at the first record that fails; the message is delivered again as a whole. */
async function applyInOrder(records: unknown[]): Promise<boolean> {
  for (const record of records) {
    try {
      const event = parseObjectEvent(record)
      if (event) await applyS3Event(event)
    } catch (error) {
      logFailure(record, error)
      return false
    }
  }
  return true
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
