import type { Config } from '../config'
import { isSignable } from './allowlist'
import { signerFor } from './for-config'
import type { SignedUrl } from './index'

/**
 * Presigns a GET only inside the configured (bucket, prefix) pairs: keys come from S3 listings
 * and DynamoDB, which are data, and data must not decide what gets a URL. Anything else yields
 * no URL (and a log line, since it means bad data upstream).
 *
 * @example
 * ```ts
 * const thumbURL = await presignServed(config, config.buckets.thumbs, person.repThumbKey)
 * ```
 */
export async function presignServed(config: Config, bucket: string | undefined, key: string | undefined): Promise<string | null> {
  return (await presignAllowed(config, bucket, key))?.url ?? null
}

/** {@link presignServed} with the URL's expiry, for answers that report `expiresAt`. */
export async function presignAllowed(config: Config, bucket: string | undefined, key: string | undefined): Promise<SignedUrl | null> {
  if (!bucket || !key) return null
  if (!isSignable(config, bucket, key)) {
    console.warn(JSON.stringify({ level: 'warn', message: 'refused to sign outside the allowlist', bucket, keyLength: key.length }))
    return null
  }
  return signerFor(config).presignGet(bucket, key)
}
