import type { Config } from '../config'

const encoder = new TextEncoder()

/** S3's own limit on a key's length. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html */
export const MAX_KEY_BYTES = 1024

/**
 * Why a key may not be signed, or undefined when it may. Keys are joined to a bucket to form
 * a URL path, so anything that could climb out of a prefix after a client, proxy or S3
 * normalises the path (`..`, `.`, empty segments, backslashes, encoded slashes), look like
 * another URL, or smuggle control characters is refused.
 */
export function keyProblem(key: string): string | undefined {
  if (!key) return 'must not be empty'
  if (encoder.encode(key).length > MAX_KEY_BYTES) return `must be at most ${MAX_KEY_BYTES} bytes`
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'must not contain control characters'
  if (key.includes('\\')) return 'must not contain a backslash'
  if (/%2f|%5c/i.test(key)) return 'must not contain an encoded slash'
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) return 'must be a key, not a URL'
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return 'must not contain empty, "." or ".." segments'
  return undefined
}

/** Whether this Worker may sign a URL for this object: a sound key inside a configured (bucket, prefix) pair. */
export function isSignable(config: Config, bucket: string, key: string): boolean {
  return keyProblem(key) === undefined && config.signable.some((area) => area.bucket === bucket && key.startsWith(area.prefix))
}
