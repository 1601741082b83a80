import type { Config } from '../config'
import { signerFor } from './for-config'

/**
 * Presigns a GET for an object named by the origin, only in a bucket this Worker serves:
 * a key stored in DynamoDB is data, and data must not decide which bucket gets a URL.
 * Anything else yields no URL.
 */
export async function presignServed(config: Config, bucket: string | undefined, key: string | undefined): Promise<string | null> {
  if (!bucket || !key) return null
  const { images, photos, thumbs } = config.buckets
  if (bucket !== images && bucket !== photos && bucket !== thumbs) return null
  return (await signerFor(config).presignGet(bucket, key)).url
}
