import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { areasOf, framePrefixes } from '../../contract/layout'
import { layoutOf } from '../../infra/config'
import { ORIGIN_TABLE_ACTIONS } from '../../infra/tables/defined-table'
import { createTableInput, type TableDefinition, tables } from '../../origin-lambda/tables'
import { arnText, asArray, logicalIdAt, onlyId, policyStatements, type Statement, statementsOf, synthesize } from './template'

const config = { bucketNames: {}, imagesPrefix: '', uploadPrefix: 'uploads/', allowedOrigins: ['https://app.example.com'] }
const { stack, template } = synthesize(config)
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>

const functionId = logicalIdAt(stack, 'Origin/Function')
const origin = resources[functionId]!.Properties
const bucketId = (role: string) => logicalIdAt(stack, `Buckets/${role}`)
const queueId = onlyId(template, 'AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } })
const deadLettersId = onlyId(template, 'AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.absent() } })
const userId = onlyId(template, 'AWS::IAM::User')

function grants(statements: Statement[]): string[] {
  return statements.flatMap((s) => asArray(s.Action).flatMap((action) => asArray(s.Resource).map((r) => `${action} ${arnText(r)}`))).sort()
}

describe('IAM', () => {
  const statements = policyStatements(template)

  it('grants no wildcard action and no bare "*" resource', () => {
    const allows = statements.filter(({ statement }) => statement.Effect === 'Allow')
    expect(allows.length).toBeGreaterThan(5)
    for (const { resource, statement } of allows) {
      for (const action of asArray(statement.Action)) expect(action, `${resource}: ${action}`).not.toContain('*')
      // Every resource here has a known ARN, so none may be "*".
      for (const arn of asArray(statement.Resource)) expect(arn, `${resource}: ${JSON.stringify(statement)}`).not.toBe('*')
    }
  })

  it('uses wildcards only to deny requests without TLS', () => {
    const denies = statements.filter(({ statement }) => statement.Effect === 'Deny')
    expect(denies.length).toBeGreaterThan(0)
    for (const { statement } of denies) expect(statement.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } })
  })

  it('attaches no managed policy (AWSLambdaBasicExecutionRole writes to every log group)', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined()
  })

  it('lets the Worker read the areas of the contract, list frames, upload, delete images and call the origin, nothing else', () => {
    const bucketOf = { frames: bucketId('Frames'), images: bucketId('Images'), photos: bucketId('Photos'), thumbs: bucketId('Thumbs') }
    const areas = areasOf(layoutOf(config))
    const userStatements = statementsOf(template, userId)
    expect(grants(userStatements)).toEqual(
      [
        ...areas.map((area) => `s3:GetObject ${bucketOf[area.role]}/${area.prefix}*`),
        `s3:ListBucket ${bucketOf.frames}`,
        `s3:PutObject ${bucketOf.images}/${config.uploadPrefix}*`,
        `s3:DeleteObject ${bucketOf.images}/${config.imagesPrefix}*`,
        `lambda:InvokeFunctionUrl ${functionId}`,
        `lambda:InvokeFunction ${functionId}`,
      ].sort(),
    )
    expect(grants(userStatements)).toContain(`s3:GetObject ${bucketOf.frames}/flagged/annotated_frames/*`)
    const list = userStatements.find((s) => s.Action === 's3:ListBucket')
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': [framePrefixes.flagged, `${framePrefixes.flagged}*`, framePrefixes.devices, `${framePrefixes.devices}*`] } })
    const invokeUrl = userStatements.find((s) => s.Action === 'lambda:InvokeFunctionUrl')
    expect(invokeUrl?.Condition).toEqual({ StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } })
    const invoke = userStatements.find((s) => s.Action === 'lambda:InvokeFunction')
    expect(invoke?.Condition).toEqual({ Bool: { 'lambda:InvokedViaFunctionUrl': true } })
  })

  it('lets the origin use its tables and indexes, consume the queue and write its logs, and nothing of S3', () => {
    const roleId = arnText(origin.Role)
    const roleGrants = grants(statementsOf(template, roleId))
    const tableIds = Object.values(tables).map((t) => origin.Environment.Variables[t.envVar].Ref as string)
    const indexed = Object.values(tables).flatMap((t) => (t.globalIndexes.length ? [`${origin.Environment.Variables[t.envVar].Ref}/index/*`] : []))
    const logGroup = logicalIdAt(stack, 'Origin/Logs')
    expect(roleGrants).toEqual(
      [
        ...ORIGIN_TABLE_ACTIONS.flatMap((action) => [...tableIds, ...indexed].map((arn) => `${action} ${arn}`)),
        ...['ChangeMessageVisibility', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl', 'ReceiveMessage'].map((a) => `sqs:${a} ${queueId}`),
        `logs:CreateLogStream ${logGroup}`,
        `logs:PutLogEvents ${logGroup}`,
      ].sort(),
    )
  })

  it('keeps the Worker access key in Secrets Manager, out of every output', () => {
    const accessKeyId = onlyId(template, 'AWS::IAM::AccessKey')
    const secret = resources[onlyId(template, 'AWS::SecretsManager::Secret')]!.Properties
    expect(JSON.stringify(secret.SecretString)).toContain(`"${accessKeyId}","SecretAccessKey"`)
    expect(JSON.stringify(template.toJSON().Outputs)).not.toContain('SecretAccessKey')
  })
})

