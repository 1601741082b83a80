import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import { testStack } from '../stack/testing'
import { allPages, deleteAll, putAll, request, scanAll, uniquePrefix } from './seed'

const { db, config } = testStack()
const { persons: personsTable, occurrences: occurrencesTable, photos: photosTable } = config.tables
const prefix = uniquePrefix('origin-people')

type Person = { personId: string; photoCount: number; repThumbKey?: string }
type Photo = { photoId: string; photoBucket: string | null; photoKey: string | null; thumbBucket: string; thumbKey: string }
type PersonsPage = { persons: Person[]; nextCursor: string | null }
type PhotosPage = { personId: string; photos: Photo[]; nextCursor: string | null }

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1))
const cursorOf = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url')

function person(personId: string, photoCount: number) {
  return { personId, photoCount, repThumbKey: `faces-thumbs/${personId}/rep.png`, rankPartition: PERSONS_RANK_PARTITION }
}

/**
 * 1,000 people with a long tail, as a People grid has: 300 seen in many photos, 700 in 0 to 3.
 * The tail stays below the demo's people, whom the Worker's tests expect in the top 500.
 */
const crowd = Array.from({ length: 1_000 }, (_, i) => person(`${prefix}-crowd-${i}`, i < 300 ? randomInt(5, 1_000_000) : randomInt(0, 3)))

/** A person whose occurrences name their photo or leave it to Photos, and one with 150 photos to find in Photos. */
const owner = `${prefix}-owner`
const many = `${prefix}-many`
const loner = `${prefix}-no-photos`
const photoId = (n: number) => `${prefix}-photo-${String(n).padStart(3, '0')}`
const deletedPhoto = `${prefix}-photo-deleted`
const tombstone = () => ({ deleted: true, sequencer: '0'.repeat(63) + '1', expiresAt: Math.floor(Date.now() / 1000) + 3600 })
const occurrences = [
  ...Array.from({ length: 12 }, (_, n) => ({
    personId: owner,
    photoId: photoId(n),
    thumbKey: `faces-thumbs/${owner}/${n}.png`,
    ...(n % 2 === 0 ? { photoBucket: 'occurrence-bucket', photoKey: `own/${n}.png` } : {}),
    ...(n === 3 ? { thumbBucket: 'other-thumbs' } : {}),
  })),
  // Photos where the person's faces were all removed: tombstones among the live occurrences.
  ...Array.from({ length: 10 }, (_, n) => ({ personId: owner, photoId: `${photoId(n)}-gone`, faces: {}, ...tombstone() })),
  { personId: owner, photoId: deletedPhoto, thumbKey: `faces-thumbs/${owner}/deleted.png` },
  ...Array.from({ length: 150 }, (_, n) => ({ personId: many, photoId: photoId(n), thumbKey: `faces-thumbs/${many}/${n}.png` })),
]
// Photo 11 is in no table but Occurrences; the deleted photo is a tombstone in Photos.
const photos = [
  ...Array.from({ length: 150 }, (_, n) => n).filter((n) => n !== 11).map((n) => ({ photoId: photoId(n), s3Bucket: config.buckets.photos, s3Key: `photos-raw/${n}.png` })),
  { photoId: deletedPhoto, s3Bucket: config.buckets.photos, s3Key: 'photos-raw/deleted.png', ...tombstone() },
]
const helpers = [person(owner, 12), person(many, 150), person(loner, 0)]

beforeAll(async () => {
  await Promise.all([
    putAll(db, personsTable, [...crowd, ...helpers]),
    putAll(db, occurrencesTable, occurrences),
    putAll(db, photosTable, photos),
  ])
})

afterAll(async () => {
  await Promise.all([
    deleteAll(db, personsTable, [...crowd, ...helpers].map(({ personId }) => ({ personId }))),
    deleteAll(db, occurrencesTable, occurrences.map(({ personId, photoId }) => ({ personId, photoId }))),
    deleteAll(db, photosTable, photos.map(({ photoId }) => ({ photoId }))),
  ])
})

/** Everyone in the ranking index, by a full Scan of Persons: what a true ranking is checked against. */
async function everyone(): Promise<Person[]> {
  const items = (await scanAll(db, personsTable)) as (Person & { rankPartition?: string })[]
  return items.filter((p) => p.rankPartition === PERSONS_RANK_PARTITION)
}

