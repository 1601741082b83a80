import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSigner } from '../../worker/signing'

/**
 * The project's presigned URLs against the AWS SDK's, for random keys, times and expiries:
 * same path, same query, same signature. The signer dates a URL at the start of its window
 * and adds the window to the expiry, so the SDK signs at that date with that expiry.
 */

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const endpoint = 'http://127.0.0.1:7070'
const region = 'eu-west-3'

const sdk = new S3Client({
  region,
  endpoint,
  forcePathStyle: true,
  credentials,
  // Otherwise the SDK adds checksum parameters to the URLs, which the Worker has no use for.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
})
// The SDK tags each request with `?x-id=GetObject`; S3 ignores it, but it is signed, so it goes.
sdk.middlewareStack.add(
  (next) => (args) => {
    const { request } = args as { request: { query?: Record<string, unknown> } }
    delete request.query?.['x-id']
    return next(args)
  },
  { step: 'build', name: 'dropXId' },
)
/** Leaves `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD` out of the query; the payload hash is the same. */
const presignOptions = { unhoistableHeaders: new Set(['x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) }

const awkward = [' ', '+', '%', '=', '&', '?', '#', '~', '!', "'", '(', ')', '*', ',', ';', ':', '@', '$', '[', ']', '"', '<', '>', '\\', '^', '`', '{', '|', '}', '.', '-', '_', 'é', 'ß', '日', '本', '😀', '\u00a0']
const segment = fc
  .string({ unit: fc.oneof(fc.constantFrom(...awkward), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 0, maxLength: 12 })
  .filter((s) => s !== '.' && s !== '..')
const key = fc
  .array(segment, { minLength: 1, maxLength: 5 })
  .map((segments) => segments.join('/'))
  .filter((k) => k !== '')
/** 2000-01-01 to 2099-12-31, in milliseconds. */
const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })
/** Expiry and window whose sum SigV4 allows (at most 7 days). */
const lifetime = fc
  .record({ expiresSeconds: fc.integer({ min: 1, max: 7 * 86_400 - 1 }), windowSeconds: fc.integer({ min: 1, max: 86_400 }) })
  .filter(({ expiresSeconds, windowSeconds }) => expiresSeconds + windowSeconds <= 7 * 86_400)

/** Path exactly as written, and the query's parameters exactly as written, in order-free form. */
function parts(url: string) {
  const [path, query = ''] = url.split('?')
  return { path, query: query.split('&').sort() }
}

function windowStartOf(now: number, windowSeconds: number) {
  return new Date(Math.floor(now / 1000 / windowSeconds) * windowSeconds * 1000)
}

describe('signer vs @aws-sdk/s3-request-presigner', () => {
  it('signs GET URLs identical to the SDK', async () => {
    await fc.assert(
      fc.asyncProperty(key, time, lifetime, async (objectKey, now, { expiresSeconds, windowSeconds }) => {
        const ours = await createSigner({ endpoint, region, ...credentials, expiresSeconds, windowSeconds }).presignGet('frames', objectKey, now)
        const theirs = await getSignedUrl(sdk, new GetObjectCommand({ Bucket: 'frames', Key: objectKey }), {
          signingDate: windowStartOf(now, windowSeconds),
          expiresIn: expiresSeconds + windowSeconds,
          ...presignOptions,
        })
        expect(new URL(ours.url).searchParams.get('X-Amz-Signature')).toBe(new URL(theirs).searchParams.get('X-Amz-Signature'))
        expect(parts(ours.url)).toEqual(parts(theirs))
      }),
      { numRuns: 300 },
    )
  })

  it('signs PUT URLs with bound content-type and content-length identical to the SDK', async () => {
    const contentType = fc.constantFrom('image/png', 'image/jpeg', 'image/svg+xml', 'application/octet-stream', 'text/plain; charset=utf-8')
    await fc.assert(
      fc.asyncProperty(key, time, lifetime, contentType, fc.nat({ max: 5 * 2 ** 30 }), async (objectKey, now, { expiresSeconds, windowSeconds }, type, length) => {
        // Upload URLs are signed as of the second they are asked for, for `putExpiresSeconds`.
        const ours = await createSigner({ endpoint, region, ...credentials, expiresSeconds, windowSeconds, putExpiresSeconds: expiresSeconds }).presignPut(
          'images',
          objectKey,
          { contentType: type, contentLength: length },
          now,
        )
        const theirs = await getSignedUrl(sdk, new PutObjectCommand({ Bucket: 'images', Key: objectKey, ContentType: type, ContentLength: length }), {
          signingDate: new Date(Math.floor(now / 1000) * 1000),
          expiresIn: expiresSeconds,
          signableHeaders: new Set(['content-type', 'content-length']),
          ...presignOptions,
        })
        expect(parts(ours.url)).toEqual(parts(theirs))
      }),
      { numRuns: 100 },
    )
  })
})
