import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { db } from '../dynamodb'
import { tombstoneOf } from '../tombstones'
import type { ApplyOutcome, ObjectEvent } from './object-event'

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
        Item: { ...item, ...(event.kind === 'removed' ? tombstoneOf(event.sequencer) : { sequencer: event.sequencer }) },
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
