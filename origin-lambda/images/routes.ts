import { Hono } from 'hono'
import { cacheTags } from '../../contract/cache-tags'
import { fileNameBody, imageKeyParam, imageRegistration } from '../../contract/requests'
import { encodeCursor } from '../http/paging'
import { validate } from '../http/validate'
import { purgeEdge, WRITE_PURGE } from '../purge'
import { allImages, deleteImage, listImages, registerImage, requireImage } from './repository'
import { imagesQuery } from './schemas'

/** Every data centre's cached lists and copy of one image, once its metadata changed. */
async function purgeImage(key: string) {
  await purgeEdge([cacheTags.imageLists, await cacheTags.image(key)], WRITE_PURGE)
}

/**
 * Image metadata, answered with keys (the edge signs URLs): pages of images, one image,
 * registration and deletion of metadata, and the routes of the system this replaces
 * (`/upload`, `/getall`, `/getitem`) with their shapes. Keys travel URL-encoded in the path and
 * may hold `/`, hence `{.+}`. Writes purge the edge answers they change.
 *
 * @example
 * ```ts
 * new Hono().route('/', images)
 * ```
 */
export const images = new Hono()
  .get('/images', validate('query', imagesQuery), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const page = await listImages(limit, cursor)
    return c.json({ images: page.images, nextCursor: encodeCursor(page.lastKey) })
  })
  .get('/images/:key{.+}', validate('param', imageKeyParam), async (c) => {
    return c.json({ image: await requireImage(c.req.valid('param').key) })
  })
  .post('/images', validate('json', imageRegistration), async (c) => {
    const { image, created } = await registerImage(c.req.valid('json'))
    if (created) await purgeImage(image.FileName)
    return c.json({ image }, created ? 201 : 200)
  })
  .delete('/images/:key{.+}', validate('param', imageKeyParam), async (c) => {
    const { key } = c.req.valid('param')
    await deleteImage(key)
    await purgeImage(key)
    return c.json({ deletedFile: key })
  })
  .post('/upload', validate('json', imageRegistration), async (c) => {
    const { image, created } = await registerImage(c.req.valid('json'))
    if (created) await purgeImage(image.FileName)
    return c.json({ message: 'Metadata added successfully', item: image })
  })
  .get('/getall', async (c) => c.json({ images: await allImages() }))
  .post('/getitem', validate('json', fileNameBody), async (c) => {
    return c.json({ data: await requireImage(c.req.valid('json').FileName) })
  })
