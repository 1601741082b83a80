/**
 * The one definition of every DynamoDB table: the origin reads its key names from here,
 * the tests and the local stack create tables from `createTableInput`, and infra builds
 * the production tables from the same objects, so the three can never drift apart.
 *
 * @example
 * ```ts
 * import { tables, createTableInput } from './tables'
 * await client.send(new CreateTableCommand(createTableInput(tables.persons, 'Persons')))
 * ```
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

export type KeyAttribute = { name: string; type: 'S' | 'N' }

export type IndexDefinition = {
  indexName: string
  partitionKey: KeyAttribute
  sortKey?: KeyAttribute
}

export type TableDefinition = {
  /** Default physical name; each is overridable by the env var named in `envVar`. */
  defaultName: string
  envVar: string
  partitionKey: KeyAttribute
  sortKey?: KeyAttribute
  globalIndexes: readonly IndexDefinition[]
  /** Attribute DynamoDB TTL deletes by (tombstones of deleted objects). */
  timeToLiveAttribute?: string
}

/**
 * Persons are ranked through a GSI whose partition key is one constant value, so
 * "the top N by photoCount" is a single descending Query over the whole table, whatever
 * its size. A People grid has thousands of persons, not millions; a sharded key is the
 * next step if one partition's write rate (1,000 WCU/s) ever becomes the limit.
 */
export const PERSONS_RANK_PARTITION = 'persons'

export const tables = {
  images: {
    defaultName: 'ImageMetadata',
    envVar: 'TABLE_IMAGES',
    partitionKey: { name: 'FileName', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  persons: {
    defaultName: 'Persons',
    envVar: 'TABLE_PERSONS',
    partitionKey: { name: 'personId', type: 'S' },
    globalIndexes: [
      {
        indexName: 'byPhotoCount',
        partitionKey: { name: 'rankPartition', type: 'S' },
        sortKey: { name: 'photoCount', type: 'N' },
      },
    ],
  },
  occurrences: {
    defaultName: 'Occurrences',
    envVar: 'TABLE_OCCURRENCES',
    partitionKey: { name: 'personId', type: 'S' },
    sortKey: { name: 'photoId', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  photos: {
    defaultName: 'Photos',
    envVar: 'TABLE_PHOTOS',
    partitionKey: { name: 'photoId', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDefinition>

export type TableId = keyof typeof tables

/** Physical table names, from the environment or the defaults. */
export function tableNames(env: Record<string, string | undefined>): Record<TableId, string> {
  const entries = Object.entries(tables).map(([id, t]) => [id, env[t.envVar] ?? t.defaultName])
  return Object.fromEntries(entries) as Record<TableId, string>
}

/** The `CreateTable` request for a definition, on-demand billing, as infra deploys it. */
export function createTableInput(table: TableDefinition, tableName: string): CreateTableCommandInput {
  const keys = [table.partitionKey, table.sortKey, ...table.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]
  const attributes = new Map(keys.filter((k) => k !== undefined).map((k) => [k.name, k.type]))
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    GlobalSecondaryIndexes: table.globalIndexes.length
      ? table.globalIndexes.map((i) => ({
          IndexName: i.indexName,
          KeySchema: keySchema(i.partitionKey, i.sortKey),
          Projection: { ProjectionType: 'ALL' },
        }))
      : undefined,
  }
}

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
  ]
}
