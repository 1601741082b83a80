import { describe, expect, it } from 'vitest'
import { RECONCILE_TABLE_ACTIONS } from '../../infra/reconcile/scheduled-reconcile'
import { tables } from '../../origin-lambda/tables'
import { arnText, asArray, logicalIdAt, onlyId, type Statement, statementsOf, synthesize } from './template'

const config = { bucketNames: {}, imagesPrefix: '', uploadPrefix: 'uploads/', allowedOrigins: ['*'] }
const { stack, template } = synthesize(config)
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>
const functionId = logicalIdAt(stack, 'Reconcile/Function')
const reconcile = resources[functionId]!.Properties
const bucketId = (stackOf: typeof stack, role: string) => logicalIdAt(stackOf, `Buckets/${role}`)

/** Each allowed action on each resource, with its condition when it has one. */
function grants(statements: Statement[]): string[] {
  return statements
    .flatMap((s) => asArray(s.Action).flatMap((action) => asArray(s.Resource).map((r) => `${action} ${arnText(r)}${s.Condition ? ` if ${JSON.stringify(s.Condition)}` : ''}`)))
    .sort()
}

describe('the daily reconcile job', () => {
  it('runs origin-lambda/reconcile/handler.ts as a function of its own: nodejs24.x on arm64, up to 15 minutes, logs kept a month', () => {
    expect(reconcile).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 900 })
    expect(functionId).not.toBe(logicalIdAt(stack, 'Origin/Function'))
    const logGroup = logicalIdAt(stack, 'Reconcile/Logs')
    expect(reconcile.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup } })
    expect(resources[logGroup]!.Properties.RetentionInDays).toBe(30)
  })

  it('reads the layout and the tables as the origin does', () => {
    const variables = reconcile.Environment.Variables
    for (const role of ['Frames', 'Images', 'Photos', 'Thumbs']) expect(variables[`${role.toUpperCase()}_BUCKET`]).toEqual({ Ref: bucketId(stack, role) })
    expect(variables).toMatchObject({ IMAGES_PREFIX: '', UPLOAD_PREFIX: 'uploads/' })
    for (const table of Object.values(tables)) expect(resources[variables[table.envVar].Ref]?.Type).toBe('AWS::DynamoDB::Table')
  })

  it('is invoked daily at 03:00 UTC by EventBridge, without retries: the next run plans what is left', () => {
    const ruleId = onlyId(template, 'AWS::Events::Rule')
    expect(resources[ruleId]!.Properties).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', State: 'ENABLED' })
    expect(resources[ruleId]!.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })])
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] }, FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] } })
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionId }, MaximumRetryAttempts: 0 })
  })

  it('may list and read the synced areas only, use its tables without deleting, and write its logs; nothing of frames', () => {
    const roleId = arnText(reconcile.Role)
    const tableIds = Object.values(tables).map((t) => reconcile.Environment.Variables[t.envVar].Ref as string)
    const indexed = Object.values(tables).flatMap((t) => (t.globalIndexes.length ? [`${reconcile.Environment.Variables[t.envVar].Ref}/index/*`] : []))
    const [images, photos, thumbs] = ['Images', 'Photos', 'Thumbs'].map((role) => bucketId(stack, role))
    expect(grants(statementsOf(template, roleId))).toEqual(
      [
        ...RECONCILE_TABLE_ACTIONS.flatMap((action) => [...tableIds, ...indexed].map((arn) => `${action} ${arn}`)),
        `s3:ListBucket ${images}`,
        `s3:ListBucket ${photos} if {"StringLike":{"s3:prefix":["photos-raw/*"]}}`,
        `s3:ListBucket ${thumbs} if {"StringLike":{"s3:prefix":["faces-thumbs/*"]}}`,
        `s3:GetObject ${images}/*`,
        `s3:GetObject ${photos}/photos-raw/*`,
        `s3:GetObject ${thumbs}/faces-thumbs/*`,
        `logs:CreateLogStream ${logicalIdAt(stack, 'Reconcile/Logs')}`,
        `logs:PutLogEvents ${logicalIdAt(stack, 'Reconcile/Logs')}`,
      ].sort(),
    )
    expect(RECONCILE_TABLE_ACTIONS).not.toContain('dynamodb:DeleteItem')
  })

  it('with one bucket for every role, may list only the areas of images, raw photos and face thumbnails', () => {
    const library = { frames: 'library', images: 'library', photos: 'library', thumbs: 'library' }
    const shared = synthesize({ bucketNames: library, imagesPrefix: 'images/', uploadPrefix: 'images/uploads/', allowedOrigins: ['*'] })
    const role = arnText(shared.template.toJSON().Resources[logicalIdAt(shared.stack, 'Reconcile/Function')].Properties.Role)
    const bucket = onlyId(shared.template, 'AWS::S3::Bucket')
    expect(grants(statementsOf(shared.template, role)).filter((grant) => grant.startsWith('s3:'))).toEqual(
      [
        `s3:GetObject ${bucket}/faces-thumbs/*`,
        `s3:GetObject ${bucket}/images/*`,
        `s3:GetObject ${bucket}/photos-raw/*`,
        `s3:ListBucket ${bucket} if {"StringLike":{"s3:prefix":["images/*","photos-raw/*","faces-thumbs/*"]}}`,
      ].sort(),
    )
  })

  it('raises an alarm on the topic when a run fails', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: onlyId(template, 'AWS::SNS::Topic') }],
    })
  })

  it('is named in the outputs, to run it by hand', () => {
    expect(template.toJSON().Outputs.ReconcileFunctionName.Value).toEqual({ Ref: functionId })
  })
})
