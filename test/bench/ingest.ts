/**
 * Event ingestion: S3 ObjectCreated events for the images bucket, posted as S3 envelopes to the
 * origin dev server's `/_local/s3-events` (the origin Lambda's handler, called directly), each
 * applied as a sequencer-guarded put into ImageMetadata in DynamoDB Local.
 */
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { StackConfig } from '../stack/config'
import { dynamodbClient } from '../stack/dynamodb'

export type Ingestion = { events: number; seconds: number; eventsPerSecond: number; batchSize: number; concurrency: number; stored: number }

/**
 * Posts batches of `batchSize` events from `concurrency` senders for `seconds`, then checks
 * every event's item is in the table: a rate of events that were not stored would mean nothing.
 */
export async function measureIngestion(config: StackConfig, { seconds, batchSize = 25, concurrency = 8 }: { seconds: number; batchSize?: number; concurrency?: number }): Promise<Ingestion> {
  const url = `http://127.0.0.1:${config.originPort}/_local/s3-events`
  const keys: string[] = []
  let sequence = 0
  const record = (key: string) => ({
    eventName: 'ObjectCreated:Put',
    eventTime: new Date().toISOString(),
    s3: { bucket: { name: config.buckets.images }, object: { key, size: 1_024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: (++sequence).toString(16).toUpperCase().padStart(16, '0') } },
  })
  const sender = async (id: number, deadline: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const batch = Array.from({ length: batchSize }, (_, i) => `bench-events/${id}/${n}-${i}.png`)
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-local-events-secret': config.eventsSecret }, body: JSON.stringify({ Records: batch.map(record) }) })
      await res.body?.cancel()
      if (!res.ok) throw new Error(`/_local/s3-events answered ${res.status}`)
      keys.push(...batch)
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, (_, id) => sender(id, start + seconds * 1000)))
  const elapsed = (performance.now() - start) / 1000
  return { events: keys.length, seconds: elapsed, eventsPerSecond: keys.length / elapsed, batchSize, concurrency, stored: await countStored(config, keys) }
}

/** How many of these keys have an item in ImageMetadata (BatchGet, 100 keys a call). */
export async function countStored(config: StackConfig, fileNames: string[]): Promise<number> {
  const db = DynamoDBDocumentClient.from(dynamodbClient(config))
  const table = config.tables.images
  let found = 0
  for (let i = 0; i < fileNames.length; i += 100) {
    let Keys: Record<string, unknown>[] | undefined = fileNames.slice(i, i + 100).map((FileName) => ({ FileName }))
    while (Keys?.length) {
      const out: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys, ProjectionExpression: 'FileName' } } }))
      found += out.Responses?.[table]?.length ?? 0
      Keys = out.UnprocessedKeys?.[table]?.Keys
    }
  }
  return found
}
