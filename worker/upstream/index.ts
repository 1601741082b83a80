import { AwsClient } from 'aws4fetch'

/** A SigV4-signing client of one AWS endpoint, every call with a deadline. */
export type Upstream = {
  /** `pathAndQuery` is appended to the endpoint's URL as given: encode it as SigV4 wants. */
  fetch(pathAndQuery: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>
}

export type UpstreamOptions = {
  url: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  service: 's3' | 'lambda'
  /** Deadline of each call, retries included. */
  timeoutMs: number
  /**
   * aws4fetch retries 10 times with backoff up to ~25 s by default: far past any deadline here.
   * S3 gets one quick retry (a dropped connection), the origin none (its client retries).
   */
  retries: number
}

/**
 * The Worker's one wrapper of aws4fetch, for S3 and for the origin's Function URL: requests
 * carry only the headers given here, never the caller's (cookies, authorization, cf-*,
 * x-forwarded-*), which would leak upstream or break the signature. A body is signed with its
 * SHA-256, as Lambda Function URLs accept no unsigned payload.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 *
 * @example
 * ```ts
 * const s3 = createUpstream({ ...config.s3, service: 's3', timeoutMs: 5_000, retries: 1 })
 * const res = await s3.fetch(`/${bucket}?list-type=2&prefix=unflagged%2F`)
 * ```
 */
export function createUpstream(options: UpstreamOptions): Upstream {
  const { url, timeoutMs, ...credentials } = options
  const client = new AwsClient({ ...credentials, initRetryMs: 50 })
  return {
    fetch(pathAndQuery, init = {}) {
      return client.fetch(`${url}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(timeoutMs) })
    },
  }
}
