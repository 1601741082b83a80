import type { S3Client } from '@aws-sdk/client-s3'
import { cacheTags, tagsOfObject } from '../../contract/cache-tags'
import { RAW_PHOTO_PREFIX } from '../../contract/layout'
import { config } from '../config'
import { EVENT_PURGE, purgeEdge } from '../purge'
import { applyChange } from './apply'
import { forEachBounded } from './bounded'
import { listAreas } from './listing'
import { facesByPerson, withFaceChanges } from './occurrences'
import { mergePlans, type ObjectChange } from './plan'
import { planFaces } from './plan-faces'
import { planImages } from './plan-images'
import { describeFix, type PersonFix, planPersonFixes } from './plan-persons'
import { planPhotos } from './plan-photos'
import { applyFix } from './persons'
import { type Item, scanTable } from './records'
import { EVERYTHING, keyInScope, personInScope, type Scope } from './scope'
import { emptySummary, type Summary } from './summary'

export { reconcileS3Client, type S3Target } from './s3'
export { changesOf, formatSummary, type Summary } from './summary'
export type { Scope } from './scope'

export type Phase = 'listing' | 'reading' | 'applying' | 'persons' | 'done'

/** Who hears how a run goes. Every member is optional. */
export type Reporter = {
  /**
   * Called as each phase starts, and awaited: the CLI redraws its progress there, and tests
   * deliver S3 events at a known point of a run (after the listing and the scan, before any write).
   */
  phase?(phase: Phase): void | Promise<void>
  listed?(objects: number): void
  checked?(entries: number): void
  /** One line per change made, or in a dry run one that would be made. */
  change?(line: string): void
  failed?(what: string, error: unknown): void
}

export type ReconcileOptions = {
  s3: S3Client
  /** Plan and check, write nothing. */
  dryRun?: boolean
  /** Every synced area by default. */
  scope?: Scope
  /** Changes in flight at once (each person's face changes go one after another). */
  concurrency?: number
  /** Epoch ms after which no change is started (a Lambda's time limit): the rest is left for the next run. */
  deadline?: number
  report?: Reporter
}

/**
 * Makes DynamoDB match S3: lists the images, raw photos and face thumbnails areas, reads their
 * tables, records objects that have no record, records the removal of objects that are gone, then
 * brings Persons in line with Occurrences (old items into the ranking, drifted counts, dead
 * thumbnails). Safe while events flow: every write is one an S3 event could have made, ordered by
 * sequencer against the real ones (see `apply.ts`, `persons.ts`). Idempotent: a second run finds
 * nothing to change.
 *
 * @example
 * ```ts
 * const summary = await reconcile({ s3: reconcileS3Client({ region: 'us-east-1' }), dryRun: true })
 * console.log(formatSummary(summary))
 * ```
 */
export async function reconcile(options: ReconcileOptions): Promise<Summary> {
  const started = performance.now()
  const { dryRun = false, scope = EVERYTHING, report = {} } = options
  const summary = emptySummary(dryRun)
  const read = async (table: string, keep: (item: Item) => boolean) => {
    const items = await scanTable(table, keep)
    summary.itemsRead += items.length
    return items
  }
  const occurrencesOf = () => read(config.tables.occurrences, (item) => personInScope(scope, String(item.personId)))

  await report.phase?.('listing')
  const listing = await listAreas(options.s3, config.layout, scope, (objects) => {
    summary.objectsListed += objects
    report.listed?.(objects)
  })
  await report.phase?.('reading')
  const [images, photos, occurrences] = await Promise.all([
    read(config.tables.images, (item) => keyInScope(scope, String(item.FileName))),
    read(config.tables.photos, (item) => keyInScope(scope, typeof item.s3Key === 'string' ? item.s3Key : `${RAW_PHOTO_PREFIX}${item.photoId}`)),
    occurrencesOf(),
  ])
  const plan = mergePlans([planImages(listing.images, images, config.layout), planPhotos(listing.photos, photos, config.layout), planFaces(listing.thumbs, occurrences, config.layout)])
  summary.unchanged += plan.unchanged
  summary.skipped += plan.skipped
  report.checked?.(plan.unchanged + plan.skipped)

  await report.phase?.('applying')
  const applied = await applyChanges(plan.changes, options, summary)

  await report.phase?.('persons')
  // Persons first, then Occurrences: see persons.ts for why this order makes the fixes safe.
  const persons = await read(config.tables.persons, (item) => personInScope(scope, String(item.personId)))
  const faces = dryRun ? withFaceChanges(facesByPerson(occurrences), applied) : facesByPerson(await occurrencesOf())
  const personsPlan = planPersonFixes(persons, faces)
  summary.unchanged += personsPlan.unchanged
  summary.skipped += personsPlan.skipped
  report.checked?.(personsPlan.unchanged + personsPlan.skipped)
  const fixed = await applyFixes(personsPlan.fixes, options, summary)
  if (!dryRun) await purgeChanged(applied, fixed)

  summary.seconds = (performance.now() - started) / 1000
  await report.phase?.('done')
  return summary
}

