import { type Context, Hono } from 'hono'
import { cacheTags } from '../../contract/cache-tags'
import { fileNameBody, imageKeyParam, imageRegistration, pages } from '../../contract/requests'
import type { Image } from '../../contract/responses'
import type { AppEnv } from '../app-env'
import { requireScope } from '../auth'
import { purgeTags } from '../cache'
import { openCursor, sealCursor } from '../cursors'
import type { Edge } from '../edge'
import { cachedOriginJson, originJson, pageSearch } from '../origin'
import { rateLimit } from '../rate-limit'
import { presignServed } from '../signing/presign'
import { validate } from '../validation'
import { deleteImage } from './delete'

async function withUrl(edge: Edge, image: Image) {
  return { ...image, url: (await presignServed(edge, image.Bucket, image.FileName))?.url ?? null }
}

/** The origin's path of one image: its key, URL-encoded whole (`/` included). */
export function imagePath(key: string) {
  return `/images/${encodeURIComponent(key)}`
}

function readImage(c: Context<AppEnv>, key: string) {
  return cacheTags.image(key).then((tag) => cachedOriginJson<{ image: Image }>(c, imagePath(key), [tag]))
}

/**
 * After a write through this Worker, its next read here reflects it: the entries of every list
 * and of the image are purged in this data centre at once (the origin purges them everywhere).
 */
async function purgeImage(c: Context<AppEnv>, key: string) {
  await purgeTags([cacheTags.imageLists, await cacheTags.image(key)], c.var.edge.config.cacheEntrySeconds)
}

/**
 * Image metadata: listed and read from the origin through the edge cache, each with a URL
 * signed here; registered and deleted through the origin. Also the routes of the system it
 * replaces (`/upload`, `/getall`, `/getitem`, `/delete`), with their shapes.
 */
export const images = new Hono<AppEnv>()
  .get('/images', validate('query', pages.images), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const { edge } = c.var
    const path = `/images?${pageSearch(limit, cursor && (await openCursor(edge.cursorKey, cursor)))}`
    const { value, state } = await cachedOriginJson<{ images: Image[]; nextCursor?: string | null }>(c, path, [cacheTags.imageLists])
    const list = await Promise.all(value.images.map((i) => withUrl(edge, i)))
    const nextCursor = value.nextCursor ? await sealCursor(edge.cursorKey, value.nextCursor) : null
    return c.json({ images: list, nextCursor }, 200, { 'X-Cache': state })
  })
  .get('/images/:key{.+}', validate('param', imageKeyParam), async (c) => {
    const { value, state } = await readImage(c, c.req.valid('param').key)
    return c.json({ image: await withUrl(c.var.edge, value.image) }, 200, { 'X-Cache': state })
  })
  .post('/images', requireScope('images:write'), rateLimit('WRITE_LIMITER'), validate('json', imageRegistration), async (c) => {
    const registration = c.req.valid('json')
    const { image } = await originJson<{ image: Image }>(c.var.edge, '/images', { method: 'POST', body: JSON.stringify(registration), requestId: c.var.requestId })
    await purgeImage(c, registration.FileName)
    return c.json({ image: await withUrl(c.var.edge, image) }, 201)
  })
  .delete('/images/:key{.+}', requireScope('images:delete'), rateLimit('WRITE_LIMITER'), validate('param', imageKeyParam), async (c) => {
    const { key } = c.req.valid('param')
    const deletedFile = await deleteImage(c.var.edge, key, c.var.requestId)
    await purgeImage(c, key)
    return c.json({ deletedFile })
  })
  .post('/upload', requireScope('images:write'), rateLimit('WRITE_LIMITER'), validate('json', imageRegistration), async (c) => {
    const registration = c.req.valid('json')
    const body = await originJson<{ message: string; item: Image }>(c.var.edge, '/upload', { method: 'POST', body: JSON.stringify(registration), requestId: c.var.requestId })
    await purgeImage(c, registration.FileName)
    return c.json(body)
  })
  .get('/getall', async (c) => {
    const { value, state } = await cachedOriginJson<{ images: Image[] }>(c, '/getall', [cacheTags.imageLists])
    return c.json({ images: await Promise.all(value.images.map((i) => withUrl(c.var.edge, i))) }, 200, { 'X-Cache': state })
  })
  .post('/getitem', validate('json', fileNameBody), async (c) => {
    const { value } = await readImage(c, c.req.valid('json').FileName)
    return c.json({ data: await withUrl(c.var.edge, value.image) })
  })
  .delete('/delete', requireScope('images:delete'), rateLimit('WRITE_LIMITER'), validate('json', fileNameBody), async (c) => {
    const { FileName } = c.req.valid('json')
    const deletedFile = await deleteImage(c.var.edge, FileName, c.var.requestId)
    await purgeImage(c, FileName)
    return c.json({ message: 'Image and metadata deleted successfully', deletedFile })
  })
