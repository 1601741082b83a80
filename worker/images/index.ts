import { Hono } from 'hono'
import { fileNameBody, imageKeyParam, imageRegistration, pages } from '../../contract/requests'
import type { Image } from '../../contract/responses'
import type { AppEnv } from '../app-env'
import { requireScope } from '../auth'
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

/**
 * Image metadata: listed and read from the origin through the edge cache, each with a URL
 * signed here; registered and deleted through the origin. Also the routes of the system it
 * replaces (`/upload`, `/getall`, `/getitem`, `/delete`), with their shapes.
 */
export const images = new Hono<AppEnv>()
  .get('/images', validate('query', pages.images), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const { value, state } = await cachedOriginJson<{ images: Image[]; nextCursor?: string | null }>(c, `/images?${pageSearch(limit, cursor)}`)
    const list = await Promise.all(value.images.map((i) => withUrl(c.var.edge, i)))
    return c.json({ images: list, nextCursor: value.nextCursor ?? null }, 200, { 'X-Cache': state })
  })
  .get('/images/:key{.+}', validate('param', imageKeyParam), async (c) => {
    const { value, state } = await cachedOriginJson<{ image: Image }>(c, imagePath(c.req.valid('param').key))
    return c.json({ image: await withUrl(c.var.edge, value.image) }, 200, { 'X-Cache': state })
  })
  .post('/images', requireScope('images:write'), rateLimit('WRITE_LIMITER'), validate('json', imageRegistration), async (c) => {
    const { image } = await originJson<{ image: Image }>(c.var.edge, '/images', { method: 'POST', body: JSON.stringify(c.req.valid('json')), requestId: c.var.requestId })
    return c.json({ image: await withUrl(c.var.edge, image) }, 201)
  })
  .delete('/images/:key{.+}', requireScope('images:delete'), rateLimit('WRITE_LIMITER'), validate('param', imageKeyParam), async (c) => {
    const deletedFile = await deleteImage(c.var.edge, c.req.valid('param').key, c.var.requestId)
    return c.json({ deletedFile })
  })
  .post('/upload', requireScope('images:write'), rateLimit('WRITE_LIMITER'), validate('json', imageRegistration), async (c) => {
    const body = await originJson<{ message: string; item: Image }>(c.var.edge, '/upload', { method: 'POST', body: JSON.stringify(c.req.valid('json')), requestId: c.var.requestId })
    return c.json(body)
  })
  .get('/getall', async (c) => {
    const { value, state } = await cachedOriginJson<{ images: Image[] }>(c, '/getall')
    return c.json({ images: await Promise.all(value.images.map((i) => withUrl(c.var.edge, i))) }, 200, { 'X-Cache': state })
  })
  .post('/getitem', validate('json', fileNameBody), async (c) => {
    const { value } = await cachedOriginJson<{ image: Image }>(c, imagePath(c.req.valid('json').FileName))
    return c.json({ data: await withUrl(c.var.edge, value.image) })
  })
  .delete('/delete', requireScope('images:delete'), rateLimit('WRITE_LIMITER'), validate('json', fileNameBody), async (c) => {
    const deletedFile = await deleteImage(c.var.edge, c.req.valid('json').FileName, c.var.requestId)
    return c.json({ message: 'Image and metadata deleted successfully', deletedFile })
  })
