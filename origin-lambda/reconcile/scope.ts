import { type Area, areasOf, FACE_THUMB_PREFIX, type Layout } from '../../contract/layout'

/** The roles whose objects have records in DynamoDB: frames have none, so reconcile leaves them out. */
export type SyncedRole = 'images' | 'photos' | 'thumbs'

export type SyncedArea = Area & { role: SyncedRole }

/**
 * What one run covers: every synced area (`keyPrefixes` empty, the default), or only the objects
 * and records whose keys start with one of `keyPrefixes` (full keys, area prefix included), so
 * that a test can reconcile its own keys while other tests share the stack.
 */
export type Scope = { keyPrefixes: readonly string[] }

export const EVERYTHING: Scope = { keyPrefixes: [] }

/**
 * The areas whose objects feed a table: images, raw photos and face thumbnails.
 *
 * @example
 * ```ts
 * syncedAreas(config.layout).map((a) => a.role) // ['images', 'photos', 'thumbs']
 * ```
 */
export function syncedAreas(layout: Layout): SyncedArea[] {
  return areasOf(layout).filter((area): area is SyncedArea => area.role !== 'frames')
}

/**
 * The ListObjectsV2 prefixes that cover an area within a scope: the area's own prefix, or the
 * scope's prefixes inside it; none when the scope lies elsewhere. Prefixes inside another are
 * dropped so that no object is listed twice.
 *
 * @example
 * ```ts
 * listingPrefixes({ role: 'photos', bucket: 'photos', prefix: 'photos-raw/' }, { keyPrefixes: ['photos-raw/run-1', 'run-1/'] }) // ['photos-raw/run-1']
 * ```
 */
export function listingPrefixes(area: Area, scope: Scope): string[] {
  if (!scope.keyPrefixes.length) return [area.prefix]
  const inside = scope.keyPrefixes.flatMap((p) => (p.startsWith(area.prefix) ? [p] : area.prefix.startsWith(p) ? [area.prefix] : []))
  const unique = [...new Set(inside)]
  return unique.filter((p) => !unique.some((other) => other !== p && p.startsWith(other)))
}

/**
 * Whether a key is one this run covers.
 *
 * @example
 * ```ts
 * keyInScope({ keyPrefixes: ['run-1/'] }, 'run-1/cat.png') // true
 * ```
 */
export function keyInScope(scope: Scope, key: string): boolean {
  return !scope.keyPrefixes.length || scope.keyPrefixes.some((prefix) => key.startsWith(prefix))
}

/**
 * Whether a person (their Persons item and Occurrences) is one this run covers: their face
 * thumbnails, `faces-thumbs/{personId}/…`, are.
 *
 * @example
 * ```ts
 * personInScope({ keyPrefixes: ['faces-thumbs/run-1-'] }, 'run-1-ada') // true
 * ```
 */
export function personInScope(scope: Scope, personId: string): boolean {
  const folder = `${FACE_THUMB_PREFIX}${personId}/`
  return !scope.keyPrefixes.length || scope.keyPrefixes.some((prefix) => folder.startsWith(prefix) || prefix.startsWith(folder))
}
