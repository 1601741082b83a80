import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../app-env'
import { purgeTags } from '../cache'
import { validate } from '../validation'

/** Cloudflare's path of a zone's purge: the origin calls `{PURGE_URL}` = `…/client/v4/zones/{zone}/purge_cache`. */
export const LOCAL_PURGE_PATH = '/client/v4/zones/:zone/purge_cache'

/** Cloudflare takes up to 100 tags a request, each at most 1,024 characters. https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/ */
const purgeRequest = z.object({ tags: z.array(z.string().min(1).max(1024)).min(1).max(100) })

/**
 * The local stand-in for Cloudflare's purge by tag, which cannot run on a laptop: the same
 * request (`POST /client/v4/zones/{zone}/purge_cache`, `Authorization: Bearer <token>`,
 * `{"tags": [...]}`) and answer (`{success, errors, messages, result}`), and the same effect on
 * this Worker's cache: every entry carrying one of the tags is gone (`purgeTags`). It exists only
 * where LOCAL_PURGE_TOKEN is set (the local stack sets one per run; production leaves it empty,
 * and the origin calls api.cloudflare.com instead).
 * https://developers.cloudflare.com/api/resources/cache/methods/purge/
 */
export const localPurge = new Hono<AppEnv>().post(LOCAL_PURGE_PATH, async (c, next) => {
  const token = c.env.LOCAL_PURGE_TOKEN
  if (!token) return c.notFound()
  if (c.req.header('authorization') !== `Bearer ${token}`) throw new HTTPException(401, { message: 'Invalid purge token' })
  return next()
}, validate('json', purgeRequest), async (c) => {
  await purgeTags(c.req.valid('json').tags, c.var.edge.config.cacheEntrySeconds)
  return c.json({ success: true, errors: [], messages: [], result: { id: c.req.param('zone') } })
})

/** Whether a path is the local purge's: it carries its own token, so no read scope applies. */
export function isLocalPurgePath(path: string): boolean {
  return /^\/client\/v4\/zones\/[^/]+\/purge_cache$/.test(path)
}
