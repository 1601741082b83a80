import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Code } from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import { tables } from '../origin-lambda/tables'
import { type InfraConfig, layoutOf } from './config'
import { EdgePurge } from './edge-purge/edge-purge'
import { ObjectEvents } from './events/object-events'
import { Alarms } from './monitoring/alarms'
import { capitalize } from './naming'
import { OriginFunction } from './origin/function'
import { Buckets } from './storage/buckets'
import { bucketRoles, checkLayout } from '../contract/layout'
import { ScheduledReconcile } from './reconcile/scheduled-reconcile'
import { DefinedTable } from './tables/defined-table'
import { WorkerUser } from './worker-access/worker-user'

export type EdgePresignStackProps = StackProps & {
  config: InfraConfig
  /** Replaces the esbuild bundle of the origin (see OriginFunctionProps.code). */
  originCode?: Code
  /** Replaces the esbuild bundle of the reconcile job (see ScheduledReconcileProps.code). */
  reconcileCode?: Code
}

/**
 * Everything the Worker needs in AWS: the buckets, the origin Lambda over its DynamoDB
 * tables, S3 events flowing to it through SQS, the daily reconcile job, alarms, and the IAM
 * user the Worker signs with. The outputs are the values `[env.production]` in wrangler.toml needs.
 *
 * @example
 * ```ts
 * new EdgePresignStack(app, 'EdgePresignProxy', { config: readConfig(app) })
 * ```
 */
export class EdgePresignStack extends Stack {
  constructor(scope: Construct, id: string, props: EdgePresignStackProps) {
    super(scope, id, props)
    const { config } = props
    const layout = layoutOf(config)
    checkLayout(layout)
    const buckets = new Buckets(this, 'Buckets', { names: config.bucketNames, allowedOrigins: config.allowedOrigins })
    const origin = new OriginFunction(this, 'Origin', { code: props.originCode })
    const { fn } = origin

    const definedTables = Object.entries(tables).map(([id, definition]) => new DefinedTable(this, `${capitalize(id)}Table`, { definition }))
    for (const table of definedTables) table.bindTo(fn)
    fn.addEnvironment('FRAMES_BUCKET', buckets.byRole.frames.bucketName)
    fn.addEnvironment('IMAGES_BUCKET', buckets.byRole.images.bucketName)
    fn.addEnvironment('PHOTOS_BUCKET', buckets.byRole.photos.bucketName)
    fn.addEnvironment('THUMBS_BUCKET', buckets.byRole.thumbs.bucketName)
    fn.addEnvironment('IMAGES_PREFIX', config.imagesPrefix)
    fn.addEnvironment('UPLOAD_PREFIX', config.uploadPrefix)
    // The origin calls no S3 API (the Worker deletes objects; events bring the rest): no S3 grant.
    // Every role's events: images, raw photos and face thumbnails keep their tables in sync, and
    // every one (frames too, which have no table) purges the edge answers it changes.
    const events = new ObjectEvents(this, 'ObjectEvents', { sources: bucketRoles.map((role) => buckets.byRole[role]), consumer: fn })
    const reconcile = new ScheduledReconcile(this, 'Reconcile', { buckets: buckets.byRole, layout, tables: definedTables, code: props.reconcileCode })
    const purge = config.cloudflareZoneId ? new EdgePurge(this, 'EdgePurge', { zoneId: config.cloudflareZoneId, purgers: [fn, reconcile.fn] }) : undefined
    const alarms = new Alarms(this, 'Alarms', { origin: fn, deadLetters: events.deadLetters, reconcile: reconcile.fn, email: config.alarmEmail })
    const worker = new WorkerUser(this, 'Worker', { buckets: buckets.byRole, originUrl: origin.url, layout })

    const outputs: Record<string, [string, string]> = {
      Region: [Aws.REGION, 'S3_REGION and ORIGIN_REGION'],
      OriginUrl: [origin.url.url, 'ORIGIN_URL'],
      WorkerUserName: [worker.user.userName, 'IAM user the Worker signs as'],
      WorkerAccessKeySecretArn: [worker.accessKeySecret.secretArn, 'secret holding the Worker access key: wrangler secret put S3_/ORIGIN_ACCESS_KEY_ID and S3_/ORIGIN_SECRET_ACCESS_KEY'],
      DeadLetterQueueUrl: [events.deadLetters.queueUrl, 'where S3 events the origin could not apply wait'],
      AlarmTopicArn: [alarms.topic.topicArn, 'subscribe here to receive alarms'],
      ReconcileFunctionName: [reconcile.fn.functionName, 'the daily reconcile job; run it now with aws lambda invoke --function-name <this> (payload {"dryRun":true} to only log what it would change)'],
    }
    if (purge) outputs.PurgeTokenSecretArn = [purge.token.secretArn, 'put the Cloudflare API token (Cache Purge on the zone) in this secret']
    for (const role of bucketRoles) {
      outputs[`${capitalize(role)}Bucket`] = [buckets.byRole[role].bucketName, `${role.toUpperCase()}_BUCKET`]
    }
    for (const [outputId, [value, description]] of Object.entries(outputs)) new CfnOutput(this, outputId, { value, description })
  }
}
