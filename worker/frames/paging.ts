import { HTTPException } from 'hono/http-exception'
import type { ObjectSummary } from '../s3/list'

/**
 * A page of a cached listing. The cursor is the last key returned (base64url), not an offset,
 * so a page boundary stays put when objects are added to the listing between two calls.
 */
export function pageOf(objects: ObjectSummary[], limit: number, cursor: string | undefined) {
  const start = cursor === undefined ? 0 : indexAfter(objects, decodeCursor(cursor))
  const page = objects.slice(start, start + limit)
  const last = page.at(-1)
  return { page, nextCursor: start + limit < objects.length && last ? encodeCursor(last.key) : null }
}

function indexAfter(objects: ObjectSummary[], key: string): number {
  const exact = objects.findIndex((o) => o.key === key)
  if (exact >= 0) return exact + 1
  const next = objects.findIndex((o) => o.key > key)
  return next < 0 ? objects.length : next
}

function encodeCursor(key: string): string {
  const bytes = new TextEncoder().encode(key)
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function decodeCursor(cursor: string): string {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))
  } catch {
    throw new HTTPException(400, { message: 'Invalid cursor: is not a cursor this listing returned' })
  }
}
