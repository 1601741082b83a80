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
  const photoId = photoIdOf(event.key)
  if (!photoId) return 'ignored'
  return putIfNewer(config.tables.photos, event, { photoId, s3Bucket: event.bucket, s3Key: event.key })
}
