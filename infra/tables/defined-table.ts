import { AttributeType, BillingMode, type Attribute, Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { Construct } from 'constructs'
import type { KeyAttribute, TableDefinition } from '../../origin-lambda/tables'

/**
 * Every DynamoDB action the origin calls on its tables, and nothing else. Transactions have
 * no IAM action of their own: `TransactWriteItems` is authorized per item by PutItem,
 * UpdateItem, DeleteItem and, for condition-only items, ConditionCheckItem.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 *
 * @example
 * ```ts
 * table.grant(fn, ...ORIGIN_TABLE_ACTIONS)
 * ```
 */
export const ORIGIN_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const

export type DefinedTableProps = {
  /** One entry of `tables` in origin-lambda/tables: keys, indexes and TTL come from there. */
  definition: TableDefinition
}

/**
 * A table built from the shared definition, on-demand, with point-in-time recovery, and
 * retained when the stack is deleted. `bindTo` hands it to a function the way the function
 * reads it: its name in the definition's env var and exactly the origin's actions on the
 * table and its indexes.
 *
 * @example
 * ```ts
 * const persons = new DefinedTable(this, 'PersonsTable', { definition: tables.persons })
 * persons.bindTo(originFunction) // TABLE_PERSONS=<name>, Query on byPhotoCount allowed
 * ```
 */
export class DefinedTable extends Construct {
  readonly table: Table
  readonly definition: TableDefinition

  constructor(scope: Construct, id: string, props: DefinedTableProps) {
    super(scope, id)
    const { definition } = props
    this.definition = definition
    this.table = new Table(this, 'Table', {
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey && attribute(definition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.timeToLiveAttribute,
    })
    for (const index of definition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
      })
    }
  }

  /** Gives `fn` this table's name and `actions` (the origin's by default) on it and its indexes. */
  bindTo(fn: LambdaFunction, actions: readonly string[] = ORIGIN_TABLE_ACTIONS): void {
    fn.addEnvironment(this.definition.envVar, this.table.tableName)
    // Table.grant covers `<table>/index/*` as soon as the table has an index.
    this.table.grant(fn, ...actions)
  }
}

const attributeTypes: Record<KeyAttribute['type'], AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER }

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: attributeTypes[key.type] }
}
