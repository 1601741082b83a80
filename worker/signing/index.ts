import { AwsV4Signer } from 'aws4fetch'
import { BUCKET_NAME } from '../../contract/requests'
import { Lru } from './lru'

/**
 * The project's one S3 URL signer: SigV4 query presigning (GET, and PUT with bound headers)
 * of path-style URLs, https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 *
 * aws4fetch's `AwsV4Signer` writes the canonical request; around it, this module adds what
 * makes a page of URLs per request cheap at the edge: URLs that are the same for a whole time
 * window (so they can be memoised here and cached downstream), one canonical request per
 * window rather than per URL, and a signing key derived once a day.
 */

export type SignerOptions = {
  /** S3 endpoint without the bucket, e.g. `https://s3.us-east-1.amazonaws.com` or `http://127.0.0.1:7070`. */
  endpoint: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** Every URL stays valid at least this long after it is handed out. */
  expiresSeconds: number
  /** URLs are signed as of the start of the window they fall in, so a window's calls share one URL. */
  windowSeconds: number
  /**
   * Seconds an upload (PUT) URL stays valid from the moment it is signed; 300 unless given.
   * Upload URLs are not windowed: each names a new key, and a long-lived one could re-create
   * an object after its delete.
   */
  putExpiresSeconds?: number
  /** How many signed URLs the isolate remembers; 0 remembers none. Defaults to 1000 (about 0.5 MB). */
  cacheSize?: number
  /**
   * `Cache-Control` S3 should answer presigned GETs with (the signed `response-cache-control`
   * override). S3 itself sends none, and a browser then revalidates every image on each visit;
   * with a lifetime, a page whose URLs did not change is drawn from the cache alone.
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
   */
  getCacheControl?: string
}

/** Memoised results are shared between callers, hence frozen. */
export type SignedUrl = {
  readonly url: string
  /** When the URL stops working (ISO 8601): window start + `expiresSeconds` + `windowSeconds`. */
  readonly expiresAt: string
}

export type SignedPut = SignedUrl & {
  /** The headers the upload must send, exactly: they are part of the signature. */
  readonly headers: Readonly<Record<string, string>>
}

export interface Signer {
  /** @param now milliseconds since the epoch; `Date.now()` unless given. */
  presignGet(bucket: string, key: string, now?: number): Promise<SignedUrl>
  /** @param now milliseconds since the epoch; `Date.now()` unless given. */
  presignPut(bucket: string, key: string, headers: { contentType: string; contentLength: number }, now?: number): Promise<SignedPut>
}

/** One request to presign, at an explicit time: what {@link createSigner} reduces each call to. */
export type UrlToSign = {
  method: 'GET' | 'PUT'
  /** The URL's path, already URI-encoded as SigV4 wants it (see {@link createSigner}). */
  path: string
  /** `X-Amz-Date`, ISO 8601 basic format: `20130524T000000Z`. */
  datetime: string
  expiresSeconds: number
  /** Headers the request must carry; all of them are signed. */
  headers?: Record<string, string>
  /** A signed `response-cache-control` query parameter (GET only). */
  responseCacheControl?: string
}

/**
 * A SigV4 presigned URL is valid for at most 7 days,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
const MAX_EXPIRES_SECONDS = 604_800


/**
 * Signs S3 URLs for one set of credentials. Resolve it once per isolate (see `edgeOf`):
 * the memo of signed URLs and the derived signing key live in it.
 *
 * Keys are encoded per SigV4 (every byte but `A-Za-z0-9-._~` percent-encoded, `/` kept), so
 * keys with spaces, `+`, `%`, `=`, `!'()*` or unicode work; the URL's path and query are the
 * canonical ones that were signed, byte for byte.
 *
 * Every call in one window gets the same URL: `X-Amz-Date` is the window's start and
 * `X-Amz-Expires` is `expiresSeconds + windowSeconds`, so a URL handed out at the end of a
 * window still has `expiresSeconds` left.
 *
 * @example
 * ```ts
 * const signer = createSigner({ ...config.s3, expiresSeconds: 3600, windowSeconds: 900 })
 * const { url, expiresAt } = await signer.presignGet('frames', 'cam 1/2024-05-01/+0001.jpg')
 * const upload = await signer.presignPut('images', key, { contentType: 'image/png', contentLength: 5120 })
 * await fetch(upload.url, { method: 'PUT', headers: upload.headers, body })
 * ```
 */
