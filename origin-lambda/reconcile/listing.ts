import type { S3Client } from '@aws-sdk/client-s3'
import type { Layout } from '../../contract/layout'
import { type ListedObject, listPages } from './s3'
import { listingPrefixes, type Scope, type SyncedRole, syncedAreas } from './scope'

/** A run's snapshot of S3: the objects of each synced area, by key. */
export type Listing = Record<SyncedRole, Map<string, ListedObject>>

/**
 * Lists every synced area within the scope, the areas side by side. The result is a snapshot
 * as of each page's moment: objects created or deleted while it is taken may be missing or
 * stale, which is why every change that contradicts a record is checked again at the moment it
 * is written (see `apply.ts`).
 *
 * @example
 * ```ts
 * const listing = await listAreas(s3, config.layout, EVERYTHING, (n) => progress.listed(n))
 * listing.images.has('cat.png')
 * ```
 */
export async function listAreas(s3: S3Client, layout: Layout, scope: Scope, onPage: (objects: number) => void): Promise<Listing> {
  const listing: Listing = { images: new Map(), photos: new Map(), thumbs: new Map() }
  const listings = syncedAreas(layout).flatMap((area) => listingPrefixes(area, scope).map((prefix) => ({ area, prefix })))
  await Promise.all(
    listings.map(async ({ area, prefix }) => {
      for await (const page of listPages(s3, area.bucket, prefix)) {
        for (const object of page) listing[area.role].set(object.key, object)
        onPage(page.length)
      }
    }),
  )
  return listing
}