describe('DynamoDB', () => {
  it('has exactly the shared definitions', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(tables).length)
  })

  const definitions: Record<string, TableDefinition> = tables
  for (const [id, definition] of Object.entries(definitions)) {
    it(`builds ${id} from its definition and hands its name to the origin in ${definition.envVar}`, () => {
      const tableRef = origin.Environment.Variables[definition.envVar] as { Ref: string }
      const table = resources[tableRef.Ref]!
      expect(table.Type).toBe('AWS::DynamoDB::Table')
      const expected = createTableInput(definition, 'unused')
      const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) => String(a.AttributeName).localeCompare(String(b.AttributeName))
      expect(table.Properties.KeySchema).toEqual(expected.KeySchema)
      expect([...table.Properties.AttributeDefinitions].sort(byName)).toEqual([...(expected.AttributeDefinitions ?? [])].sort(byName))
      expect(table.Properties.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes)
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST')
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true })
      const ttl = definition.timeToLiveAttribute
      expect(table.Properties.TimeToLiveSpecification).toEqual(ttl ? { AttributeName: ttl, Enabled: true } : undefined)
    })
  }
})

describe('origin Lambda', () => {
  it('runs on nodejs24.x, arm64', () => {
    expect(origin.Runtime).toBe('nodejs24.x')
    expect(origin.Architectures).toEqual(['arm64'])
  })

  it('knows its buckets', () => {
    for (const role of ['Images', 'Photos', 'Thumbs']) expect(origin.Environment.Variables[`${role.toUpperCase()}_BUCKET`]).toEqual({ Ref: bucketId(role) })
  })

  it('is reached through a Function URL with AWS_IAM auth only', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1)
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] } })
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'))
    expect(permissions.filter((p) => JSON.stringify(p.Properties.FunctionName).includes(`"${functionId}"`))).toEqual([])
  })

  it('keeps its logs for a month', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 })
    expect(origin.LoggingConfig).toEqual({ LogGroup: { Ref: logicalIdAt(stack, 'Origin/Logs') } })
  })
})

describe('S3 events', () => {
  it('reach the queue from every bucket: images, photos and thumbnails feed tables, and every change (frames too) purges the edge', () => {
    const images = resources[bucketId('Images')]!
    const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] }
    for (const role of ['Frames', 'Images', 'Photos', 'Thumbs']) {
      expect(resources[bucketId(role)]!.Properties.NotificationConfiguration).toEqual({
        QueueConfigurations: [
          { Event: 's3:ObjectCreated:*', Queue: queueArn },
          { Event: 's3:ObjectRemoved:*', Queue: queueArn },
        ],
      })
    }
    // S3 checks that it may send when the notification is configured: the policy comes first.
    const queuePolicyId = onlyId(template, 'AWS::SQS::QueuePolicy', { Properties: { Queues: [{ Ref: queueId }] } })
    expect(images.DependsOn).toContain(queuePolicyId)
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 's3.amazonaws.com' } })]) },
    })
  })

  it('move to a dead-letter queue after 5 receives', () => {
    expect(resources[queueId]!.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 5 })
  })

  it('are consumed by the origin, which reports batch item failures', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1)
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: functionId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // One purge of the edge per batch of up to 100 events or 1 s of them.
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
    })
  })
})

describe('edge purge', () => {
  it('is off without a Cloudflare zone: the origin gets no purge URL', () => {
    expect(origin.Environment.Variables.PURGE_URL).toBeUndefined()
    template.resourceCountIs('AWS::SecretsManager::Secret', 1) // the Worker's access key only
  })

  it("with a zone, the origin and the reconcile job purge through Cloudflare's API with a token only they may read, in no template or output", () => {
    const { template: purging } = synthesize({ ...config, cloudflareZoneId: '023e105f4ecef8ad9ca31a8372d0c353' })
    const secretId = onlyId(purging, 'AWS::SecretsManager::Secret', { Properties: { Description: Match.stringLikeRegexp('Cloudflare') } })
    const functions = Object.values(purging.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Environment.Variables)
    expect(functions).toHaveLength(2)
    for (const variables of functions) {
      expect(variables.PURGE_URL).toBe('https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache')
      expect(variables.PURGE_TOKEN_SECRET_ARN).toEqual({ Ref: secretId })
      expect(variables.PURGE_TOKEN).toBeUndefined()
    }
    const outputs = purging.toJSON().Outputs as Record<string, { Value: unknown }>
    expect(outputs.PurgeTokenSecretArn?.Value).toEqual({ Ref: secretId })
    const readers = Object.values(purging.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy).includes(secretId))
    expect(readers).toHaveLength(2)
    for (const reader of readers) expect(JSON.stringify(reader)).toContain('secretsmanager:GetSecretValue')
  })
})

