import { tableNames } from '../tables'

/**
 * Configuration read once at module load, so a missing value fails the cold start rather
 * than the first request that needs it.
 */
function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`Missing required environment variable ${name}`)
  return value
}

export const config = {
  region: process.env.AWS_REGION ?? 'us-east-1',
  /** Set locally to DynamoDB Local; unset in AWS. */
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT,
  tables: tableNames(process.env),
  buckets: {
    /** Only to recognise frames when one bucket serves every role; the origin serves no frames. */
    frames: process.env.FRAMES_BUCKET ?? 'frames',
    images: required('IMAGES_BUCKET'),
    photos: required('PHOTOS_BUCKET'),
    thumbs: required('THUMBS_BUCKET'),
  },
  /** Seconds the edge may serve a response before asking again. */
  cacheMaxAge: Number(process.env.CACHE_MAX_AGE ?? 30),
  /** How long a tombstone of a deleted object is kept, so late creates cannot resurrect it. */
  tombstoneTtlSeconds: Number(process.env.TOMBSTONE_TTL_SECONDS ?? 7 * 24 * 3600),
} as const
