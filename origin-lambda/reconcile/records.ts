import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { db } from '../dynamodb'

export type Item = Record<string, unknown>

/** Items per Scan page: small enough that one page is read well within the client's 3 s deadline. */
const SCAN_PAGE_ITEMS = 500

/**
 * Every item of a table, tombstones included (they are what a late event is ordered against),
 * page by page and strongly consistent, so that an item written before the scan began is seen.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ReadConsistency
 *
 * @example
 * ```ts
 * const persons = await scanTable(config.tables.persons, (item) => personInScope(scope, String(item.personId)))
 * ```
 */
export async function scanTable(tableName: string, keep: (item: Item) => boolean): Promise<Item[]> {
  const items: Item[] = []
  let ExclusiveStartKey: Item | undefined
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, Limit: SCAN_PAGE_ITEMS, ExclusiveStartKey }))
    for (const item of page.Items ?? []) if (keep(item)) items.push(item)
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey)
  return items
}
