import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import type { ObjectEvent } from './record'

/** What applying one event did: changed the table, changed nothing (a duplicate or older event), or concerned no table. */
export type ApplyOutcome = 'applied' | 'stale' | 'ignored'

/**
 * The attributes that mark an item as the tombstone of a deleted object: readers skip
 * `deleted` items, and DynamoDB's TTL removes them once no late event can still arrive.
 */
function tombstone(event: ObjectEvent) {
  return { deleted: true, sequencer: event.sequencer, expiresAt: tombstoneExpiresAt() }
}

/**
 * When DynamoDB's TTL may delete a tombstone written now: epoch seconds, as TTL requires.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html
 *
 * @example
 * ```ts
 * const item = { ...key, deleted: true, expiresAt: tombstoneExpiresAt() }
 * ```
 */
export function tombstoneExpiresAt(): number {
  return Math.floor(Date.now() / 1000) + config.tombstoneTtlSeconds
}

/**
 * Puts the item one object's event implies, unless an event of that object with the same or a
 * higher sequencer was applied already: a duplicate or a late event changes nothing, and a
 * delete, written as a tombstone, keeps a late create from bringing the object back.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 *
 * @example
 * ```ts
 * await putIfNewer(config.tables.photos, event, { photoId: 'p1', s3Bucket: 'photos', s3Key: 'photos-raw/p1.jpg' })
 * ```
 */
export async function putIfNewer(tableName: string, event: ObjectEvent, item: Record<string, unknown>): Promise<ApplyOutcome> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...item, ...(event.kind === 'removed' ? tombstone(event) : { sequencer: event.sequencer }) },
        ConditionExpression: 'attribute_not_exists(sequencer) OR sequencer < :sequencer',
        ExpressionAttributeValues: { ':sequencer': event.sequencer },
      }),
    )
    return 'applied'
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'stale'
    throw error
  }
}
