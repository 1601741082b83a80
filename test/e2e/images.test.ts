import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { eventually, testStack } from '../stack/testing'
import { localToken } from '../stack/token'

const { config, urls, s3 } = testStack()

const auth = { authorization: `Bearer ${await localToken(['images:write', 'images:delete'])}` }

type Upload = { url: string; method: string; headers: Record<string, string>; key: string }
type Image = { FileName: string; url: string; Size?: number }

async function requestUpload(fileName: string, body: Uint8Array): Promise<Upload> {
  const res = await fetch(`${urls.worker}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ fileName, contentType: 'image/png', contentLength: body.length }),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as Upload
}

async function findImage(key: string): Promise<Image | undefined> {
  const res = await fetch(`${urls.worker}/images/${encodeURIComponent(key)}`)
  return res.status === 200 ? ((await res.json()) as { image: Image }).image : undefined
}

describe('uploads and deletes through the whole stack', () => {
  it('a file PUT with the URL from POST /uploads appears in the images API within 2 s, with a URL that serves it', async () => {
    const body = new TextEncoder().encode('not really a png, but bytes to compare')
    const upload = await requestUpload('e2e upload.png', body)
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body })
    expect(put.status).toBe(200)
    const image = await eventually(() => findImage(upload.key))
    expect(image).toMatchObject({ FileName: upload.key, Size: body.length })
    const served = await fetch(image!.url)
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(body)
  })

  it('S3 refuses a PUT whose type or size differs from what was signed', async () => {
    const body = new TextEncoder().encode('twelve bytes')
    const upload = await requestUpload('typed.png', body)
    const wrongType = await fetch(upload.url, { method: 'PUT', headers: { ...upload.headers, 'content-type': 'text/html' }, body })
    expect(wrongType.status).toBe(403)
    const longer = new TextEncoder().encode('thirteen byte')
    const wrongSize = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: longer })
    expect(wrongSize.status).toBe(403)
  })

  it('a delete removes the object and the metadata; a second delete is 404', async () => {
    const body = new TextEncoder().encode('to be deleted')
    const upload = await requestUpload('doomed.png', body)
    await fetch(upload.url, { method: 'PUT', headers: upload.headers, body })
    expect(await eventually(() => findImage(upload.key))).toBeDefined()
    const res = await fetch(`${urls.worker}/images/${encodeURIComponent(upload.key)}`, { method: 'DELETE', headers: auth })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ deletedFile: upload.key })
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.buckets.images, Key: upload.key })).then(() => 200, (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode)
    expect(head).toBe(404)
    const list = (await (await fetch(`${urls.worker}/images?limit=500`, { headers: { 'cache-control': 'no-cache' } })).json()) as { images: Image[] }
    expect(list.images.map((i) => i.FileName)).not.toContain(upload.key)
    const again = await fetch(`${urls.worker}/images/${encodeURIComponent(upload.key)}`, { method: 'DELETE', headers: auth })
    expect(again.status).toBe(404)
  })
})
