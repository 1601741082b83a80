import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { areasOf } from '../../contract/layout'
import { edgeOf } from '../../worker/edge'
import { call } from './request'
import { bearer } from './token'

const routes = [
  '/health', '/devices', '/devices/{s}/batches', '/devices/{s}/batches/{s}/frames', '/flagged/frames',
  '/persons', '/persons/{s}/photos', '/images', '/images/{s}', '/images/{s}/{s}', '/uploads', '/upload', '/getall',
  '/getitem', '/delete', '/fetch_batches', '/fetch_flagged_annotated_images', '/fetch_unflagged_frame_from_batch', '/{s}',
]

const hostile = ['..', '.', '', '%2F', '%2f', '%5C', '%2e%2e', '%00', '%0A', 'a b', '+', '%', '=', 'é', '名前', 'https://evil.example', '\\', '*', '%25', "'", '"', '<script>']
/** What a URL cuts or cannot carry: `#` and `?` (encoded, or they would end the path), lone surrogates' bytes (CESU-8), encoded slashes. */
const cutters = ['%23', 'a%23b', '%3F', 'a%3Fb', '%ED%A0%80', 'x%ED%B0%80y', '%F0%9F', 'a%2Fb', '%2F..%2F']
const segment = fc.oneof(
  fc.constantFrom(...hostile, ...cutters, 'cam-north', 'batch_001', 'person-ada', 'welcome.png'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 12 }).map(encodeURIComponent),
)
/** Body strings, where JSON can carry what a URL cannot: lone surrogates, and `#`, `?`, encoded slashes as they are. */
const text = fc.oneof(
  segment,
  fc.constantFrom('x\ud800.png', '\udc00', 'a\ud800\ud800b', '#', 'a#b', '?', 'a?b', 'a%2Fb.png', 'images/a#b.png', 'images/a?b.png'),
  fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
)
const path = fc.tuple(fc.constantFrom(...routes), fc.array(segment, { minLength: 3, maxLength: 3 })).map(([route, parts]) => {
  let i = 0
  return route.replaceAll('{s}', () => parts[i++] ?? '')
})
const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'x', 'limit[]'), fc.oneof(fc.constantFrom('0', '-1', '1', '500', '501', '1e9', 'NaN', '', '%FF', '#', '?', 'a%2Fb'), fc.string({ maxLength: 30 })), { maxKeys: 3 })
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 2 }),
  fc
    .record(
      { FileName: text, Bucket: text, Source: text, Timestamp: text, folder_name: text, device_name: text, batch_number: text, fileName: text, contentType: fc.constantFrom('image/png', 'image/svg+xml', 'text/html', ''), contentLength: fc.integer() },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
)
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  query,
  body,
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
  auth: fc.constantFrom('none', 'garbage', 'writer'),
})

/** Any URL in a body must be signed for an area of the layout. */
const allowed = areasOf(edgeOf(env).config.layout).map(({ bucket, prefix }) => `${env.S3_ENDPOINT}/${bucket}/${prefix.split('/').map(encodeURIComponent).join('/')}`)

describe('the public API under random requests', () => {
  it('never answers 5xx, never signs outside the allowlist, never leaks internals', async () => {
    // Writes with a valid token, but not deletes: the demo data other tests read must survive.
    const writer = await bearer(['images:write'])
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {}
        if (r.contentType) headers['content-type'] = r.contentType
        if (r.auth === 'garbage') headers.authorization = 'Bearer x.y.z'
        if (r.auth === 'writer') Object.assign(headers, writer)
        const search = new URLSearchParams(r.query).toString()
        const withBody = r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined
        const res = await call(`${r.path}${search ? `?${search}` : ''}`, { method: r.method, headers, body: withBody ? r.body : undefined })
        expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500)
        const text = await res.text()
        for (const url of text.match(/https?:\/\/[^"\s]+X-Amz-Signature[^"\s]*/g) ?? []) {
          expect(allowed.some((prefix) => url.startsWith(prefix)), url).toBe(true)
        }
        expect(text).not.toMatch(/\bat \S+ \(|node_modules|Error:|edge-local-secret|X-Amz-Credential=[^&"]*%2F[^&"]*%2Flambda/)
      }),
      { numRuns: 3_000 },
    )
  }, 180_000)
})
