import { config } from '../config'
import { type ApplyOutcome, putIfNewer } from '../events/sequenced-put'
import type { ObjectEvent } from '../events/record'

/** Raw photos live at `photos-raw/{photoId}.{ext}`; the photo id is the name without its extension. */
const RAW_PHOTO_KEY = /^photos-raw\/([^/]+)\.[^./]+$/

/**
 * The photo id a photos-bucket key names, or undefined for a key that is not a raw photo.
 *
 * @example
 * ```ts
 * photoIdOf('photos-raw/p001.jpg') // 'p001'
 * photoIdOf('photos-raw/nested/p001.jpg') // undefined
 * ```
 */
export function photoIdOf(key: string): string | undefined {
  return RAW_PHOTO_KEY.exec(key)?.[1]
}

/**
 * Records a photos-bucket event in `Photos` as one put guarded by the event's sequencer (see
 * `putIfNewer`); a delete leaves a TTL'd tombstone `{ photoId, deleted: true }` that readers skip.
 * One object per photo id: two extensions of one id would share, and overwrite, one item.
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
