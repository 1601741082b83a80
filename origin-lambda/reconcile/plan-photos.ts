import { z } from 'zod'
import { type Layout, photoIdOf, roleOf } from '../../contract/layout'
import { type Entry, type ObjectPlan, planEntries } from './plan'
import type { Item } from './records'
import type { ListedObject } from './s3'

/** The part of a `Photos` item reconcile reads: old items are `{photoId, s3Bucket, s3Key}`. */
const photoRecord = z.object({
  photoId: z.string(),
  s3Bucket: z.string().optional(),
  s3Key: z.string().optional(),
  sequencer: z.string().optional(),
  deleted: z.boolean().optional(),
})

type PhotoRecord = z.infer<typeof photoRecord>

/**
 * Pairs raw photos (`photos-raw/{photoId}.{ext}`) with `Photos` items by photo id and plans what
 * differs. One photo id has one item: a live item names its object, and other objects of that id
 * (another extension) are left alone; without a live item the first listed object is the photo.
 * Keys that name no photo id, and items naming an object outside the area, are left alone.
 *
 * @example
 * ```ts
 * planPhotos(listing.photos, await scanTable(config.tables.photos, inScope), config.layout)
 * ```
 */
export function planPhotos(objects: Map<string, ListedObject>, items: Item[], layout: Layout): ObjectPlan {
  let skipped = 0
  const objectsById = new Map<string, ListedObject[]>()
  for (const object of objects.values()) {
    const photoId = photoIdOf(object.key)
    if (!photoId) skipped += 1
    else if (objectsById.has(photoId)) objectsById.get(photoId)?.push(object)
    else objectsById.set(photoId, [object])
  }
  const records = new Map<string, PhotoRecord>()
  for (const item of items) {
    const parsed = photoRecord.safeParse(item)
    if (parsed.success) records.set(parsed.data.photoId, parsed.data)
    else skipped += 1
  }
  const entries: Entry[] = []
  for (const photoId of new Set([...objectsById.keys(), ...records.keys()])) {
    const listed = objectsById.get(photoId) ?? []
    const record = records.get(photoId)
    const managed = record !== undefined && isPhotoOfArea(record, layout)
    const named = record && !record.deleted && managed ? record.s3Key : undefined
    const object = named ? listed.find((o) => o.key === named) : listed[0]
    skipped += listed.length - (object ? 1 : 0)
    entries.push({
      role: 'photos',
      bucket: object?.bucket ?? record?.s3Bucket ?? layout.buckets.photos,
      key: named ?? object?.key ?? record?.s3Key ?? photoId,
      object,
      recorded: record && { live: !record.deleted, sequencer: record.sequencer, managed },
    })
  }
  return planEntries(entries, skipped)
}

function isPhotoOfArea(record: PhotoRecord, layout: Layout): boolean {
  const { s3Bucket, s3Key, photoId } = record
  return s3Bucket !== undefined && s3Key !== undefined && roleOf(layout, s3Bucket, s3Key) === 'photos' && photoIdOf(s3Key) === photoId
}
