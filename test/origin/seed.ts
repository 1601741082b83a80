import { randomUUID } from 'node:crypto'
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { app } from '../../origin-lambda/app'

type Item = Record<string, unknown>
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } }

/** A key prefix no other test uses: the tables are shared by every test file. */
export function uniquePrefix(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}`
}

/** BatchWriteItem takes 25 requests at a time and may leave some unprocessed: those are sent again. */
async function batchWrite(db: DynamoDBDocumentClient, table: string, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25)
    for (let round = 0; pending.length; round++) {
      if (round === 5) throw new Error(`BatchWrite on ${table} kept ${pending.length} requests unprocessed`)
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }))
      pending = (UnprocessedItems?.[table] ?? []) as WriteRequest[]
    }
  }
}

/** Puts every item, 25 a request. */
export function putAll(db: DynamoDBDocumentClient, table: string, items: Item[]): Promise<void> {
  return batchWrite(db, table, items.map((Item) => ({ PutRequest: { Item } })))
}

/** Deletes every key, 25 a request. */
export function deleteAll(db: DynamoDBDocumentClient, table: string, keys: Item[]): Promise<void> {
  return batchWrite(db, table, keys.map((Key) => ({ DeleteRequest: { Key } })))
}

/** Every item of a table, page by page. */
export async function scanAll(db: DynamoDBDocumentClient, table: string): Promise<Item[]> {
  const items: Item[] = []
  let ExclusiveStartKey: Item | undefined
  do {
    const page = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey }))
    items.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey)
  return items
}

/** A request to the origin app, with a JSON body when one is given. */
export function request(method: string, path: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  return Promise.resolve(app.request(path, init))
}

/** Follows `nextCursor` from the first page to the last, at most `maxPages` of them. */
export async function allPages<Body extends { nextCursor: string | null }, T>(path: string, read: (body: Body) => T[], maxPages = 1_000): Promise<{ items: T[]; pages: T[][] }> {
  const pages: T[][] = []
  let cursor: string | null = null
  do {
    const separator = path.includes('?') ? '&' : '?'
    const res = await request('GET', cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path)
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
    const body = (await res.json()) as Body
    pages.push(read(body))
    cursor = body.nextCursor
  } while (cursor && pages.length < maxPages)
  if (cursor) throw new Error(`${path} had more than ${maxPages} pages`)
  return { items: pages.flat(), pages }
}
