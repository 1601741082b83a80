import { faceOf, type Layout, roleOf } from '../../contract/layout'
import { type Entry, type ObjectPlan, planEntries } from './plan'
import { parseOccurrences, recordedFaces } from './occurrences'
import type { Item } from './records'
import type { ListedObject } from './s3'

/**
 * Pairs face thumbnails (`faces-thumbs/{personId}/{photoId}_face_{n}.{ext}`) with the faces their
 * Occurrences items record, and plans what differs; each person's changes form one lane, since
 * they update the same Persons item. A face counts as this area's only when its key names the
 * occurrence's own person and photo and lies in the thumbs area of its bucket (`thumbBucket`,
 * the thumbs bucket for old items); other faces, and keys that name no face, are left alone.
 *
 * @example
 * ```ts
 * planFaces(listing.thumbs, await scanTable(config.tables.occurrences, inScope), config.layout)
 * ```
 */
export function planFaces(objects: Map<string, ListedObject>, items: Item[], layout: Layout): ObjectPlan {
  const { occurrences, unreadable } = parseOccurrences(items)
  let skipped = unreadable
  const entries = new Map<string, Entry>()
  for (const object of objects.values()) {
    const face = faceOf(object.key)
    if (face) entries.set(object.key, { role: 'thumbs', bucket: object.bucket, key: object.key, object, lane: face.personId })
    else skipped += 1
  }
  for (const occurrence of occurrences) {
    const bucket = occurrence.thumbBucket ?? layout.buckets.thumbs
    for (const { key, live, sequencer } of recordedFaces(occurrence)) {
      const face = faceOf(key)
      const managed = face?.personId === occurrence.personId && face.photoId === occurrence.photoId && roleOf(layout, bucket, key) === 'thumbs'
      const entry = entries.get(key) ?? { role: 'thumbs', bucket, key, lane: occurrence.personId }
      entry.recorded = { live, sequencer, managed }
      entries.set(key, entry)
    }
  }
  return planEntries(entries.values(), skipped)
}
