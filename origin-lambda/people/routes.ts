import { Hono } from 'hono'
import { BadRequestError } from '../errors'
import { encodeCursor } from '../http/paging'
import { validate } from '../http/validate'
import { rankedPersons } from './persons'
import { personParam } from '../../contract/requests'
import { personPhotos } from './person-photos'
import { personsQuery, photosQuery } from './schemas'

/**
 * The People grid, answered with keys (the edge signs URLs): persons ranked by photo count,
 * and the photos of one person.
 *
 * @example
 * ```ts
 * new Hono().route('/', people)
 * ```
 */
export const people = new Hono()
  .get('/persons', validate('query', personsQuery), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const page = await rankedPersons(limit, cursor)
    return c.json({ persons: page.persons, nextCursor: encodeCursor(page.lastKey) })
  })
  .get('/persons/:personId/photos', validate('param', personParam), validate('query', photosQuery), async (c) => {
    const { personId } = c.req.valid('param')
    const { limit, cursor } = c.req.valid('query')
    if (cursor && cursor.personId !== personId) throw new BadRequestError('Invalid cursor: is not a cursor this listing returned')
    // As in the People API this replaces, a person with no photos, known or not, has an empty list.
    const page = await personPhotos(personId, limit, cursor)
    return c.json({ personId, photos: page.photos, nextCursor: encodeCursor(page.lastKey) })
  })
