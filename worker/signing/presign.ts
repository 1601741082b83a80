import type { Edge } from '../edge'
import { isServed } from './allowlist'
import type { SignedUrl } from './index'

/**
 * Presigns a GET only inside the layout's areas (see `isServed`). Anything else yields no URL,
 * and a log line, since it means bad data upstream.
 *
 * @example
 * ```ts
 * const thumbURL = (await presignServed(edge, config.buckets.thumbs, person.repThumbKey))?.url ?? null
 * ```
 */
export async function presignServed(edge: Edge, bucket: string | null | undefined, key: string | null | undefined): Promise<SignedUrl | null> {
  if (!bucket || !key) return null
  if (!isServed(edge.config.areas, bucket, key)) {
    console.warn(JSON.stringify({ level: 'warn', message: 'refused to sign outside the served areas', bucket, keyLength: key.length }))
    return null
  }
  return edge.signer.presignGet(bucket, key)
}
