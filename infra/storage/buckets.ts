import { Duration } from 'aws-cdk-lib'
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { capitalize } from '../naming'
import { type BucketRole, bucketRoles } from '../../contract/layout'

export type BucketsProps = {
  /** Physical name per role; roles given the same name share one bucket. */
  names: Partial<Record<BucketRole, string>>
  /** Browser origins allowed by CORS. */
  allowedOrigins: string[]
}

/**
 * The private buckets behind every role: no public access, S3-managed encryption, TLS only,
 * and CORS for what browsers do with presigned URLs (GET everywhere, PUT of uploads).
 * Buckets are retained when the stack is deleted: they hold the library itself.
 *
 * @example
 * ```ts
 * const buckets = new Buckets(this, 'Buckets', { names: { frames: 'lib', images: 'lib' }, allowedOrigins: ['*'] })
 * buckets.byRole.frames === buckets.byRole.images // true: one bucket, two roles
 * ```
 */
export class Buckets extends Construct {
  readonly byRole: Record<BucketRole, Bucket>

  constructor(scope: Construct, id: string, props: BucketsProps) {
    super(scope, id)
    const byName = new Map<string, Bucket>()
    const bucketFor = (role: BucketRole): Bucket => {
      const name = props.names[role]
      const existing = name === undefined ? undefined : byName.get(name)
      if (existing) return existing
      const bucket = privateBucket(this, capitalize(role), name, props.allowedOrigins)
      if (name !== undefined) byName.set(name, bucket)
      return bucket
    }
    this.byRole = Object.fromEntries(bucketRoles.map((role) => [role, bucketFor(role)])) as Record<BucketRole, Bucket>
  }
}

function privateBucket(scope: Construct, id: string, bucketName: string | undefined, allowedOrigins: string[]): Bucket {
  return new Bucket(scope, id, {
    bucketName,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // CORS cannot be narrowed to a prefix: the Worker's IAM policy is what limits PUTs to
    // uploads/, so allowing PUT on a bucket without uploads costs nothing.
    cors: [
      {
        allowedMethods: [HttpMethods.GET, HttpMethods.HEAD, HttpMethods.PUT],
        allowedOrigins,
        allowedHeaders: ['*'],
        exposedHeaders: ['ETag'],
        maxAge: Duration.hours(1).toSeconds(),
      },
    ],
  })
}
