import { Hono } from 'hono'
import { cacheTags } from '../../contract/cache-tags'
import { pages, personParam } from '../../contract/requests'
import type { Person, Photo } from '../../contract/responses'
import type { AppEnv } from '../app-env'
import { openCursor, sealCursor } from '../cursors'
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
    const path = `/persons?${pageSearch(limit, cursor && (await openCursor(edge.cursorKey, cursor)))}`
    const { value, state } = await cachedOriginJson<{ persons: Person[]; nextCursor?: string | null }>(c, path, [cacheTags.personsLists])
    const persons = await Promise.all(
      value.persons.map(async (p) => ({ ...p, repThumbKey: p.repThumbKey ?? null, repThumbURL: (await presignServed(edge, edge.config.buckets.thumbs, p.repThumbKey))?.url ?? null })),
    )
    const nextCursor = value.nextCursor ? await sealCursor(edge.cursorKey, value.nextCursor) : null
    return c.json({ persons, nextCursor }, 200, { 'X-Cache': state })
  })
  .get('/persons/:personId/photos', validate('param', personParam), validate('query', pages.personPhotos), async (c) => {
    const { personId } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    const { edge } = c.var
    const path = `/persons/${encodeURIComponent(personId)}/photos?${pageSearch(limit, cursor && (await openCursor(edge.cursorKey, cursor)))}`
    const tags = [cacheTags.personPhotos, await cacheTags.person(personId)]
    const { value, state } = await cachedOriginJson<{ personId: string; photos: Photo[]; nextCursor?: string | null }>(c, path, tags)
    const photos = await Promise.all(
      value.photos.map(async (p) => ({
        ...p,
        photoURL: (await presignServed(edge, p.photoBucket, p.photoKey))?.url ?? null,
        thumbURL: (await presignServed(edge, p.thumbBucket, p.thumbKey))?.url ?? null,
      })),
    )
    const nextCursor = value.nextCursor ? await sealCursor(edge.cursorKey, value.nextCursor) : null
    return c.json({ personId, photos, nextCursor }, 200, { 'X-Cache': state })
  })
