import { checkLayout, resolveLayout } from '../../contract/layout'
import { tableNames } from '../tables'

/**
 * Configuration read once at module load, so a missing value or a bucket layout in which one
 * object could belong to two roles fails the cold start rather than the first request.
 */
function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`Missing required environment variable ${name}`)
  return value
}

const layout = resolveLayout({
  buckets: {
    /** Only to tell frames apart when they share a bucket; the origin serves no frames. */
    frames: process.env.FRAMES_BUCKET ?? 'frames',
    images: required('IMAGES_BUCKET'),
    photos: required('PHOTOS_BUCKET'),
    thumbs: required('THUMBS_BUCKET'),
  },
  imagesPrefix: process.env.IMAGES_PREFIX,
  uploadPrefix: process.env.UPLOAD_PREFIX,
})
checkLayout(layout)
if (process.env.PURGE_URL && !process.env.PURGE_TOKEN && !process.env.PURGE_TOKEN_SECRET_ARN) {
  throw new Error('PURGE_URL needs PURGE_TOKEN or PURGE_TOKEN_SECRET_ARN')
}

export const config = {
  region: process.env.AWS_REGION ?? 'us-east-1',
  /** Set locally to DynamoDB Local; unset in AWS. */
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT,
  tables: tableNames(process.env),
  layout,
  buckets: layout.buckets,
  /**
   * Where edge cache entries are purged by tag (see purge/): Cloudflare's zone purge URL in
   * production, the Worker's local stand-in locally; none leaves answers fresh within their TTL.
   * The token is given as such (locally) or as a Secrets Manager secret's ARN (in AWS).
   */
  purge: {
    url: process.env.PURGE_URL || undefined,
    token: process.env.PURGE_TOKEN || undefined,
    tokenSecretArn: process.env.PURGE_TOKEN_SECRET_ARN || undefined,
  },
  /** How long a tombstone of a deleted object is kept, so late creates cannot resurrect it. */
  tombstoneTtlSeconds: Number(process.env.TOMBSTONE_TTL_SECONDS ?? 7 * 24 * 3600),
} as const
