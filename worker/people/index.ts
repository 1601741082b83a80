import { Hono } from 'hono'
import { pages, personParam } from '../../contract/requests'
import type { Person, Photo } from '../../contract/responses'
import type { AppEnv } from '../app-env'
import { cachedOriginJson, pageSearch } from '../origin'
import { presignServed } from '../signing/presign'
import { validate } from '../validation'

/**
 * The People grid: persons by photo count with a thumbnail each, and each person's photos,
 * answered by the origin (cached at the edge) and given URLs signed here.
 */
export const people = new Hono<AppEnv>()
  .get('/persons', validate('query', pages.persons), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const { edge } = c.var
    const { value, state } = await cachedOriginJson<{ persons: Person[]; nextCursor?: string | null }>(c, `/persons?${pageSearch(limit, cursor)}`)
    const persons = await Promise.all(
      value.persons.map(async (p) => ({ ...p, repThumbURL: (await presignServed(edge, edge.config.buckets.thumbs, p.repThumbKey))?.url ?? null })),
    )
    return c.json({ persons, nextCursor: value.nextCursor ?? null }, 200, { 'X-Cache': state })
  })
  .get('/persons/:personId/photos', validate('param', personParam), validate('query', pages.personPhotos), async (c) => {
    const { personId } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    const { edge } = c.var
    const path = `/persons/${encodeURIComponent(personId)}/photos?${pageSearch(limit, cursor)}`
    const { value, state } = await cachedOriginJson<{ personId: string; photos: Photo[]; nextCursor?: string | null }>(c, path)
    const photos = await Promise.all(
      value.photos.map(async (p) => ({
        ...p,
        photoURL: (await presignServed(edge, p.photoBucket, p.photoKey))?.url ?? null,
        thumbURL: (await presignServed(edge, p.thumbBucket, p.thumbKey))?.url ?? null,
      })),
    )
    return c.json({ personId, photos, nextCursor: value.nextCursor ?? null }, 200, { 'X-Cache': state })
  })
