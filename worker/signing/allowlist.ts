import type { Area } from '../../contract/layout'
import { keyProblem } from '../../contract/requests'

/**
 * Whether this Worker may sign a URL for (or delete) this object: a sound key inside one of
 * the layout's areas. Keys come from S3 listings, DynamoDB and callers, and none of them may
 * decide what gets a URL.
 *
 * @example
 * ```ts
 * isServed(config.areas, 'thumbs', 'faces-thumbs/person-ada/p001_face_0.png') // true
 * ```
 */
export function isServed(areas: Area[], bucket: string, key: string): boolean {
  return keyProblem(key) === undefined && areas.some((area) => area.bucket === bucket && key.startsWith(area.prefix))
}
