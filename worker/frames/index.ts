import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { AppEnv } from '../app-env'
import type { CacheState } from '../cache'
import { resolveConfig } from '../config'
import type { ObjectSummary } from '../s3/list'
import { presignAllowed } from '../signing/urls'
import { pageQuery, pathSegment, validate } from '../validation'
import { listBatches, listBatchFrames, listDevices, listFlaggedFrames } from './listings'
import { pageOf } from './paging'

const framesPage = pageQuery(100, 1000)
const deviceParam = z.object({ device: pathSegment })
const batchParam = z.object({ device: pathSegment, batch: pathSegment })

/** Signs one page of frames; every URL of a page is signed in the same window, so they share `expiresAt`. */
async function signedPage(config: ReturnType<typeof resolveConfig>, objects: ObjectSummary[], limit: number, cursor?: string) {
  const { page, nextCursor } = pageOf(objects, limit, cursor)
  const signed = await Promise.all(page.map((o) => presignAllowed(config, config.buckets.frames, o.key)))
  const frames = page.map((o, i) => ({ key: o.key, url: signed[i]?.url ?? null, size: o.size, lastModified: o.lastModified }))
  return { frames, expiresAt: signed.find(Boolean)?.expiresAt ?? null, nextCursor }
}

function cacheHeader(state: CacheState) {
  return { 'X-Cache': state }
}

/**
 * The frames API, served by the Worker alone, straight from S3: device and batch listings
 * (cached at the edge), and presigned URLs for flagged frames and for one batch's frames.
 * Also the three routes of the Lambdas it replaces, with the same data.
 */
export const frames = new Hono<AppEnv>()
  .get('/devices', async (c) => {
    const { value, state } = await listDevices(c.executionCtx, resolveConfig(c.env))
    return c.json({ devices: value }, 200, cacheHeader(state))
  })
  .get('/devices/:device/batches', validate('param', deviceParam), async (c) => {
    const { device } = c.req.valid('param')
    return batchesResponse(c, device)
  })
  .get('/devices/:device/batches/:batch/frames', validate('param', batchParam), validate('query', framesPage), async (c) => {
    const { device, batch } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    return batchFramesResponse(c, device, batch, limit, cursor)
  })
  .get('/flagged/frames', validate('query', framesPage), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    return flaggedResponse(c, limit, cursor)
  })
  .post('/fetch_batches', validate('json', z.object({ folder_name: pathSegment })), (c) => batchesResponse(c, c.req.valid('json').folder_name))
  .post('/fetch_flagged_annotated_images', (c) => flaggedResponse(c, 1000))
  .post('/fetch_unflagged_frame_from_batch', validate('json', z.object({ device_name: pathSegment, batch_number: pathSegment })), (c) => {
    const { device_name, batch_number } = c.req.valid('json')
    return batchFramesResponse(c, device_name, batch_number, 1000)
  })

type FramesContext = Context<AppEnv>

async function batchesResponse(c: FramesContext, device: string) {
  const { value, state } = await listBatches(c.executionCtx, resolveConfig(c.env), device)
  if (!value.length) throw new HTTPException(404, { message: `Device not found: ${device}` })
  return c.json({ device, batches: value }, 200, cacheHeader(state))
}

async function batchFramesResponse(c: FramesContext, device: string, batch: string, limit: number, cursor?: string) {
  const config = resolveConfig(c.env)
  const { value, state } = await listBatchFrames(c.executionCtx, config, device, batch)
  if (!value.length) throw new HTTPException(404, { message: `Batch not found: ${device}/${batch}` })
  return c.json({ device, batch, ...(await signedPage(config, value, limit, cursor)) }, 200, cacheHeader(state))
}

async function flaggedResponse(c: FramesContext, limit: number, cursor?: string) {
  const config = resolveConfig(c.env)
  const { value, state } = await listFlaggedFrames(c.executionCtx, config)
  return c.json(await signedPage(config, value, limit, cursor), 200, cacheHeader(state))
}
