import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import { PERSONS_RANK_PARTITION, tables } from '../tables'
import type { Person } from '../../contract/responses'

const TableName = config.tables.persons
const rank = tables.persons.globalIndexes[0]

/** A key of the `byPhotoCount` index, as `LastEvaluatedKey` gives it and `ExclusiveStartKey` takes it. */
export type RankKey = { personId: string; rankPartition: typeof PERSONS_RANK_PARTITION; photoCount: number }

/**
 * Persons by photo count, most first, from the `byPhotoCount` index: every person is in its one
 * partition, sorted by count, so the first page is the true top N whatever the table's size,
 * and each next page continues the same order.
 *
 * @example
 * ```ts
 * const { persons, lastKey } = await rankedPersons(100)
 * ```
 */
export async function rankedPersons(limit: number, startKey?: RankKey): Promise<{ persons: Person[]; lastKey?: RankKey }> {
  const page = await db.send(
    new QueryCommand({
      TableName,
      IndexName: rank.indexName,
      KeyConditionExpression: '#partition = :partition',
      ExpressionAttributeNames: { '#partition': rank.partitionKey.name },
      ExpressionAttributeValues: { ':partition': PERSONS_RANK_PARTITION },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  )
  const persons = (page.Items ?? []).map((item) => {
    const { personId, photoCount, repThumbKey } = item as Person
    // The People API this replaces always named the thumbnail, null when there is none.
    return { personId, photoCount: photoCount ?? 0, repThumbKey: repThumbKey ?? null }
  })
  return { persons, lastKey: page.LastEvaluatedKey as RankKey | undefined }
}
