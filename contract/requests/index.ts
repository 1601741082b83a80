/**
 * The request rules of the public API as zod schemas: the Worker validates with them, the
 * origin validates what the Worker forwards with them, and the OpenAPI document is generated
 * from them. A rule changed here changes all three.
 */
import { z } from 'zod'

const encoder = new TextEncoder()

/** S3's own limit on a key's length. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html */
export const MAX_KEY_BYTES = 1024

/** The message of a missing or mistyped value, for zod's `error` option: "is required" or "must be …". */
export function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`)
}

/**
 * A string of well-formed Unicode: a lone surrogate (`"\ud800"` in JSON, `%ED%A0%80` nowhere)
 * cannot be encoded as UTF-8, so it could be neither a key nor part of a URL, a log line or a
 * DynamoDB attribute that round-trips.
 * https://tc39.es/ecma262/#sec-string.prototype.iswellformed
 */
export function text(what = 'a string') {
  return z.string({ error: expected(what) }).refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)')
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Why a key may not be named, signed or deleted, or undefined when it may. Keys are joined to a
 * bucket to form a URL path, so anything that could climb out of a prefix after a client, proxy
 * or S3 normalises the path (`..`, `.`, empty segments, backslashes, encoded slashes), look like
 * another URL, or smuggle control characters is refused.
 *
 * @example
 * ```ts
 * keyProblem('a/../b') // 'must not contain empty, "." or ".." segments'
 * ```
 */
export function keyProblem(key: string): string | undefined {
  if (!key) return 'must not be empty'
  if (!key.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)'
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a long key needs encoding to be measured.
  if (key.length * 3 > MAX_KEY_BYTES && encoder.encode(key).length > MAX_KEY_BYTES) return `must be at most ${MAX_KEY_BYTES} bytes`
  if (CONTROL.test(key)) return 'must not contain control characters'
  if (key.includes('\\')) return 'must not contain a backslash'
  if (/%2f|%5c/i.test(key)) return 'must not contain an encoded slash'
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) return 'must be a key, not a URL'
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return 'must not contain empty, "." or ".." segments'
  return undefined
}

/** An object key a caller names (an image to read or delete): sound, or a 400 saying why not. */
export const objectKey = z.string({ error: expected('a string') }).superRefine((key, ctx) => {
  const problem = keyProblem(key)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/**
 * One path segment a caller names (a device, a batch, a person): keys and cache keys are built
 * from it, so it may not climb or split a prefix, carry control characters, or hold what a URL
 * would cut off (`#`, `?`). 255 bytes is S3's practical limit for one "folder" name.
 */
export const pathSegment = text()
  .min(1, 'must not be empty')
  .refine((s) => encoder.encode(s).length <= 255, 'must be at most 255 bytes')
  .refine((s) => !s.includes('/') && !s.includes('\\'), 'must not contain a slash')
  .refine((s) => s !== '.' && !s.includes('..'), 'must not contain ".."')
  .refine((s) => !CONTROL.test(s), 'must not contain control characters')
  .refine((s) => !s.includes('#') && !s.includes('?'), 'must not contain "#" or "?"')
  // Left after decoding: bytes that are no UTF-8 (the URL parser leaves them encoded), or an
  // encoding of an encoding (`%252F` → `%2F`), which some later hop would decode into a `/`.
  .refine((s) => !/%[0-9a-f]{2}/i.test(s), 'must not contain percent-encoded bytes')

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html : such a name needs no encoding. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

export const bucketName = z.string({ error: expected('a string') }).regex(BUCKET_NAME, 'must be an S3 bucket name')

/** The largest cursor accepted: a key of at most 1 KiB, JSON-escaped and base64url-encoded, with room to spare. */
export const MAX_CURSOR_LENGTH = 4096

/** A page cursor as every listing hands it out, the `nextCursor` of the previous page: opaque base64url, sealed by the edge after a `.`. */
export const cursor = z
  .string()
  .max(MAX_CURSOR_LENGTH, `must be at most ${MAX_CURSOR_LENGTH} characters`)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/, 'is not a cursor this listing returned')

