import type { ObjectEvent } from '../events/record'
import type { ApplyOutcome } from '../events/sequenced-put'
import { retryOnWriteConflict } from '../events/write-conflicts'
import { writeAtomically } from '../events/write-atomically'
import { type FaceThumb, occurrenceUpdate, planFaceChange, readOccurrence } from './apply-faces'
import { personWritesFor } from './apply-person'

/** `faces-thumbs/{personId}/{photoId}_face_{n}.{ext}`: one face of one person in one photo. */
const FACE_THUMB_KEY = /^faces-thumbs\/([^/]+)\/([^/]+)_face_\d+\.[^./]+$/

/**
 * The person and photo a thumbs-bucket key shows, or undefined for a key that is not a face thumbnail.
 *
 * @example
 * ```ts
 * faceThumbOf('thumbs', 'faces-thumbs/person-ada/p001_face_2.png')
 * // { personId: 'person-ada', photoId: 'p001', key: 'faces-thumbs/person-ada/p001_face_2.png', bucket: 'thumbs' }
 * ```
 */
export function faceThumbOf(bucket: string, key: string): FaceThumb | undefined {
  const match = FACE_THUMB_KEY.exec(key)
  if (!match?.[1] || !match[2]) return undefined
  return { personId: match[1], photoId: match[2], key, bucket }
}

/**
 * Applies a face thumbnail's event to Occurrences and Persons with an exactly-once effect:
 * read the person+photo item, plan the change, and write it in one transaction conditioned on
 * everything the plan read; if another event won the race, read again and re-plan. The face's
 * sequencer is recorded in that same transaction, so a redelivered event finds itself applied.
 *
 * @example
 * ```ts
 * await applyThumbEvent(parseObjectEvent(record)!) // 'applied' | 'stale' | 'ignored'
 * ```
 */
export async function applyThumbEvent(event: ObjectEvent): Promise<ApplyOutcome> {
  const thumb = faceThumbOf(event.bucket, event.key)
  if (!thumb) return 'ignored'
  return retryOnWriteConflict(async () => {
    const change = planFaceChange(await readOccurrence(thumb), thumb, event)
    if (!change) return 'stale'
    await writeAtomically([occurrenceUpdate(change), ...(await personWritesFor(change))])
    return 'applied'
  })
}
