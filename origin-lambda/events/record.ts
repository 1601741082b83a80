import { z } from 'zod'
import { PoisonRecordError } from '../errors'
import type { ObjectEvent } from '../writes/object-event'

/**
 * The part of an S3 event notification record the origin acts on.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
const s3RecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().optional(),
      eTag: z.string().nullish(),
      sequencer: z.string().regex(/^[0-9A-Fa-f]+$/),
    }),
  }),
})

/**
 * AWS orders two sequencers of one key by right-padding the shorter with zeros and comparing
 * the strings; padding every sequencer to one width once lets a condition expression compare
 * them with `<`. https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export const SEQUENCER_WIDTH = 64

/**
 * A sequencer as every write compares it: upper-case hex, right-padded with zeros to full width.
 *
 * @example
 * ```ts
 * paddedSequencer('0a1b') // '0A1B' followed by 60 zeros
 * ```
 */
export function paddedSequencer(hex: string): string {
  return hex.toUpperCase().padEnd(SEQUENCER_WIDTH, '0')
}

/** Reads one S3 event record; throws `PoisonRecordError` for one that can never be applied. */
export function parseObjectEvent(raw: unknown): ObjectEvent | undefined {
  const parsed = s3RecordSchema.safeParse(raw)
  if (!parsed.success) throw new PoisonRecordError(`malformed S3 record: ${parsed.error.issues[0]?.message}`)
  const { eventName, eventTime, s3 } = parsed.data
  // AWS sends `ObjectCreated:Put`; MinIO and versitygw send `s3:ObjectCreated:Put`.
  const name = eventName.replace(/^s3:/, '')
  const kind = name.startsWith('ObjectCreated:') ? 'created' : name.startsWith('ObjectRemoved:') ? 'removed' : undefined
  if (!kind) return undefined
  if (s3.object.sequencer.length > SEQUENCER_WIDTH) throw new PoisonRecordError('sequencer too long')
  return {
    kind,
    bucket: s3.bucket.name,
    key: decodeEventKey(s3.object.key),
    sequencer: paddedSequencer(s3.object.sequencer),
    size: s3.object.size,
    eTag: s3.object.eTag?.replaceAll('"', '') || undefined,
    eventTime: eventTime ?? new Date().toISOString(),
  }
}

/**
 * Keys in S3 events are URL-encoded form values: a space arrives as `+`, a literal `+` as `%2B`.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function decodeEventKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll('+', ' '))
  } catch (cause) {
    throw new PoisonRecordError('key is not valid URL encoding', { cause })
  }
}
