import type { ListedObject } from './s3'
import type { SyncedRole } from './scope'

/** What a table holds for one object: a live record or a tombstone, and the sequencer it was written at (none for items written without events). */
export type Recorded = { live: boolean; sequencer?: string }

/** One object and its record as the listing and the scan saw them: either may be missing. */
export type Entry = {
  role: SyncedRole
  bucket: string
  key: string
  object?: ListedObject
  /** `managed`: the record names an object of this role's area, so this run may change it. */
  recorded?: Recorded & { managed: boolean }
  /** Changes of one lane are applied one after another (face thumbnails: one lane per person). */
  lane?: string
}

/**
 * A change that makes a record match its object: a create for an object without a live record,
 * a removal for a live record without an object. `recorded` is what it must beat (none, for a
 * create where nothing is recorded).
 */
export type ObjectChange = {
  action: 'create' | 'remove'
  role: SyncedRole
  bucket: string
  key: string
  object?: ListedObject
  recorded?: Recorded
  lane?: string
}

/** The changes a run plans for some entries, and how many entries need none (unchanged) or are left alone (skipped). */
export type ObjectPlan = { changes: ObjectChange[]; unchanged: number; skipped: number }

/**
 * Decides each entry: a listed object with a live record, or a tombstone without an object, is
 * in order; a record outside the areas (an old item naming another bucket) is left alone; the
 * rest is a change. Tombstones without an object are not counted: they are no object's record.
 *
 * @param skipped objects left alone already (keys that are no image, photo or face)
 * @example
 * ```ts
 * planEntries([{ role: 'images', bucket: 'images', key: 'cat.png', object }]) // { changes: [{ action: 'create', … }], unchanged: 0, skipped: 0 }
 * ```
 */
export function planEntries(entries: Iterable<Entry>, skipped = 0): ObjectPlan {
  const plan: ObjectPlan = { changes: [], unchanged: 0, skipped }
  for (const { recorded, ...entry } of entries) {
    if (!entry.object && !recorded?.live) continue
    if (recorded && !recorded.managed) plan.skipped += 1
    else if (entry.object && recorded?.live) plan.unchanged += 1
    else plan.changes.push({ ...entry, action: entry.object ? 'create' : 'remove', recorded: recorded && { live: recorded.live, sequencer: recorded.sequencer } })
  }
  return plan
}

/**
 * Several plans as one.
 *
 * @example
 * ```ts
 * const plan = mergePlans([planImages(…), planPhotos(…), planFaces(…)])
 * ```
 */
export function mergePlans(plans: ObjectPlan[]): ObjectPlan {
  return {
    changes: plans.flatMap((p) => p.changes),
    unchanged: plans.reduce((sum, p) => sum + p.unchanged, 0),
    skipped: plans.reduce((sum, p) => sum + p.skipped, 0),
  }
}
