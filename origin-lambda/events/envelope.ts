import type { S3Event, SQSEvent } from 'aws-lambda'

export type EventEnvelope = S3Event | SQSEvent

/** One S3 record with the id SQS needs to report it as failed (`batchItemFailures`). */
export type EnvelopedRecord = { itemIdentifier?: string; record: unknown }

export function isEventEnvelope(event: unknown): event is EventEnvelope {
  return typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records)
}

/**
 * Opens both envelopes S3 notifications arrive in: S3 → Lambda directly, and S3 → SQS → Lambda,
 * where each message body is a whole S3 event (possibly the `s3:TestEvent` S3 sends on setup).
 */
export function recordsOf(event: EventEnvelope): EnvelopedRecord[] {
  return event.Records.flatMap((record): EnvelopedRecord[] => {
    if (!('messageId' in record)) return [{ record }]
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      return [{ itemIdentifier: record.messageId, record: undefined }]
    }
    const inner = (body as { Records?: unknown[] }).Records
    if (!Array.isArray(inner)) return (body as { Event?: string }).Event === 's3:TestEvent' ? [] : [{ itemIdentifier: record.messageId, record: body }]
    return inner.map((r) => ({ itemIdentifier: record.messageId, record: r }))
  })
}
