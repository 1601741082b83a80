import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { demo } from '../stack/demo-data'
import { call } from './request'

type Person = { personId: string; photoCount: number; repThumbKey: string; repThumbURL: string }
type Photo = { photoId: string; photoKey: string; thumbKey: string; photoURL: string; thumbURL: string }

const s3Url = (bucket: string, key: string) => `${env.S3_ENDPOINT}/${bucket}/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&`

describe('GET /persons', () => {
  it('ranks people by photo count, each with a thumbnail URL signed at the edge', async () => {
    const res = await call('/persons?limit=500')
    expect(res.status).toBe(200)
    const { persons } = (await res.json()) as { persons: Person[] }
    const counts = persons.map((p) => p.photoCount)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    const ada = persons.find((p) => p.personId === 'person-ada')
    expect(ada?.photoCount).toBe(demo.people['person-ada'].length)
    expect(ada?.repThumbURL.startsWith(s3Url(env.THUMBS_BUCKET, ada.repThumbKey))).toBe(true)
  })

  it('is cached at the edge: a MISS, then a HIT with the same URLs', async () => {
    const first = await call('/persons?limit=3')
    expect(first.headers.get('x-cache')).toBe('MISS')
    const second = await call('/persons?limit=3')
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(await second.json()).toEqual(await first.json())
  })

  it('rejects a limit above 500 with a clear 400', async () => {
    const res = await call('/persons?limit=501')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid limit/)
  })
})

describe('GET /persons/{personId}/photos', () => {
  it('lists a person’s photos with photo and thumbnail URLs', async () => {
    const res = await call('/persons/person-grace/photos')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { personId: string; photos: Photo[] }
    expect(body.personId).toBe('person-grace')
    expect(body.photos.map((p) => p.photoId).sort()).toEqual([...demo.people['person-grace']].sort())
    for (const photo of body.photos) {
      expect(photo.photoURL.startsWith(s3Url(env.PHOTOS_BUCKET, photo.photoKey))).toBe(true)
      expect(photo.thumbURL.startsWith(s3Url(env.THUMBS_BUCKET, photo.thumbKey))).toBe(true)
    }
  })
})

describe('when the origin fails', () => {
  const originDown = { METADATA_TTL: '0.001', ORIGIN_URL: 'http://127.0.0.1:1' }

  it('answers from the edge cache, marked STALE', async () => {
    await call('/persons?limit=2')
    const res = await call('/persons?limit=2', {}, originDown)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-cache')).toBe('STALE')
  })

  it('with nothing cached, answers 503 {error} with Retry-After and nothing internal', async () => {
    const res = await call('/persons?limit=7', {}, originDown)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: 'The service is temporarily unavailable, try again shortly', requestId: res.headers.get('x-request-id') })
    expect(text).not.toMatch(/127\.0\.0\.1|refused|at \w+ \(/)
  })
})