/**
 * Applies the object changes, each person's face changes one after another (they update one
 * Persons item, and would only conflict side by side), everything else side by side.
 *
 * @returns the changes made (in a dry run: that would be made).
 */
async function applyChanges(changes: ObjectChange[], options: ReconcileOptions, summary: Summary): Promise<ObjectChange[]> {
  const lanes = new Map<string, ObjectChange[]>()
  for (const change of changes) {
    const lane = change.lane ?? `${change.bucket}/${change.key}`
    const queued = lanes.get(lane)
    if (queued) queued.push(change)
    else lanes.set(lane, [change])
  }
  const applied: ObjectChange[] = []
  await forEachBounded(lanes.values(), options.concurrency ?? 16, async (lane) => {
    for (const change of lane) {
      if (pastDeadline(options, summary)) continue
      const line = `${change.action} ${change.role} ${change.bucket}/${change.key}`
      try {
        const outcome = await applyChange(change, options.s3, options.dryRun ?? false)
        summary[outcome] += 1
        if (outcome === 'created' || outcome === 'removed') {
          applied.push(change)
          options.report?.change?.(line)
        }
      } catch (error) {
        summary.failed += 1
        options.report?.failed?.(line, error)
      }
      options.report?.checked?.(1)
    }
  })
  return applied
}

/**
 * Purges the edge answers the run changed, as the events it stands in for would have (see
 * `purgeEdge`): once, at the end, in requests of up to 100 tags.
 */
async function purgeChanged(applied: ObjectChange[], fixed: PersonFix[]): Promise<void> {
  const tags = new Set<string>()
  for (const change of applied) for (const tag of await tagsOfObject(config.layout, change.bucket, change.key)) tags.add(tag)
  for (const fix of fixed) for (const tag of [cacheTags.personsLists, await cacheTags.person(fix.personId)]) tags.add(tag)
  await purgeEdge(tags, EVENT_PURGE)
}

/**
 * Applies the Persons fixes side by side; one that lost to an event is left for the next run.
 *
 * @returns the fixes made (in a dry run: that would be made).
 */
async function applyFixes(fixes: PersonFix[], options: ReconcileOptions, summary: Summary): Promise<PersonFix[]> {
  const fixed: PersonFix[] = []
  await forEachBounded(fixes, options.concurrency ?? 16, async (fix) => {
    if (pastDeadline(options, summary)) return
    try {
      const outcome = options.dryRun ? 'fixed' : await applyFix(fix)
      if (outcome === 'fixed') {
        fixed.push(fix)
        options.report?.change?.(describeFix(fix))
      }
      summary[outcome === 'fixed' ? 'fixed' : 'retryNextRun'] += 1
    } catch (error) {
      summary.failed += 1
      options.report?.failed?.(describeFix(fix), error)
    }
    options.report?.checked?.(1)
  })
  return fixed
}

function pastDeadline(options: ReconcileOptions, summary: Summary): boolean {
  if (options.deadline === undefined || Date.now() < options.deadline) return false
  summary.unfinished += 1
  return true
}