describe('GET /persons', () => {
  it('answers the true top 100 by photo count among 1,000+ people, by default', async () => {
    const res = await request('GET', '/persons')
    expect(res.status).toBe(200)
    const { persons } = (await res.json()) as PersonsPage
    const all = await everyone()
    expect(all.length).toBeGreaterThanOrEqual(1_000)
    const counts = all.map((p) => p.photoCount).sort((a, b) => b - a)
    expect(persons.map((p) => p.photoCount)).toEqual(counts.slice(0, 100))
    // Ties at the 100th place may go either way; everyone above it must be there, with their data.
    const byId = new Map(all.map((p) => [p.personId, p]))
    for (const p of persons) expect(p).toEqual({ personId: p.personId, photoCount: byId.get(p.personId)?.photoCount, repThumbKey: byId.get(p.personId)?.repThumbKey })
    const returned = new Set(persons.map((p) => p.personId))
    for (const p of all.filter((p) => p.photoCount > counts[99]!)) expect(returned).toContain(p.personId)
  })

  it('pages through everyone with cursors: each person once, most photos first', async () => {
    const { items, pages } = await allPages('/persons?limit=97', (body: PersonsPage) => body.persons)
    const ids = items.map((p) => p.personId)
    expect(new Set(ids).size).toBe(ids.length)
    // Other test files may add people meanwhile (events), so completeness is checked on ours.
    expect(ids.filter((id) => id.startsWith(prefix)).sort()).toEqual([...crowd, ...helpers].map((p) => p.personId).sort())
    const counts = items.map((p) => p.photoCount)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(pages.length).toBeGreaterThanOrEqual(11)
  })

  it.each([
    ['not base64url', '%%%'],
    ['a cursor of another listing', cursorOf({ personId: 'x', photoId: 'y' })],
    ['a key of another partition', cursorOf({ personId: 'x', rankPartition: 'other', photoCount: 3 })],
    ['a count that is not a number', cursorOf({ personId: 'x', rankPartition: PERSONS_RANK_PARTITION, photoCount: '3' })],
  ])('refuses a cursor that is %s with a clear 400', async (_, cursor) => {
    const res = await request('GET', `/persons?cursor=${encodeURIComponent(cursor)}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Invalid cursor: is not a cursor this listing returned' })
  })

  it('refuses a limit above 500 with a clear 400', async () => {
    const res = await request('GET', '/persons?limit=501')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Invalid limit: must be at most 500' })
  })
})

describe('GET /persons/{personId}/photos', () => {
  it('pages through a person’s live photos, naming each object from the occurrence or else from Photos', async () => {
    const { items, pages } = await allPages(`/persons/${encodeURIComponent(owner)}/photos?limit=5`, (body: PhotosPage) => {
      expect(body.personId).toBe(owner)
      return body.photos
    })
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(items.map((p) => p.photoId)).toEqual([...Array.from({ length: 12 }, (_, n) => photoId(n)), deletedPhoto])
    expect(items[0]).toEqual({ photoId: photoId(0), photoBucket: 'occurrence-bucket', photoKey: 'own/0.png', thumbBucket: config.buckets.thumbs, thumbKey: `faces-thumbs/${owner}/0.png` })
    expect(items[1]).toEqual({ photoId: photoId(1), photoBucket: config.buckets.photos, photoKey: 'photos-raw/1.png', thumbBucket: config.buckets.thumbs, thumbKey: `faces-thumbs/${owner}/1.png` })
    expect(items[3]).toMatchObject({ photoBucket: config.buckets.photos, photoKey: 'photos-raw/3.png', thumbBucket: 'other-thumbs' })
    expect(items[11]).toMatchObject({ photoId: photoId(11), photoBucket: null, photoKey: null })
    expect(items[12]).toMatchObject({ photoId: deletedPhoto, photoBucket: null, photoKey: null })
    for (const page of pages.slice(0, -1)) expect(page.length).toBe(5)
  })

  it('finds 150 photos in Photos for one page, beyond one BatchGet request of 100 keys', async () => {
    const res = await request('GET', `/persons/${encodeURIComponent(many)}/photos?limit=150`)
    expect(res.status).toBe(200)
    const { photos: found } = (await res.json()) as PhotosPage
    expect(found).toHaveLength(150)
    expect(found.filter((p) => p.photoKey === null).map((p) => p.photoId)).toEqual([photoId(11)])
    expect(found.every((p) => p.photoKey === null || p.photoKey === `photos-raw/${Number(p.photoId.slice(-3))}.png`)).toBe(true)
  })

  it('answers an empty list for a person without photos', async () => {
    const res = await request('GET', `/persons/${encodeURIComponent(loner)}/photos`)
    expect(await res.json()).toEqual({ personId: loner, photos: [], nextCursor: null })
  })

  it('answers 200 and an empty list for a person Persons does not know, as the People API it replaces did', async () => {
    const res = await request('GET', `/persons/${encodeURIComponent(`${prefix}-nobody`)}/photos`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ personId: `${prefix}-nobody`, photos: [], nextCursor: null })
  })

  it('refuses the cursor of another person’s photos', async () => {
    const first = (await (await request('GET', `/persons/${encodeURIComponent(many)}/photos?limit=2`)).json()) as PhotosPage
    const res = await request('GET', `/persons/${encodeURIComponent(owner)}/photos?cursor=${first.nextCursor}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Invalid cursor: is not a cursor this listing returned' })
  })

  it.each([
    ['%01bell', 'Invalid personId: must not contain control characters'],
    ['x'.repeat(256), 'Invalid personId: must be at most 255 bytes'],
  ])('refuses the person id %s with a clear 400', async (id, error) => {
    const res = await request('GET', `/persons/${id}/photos`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error })
  })
})
