import { Aws, Duration } from 'aws-cdk-lib'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export type ObjectEventsProps = {
  /** Buckets whose ObjectCreated and ObjectRemoved events the consumer applies. */
  sources: Bucket[]
  consumer: LambdaFunction
}

/** Receives before a message moves to the DLQ: enough to ride out a DynamoDB hiccup. */
const MAX_RECEIVE_COUNT = 5

/**
 * S3 object events → SQS → the origin, with a dead-letter queue. SQS rather than direct
 * invocation buys retries per message (the origin reports partial batch failures) and a
 * place where poison events wait for a human instead of vanishing.
 *
 * The notifications are set on the buckets themselves (CloudFormation NotificationConfiguration)
 * instead of through `addEventNotification`, whose custom resource needs
 * `s3:PutBucketNotification` on every bucket (`Resource: "*"`) and a Lambda of its own.
 *
 * @example
 * ```ts
 * const events = new ObjectEvents(this, 'Events', { sources: [buckets.byRole.images], consumer: origin.fn })
 * events.deadLetters.metricApproximateNumberOfMessagesVisible()
 * ```
 */
export class ObjectEvents extends Construct {
  readonly queue: Queue
  readonly deadLetters: Queue

  constructor(scope: Construct, id: string, props: ObjectEventsProps) {
    super(scope, id)
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda consumers: six times the function timeout, so a message is
      // not handed out again while a slow, throttled or retried batch still holds it.
      visibilityTimeout: Duration.seconds(6 * (props.consumer.timeout ?? Duration.seconds(3)).toSeconds()),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    })
    // Scoped by account, not by bucket ARN: a bucket named by CloudFormation has no ARN until
    // it exists, and the bucket must wait for this policy (S3 checks it when configured).
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    )
    for (const bucket of new Set(props.sources)) {
      const cfnBucket = bucket.node.defaultChild as CfnBucket
      cfnBucket.notificationConfiguration = {
        queueConfigurations: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'].map((event) => ({ event, queue: this.queue.queueArn })),
      }
      bucket.node.addDependency(this.queue)
    }
    // Up to 100 messages or 1 s of them per invocation: the origin purges the edge once per
    // batch, and Cloudflare limits purge requests (5/s on Pro, 5/min on Free), not tags.
    props.consumer.addEventSource(new SqsEventSource(this.queue, { reportBatchItemFailures: true, batchSize: 100, maxBatchingWindow: Duration.seconds(1) }))
  }
}
