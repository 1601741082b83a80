import type { S3Event, SQSEvent, SQSRecord } from 'aws-lambda'
import { PoisonRecordError } from '../errors'

export type EventEnvelope = S3Event | SQSEvent

export function isEventEnvelope(event: unknown): event is EventEnvelope {
  return typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records)
}

export function isSqsEnvelope(event: EventEnvelope): event is SQSEvent {
  return event.Records.some((record) => 'messageId' in record)
}

/**
 * The S3 records of one SQS message, whose body is a whole S3 event; none for the
 * `s3:TestEvent` S3 sends when notifications are set up.
 *
 * @throws PoisonRecordError when the body is no S3 event at all
 */
export function s3RecordsOf(message: SQSRecord): unknown[] {
  let body: unknown
  try {
    body = JSON.parse(message.body)
  } catch (cause) {
    throw new PoisonRecordError('message body is not JSON', { cause })
  }
  const records = (body as { Records?: unknown[] }).Records
  if (Array.isArray(records)) return records
  if ((body as { Event?: string }).Event === 's3:TestEvent') return []
  return [body]
}
