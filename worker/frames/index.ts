import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { batchParam, deviceParam, oldBatchesBody, oldFramesBody, pages } from '../../contract/requests'
import type { AppEnv } from '../app-env'
import type { CacheState } from '../cache'
import type { Edge } from '../edge'
import type { ObjectSummary } from '../s3/list'
import { presignServed } from '../signing/presign'
import { validate } from '../validation'
import { listBatches, listBatchFrames, listDevices, listFlaggedFrames } from './listings'
import { pageOf } from './paging'

/** Signs one page of frames; every URL of a page is signed in the same window, so they share `expiresAt`. */
async function signedPage(edge: Edge, objects: ObjectSummary[], limit: number, cursor?: string) {
  const { page, nextCursor } = pageOf(objects, limit, cursor)
  const signed = await Promise.all(page.map((o) => presignServed(edge, edge.config.buckets.frames, o.key)))
  const frames = page.map((o, i) => ({ key: o.key, url: signed[i]?.url ?? null, size: o.size, lastModified: o.lastModified }))
  return { frames, expiresAt: signed.find(Boolean)?.expiresAt ?? null, nextCursor }
}

function cacheHeader(state: CacheState) {
  return { 'X-Cache': state }
}

/** The replaced frames system answered every flagged or batch listing whole: up to this many frames. */
const OLD_ROUTE_FRAMES = 1000

/**
 * The frames API, served by the Worker alone, straight from S3: device and batch listings
 * (cached at the edge), and presigned URLs for flagged frames and for one batch's frames.
 * Also the three routes of the Lambdas it replaces, with the same data.
 */
export const frames = new Hono<AppEnv>()
  .get('/devices', async (c) => {
    const { value, state } = await listDevices(c)
    return c.json({ devices: value }, 200, cacheHeader(state))
  })
  .get('/devices/:device/batches', validate('param', deviceParam), async (c) => {
    const { device } = c.req.valid('param')
    return batchesResponse(c, device)
  })
  .get('/devices/:device/batches/:batch/frames', validate('param', batchParam), validate('query', pages.frames), async (c) => {
    const { device, batch } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    return batchFramesResponse(c, device, batch, limit, cursor)
  })
  .get('/flagged/frames', validate('query', pages.frames), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    return flaggedResponse(c, limit, cursor)
  })
  .post('/fetch_batches', validate('json', oldBatchesBody), (c) => batchesResponse(c, c.req.valid('json').folder_name))
  .post('/fetch_flagged_annotated_images', (c) => flaggedResponse(c, OLD_ROUTE_FRAMES))
  .post('/fetch_unflagged_frame_from_batch', validate('json', oldFramesBody), (c) => {
    const { device_name, batch_number } = c.req.valid('json')
    return batchFramesResponse(c, device_name, batch_number, OLD_ROUTE_FRAMES)
  })

type FramesContext = Context<AppEnv>

async function batchesResponse(c: FramesContext, device: string) {
  const { value, state } = await listBatches(c, device)
  if (!value.length) throw new HTTPException(404, { message: `Device not found: ${device}` })
  return c.json({ device, batches: value }, 200, cacheHeader(state))
}

async function batchFramesResponse(c: FramesContext, device: string, batch: string, limit: number, cursor?: string) {
  const { value, state } = await listBatchFrames(c, device, batch)
  if (!value.length) throw new HTTPException(404, { message: `Batch not found: ${device}/${batch}` })
  return c.json({ device, batch, ...(await signedPage(c.var.edge, value, limit, cursor)) }, 200, cacheHeader(state))
}

async function flaggedResponse(c: FramesContext, limit: number, cursor?: string) {
  const { value, state } = await listFlaggedFrames(c)
  return c.json(await signedPage(c.var.edge, value, limit, cursor), 200, cacheHeader(state))
}
