import { HTTPException } from 'hono/http-exception'

/** What a caller sees when S3 cannot answer: a 502 that names no host, key or error. */
export function storageUnavailable(cause: unknown): HTTPException {
  return new HTTPException(502, { message: 'Storage is unavailable, try again later', cause })
}