describe('buckets', () => {
  it('are private, encrypted, TLS-only, with CORS for presigned GET and PUT', () => {
    const buckets = template.findResources('AWS::S3::Bucket')
    expect(Object.keys(buckets)).toHaveLength(4)
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true })
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }])
      expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
        expect.objectContaining({ AllowedMethods: expect.arrayContaining(['GET', 'PUT']), AllowedOrigins: ['https://app.example.com'] }),
      ])
      expect(bucket.DeletionPolicy).toBe('Retain')
      template.hasResourceProperties('AWS::S3::BucketPolicy', { Bucket: { Ref: id } })
    }
  })

  it('can be one bucket for every role, images under a prefix of their own', () => {
    const library = { frames: 'library', images: 'library', photos: 'library', thumbs: 'library' }
    const { stack: sharedStack, template: shared } = synthesize({ bucketNames: library, imagesPrefix: 'images/', uploadPrefix: 'images/uploads/', allowedOrigins: ['*'] })
    shared.resourceCountIs('AWS::S3::Bucket', 1)
    const id = onlyId(shared, 'AWS::S3::Bucket', { Properties: { BucketName: 'library' } })
    const worker = grants(statementsOf(shared, onlyId(shared, 'AWS::IAM::User')))
    expect(worker).toEqual(
      expect.arrayContaining([`s3:GetObject ${id}/flagged/annotated_frames/*`, `s3:GetObject ${id}/images/*`, `s3:GetObject ${id}/photos-raw/*`, `s3:PutObject ${id}/images/uploads/*`, `s3:DeleteObject ${id}/images/*`, `s3:ListBucket ${id}`]),
    )
    expect(worker.filter((grant) => grant.startsWith('s3:GetObject') || grant.startsWith('s3:DeleteObject'))).not.toContain(`s3:GetObject ${id}/*`)
    const lambda = shared.toJSON().Resources[logicalIdAt(sharedStack, 'Origin/Function')].Properties.Environment.Variables
    for (const name of ['IMAGES_BUCKET', 'PHOTOS_BUCKET', 'THUMBS_BUCKET']) expect(lambda[name]).toEqual({ Ref: id })
  })

  it('refuses one bucket for every role with images at its root: every object would be an image', () => {
    const library = { frames: 'library', images: 'library', photos: 'library', thumbs: 'library' }
    expect(() => synthesize({ bucketNames: library, imagesPrefix: '', uploadPrefix: 'uploads/', allowedOrigins: ['*'] })).toThrow(/overlap in bucket library; .*IMAGES_PREFIX/)
  })

  it('can share a bucket between some roles only', () => {
    const { template: partly } = synthesize({ bucketNames: { frames: 'media', images: 'media', photos: 'people' }, imagesPrefix: 'images/', uploadPrefix: 'images/uploads/', allowedOrigins: ['*'] })
    partly.resourceCountIs('AWS::S3::Bucket', 3)
    expect(Object.keys(partly.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'media' } }))).toHaveLength(1)
    expect(Object.keys(partly.findResources('AWS::S3::Bucket', { Properties: { BucketName: Match.absent() } }))).toHaveLength(1)
  })
})

describe('alarms', () => {
  it('fire on any dead-lettered event, origin error or throttle, and a failed reconcile run', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4)
    const alarm = { Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, AlarmActions: [{ Ref: onlyId(template, 'AWS::SNS::Topic') }] }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarm,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
    })
    for (const MetricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { ...alarm, Namespace: 'AWS/Lambda', MetricName, Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }] })
    }
  })
})

describe('outputs', () => {
  it('give every value [env.production] needs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['Region', 'OriginUrl', 'FramesBucket', 'ImagesBucket', 'PhotosBucket', 'ThumbsBucket', 'WorkerUserName', 'WorkerAccessKeySecretArn']))
    expect(outputs.OriginUrl?.Value).toEqual({ 'Fn::GetAtt': [onlyId(template, 'AWS::Lambda::Url'), 'FunctionUrl'] })
    expect(outputs.ImagesBucket?.Value).toEqual({ Ref: bucketId('Images') })
    expect(outputs.Region?.Value).toEqual({ Ref: 'AWS::Region' })
  })
})
