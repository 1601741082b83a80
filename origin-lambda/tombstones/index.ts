import { config } from '../config'

/**
 * Tables whose deletes leave tombstones: an object's ObjectRemoved event writes its item as
 * `{…, deleted: true, sequencer, expiresAt}`, kept until its TTL so that a late create cannot
 * bring it back (see `writes/sequenced-put.ts`). Every read treats such an item as absent.
 */

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
 * The attributes that make an item the tombstone of an object deleted at `sequencer`.
 *
 * @example
 * ```ts
 * const item = { FileName: key, Bucket: bucket, ...tombstoneOf(event.sequencer) }
 * ```
 */
export function tombstoneOf(sequencer: string) {
  return { deleted: true, sequencer, expiresAt: tombstoneExpiresAt() }
}

/**
 * The Scan and Query options that leave tombstones out.
 *
 * @example
 * ```ts
 * db.send(new ScanCommand({ TableName, ...liveOnly }))
 * ```
 */
export const liveOnly = { FilterExpression: 'attribute_not_exists(#deleted)', ExpressionAttributeNames: { '#deleted': 'deleted' } }

/**
 * Whether an item read by key is there and not a tombstone.
 *
 * @example
 * ```ts
 * const { Item } = await db.send(new GetCommand({ TableName, Key }))
 * if (!isLive(Item)) throw new NotFoundError('Item not found')
 * ```
 */
export function isLive<Item extends Record<string, unknown>>(item: Item | undefined): item is Item {
  return item !== undefined && item.deleted === undefined
}

/** One Scan or Query with `liveOnly`: the live items of at most `limit` evaluated, and where it stopped. */
export type ReadPage<Item, Key> = (limit: number, startKey: Key | undefined) => Promise<{ items: Item[]; lastKey?: Key }>

/**
 * A page of at most `limit` live items. DynamoDB applies `Limit` before the filter that leaves
 * tombstones out, so one request may return fewer items than asked, even none, before the end:
 * up to `maxReads` requests are made, each asking only for what is still missing. The page is
 * short only where tombstones abound, and `lastKey` is always DynamoDB's own `LastEvaluatedKey`,
 * so the next page starts exactly where this one stopped.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.Limit
 *
 * @example
 * ```ts
 * const { items, lastKey } = await fillPage(50, cursor, 10, (limit, ExclusiveStartKey) => scanOnce(limit, ExclusiveStartKey))
 * ```
 */
export async function fillPage<Item, Key>(limit: number, startKey: Key | undefined, maxReads: number, read: ReadPage<Item, Key>): Promise<{ items: Item[]; lastKey?: Key }> {
  const items: Item[] = []
  let lastKey = startKey
  for (let reads = 0; reads < maxReads && items.length < limit; reads++) {
    const page = await read(limit - items.length, lastKey)
    items.push(...page.items)
    lastKey = page.lastKey
    if (!lastKey) break
  }
  return { items, lastKey }
}