/**
 * `?limit&cursor` of a paged listing.
 *
 * @example
 * ```ts
 * const imagesQuery = pageQuery(50, 500)
 * ```
 */
export function pageQuery(defaultLimit: number, maxLimit: number) {
  return z.object({
    limit: z.coerce
      .number({ error: expected('a number') })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(maxLimit, `must be at most ${maxLimit}`)
      .default(defaultLimit)
      .meta({ description: `Items per page, 1 to ${maxLimit}; a page may hold fewer, even none, before the end.` }),
    cursor: cursor.optional().meta({ description: 'The `nextCursor` of the previous page; absent for the first page.' }),
  })
}

/** Page sizes: the replaced systems' where they had one (People: 100 persons, 200 photos of a person). */
export const pages = {
  frames: pageQuery(100, 1000),
  images: pageQuery(50, 500),
  persons: pageQuery(100, 500),
  personPhotos: pageQuery(200, 500),
}

export const deviceParam = z.object({ device: pathSegment })
export const batchParam = z.object({ device: pathSegment, batch: pathSegment })
export const personParam = z.object({ personId: pathSegment })
export const imageKeyParam = z.object({ key: objectKey })

const bodyObject = { error: 'must be a JSON object' }

/** The image's key; the replaced system's clients match on `FileName missing`, so every route says it that way. */
const fileName = z
  .string({ error: (issue) => (issue.input === undefined ? 'FileName missing' : 'must be a string') })
  .min(1, 'FileName missing')
  .pipe(objectKey)

/** `POST /getitem`, `DELETE /delete`. */
export const fileNameBody = z.object({ FileName: fileName }, bodyObject).meta({ id: 'FileNameBody' })

/** `POST /images` and `POST /upload`: metadata of an object in a bucket. */
export const imageRegistration = z
  .object(
    {
      FileName: fileName,
      Bucket: bucketName.optional().meta({ description: 'Defaults to the images bucket.' }),
      Source: text().min(1, 'must not be empty').max(256, 'must be at most 256 characters').optional().meta({ description: 'Defaults to "API".' }),
      Timestamp: text().min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional().meta({ description: 'Defaults to now, ISO 8601.' }),
    },
    bodyObject,
  )
  .meta({ id: 'ImageRegistration' })

/**
 * Raster image types only: a browser runs the scripts of an SVG opened from its URL, and an
 * upload URL is handed to any holder of a write token.
 */
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'] as const

/** `POST /uploads`. */
export const uploadRequest = z
  .object(
    {
      fileName: text()
        .min(1, 'must not be empty')
        .max(200, 'must be at most 200 characters')
        // The name ends the upload's key, which the API must be able to read and delete later.
        .refine((s) => !s.includes('/') && keyProblem(s) === undefined, 'must be a plain file name that is also a sound key'),
      contentType: z.enum(UPLOAD_TYPES, { error: `must be one of ${UPLOAD_TYPES.join(', ')}` }),
      contentLength: z.number({ error: expected('a number') }).int('must be a whole number').positive('must be positive'),
    },
    bodyObject,
  )
  .meta({ id: 'UploadRequest' })

/** The frames system's `POST /fetch_batches`. */
export const oldBatchesBody = z.object({ folder_name: pathSegment }, bodyObject).meta({ id: 'OldBatchesRequest' })

/** The frames system's `POST /fetch_unflagged_frame_from_batch`. */
export const oldFramesBody = z.object({ device_name: pathSegment, batch_number: pathSegment }, bodyObject).meta({ id: 'OldFramesRequest' })

/**
 * The message of a failed validation, naming the first bad field: `Invalid limit: must be at
 * most 500`. A message that already names its field (`FileName missing`) is kept as it is,
 * since the replaced systems' clients match on it.
 *
 * @example
 * ```ts
 * if (!result.success) throw new HTTPException(400, { message: validationMessage(result.error, 'query') })
 * ```
 */
export function validationMessage(error: z.core.$ZodError, part: string): string {
  const issue = error.issues[0]
  const field = issue?.path.join('.') || part
  const message = issue?.message ?? 'is not valid'
  return message.startsWith(field) ? message : `Invalid ${field}: ${message}`
}
