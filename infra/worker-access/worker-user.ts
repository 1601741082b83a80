import { SecretValue } from 'aws-cdk-lib'
import { AccessKey, PolicyStatement, User } from 'aws-cdk-lib/aws-iam'
import type { FunctionUrl } from 'aws-cdk-lib/aws-lambda'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { areasOf, type BucketRole, type Layout } from '../../contract/layout'

export type WorkerUserProps = {
  buckets: Record<BucketRole, Bucket>
  /** The contract's layout; its areas name each bucket by role, since names may be unresolved tokens. */
  layout: Layout
  originUrl: FunctionUrl
}

/**
 * The IAM user whose key the Worker signs with, both its presigned S3 URLs and its calls to
 * the origin. A presigned URL carries exactly this user's rights, so they are the served
 * prefixes, uploads and image deletes, never more. Its access key lives in Secrets Manager;
 * CloudFormation passes it there without it appearing in the template or the outputs.
 *
 * @example
 * ```ts
 * const worker = new WorkerUser(this, 'Worker', { buckets: buckets.byRole, originUrl: origin.url, layout: layoutOf(config) })
 * new CfnOutput(this, 'WorkerAccessKeySecretArn', { value: worker.accessKeySecret.secretArn })
 * ```
 */
export class WorkerUser extends Construct {
  readonly user: User
  readonly accessKeySecret: Secret

  constructor(scope: Construct, id: string, props: WorkerUserProps) {
    super(scope, id)
    const { buckets } = props
    const areas = areasOf(props.layout)
    this.user = new User(this, 'User')
    this.user.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: areas.map((area) => buckets[area.role].arnForObjects(`${area.prefix}*`)) }),
    )
    // `unflagged/*` also matches the bare `unflagged/` under StringLike; the bare prefixes are
    // listed anyway so the policy reads as the exact listings the Worker makes.
    const framePrefixes = areas.filter((area) => area.role === 'frames').flatMap(({ prefix }) => [prefix, `${prefix}*`])
    this.user.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [buckets.frames.bucketArn],
        conditions: { StringLike: { 's3:prefix': framePrefixes } },
      }),
    )
    this.user.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [buckets.images.arnForObjects(`${props.layout.uploadPrefix}*`)] }))
    this.user.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [buckets.images.arnForObjects(`${props.layout.imagesPrefix}*`)] }))
    // Both lambda:InvokeFunctionUrl and lambda:InvokeFunction (via the URL only): Function
    // URLs created since October 2025 check the two.
    props.originUrl.grantInvokeUrl(this.user)

    const accessKey = new AccessKey(this, 'AccessKey', { user: this.user })
    this.accessKeySecret = new Secret(this, 'AccessKeySecret', {
      description: 'Access key of the edge Worker: its S3_/ORIGIN_ACCESS_KEY_ID and S3_/ORIGIN_SECRET_ACCESS_KEY',
      secretObjectValue: {
        accessKeyId: SecretValue.unsafePlainText(accessKey.accessKeyId),
        secretAccessKey: accessKey.secretAccessKey,
      },
    })
  }
}
