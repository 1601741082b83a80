import { type Area, areasOf, type BucketNames, checkLayout, type Layout, resolveLayout } from '../../contract/layout'

/**
 * The Worker's configuration, parsed from its bindings once per isolate (see `edgeOf`) so the
 * request path reads plain fields. Numbers that are not positive fall back to their defaults; a
 * bucket layout in which one object could belong to two roles is refused (`checkLayout`).
 */
export type Config = {
  s3: { url: string; region: string; accessKeyId: string; secretAccessKey: string }
  buckets: BucketNames
  layout: Layout
  /** The layout's areas, where alone the Worker signs, lists and deletes (computed once). */
  areas: Area[]
  origin: { url: string; region: string; accessKeyId: string; secretAccessKey: string }
  presignExpiresSeconds: number
  signingWindowSeconds: number
  listingTtlSeconds: number
  metadataTtlSeconds: number
  maxStaleSeconds: number
  /** The longest any cache entry is kept: a purge's mark must last as long (see `purgeTags`). */
  cacheEntrySeconds: number
  upstreamTimeoutMs: number
  allowedOrigins: string[]
  maxUploadBytes: number
  /** Seconds an upload URL stays valid: minutes, since it can re-create an object after its delete. */
  uploadExpiresSeconds: number
  auth: { issuer: string; audience: string; hs256Secret?: string; jwksUrl?: string; readRequired: boolean; maxTokenLifetimeSeconds: number }
}

/**
 * @example
 * ```ts
 * const { buckets } = parseConfig(env)
 * ```
 */
export function parseConfig(env: Env): Config {
  const buckets = { frames: env.FRAMES_BUCKET, images: env.IMAGES_BUCKET, photos: env.PHOTOS_BUCKET, thumbs: env.THUMBS_BUCKET }
  const layout = resolveLayout({ buckets, imagesPrefix: env.IMAGES_PREFIX, uploadPrefix: env.UPLOAD_PREFIX })
  checkLayout(layout)
  const listingTtlSeconds = positive(env.LISTING_TTL, 60)
  const metadataTtlSeconds = positive(env.METADATA_TTL, 30)
  const maxStaleSeconds = positive(env.MAX_STALE, 86_400)
  return {
    s3: { url: env.S3_ENDPOINT.replace(/\/+$/, ''), region: env.S3_REGION, accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    buckets,
    layout,
    areas: areasOf(layout),
    origin: { url: env.ORIGIN_URL.replace(/\/+$/, ''), region: env.ORIGIN_REGION, accessKeyId: env.ORIGIN_ACCESS_KEY_ID, secretAccessKey: env.ORIGIN_SECRET_ACCESS_KEY },
    presignExpiresSeconds: positive(env.PRESIGN_EXPIRES, 3600),
    signingWindowSeconds: positive(env.SIGNING_WINDOW, 900),
    listingTtlSeconds,
    metadataTtlSeconds,
    maxStaleSeconds,
    cacheEntrySeconds: Math.max(listingTtlSeconds, metadataTtlSeconds) + maxStaleSeconds,
    upstreamTimeoutMs: positive(env.UPSTREAM_TIMEOUT_MS, 5_000),
    auth: {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      hs256Secret: env.AUTH_HS256_SECRET || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      readRequired: env.READ_AUTH === 'required',
      maxTokenLifetimeSeconds: positive(env.AUTH_MAX_TOKEN_LIFETIME, 86_400),
    },
    maxUploadBytes: positive(env.MAX_UPLOAD_BYTES, 20 * 1024 * 1024),
    uploadExpiresSeconds: positive(env.UPLOAD_EXPIRES, 300),
    allowedOrigins: env.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
  }
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value)
  return Number.isFinite(n) && n > 0 ? n : fallback
}
