import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../app-env'
import { type Config, resolveConfig } from '../config'
import { signerFor } from '../signing/for-config'
import { requireScope } from '../auth'
import { rateLimit } from '../rate-limit'
import { validate } from '../validation'

const uploadRequest = z.object({
  fileName: z
    .string()
    .min(1)
    .max(200)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
    .refine((s) => !/[\u0000-\u001f\u007f/\\]/.test(s) && s !== '.' && s !== '..', 'must be a plain file name'),
  contentType: z.string().regex(/^image\/[a-z0-9][a-z0-9.+-]{0,100}$/i, 'must be an image/* type'),
  contentLength: z.number().int().positive(),
})

/**
 * A collision-free key under the upload prefix: the date groups uploads, the UUID makes two
 * uploads of one file name two objects, and the name stays readable at the end.
 */
function uploadKey(config: Config, fileName: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/')
  return `${config.uploadPrefix}${day}/${crypto.randomUUID()}-${fileName}`
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
  const config = resolveConfig(c.env)
  const { fileName, contentType, contentLength } = c.req.valid('json')
  if (contentLength > config.maxUploadBytes) {
    return c.json({ error: `Invalid contentLength: must be at most ${config.maxUploadBytes} bytes` }, 400)
  }
  const key = uploadKey(config, fileName)
  const signed = await signerFor(config).presignPut(config.buckets.images, key, { contentType, contentLength })
  return c.json({ url: signed.url, method: 'PUT', headers: signed.headers, key, expiresAt: signed.expiresAt }, 201, { 'Cache-Control': 'no-store' })
})
