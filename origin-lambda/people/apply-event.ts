import { faceOf } from '../../contract/layout'
import { writeAtomically } from '../writes/atomically'
import { retryOnWriteConflict } from '../writes/conflicts'
import type { ApplyOutcome, ObjectEvent } from '../writes/object-event'
import { occurrenceUpdate, planFaceChange, readOccurrence } from './apply-faces'
import { personWritesFor } from './apply-person'

/**
 * Applies a face thumbnail's event to Occurrences and Persons with an exactly-once effect:
 * read the person+photo item, plan the change, and write it in one transaction conditioned on
 * everything the plan read; if another event won the race, read again and re-plan. The face's
 * sequencer is recorded in that same transaction, so a redelivered event finds itself applied.
 *
 * @example
 * ```ts
 * await applyFaceEvent(parseObjectEvent(record)!) // 'applied' | 'stale' | 'ignored'
 * ```
 */
export async function applyFaceEvent(event: ObjectEvent): Promise<ApplyOutcome> {
  const face = faceOf(event.key)
  if (!face) return 'ignored'
  const thumb = { ...face, key: event.key, bucket: event.bucket }
  return retryOnWriteConflict(async () => {
    const change = planFaceChange(await readOccurrence(thumb), thumb, event)
    if (!change) return 'stale'
    await writeAtomically([occurrenceUpdate(change), ...(await personWritesFor(change))])
    return 'applied'
  })
}
