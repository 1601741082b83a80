import { config } from '../config'
import type { ApplyOutcome, ObjectEvent } from '../writes/object-event'
import { putIfNewer } from '../writes/sequenced-put'

/**
 * Records an images-bucket event in `ImageMetadata` as one put guarded by the event's
 * sequencer (see `putIfNewer`): a duplicate or older event changes nothing, and a delete
 * leaves a TTL'd tombstone `{ FileName, Bucket, deleted: true }` that readers skip.
 *
 * @example
 * ```ts
 * await applyImageEvent(parseObjectEvent(record)!) // 'applied' | 'stale'
 * ```
 */
export async function applyImageEvent(event: ObjectEvent): Promise<ApplyOutcome> {
  return putIfNewer(config.tables.images, event, imageItemOf(event))
}

/**
 * The `ImageMetadata` item an images-bucket event implies, without its sequencer: the object's
 * metadata for a create, its key for a delete (the tombstone's attributes are added on write).
 *
 * @example
 * ```ts
 * imageItemOf(created) // { FileName: 'cat.png', Bucket: 'images', Source: 'S3', Timestamp, Size, ETag }
 * ```
 */
export function imageItemOf(event: ObjectEvent): Record<string, unknown> {
  return event.kind === 'created'
    ? { FileName: event.key, Bucket: event.bucket, Source: 'S3', Timestamp: event.eventTime, Size: event.size, ETag: event.eTag }
    : { FileName: event.key, Bucket: event.bucket }
}
