import { Duration } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export type AlarmsProps = {
  origin: LambdaFunction
  deadLetters: Queue
  /** The daily reconcile job, whose failed runs raise an alarm too. */
  reconcile?: LambdaFunction
  /** Subscribed to the alarm topic when given. */
  email?: string
}

/**
 * Alarms for what needs a human: any event parked in the dead-letter queue, any origin error or
 * throttle (the edge then serves stale data or fails), and a failed reconcile run. Each fires on
 * the first occurrence in five minutes; quiet periods are OK, not missing data.
 *
 * @example
 * ```ts
 * new Alarms(this, 'Alarms', { origin: origin.fn, deadLetters: events.deadLetters, email: 'ops@example.com' })
 * ```
 */
export class Alarms extends Construct {
  readonly topic: Topic

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id)
    this.topic = new Topic(this, 'Topic')
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email))
    const period = Duration.minutes(5)
    const alarms: Record<string, [IMetric, string]> = {
      DeadLetters: [props.deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), 'S3 events the origin could not apply wait in the dead-letter queue'],
      OriginErrors: [props.origin.metricErrors({ period }), 'The origin Lambda failed invocations'],
      OriginThrottles: [props.origin.metricThrottles({ period }), 'The origin Lambda was throttled'],
      ...(props.reconcile && { ReconcileErrors: [props.reconcile.metricErrors({ period }), 'The daily reconcile job failed (a change failed, or the run crashed or timed out): see its log'] }),
    }
    for (const [alarmId, [metric, alarmDescription]] of Object.entries(alarms)) {
      const alarm = new Alarm(this, alarmId, {
        metric,
        alarmDescription,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      alarm.addAlarmAction(new SnsAction(this.topic))
    }
  }
}
