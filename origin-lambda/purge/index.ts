import { getSecret } from '@aws-lambda-powertools/parameters/secrets'
import { config } from '../config'
import { logger } from '../logger'

/** Cloudflare takes up to 100 tags per purge request. https://developers.cloudflare.com/cache/how-to/purge-cache/ */
const TAGS_PER_REQUEST = 100

/** How long the token read from Secrets Manager is kept in the execution environment. */
const TOKEN_MAX_AGE_SECONDS = 300

export type PurgeOptions = {
  /** Tries per request: the event path can wait longer than an API write a client waits on. */
  attempts: number
  /** Deadline of each try. */
  timeoutMs: number
}

/** For S3 events: nobody waits, so a few tries, backing off. */
export const EVENT_PURGE: PurgeOptions = { attempts: 3, timeoutMs: 2_000 }
/** For API writes: the writer's own colo is purged by the Worker already; one quick retry. */
export const WRITE_PURGE: PurgeOptions = { attempts: 2, timeoutMs: 1_000 }

/**
 * Purges the edge cache by tag in every data centre, through Cloudflare's purge API
 * (`PURGE_URL`, `https://api.cloudflare.com/client/v4/zones/{zone}/purge_cache` in production,
 * the Worker's local stand-in locally): the entries that carry a tag (`Cache-Tag`, see
 * contract/cache-tags) are gone everywhere within seconds.
 *
 * A purge is a courtesy to readers, never a condition of a write: it runs after the DynamoDB
 * write, with a deadline per try and backoff between tries, honours Cloudflare's 429
 * `Retry-After`, and a purge that still fails is logged and dropped. Answers are then fresh again
 * within the TTL bound (README, Freshness). Without PURGE_URL it does nothing.
 * https://developers.cloudflare.com/api/resources/cache/methods/purge/
 *
 * @example
 * ```ts
 * await purgeEdge([cacheTags.imageLists, await cacheTags.image(key)], WRITE_PURGE)
 * ```
 */
export async function purgeEdge(tags: Iterable<string>, options: PurgeOptions = EVENT_PURGE): Promise<void> {
  const unique = [...new Set(tags)]
  if (!config.purge.url || !unique.length) return
  for (let i = 0; i < unique.length; i += TAGS_PER_REQUEST) await purgeChunk(unique.slice(i, i + TAGS_PER_REQUEST), options)
}

async function purgeChunk(tags: string[], { attempts, timeoutMs }: PurgeOptions): Promise<void> {
  let reason = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(config.purge.url as string, {
        method: 'POST',
        headers: { authorization: `Bearer ${await purgeToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags }),
        signal: AbortSignal.timeout(timeoutMs),
      })
      await res.body?.cancel()
      if (res.ok) return
      reason = `purge answered ${res.status}`
      if (res.status < 500 && res.status !== 429) break // a refused token or request will not pass on a retry
      await pause(attempt, Number(res.headers.get('retry-after')) * 1000)
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error)
      if (attempt < attempts) await pause(attempt)
    }
  }
  logger.warn('edge purge failed; answers stay cached until their TTL', { tags: tags.length, reason })
}

/** Exponential backoff from 100 ms, or what a 429 asked for, at most a second either way. */
function pause(attempt: number, askedMs = 0): Promise<void> {
  const ms = Math.min(1_000, Math.max(askedMs || 0, 100 * 2 ** (attempt - 1)))
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The API token: given as such locally, read from Secrets Manager (cached) in AWS. */
async function purgeToken(): Promise<string> {
  if (config.purge.token) return config.purge.token
  const secret = await getSecret(config.purge.tokenSecretArn as string, { maxAge: TOKEN_MAX_AGE_SECONDS })
  if (typeof secret !== 'string' || !secret) throw new Error('the purge token secret is empty')
  return secret
}
