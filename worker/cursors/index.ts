import { HTTPException } from 'hono/http-exception'

/**
 * Cursors of origin listings, sealed by the edge: the origin's cursor (a DynamoDB key, opaque
 * base64url) plus an HMAC of it. A page is cached by its cursor, so a forged cursor, even one
 * naming a real key, must not reach the origin or the cache: only cursors this deployment
 * handed out open. The key is derived from the origin credentials' secret, which only the
 * Worker holds; rotating it ends the cursors in circulation (their clients start over).
 */
const encoder = new TextEncoder()

/** 128 bits of HMAC-SHA256, base64url: forging one takes 2^128 tries. */
const SEAL_BYTES = 16

/**
 * The HMAC key cursors are sealed with, derived once per isolate.
 *
 * @example
 * ```ts
 * const key = await cursorKey(config.origin.secretAccessKey)
 * ```
 */
export async function cursorKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const derived = await crypto.subtle.sign('HMAC', base, encoder.encode('edge-presign-proxy cursor v1'))
  return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

async function sealOf(key: CryptoKey, cursor: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(cursor))).subarray(0, SEAL_BYTES)
  return btoa(String.fromCharCode(...mac)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/**
 * @example
 * ```ts
 * nextCursor: value.nextCursor ? await sealCursor(edge.cursorKey, value.nextCursor) : null
 * ```
 */
export async function sealCursor(key: Promise<CryptoKey>, cursor: string): Promise<string> {
  return `${cursor}.${await sealOf(await key, cursor)}`
}

/**
 * The origin's cursor inside a sealed one; a 400 for anything this deployment did not hand out.
 *
 * @example
 * ```ts
 * const cursor = query.cursor && (await openCursor(edge.cursorKey, query.cursor))
 * ```
 */
export async function openCursor(key: Promise<CryptoKey>, sealed: string): Promise<string> {
  const dot = sealed.lastIndexOf('.')
  const cursor = sealed.slice(0, dot)
  // Comparing two MACs of equal length: a timing difference tells nothing about the key.
  if (dot <= 0 || sealed.slice(dot + 1) !== (await sealOf(await key, cursor))) {
    throw new HTTPException(400, { message: 'Invalid cursor: is not a cursor this listing returned' })
  }
  return cursor
}
