/**
 * Clients of the three systems this replaces (../shared/seeds), sending those systems' own
 * request bodies to the whole local stack: status codes, field names, error strings, page sizes
 * and CORS as the originals answered them.
 */
import { randomUUID } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { demo } from '../stack/demo-data'
import { testStack } from '../stack/testing'
import { localToken } from '../stack/token'

const { config, urls, s3 } = testStack()
const foreign = 'https://dashboard.example'
const token = { authorization: `Bearer ${await localToken(['images:write', 'images:delete'])}` }

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${urls.worker}${path}`, {
    method,
    headers: { origin: foreign, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** A browser's preflight from another origin, as a dashboard on its own host sends before a JSON POST. */
function preflight(method: string, path: string, headers = 'content-type') {
  return fetch(`${urls.worker}${path}`, { method: 'OPTIONS', headers: { origin: foreign, 'access-control-request-method': method, 'access-control-request-headers': headers } })
}

describe('the frames Lambdas (CORS * on every method)', () => {
  it.each([
    ['/fetch_batches', { folder_name: 'cam-north' }],
    ['/fetch_flagged_annotated_images', undefined],
    ['/fetch_unflagged_frame_from_batch', { device_name: 'cam-north', batch_number: 'batch_001' }],
  ])('POST %s answers a foreign preflight and then the data, with Access-Control-Allow-Origin: *', async (path, body) => {
    const allowed = await preflight('POST', path)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*')
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST')
    const res = await send('POST', path, body)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('fetch_batches lists the subfolders of a device; 400 without folder_name, 404 for an unknown one', async () => {
    expect(await (await send('POST', '/fetch_batches', { folder_name: 'cam-north' })).json()).toMatchObject({ batches: demo.devices['cam-north'] })
    expect((await send('POST', '/fetch_batches', {})).status).toBe(400)
    expect((await send('POST', '/fetch_batches', { folder_name: 'device_name' })).status).toBe(404)
  })

  it('the frame routes answer presigned URLs that serve the frames for an hour or more', async () => {
    const { frames } = (await (await send('POST', '/fetch_unflagged_frame_from_batch', { device_name: 'cam-north', batch_number: 'batch_001' })).json()) as { frames: { url: string }[] }
    expect(frames).toHaveLength(demo.framesPerBatch)
    const url = new URL(frames[0]?.url ?? '')
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeGreaterThanOrEqual(3600)
    expect((await fetch(url)).status).toBe(200)
  })
})

describe('the image metadata API (Postman bodies)', () => {
  const FileName = `example-${randomUUID().slice(0, 8)}.png`

  it('POST /upload, GET /getall, POST /getitem, DELETE /delete as the Postman examples send them', async () => {
    await s3.send(new PutObjectCommand({ Bucket: config.buckets.images, Key: FileName, Body: 'png bytes', ContentType: 'image/png' }))
    const upload = await send('POST', '/upload', { FileName, Bucket: config.buckets.images, Source: 'S3' }, token)
    expect(upload.status).toBe(200)
    expect(await upload.json()).toMatchObject({ message: 'Metadata added successfully', item: { FileName, Bucket: config.buckets.images } })

    const all = (await (await send('GET', '/getall')).json()) as { images: { FileName: string; Bucket: string; Source: string; Timestamp: string }[] }
    expect(all.images.find((i) => i.FileName === FileName)).toMatchObject({ FileName, Bucket: config.buckets.images, Source: expect.any(String), Timestamp: expect.any(String) })

    const item = await send('POST', '/getitem', { FileName })
    expect(item.status).toBe(200)
    expect(((await item.json()) as { data: { FileName: string } }).data.FileName).toBe(FileName)

    const deleted = await send('DELETE', '/delete', { FileName }, token)
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ message: 'Image and metadata deleted successfully', deletedFile: FileName })
    expect(await (await send('POST', '/getitem', { FileName })).json()).toEqual({ error: 'Item not found' })
    expect((await send('DELETE', '/delete', { FileName }, token)).status).toBe(404)
  })

  it.each([
    ['POST', '/getitem', {}],
    ['POST', '/getitem', { FileName: '' }],
    ['DELETE', '/delete', {}],
  ])('%s %s without FileName is 400 "FileName missing"', async (method, path, body) => {
    const res = await send(method, path, body, token)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'FileName missing' })
  })

  it('POST /getitem of an unknown file is 404 "Item not found", readable from another origin', async () => {
    expect((await preflight('POST', '/getitem')).headers.get('access-control-allow-origin')).toBe('*')
    const res = await send('POST', '/getitem', { FileName: 'never-uploaded.png' })
    expect(res.status).toBe(404)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toEqual({ error: 'Item not found' })
  })

  it('DELETE /delete refuses, deleting nothing, metadata naming a bucket this service does not manage', async () => {
    const other = `old-${randomUUID().slice(0, 8)}.png`
    expect((await send('POST', '/upload', { FileName: other, Bucket: 'image-upload-demo-komal', Source: 'S3' }, token)).status).toBe(200)
    const res = await send('DELETE', '/delete', { FileName: other }, token)
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Not deleted: image-upload-demo-komal\//)
    expect((await send('POST', '/getitem', { FileName: other })).status).toBe(200)
  })
})

describe('the People API', () => {
  it('GET /persons answers persons with personId, photoCount, repThumbKey and repThumbURL', async () => {
    const res = await send('GET', '/persons')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const { persons } = (await res.json()) as { persons: Record<string, unknown>[] }
    expect(persons.length).toBeGreaterThan(0)
    expect(persons.length).toBeLessThanOrEqual(100)
    for (const person of persons) expect(Object.keys(person)).toEqual(expect.arrayContaining(['personId', 'photoCount', 'repThumbKey', 'repThumbURL']))
  })

  it('GET /persons/{id}/photos answers photoId, photoBucket, photoKey, thumbKey and photoURL, and [] for an unknown person', async () => {
    const known = (await (await send('GET', '/persons/person-ada/photos')).json()) as { personId: string; photos: Record<string, unknown>[] }
    expect(known.photos).toHaveLength(demo.people['person-ada'].length)
    for (const photo of known.photos) expect(Object.keys(photo)).toEqual(expect.arrayContaining(['photoId', 'photoBucket', 'photoKey', 'thumbKey', 'photoURL']))
    const unknown = await send('GET', '/persons/nobody-at-all/photos')
    expect(unknown.status).toBe(200)
    expect(await unknown.json()).toMatchObject({ personId: 'nobody-at-all', photos: [] })
  })
})
