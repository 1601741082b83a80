/** What one run found and did. In a dry run, the changes are those it would have made. */
export type Summary = {
  dryRun: boolean
  /** Objects listed in the synced areas. */
  objectsListed: number
  /** Items read from ImageMetadata, Photos, Occurrences (twice in a real run: before and after the face changes) and Persons. */
  itemsRead: number
  created: number
  removed: number
  fixed: number
  /** Objects and items left alone: outside the areas (an old item naming another bucket), or no image, photo, face or person at all. */
  skipped: number
  unchanged: number
  /** Persons fixes that lost a race to an event (the person changed since it was read): the next run plans them again. */
  retryNextRun: number
  failed: number
  /** Changes not started before the run's deadline: the next run plans them again. */
  unfinished: number
  seconds: number
}

/**
 * A summary with every count at zero.
 *
 * @example
 * ```ts
 * const summary = emptySummary(true)
 * ```
 */
export function emptySummary(dryRun: boolean): Summary {
  return { dryRun, objectsListed: 0, itemsRead: 0, created: 0, removed: 0, fixed: 0, skipped: 0, unchanged: 0, retryNextRun: 0, failed: 0, unfinished: 0, seconds: 0 }
}

/**
 * How many records a run changed (or would change).
 *
 * @example
 * ```ts
 * if (changesOf(summary) === 0) console.log('in sync')
 * ```
 */
export function changesOf(summary: Summary): number {
  return summary.created + summary.removed + summary.fixed
}

/**
 * The summary as the CLI prints it.
 *
 * @example
 * ```ts
 * formatSummary(summary)
 * // 'Reconciled in 2.1 s: scanned 4,000 objects (1,905 objects/s) and 4,100 items\n  0 changes: created 0, removed 0, fixed 0; skipped 3, unchanged 4,097, retry next run 0, failed 0'
 * ```
 */
export function formatSummary(summary: Summary): string {
  const n = (value: number) => value.toLocaleString('en-US')
  const rate = summary.seconds > 0 ? Math.round(summary.objectsListed / summary.seconds) : 0
  const head = summary.dryRun ? 'Dry run, nothing changed' : 'Reconciled'
  const counts = [
    `${n(changesOf(summary))} ${changesOf(summary) === 1 ? 'change' : 'changes'}${summary.dryRun ? ' to make' : ''}: created ${n(summary.created)}, removed ${n(summary.removed)}, fixed ${n(summary.fixed)}`,
    `skipped ${n(summary.skipped)}, unchanged ${n(summary.unchanged)}, retry next run ${n(summary.retryNextRun)}, failed ${n(summary.failed)}`,
  ]
  if (summary.unfinished) counts.push(`unfinished ${n(summary.unfinished)}`)
  return `${head} in ${summary.seconds.toFixed(1)} s: scanned ${n(summary.objectsListed)} objects (${n(rate)} objects/s) and ${n(summary.itemsRead)} items\n  ${counts.join('; ')}`
}
