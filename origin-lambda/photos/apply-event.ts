import { photoIdOf } from '../../contract/layout'
import { config } from '../config'
import type { ApplyOutcome, ObjectEvent } from '../writes/object-event'
import { putIfNewer } from '../writes/sequenced-put'

/**
 * Records a raw photo's event (`photos-raw/{photoId}.{ext}`) in `Photos` as one put guarded by
 * the event's sequencer (see `putIfNewer`); a delete leaves a TTL'd tombstone
 * `{ photoId, deleted: true }` that readers skip. One object per photo id: two extensions of
 * one id would share, and overwrite, one item.
 *
 * @example
 * ```ts
 * await applyPhotoEvent(event) // event.key 'photos-raw/p001.jpg' → Photos { photoId: 'p001', s3Bucket, s3Key }
 * ```
 */
export async function applyPhotoEvent(event: ObjectEvent): Promise<ApplyOutcome> {
  const item = photoItemOf(event)
  if (!item) return 'ignored'
  return putIfNewer(config.tables.photos, event, item)
}

/**
 * The `Photos` item a raw photo's event implies, without its sequencer; undefined for a key
 * that is not `photos-raw/{photoId}.{ext}`.
 *
 * @example
 * ```ts
 * photoItemOf(event) // { photoId: 'p001', s3Bucket: 'photos', s3Key: 'photos-raw/p001.jpg' }
 * ```
 */
export function photoItemOf(event: Pick<ObjectEvent, 'bucket' | 'key'>): Record<string, unknown> | undefined {
  const photoId = photoIdOf(event.key)
  return photoId ? { photoId, s3Bucket: event.bucket, s3Key: event.key } : undefined
}
