import { AwsClient } from 'aws4fetch'
import type { Config } from '../config'

const clients = new WeakMap<Config, AwsClient>()

/**
 * Calls the origin Lambda's Function URL, signed for service `lambda` as AWS_IAM auth requires.
 * Only the headers set here are sent: the caller's own (cookies, authorization, cf-*,
 * x-forwarded-*) would leak to the origin or break the signature. The body is signed with its
 * SHA-256 because Lambda accepts no unsigned payload.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 *
 * @example
 * ```ts
 * const res = await originFetch(config, '/persons?limit=100')
 * ```
 */
export async function originFetch(
  config: Config,
  pathAndQuery: string,
  init: { method?: string; body?: string } = {},
): Promise<Response> {
  let client = clients.get(config)
  if (!client) {
    client = new AwsClient({ ...config.origin, service: 'lambda', retries: 0 })
    clients.set(config, client)
  }
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  return client.fetch(`${config.origin.url}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body,
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  })
}
