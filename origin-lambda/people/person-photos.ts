import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import { fillPage, isLive, liveOnly } from '../tombstones'
import { tables } from '../tables'
import type { Photo } from '../../contract/responses'

const { occurrences, photos } = tables

/** A key of Occurrences, as `LastEvaluatedKey` gives it and `ExclusiveStartKey` takes it. */
export type OccurrenceKey = { personId: string; photoId: string }

type Occurrence = { photoId: string; thumbKey: string; thumbBucket?: string; photoBucket?: string; photoKey?: string }
type PhotoLocation = { s3Bucket: string; s3Key: string }
type PhotoItem = PhotoLocation & { photoId: string; deleted?: true }

/**
 * One page of the photos a person appears in, in photo id order. Occurrences where no face of
 * the person is left are tombstones, left out (see `fillPage`). An occurrence names its photo's
 * object itself, or leaves it to Photos: those of the page are read together with BatchGet.
 *
 * @example
 * ```ts
 * const { photos, lastKey } = await personPhotos('person-ada', 100)
 * ```
 */
export async function personPhotos(personId: string, limit: number, startKey?: OccurrenceKey): Promise<{ photos: Photo[]; lastKey?: OccurrenceKey }> {
  const { items, lastKey } = await fillPage(limit, startKey, 10, async (Limit, ExclusiveStartKey: OccurrenceKey | undefined) => {
    const page = await db.send(
      new QueryCommand({
        TableName: config.tables.occurrences,
        KeyConditionExpression: '#person = :person',
        ExpressionAttributeValues: { ':person': personId },
        Limit,
        ExclusiveStartKey,
        ...liveOnly,
        ExpressionAttributeNames: { ...liveOnly.ExpressionAttributeNames, '#person': occurrences.partitionKey.name },
      }),
    )
    return { items: (page.Items ?? []) as Occurrence[], lastKey: page.LastEvaluatedKey as OccurrenceKey | undefined }
  })
  const locations = await photoLocations(items.filter((o) => !o.photoBucket || !o.photoKey).map((o) => o.photoId))
  const photoList = items.map((o): Photo => {
    const location = o.photoBucket && o.photoKey ? { s3Bucket: o.photoBucket, s3Key: o.photoKey } : locations.get(o.photoId)
    return {
      photoId: o.photoId,
      photoBucket: location?.s3Bucket ?? null,
      photoKey: location?.s3Key ?? null,
      thumbBucket: o.thumbBucket ?? config.buckets.thumbs,
      thumbKey: o.thumbKey,
    }
  })
  return { photos: photoList, lastKey }
}

/** BatchGetItem reads at most 100 keys a request. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html */
const BATCH_GET_MAX_KEYS = 100
/** Rounds for keys DynamoDB leaves unprocessed (throttling, 16 MB), with exponential backoff as AWS asks. */
const BATCH_GET_MAX_ROUNDS = 4

/** The object of each photo id in Photos; ids Photos does not know, or knows as deleted, are left out. */
async function photoLocations(photoIds: string[]): Promise<Map<string, PhotoLocation>> {
  const unique = [...new Set(photoIds)] // BatchGetItem refuses a request that names a key twice
  const chunks: string[][] = []
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_MAX_KEYS))
  const items = (await Promise.all(chunks.map(batchGetPhotos))).flat()
  return new Map(items.filter(isLive).map((item) => [item.photoId, { s3Bucket: item.s3Bucket, s3Key: item.s3Key }]))
}

async function batchGetPhotos(photoIds: string[]): Promise<PhotoItem[]> {
  const TableName = config.tables.photos
  const key = photos.partitionKey.name
  const items: PhotoItem[] = []
  let keys: Record<string, unknown>[] = photoIds.map((id) => ({ [key]: id }))
  for (let round = 0; keys.length; round++) {
    if (round === BATCH_GET_MAX_ROUNDS) throw new Error(`BatchGet on ${TableName} left ${keys.length} keys unprocessed`)
    if (round) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round))
    const result = await db.send(
      new BatchGetCommand({
        RequestItems: { [TableName]: { Keys: keys, ProjectionExpression: '#id, s3Bucket, s3Key, #deleted', ExpressionAttributeNames: { '#id': key, '#deleted': 'deleted' } } },
      }),
    )
    items.push(...((result.Responses?.[TableName] ?? []) as PhotoItem[]))
    keys = result.UnprocessedKeys?.[TableName]?.Keys ?? []
  }
  return items
}
