import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../app-env'
import { resolveConfig } from '../config'
import { cachedOriginJson } from '../origin/forward'
import { presignServed } from '../signing/urls'
import { pageQuery, pageSearch, pathSegment, validate } from '../validation'

type Person = { personId: string; photoCount: number; repThumbKey?: string }
type Photo = { photoId: string; photoBucket?: string; photoKey?: string; thumbBucket?: string; thumbKey?: string }

const personsPage = pageQuery(100, 500)
const photosPage = pageQuery(100, 500)

/**
 * The People grid: persons by photo count with a thumbnail each, and each person's photos,
 * answered by the origin (cached at the edge) and given URLs signed here.
 */
export const people = new Hono<AppEnv>()
  .get('/persons', validate('query', personsPage), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const config = resolveConfig(c.env)
    const { value, state } = await cachedOriginJson<{ persons: Person[]; nextCursor?: string | null }>(c, `/persons?${pageSearch(limit, cursor)}`)
    const persons = await Promise.all(
      value.persons.map(async (p) => ({ ...p, repThumbURL: await presignServed(config, config.buckets.thumbs, p.repThumbKey) })),
    )
    return c.json({ persons, nextCursor: value.nextCursor ?? null }, 200, { 'X-Cache': state })
  })
  .get('/persons/:personId/photos', validate('param', z.object({ personId: pathSegment })), validate('query', photosPage), async (c) => {
    const { personId } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    const config = resolveConfig(c.env)
    const path = `/persons/${encodeURIComponent(personId)}/photos?${pageSearch(limit, cursor)}`
    const { value, state } = await cachedOriginJson<{ personId: string; photos: Photo[]; nextCursor?: string | null }>(c, path)
    const photos = await Promise.all(
      value.photos.map(async (p) => ({
        ...p,
        photoURL: await presignServed(config, p.photoBucket, p.photoKey),
        thumbURL: await presignServed(config, p.thumbBucket ?? config.buckets.thumbs, p.thumbKey),
      })),
    )
    return c.json({ personId, photos, nextCursor: value.nextCursor ?? null }, 200, { 'X-Cache': state })
  })