export function createSigner(options: SignerOptions): Signer {
  const { expiresSeconds, windowSeconds, putExpiresSeconds = 300, cacheSize = 1000, getCacheControl } = options
  for (const [name, value] of Object.entries({ expiresSeconds, windowSeconds, putExpiresSeconds })) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`)
  }
  const urlExpiresSeconds = expiresSeconds + windowSeconds
  if (urlExpiresSeconds > MAX_EXPIRES_SECONDS) {
    throw new RangeError(`expiresSeconds + windowSeconds must be at most ${MAX_EXPIRES_SECONDS} (7 days), got ${urlExpiresSeconds}`)
  }
  const signUrl = createUrlSigner(options)
  const memo = new Lru<string, SignedUrl>(cacheSize)
  // Formatting dates costs microseconds in workerd; they change once a window.
  let current: { start: number; datetime: string; expiresAt: string } | undefined

  function windowAt(now: number) {
    const start = Math.floor(now / 1000 / windowSeconds) * windowSeconds
    if (current?.start !== start) {
      current = {
        start,
        datetime: amzDate(start),
        expiresAt: new Date((start + urlExpiresSeconds) * 1000).toISOString(),
      }
    }
    return current
  }

  async function presignGet(bucket: string, key: string, now = Date.now()): Promise<SignedUrl> {
    if (!BUCKET_NAME.test(bucket)) throw new RangeError(`Not an S3 bucket name: ${bucket}`)
    const { start, datetime, expiresAt } = windowAt(now)
    // Bucket names hold no `/` or newline: distinct requests never share a memo key.
    const memoKey = `${start}\n${bucket}/${key}`
    const hit = memo.get(memoKey)
    if (hit) return hit
    const url = await signUrl({ method: 'GET', path: `/${bucket}/${encodeKey(key)}`, datetime, expiresSeconds: urlExpiresSeconds, responseCacheControl: getCacheControl })
    const signed = Object.freeze({ url, expiresAt })
    memo.set(memoKey, signed)
    return signed
  }

  async function presignPut(bucket: string, key: string, { contentType, contentLength }: { contentType: string; contentLength: number }, now = Date.now()): Promise<SignedPut> {
    if (!BUCKET_NAME.test(bucket)) throw new RangeError(`Not an S3 bucket name: ${bucket}`)
    if (!Number.isSafeInteger(contentLength) || contentLength < 0) throw new RangeError(`contentLength must be a non-negative integer, got ${contentLength}`)
    // https://fetch.spec.whatwg.org/#header-value
    if (/[\0\r\n]/.test(contentType)) throw new RangeError('contentType must be a valid header value')
    const signedAt = Math.floor(now / 1000)
    const headers = Object.freeze({ 'content-length': String(contentLength), 'content-type': contentType })
    const url = await signUrl({ method: 'PUT', path: `/${bucket}/${encodeKey(key)}`, datetime: amzDate(signedAt), expiresSeconds: putExpiresSeconds, headers })
    return Object.freeze({ url, expiresAt: new Date((signedAt + putExpiresSeconds) * 1000).toISOString(), headers })
  }

  return { presignGet, presignPut }
}

/** `X-Amz-Date` of a time in epoch seconds, ISO 8601 basic format: `20130524T000000Z`. */
function amzDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/[:-]|\.\d{3}/g, '')
}

/** What the URLs of one (method, time, expiry, headers) share: their canonical request but for its path. */
type Template = { query: string; canonicalAfterPath: string; stringToSignPrefix: string }

/**
 * The presigner below {@link createSigner}, taking time, expiry and encoded path as given;
 * the SigV4 known-answer test uses it directly. Resolves to the presigned URL.
 *
 * Per URL it costs one SHA-256 and one HMAC through WebCrypto. aws4fetch's `AwsV4Signer`
 * writes the canonical request, but constructing one costs ~35 µs in workerd (URL parsing,
 * URLSearchParams, Headers) and its `signature()` re-imports an HMAC key for every URL. All
 * URLs of one window differ only in their path, so an `AwsV4Signer` is built once per window
 * as a template, each URL swaps in its path, and the derived signing key is imported once a day.
 *
 * @example
 * ```ts
 * const signUrl = createUrlSigner({ endpoint: 'https://examplebucket.s3.amazonaws.com', region: 'us-east-1', accessKeyId, secretAccessKey })
 * const url = await signUrl({ method: 'GET', path: '/test.txt', datetime: '20130524T000000Z', expiresSeconds: 86400 })
 * ```
 */
export function createUrlSigner(options: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string }): (request: UrlToSign) => Promise<string> {
  const { region, accessKeyId, secretAccessKey } = options
  const endpoint = new URL(options.endpoint)
  if (endpoint.pathname !== '/' || endpoint.search) throw new RangeError(`The S3 endpoint must be an origin, without path or query: ${options.endpoint}`)
  const { origin } = endpoint
  // A handful covers the current window's GETs and PUTs; PUT templates, bound to one upload's
  // length, are rarely reused.
  const templates = new Lru<string, Promise<Template>>(8)
  // The signing key depends on (secret, date, region, service), and here only the date varies,
  // moving forward: one entry, replaced once a day, is enough.
  let signingKey: { date: string; key: Promise<CryptoKey> } | undefined

  function templateFor({ method, datetime, expiresSeconds, headers, responseCacheControl }: Omit<UrlToSign, 'path'>): Promise<Template> {
    const id = `${method}\n${datetime}\n${expiresSeconds}\n${headers ? JSON.stringify(headers) : ''}\n${responseCacheControl ?? ''}`
    let template = templates.get(id)
    if (!template) {
      const canonical = new AwsV4Signer({
        method,
        url: `${origin}/?X-Amz-Expires=${expiresSeconds}${responseCacheControl ? `&response-cache-control=${encodeURIComponent(responseCacheControl)}` : ''}`,
        headers,
        accessKeyId,
        secretAccessKey,
        region,
        service: 's3',
        datetime,
        signQuery: true,
        // aws4fetch leaves content-type and content-length out of the signature unless told
        // otherwise; an upload must not be able to change them.
        allHeaders: true,
      })
      template = canonical.canonicalString().then((request) => ({
        query: canonical.encodedSearch,
        // The template's path is `/`: its canonical request starts with `${method}\n/\n`.
        canonicalAfterPath: request.slice(method.length + 3),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-string-to-sign
        stringToSignPrefix: `AWS4-HMAC-SHA256\n${datetime}\n${canonical.credentialString}\n`,
      }))
      templates.set(id, template)
    }
    return template
  }

  function keyFor(date: string): Promise<CryptoKey> {
    if (signingKey?.date !== date) signingKey = { date, key: deriveSigningKey(secretAccessKey, date, region) }
    return signingKey.key
  }

  return async function signUrl({ path, ...request }: UrlToSign): Promise<string> {
    const { method, datetime } = request
    const template = await templateFor(request)
    const key = await keyFor(datetime.slice(0, 8))
    const canonicalRequest = `${method}\n${path}\n${template.canonicalAfterPath}`
    const stringToSign = template.stringToSignPrefix + toHex(await crypto.subtle.digest('SHA-256', encoder.encode(canonicalRequest)))
    const signature = toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(stringToSign)))
    // Path and query are written exactly as signed, in RFC 3986 encoding; URLSearchParams would
    // write a space as `+` (mhart/aws4fetch#83). What S3 rebuilds from the URL is what was signed.
    return `${origin}${path}?${template.query}&X-Amz-Signature=${signature}`
  }
}

/**
 * SigV4's UriEncode of a path, https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request :
 * every byte but `A-Za-z0-9-._~` percent-encoded, `/` kept; `encodeURIComponent` also spares
 * `!'()*`. Done here rather than by aws4fetch, which reads a `+` in an S3 path as a space and
 * decodes and re-encodes the path.
 */
export function encodeKey(key: string): string {
  if (key === '') throw new RangeError('An S3 key must not be empty: the URL would name the bucket')
  // URL parsers drop `.` and `..` segments (RFC 3986 §5.2.4; WHATWG URL treats `%2E` alike),
  // so no URL can reach such a key.
  if (/(?:^|\/)\.\.?(?:\/|$)/.test(key)) throw new RangeError(`An S3 key with a "." or ".." segment has no URL: ${key}`)
  return encodeURIComponent(key)
    .replaceAll('%2F', '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

const encoder = new TextEncoder()

const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' }

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request"),
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#derive-signing-key ;
 * returned imported, so that each URL costs one HMAC and no import.
 */
async function deriveSigningKey(secretAccessKey: string, date: string, region: string): Promise<CryptoKey> {
  let key = await crypto.subtle.importKey('raw', encoder.encode(`AWS4${secretAccessKey}`), HMAC_SHA256, false, ['sign'])
  for (const part of [date, region, 's3', 'aws4_request']) {
    key = await crypto.subtle.importKey('raw', await crypto.subtle.sign('HMAC', key, encoder.encode(part)), HMAC_SHA256, false, ['sign'])
  }
  return key
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

function toHex(buffer: ArrayBuffer): string {
  let hex = ''
  for (const byte of new Uint8Array(buffer)) hex += HEX[byte]
  return hex
}
