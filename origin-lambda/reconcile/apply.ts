import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import type { S3Client } from '@aws-sdk/client-s3'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import { applyS3Event } from '../events'
import { imageItemOf } from '../images/apply-event'
import { photoItemOf } from '../photos/apply-event'
import { tables } from '../tables'
import type { ApplyOutcome, ObjectEvent } from '../writes/object-event'
import type { ObjectChange } from './plan'
import { objectExists } from './s3'
import { LOWEST_SEQUENCER, sequencerAfter } from './sequencers'

/** What one planned change came to. */
export type ChangeOutcome = 'created' | 'removed' | 'unchanged' | 'skipped'

/**
 * Applies one planned change through the same conditional writes as S3 events, so that it is
 * safe while events flow:
 * - a create where nothing is recorded is written only where no item exists (images, photos) or
 *   as an event with the lowest sequencer (faces, through `applyFaceEvent`): whatever an event
 *   records, before or after, wins over it, tombstones included;
 * - a change that contradicts the record (a removal; a create over a tombstone, when the create
 *   event of a re-uploaded object was lost) is first checked with HeadObject, because the listing
 *   is a snapshot: an object created or deleted after it began looks missing, or present. If S3
 *   agrees now, the change is written as an event whose sequencer is just above the recorded one
 *   (see `sequencers.ts`): it beats the recorded state, never a real later event.
 * In a dry run the check is made and nothing is written.
 *
 * @returns `unchanged` when S3 or a newer event disagrees with the plan by the time it is applied.
 * @example
 * ```ts
 * await applyChange({ action: 'remove', role: 'images', bucket: 'images', key: 'gone.png', recorded: { live: true } }, s3, false) // 'removed'
 * ```
 */
export async function applyChange(change: ObjectChange, s3: S3Client, dryRun: boolean): Promise<ChangeOutcome> {
  const done = change.action === 'create' ? 'created' : 'removed'
  if (change.recorded) {
    const exists = await objectExists(s3, change.bucket, change.key)
    if (exists !== (change.action === 'create')) return 'unchanged'
  }
  if (dryRun) return done
  const event = syntheticEvent(change)
  const outcome = change.recorded || change.role === 'thumbs' ? await applyS3Event(event) : await createIfAbsent(event, change.role)
  return outcome === 'applied' ? done : outcome === 'stale' ? 'unchanged' : 'skipped'
}

/** The S3 event that would have brought the table where the change brings it. */
function syntheticEvent(change: ObjectChange): ObjectEvent {
  const { object } = change
  return {
    kind: change.action === 'create' ? 'created' : 'removed',
    bucket: change.bucket,
    key: change.key,
    sequencer: change.recorded ? sequencerAfter(change.recorded.sequencer) : LOWEST_SEQUENCER,
    size: object?.size,
    eTag: object?.eTag,
    eventTime: (object?.lastModified ?? new Date()).toISOString(),
  }
}

/**
 * Writes the item of an object that has none, only while it has none: an item that appeared since
 * the scan (an event, a registration, a tombstone) stands. It carries the lowest sequencer, so any
 * event of the object still replaces it, and registrations leave it alone as the bucket's record.
 */
async function createIfAbsent(event: ObjectEvent, role: 'images' | 'photos'): Promise<ApplyOutcome> {
  const [TableName, key, item] =
    role === 'images' ? [config.tables.images, tables.images.partitionKey.name, imageItemOf(event)] : [config.tables.photos, tables.photos.partitionKey.name, photoItemOf(event)]
  if (!item) return 'ignored'
  try {
    await db.send(
      new PutCommand({
        TableName,
        Item: { ...item, sequencer: event.sequencer },
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': key },
      }),
    )
    return 'applied'
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'stale'
    throw error
  }
}
