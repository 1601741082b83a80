import { AwsClient } from 'aws4fetch'
import { HTTPException } from 'hono/http-exception'
import type { Config } from '../config'

const clients = new WeakMap<Config, AwsClient>()

/**
 * Calls S3 (listings, health) with SigV4 headers. aws4fetch retries 10 times with backoff up
 * to ~25 s by default; one retry and a deadline per call keep a failing S3 from holding the
 * request, so the caller can fall back to the cache instead.
 *
 * @example
 * ```ts
 * const res = await s3Fetch(config, `/${bucket}?list-type=2&prefix=unflagged/`)
 * ```
 */
export async function s3Fetch(config: Config, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  let client = clients.get(config)
  if (!client) {
    client = new AwsClient({ ...config.s3, service: 's3', retries: 1, initRetryMs: 50 })
    clients.set(config, client)
  }
  return client.fetch(`${config.s3.endpoint}${pathAndQuery}`, {
    ...init,
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  })
}

/** What a caller sees when S3 cannot answer: a 502 that names no host, key or error. */
export function storageUnavailable(cause: unknown): HTTPException {
  return new HTTPException(502, { message: 'Storage is unavailable, try again later', cause })
}
