import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import type { ObjectEvent } from '../events/record'

export type ApplyOutcome = 'applied' | 'stale'

/**
 * Records an images-bucket event in `ImageMetadata`. Both kinds are one conditional put,
 * guarded by the event's sequencer: a duplicate or an older event than the one already
 * applied changes nothing, and a delete leaves a TTL'd tombstone so that a create arriving
 * late cannot bring the item back.
 */
export async function applyImageEvent(event: ObjectEvent): Promise<ApplyOutcome> {
  const item =
    event.kind === 'created'
      ? {
          FileName: event.key,
          Bucket: event.bucket,
          Source: 'S3',
          Timestamp: event.eventTime,
          Size: event.size,
          ETag: event.eTag,
          sequencer: event.sequencer,
        }
      : {
          FileName: event.key,
          Bucket: event.bucket,
          deleted: true,
          sequencer: event.sequencer,
          expiresAt: Math.floor(Date.now() / 1000) + config.tombstoneTtlSeconds,
        }
  try {
    await db.send(
      new PutCommand({
        TableName: config.tables.images,
        Item: item,
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
