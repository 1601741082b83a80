import { z } from 'zod'
import { type Layout, roleOf } from '../../contract/layout'
import { type Entry, type ObjectPlan, planEntries } from './plan'
import type { Item } from './records'
import type { ListedObject } from './s3'

/** The part of an `ImageMetadata` item reconcile reads: old items are `{FileName, Bucket, Source, Timestamp}`. */
const imageRecord = z.object({
  FileName: z.string(),
  Bucket: z.string().optional(),
  sequencer: z.string().optional(),
  deleted: z.boolean().optional(),
})

/**
 * Pairs the images area's objects with `ImageMetadata` items by key and plans what differs. An
 * item counts as this area's only when its `Bucket` and key lie in it; an item naming another
 * bucket (the old system's, say), or one without a `FileName`, is left alone.
 *
 * @example
 * ```ts
 * planImages(listing.images, await scanTable(config.tables.images, inScope), config.layout)
 * ```
 */
export function planImages(objects: Map<string, ListedObject>, items: Item[], layout: Layout): ObjectPlan {
  const entries = new Map<string, Entry>()
  for (const object of objects.values()) entries.set(object.key, { role: 'images', bucket: object.bucket, key: object.key, object })
  let skipped = 0
  for (const item of items) {
    const parsed = imageRecord.safeParse(item)
    if (!parsed.success) {
      skipped += 1
      continue
    }
    const { FileName: key, Bucket: bucket, sequencer, deleted } = parsed.data
    const entry = entries.get(key) ?? { role: 'images', bucket: bucket ?? layout.buckets.images, key }
    entry.recorded = { live: !deleted, sequencer, managed: bucket !== undefined && roleOf(layout, bucket, key) === 'images' }
    entries.set(key, entry)
  }
  return planEntries(entries.values(), skipped)
}
