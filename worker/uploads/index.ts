import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { uploadRequest } from '../../contract/requests'
import type { AppEnv } from '../app-env'
import { requireScope } from '../auth'
import { rateLimit } from '../rate-limit'
import { validate } from '../validation'

/**
 * A collision-free key under the upload prefix: the date groups uploads, the UUID makes two
 * uploads of one file name two objects, and the name stays readable at the end.
 */
function uploadKey(uploadPrefix: string, fileName: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/')
  return `${uploadPrefix}${day}/${crypto.randomUUID()}-${fileName}`
}

/**
 * `POST /uploads`: a presigned PUT for a browser to send one image straight to the images
 * bucket. Content-Type and Content-Length are part of the signature, so S3 refuses any other
 * type or size than the one asked for; the ObjectCreated event then records the metadata.
 *
 * @example
 * ```ts
 * const { url, headers } = await (await fetch('/uploads', { method: 'POST', body })).json()
 * await fetch(url, { method: 'PUT', headers, body: file })
 * ```
 */
export const uploads = new Hono<AppEnv>().post('/uploads', requireScope('images:write'), rateLimit('UPLOAD_LIMITER'), validate('json', uploadRequest), async (c) => {
  const { config, signer } = c.var.edge
  const { fileName, contentType, contentLength } = c.req.valid('json')
  if (contentLength > config.maxUploadBytes) {
    throw new HTTPException(400, { message: `Invalid contentLength: must be at most ${config.maxUploadBytes} bytes` })
  }
  const key = uploadKey(config.layout.uploadPrefix, fileName)
  const signed = await signer.presignPut(config.buckets.images, key, { contentType, contentLength })
  return c.json({ url: signed.url, method: 'PUT' as const, headers: signed.headers, key, expiresAt: signed.expiresAt }, 201, { 'Cache-Control': 'no-store' })
})
