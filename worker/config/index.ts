/**
 * The Worker's configuration, parsed from its bindings once per isolate so the request path
 * reads plain fields. Numbers that are not positive fall back to their defaults.
 */
export type Config = {
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string }
  buckets: { frames: string; images: string; photos: string; thumbs: string }
  origin: { url: string; region: string; accessKeyId: string; secretAccessKey: string }
  presignExpiresSeconds: number
  signingWindowSeconds: number
  listingTtlSeconds: number
  metadataTtlSeconds: number
  maxStaleSeconds: number
  upstreamTimeoutMs: number
  allowedOrigins: string[]
  uploadPrefix: string
  maxUploadBytes: number
  /** The only (bucket, key prefix) pairs the Worker signs URLs in. */
  signable: { bucket: string; prefix: string }[]
  auth: { issuer: string; audience: string; hs256Secret?: string; jwksUrl?: string; readRequired: boolean }
}

const resolved = new WeakMap<Env, Config>()

/**
 * @example
 * ```ts
 * const { buckets } = resolveConfig(c.env)
 * ```
 */
export function resolveConfig(env: Env): Config {
  let config = resolved.get(env)
  if (!config) {
    config = parse(env)
    resolved.set(env, config)
  }
  return config
}

function parse(env: Env): Config {
  return {
    s3: {
      endpoint: env.S3_ENDPOINT.replace(/\/+$/, ''),
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    },
    buckets: { frames: env.FRAMES_BUCKET, images: env.IMAGES_BUCKET, photos: env.PHOTOS_BUCKET, thumbs: env.THUMBS_BUCKET },
    origin: {
      url: env.ORIGIN_URL.replace(/\/+$/, ''),
      region: env.ORIGIN_REGION,
      accessKeyId: env.ORIGIN_ACCESS_KEY_ID,
      secretAccessKey: env.ORIGIN_SECRET_ACCESS_KEY,
    },
    presignExpiresSeconds: positive(env.PRESIGN_EXPIRES, 3600),
    signingWindowSeconds: positive(env.SIGNING_WINDOW, 900),
    listingTtlSeconds: positive(env.LISTING_TTL, 60),
    metadataTtlSeconds: positive(env.METADATA_TTL, 30),
    maxStaleSeconds: positive(env.MAX_STALE, 86_400),
    upstreamTimeoutMs: positive(env.UPSTREAM_TIMEOUT_MS, 5_000),
    uploadPrefix: env.UPLOAD_PREFIX,
    signable: parseSignable(env.SIGNABLE_PREFIXES, { frames: env.FRAMES_BUCKET, images: env.IMAGES_BUCKET, photos: env.PHOTOS_BUCKET, thumbs: env.THUMBS_BUCKET }),
    auth: {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      hs256Secret: env.AUTH_HS256_SECRET || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      readRequired: env.READ_AUTH === 'required',
    },
    maxUploadBytes: positive(env.MAX_UPLOAD_BYTES, 20 * 1024 * 1024),
    allowedOrigins: env.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
  }
}

/**
 * `SIGNABLE_PREFIXES` names buckets by role, e.g. `frames:flagged/,images:,thumbs:faces-thumbs/`,
 * so one list serves every deployment whatever its bucket names. An unknown role is a
 * configuration error and fails loudly rather than signing nothing or everything.
 */
function parseSignable(value: string, buckets: Record<string, string>): Config['signable'] {
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [role = '', prefix = ''] = pair.split(/:(.*)/s)
      const bucket = buckets[role]
      if (!bucket) throw new Error(`SIGNABLE_PREFIXES names an unknown bucket role: ${role}`)
      return { bucket, prefix }
    })
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value)
  return Number.isFinite(n) && n > 0 ? n : fallback
}
