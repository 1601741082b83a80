/**
 * The local stack's settings. Every value has a documented default (README, Configuration)
 * and can be overridden by the environment variable of the same name; scripts and tests
 * outside the project rely on these defaults.
 */
export type StackConfig = {
  workerPort: number
  originPort: number
  s3Port: number
  dynamodbPort: number
  region: string
  accessKeyId: string
  secretAccessKey: string
  buckets: { frames: string; images: string; photos: string; thumbs: string }
  tables: { TABLE_IMAGES: string; TABLE_PERSONS: string; TABLE_OCCURRENCES: string; TABLE_PHOTOS: string }
  /** Where versitygw and DynamoDB Local keep their data; undefined keeps DynamoDB in memory. */
  dataDir: string
  persistDynamodb: boolean
  /** Set to use another S3-compatible server instead of starting versitygw. */
  externalS3Endpoint?: string
  /** Worker vars to set over wrangler.toml's (short TTLs and timeouts for fault tests, say). */
  workerOverrides?: Record<string, string>
}
