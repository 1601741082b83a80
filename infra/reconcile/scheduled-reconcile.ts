import { Duration } from 'aws-cdk-lib'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { Code } from 'aws-cdk-lib/aws-lambda'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { type BucketRole, bucketRoles, type Layout } from '../../contract/layout'
import { syncedAreas } from '../../origin-lambda/reconcile/scope'
import { projectFunction } from '../functions/project-function'
import type { DefinedTable } from '../tables/defined-table'

/**
 * Every DynamoDB action a reconcile run calls: Scan to read the tables; GetItem, Query, PutItem,
 * UpdateItem and ConditionCheckItem for the writes it shares with S3 events (transactions are
 * authorized per item). No DeleteItem: removals are tombstones.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 */
export const RECONCILE_TABLE_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
] as const

export type ScheduledReconcileProps = {
  buckets: Record<BucketRole, Bucket>
  /** The contract's layout; its areas name each bucket by role, since names may be unresolved tokens. */
  layout: Layout
  /** The tables it reconciles, with the names the function reads from their env vars. */
  tables: DefinedTable[]
  /** Replaces the esbuild bundle of origin-lambda/reconcile/handler.ts (tests pass an inline stub). */
  code?: Code
}

/**
 * The daily reconcile job: origin-lambda/reconcile/handler.ts, the code behind `npm run reconcile`,
 * as a function of its own (its own role, logs and 15-minute limit; the origin's API keeps its
 * small bundle and its role without S3), invoked by an EventBridge schedule at 03:00 UTC. It may
 * list the synced areas only (ListBucket conditioned on their prefixes, which S3 also checks
 * against the key of a HeadObject to answer 404 rather than 403), read their objects' metadata
 * (HeadObject needs GetObject), and use its tables. A failed run is not retried: the next day's
 * run plans what is left, and the error alarm (see monitoring/alarms.ts) tells a human.
 *
 * @example
 * ```ts
 * const reconcile = new ScheduledReconcile(this, 'Reconcile', { buckets: buckets.byRole, layout, tables })
 * new Alarms(this, 'Alarms', { origin: origin.fn, deadLetters, reconcile: reconcile.fn })
 * ```
 */
export class ScheduledReconcile extends Construct {
  readonly fn: NodejsFunction
  readonly schedule: Rule

  constructor(scope: Construct, id: string, props: ScheduledReconcileProps) {
    super(scope, id)
    this.fn = projectFunction(this, {
      entry: 'origin-lambda/reconcile/handler.ts',
      code: props.code,
      // Whole tables and listings are held in memory: about 1 KB per object and item.
      memorySize: 1024,
      // Lambda's maximum; the run stops starting changes a minute before it (handler.ts).
      timeout: Duration.minutes(15),
    })
    this.fn.configureAsyncInvoke({ retryAttempts: 0 })
    for (const bucketRole of bucketRoles) this.fn.addEnvironment(`${bucketRole.toUpperCase()}_BUCKET`, props.buckets[bucketRole].bucketName)
    this.fn.addEnvironment('IMAGES_PREFIX', props.layout.imagesPrefix)
    this.fn.addEnvironment('UPLOAD_PREFIX', props.layout.uploadPrefix)
    for (const table of props.tables) table.bindTo(this.fn, RECONCILE_TABLE_ACTIONS)
    this.grantAreas(props.buckets, props.layout)
    this.schedule = new Rule(this, 'Daily', {
      description: 'Runs the reconcile job: DynamoDB made to match S3',
      schedule: Schedule.cron({ minute: '0', hour: '3' }),
      targets: [new LambdaFunction(this.fn, { retryAttempts: 0 })],
    })
  }

  private grantAreas(buckets: Record<BucketRole, Bucket>, layout: Layout): void {
    const areas = syncedAreas(layout)
    const prefixesByBucket = new Map<Bucket, string[]>()
    for (const area of areas) prefixesByBucket.set(buckets[area.role], [...(prefixesByBucket.get(buckets[area.role]) ?? []), area.prefix])
    for (const [bucket, prefixes] of prefixesByBucket) {
      // An area at the root of its bucket (images with IMAGES_PREFIX unset) is the whole bucket.
      const conditions = prefixes.includes('') ? undefined : { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } }
      this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions }))
    }
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: areas.map((area) => buckets[area.role].arnForObjects(`${area.prefix}*`)) }))
  }
}
