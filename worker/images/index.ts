import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../app-env'
import { type Config, resolveConfig } from '../config'
import { cachedOriginJson, originJson } from '../origin/forward'
import { presignServed } from '../signing/urls'
import { objectKey, pageQuery, pageSearch, validate } from '../validation'
import { requireScope } from '../auth'
import { rateLimit } from '../rate-limit'
import { deleteImage } from './delete'

export type Image = { FileName: string; Bucket?: string; Source?: string; Timestamp?: string; Size?: number; ETag?: string }

const imagesPage = pageQuery(50, 500)
const keyParam = z.object({ key: objectKey })
const fileNameBody = z.object({ FileName: z.string({ error: 'FileName missing' }).min(1, 'FileName missing').pipe(objectKey) })
const registration = z.object({
  FileName: objectKey,
  Bucket: z.string().min(1).max(63).optional(),
  Source: z.string().max(256).optional(),
  Timestamp: z.string().max(64).optional(),
})

async function withUrl(config: Config, image: Image) {
  return { ...image, url: await presignServed(config, image.Bucket ?? config.buckets.images, image.FileName) }
}

function imagePath(key: string) {
  return `/images/${encodeURIComponent(key)}`
}

/**
 * Image metadata: listed and read from the origin through the edge cache, each with a URL
 * signed here; registered and deleted through the origin. Also the routes of the system it
 * replaces (`/upload`, `/getall`, `/getitem`, `/delete`), with their shapes.
 */
export const images = new Hono<AppEnv>()
  .get('/images', validate('query', imagesPage), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const config = resolveConfig(c.env)
    const { value, state } = await cachedOriginJson<{ images: Image[]; nextCursor?: string | null }>(c, `/images?${pageSearch(limit, cursor)}`)
    const list = await Promise.all(value.images.map((i) => withUrl(config, i)))
    return c.json({ images: list, nextCursor: value.nextCursor ?? null }, 200, { 'X-Cache': state })
  })
  .get('/images/:key{.+}', validate('param', keyParam), async (c) => {
    const config = resolveConfig(c.env)
    const { value, state } = await cachedOriginJson<{ image: Image }>(c, imagePath(c.req.valid('param').key))
    return c.json({ image: await withUrl(config, value.image) }, 200, { 'X-Cache': state })
  })
  .post('/images', requireScope('images:write'), rateLimit('WRITE_LIMITER'), validate('json', registration), async (c) => {
    const config = resolveConfig(c.env)
    const { image } = await originJson<{ image: Image }>(config, '/images', { method: 'POST', body: JSON.stringify(c.req.valid('json')) })
    return c.json({ image: await withUrl(config, image) }, 201)
  })
  .delete('/images/:key{.+}', requireScope('images:delete'), rateLimit('WRITE_LIMITER'), validate('param', keyParam), async (c) => {
    const deletedFile = await deleteImage(resolveConfig(c.env), c.req.valid('param').key)
    return c.json({ deletedFile })
  })
  .post('/upload', requireScope('images:write'), rateLimit('WRITE_LIMITER'), validate('json', fileNameBody.extend(registration.omit({ FileName: true }).shape)), async (c) => {
    const config = resolveConfig(c.env)
    const body = await originJson<{ message: string; item: Image }>(config, '/upload', { method: 'POST', body: JSON.stringify(c.req.valid('json')) })
    return c.json(body)
  })
  .get('/getall', async (c) => {
    const config = resolveConfig(c.env)
    const { value, state } = await cachedOriginJson<{ images: Image[] }>(c, '/getall')
    return c.json({ images: await Promise.all(value.images.map((i) => withUrl(config, i))) }, 200, { 'X-Cache': state })
  })
  .post('/getitem', validate('json', fileNameBody), async (c) => {
    const config = resolveConfig(c.env)
    const { value } = await cachedOriginJson<{ image: Image }>(c, imagePath(c.req.valid('json').FileName))
    return c.json({ data: await withUrl(config, value.image) })
  })
  .delete('/delete', requireScope('images:delete'), rateLimit('WRITE_LIMITER'), validate('json', fileNameBody), async (c) => {
    const deletedFile = await deleteImage(resolveConfig(c.env), c.req.valid('json').FileName)
    return c.json({ message: 'Image and metadata deleted successfully', deletedFile })
  })
