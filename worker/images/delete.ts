import { HTTPException } from 'hono/http-exception'
import { roleOf } from '../../contract/layout'
import type { Image } from '../../contract/responses'
import type { Edge } from '../edge'
import { originJson } from '../origin'
import { storageUnavailable } from '../s3'
import { encodeKey } from '../signing'
import { imagePath } from './index'

/**
 * Deletes an image: the object its metadata names (its own bucket), then the metadata. Only an
 * object inside the images area may go: metadata naming a frame, a thumbnail or a bucket this
 * system does not manage is refused with 409 and nothing is deleted. If the Worker stops between
 * the two deletes, the ObjectRemoved event removes the metadata anyway, so no state remains
 * where the object is gone and the item stays. A second delete finds no item and answers 404.
 *
 * @returns the deleted key
 */
export async function deleteImage(edge: Edge, key: string, requestId?: string): Promise<string> {
  const path = imagePath(key)
  const { image } = await originJson<{ image: Image }>(edge, path, { requestId })
  const bucket = image.Bucket || edge.config.buckets.images
  if (roleOf(edge.config.layout, bucket, key) !== 'images') {
    throw new HTTPException(409, { message: `Not deleted: ${bucket}/${key} is not in the images area this service manages` })
  }
  const res = await edge.s3.fetch(`/${bucket}/${encodeKey(key)}`, { method: 'DELETE' }).catch((cause: unknown) => {
    throw storageUnavailable(cause)
  })
  await res.body?.cancel()
  // S3 answers 204 whether or not the object existed.
  if (!res.ok) throw storageUnavailable(new Error(`S3 DeleteObject answered ${res.status}`))
  await originJson(edge, path, { method: 'DELETE', requestId }).catch((error: unknown) => {
    if (!(error instanceof HTTPException && error.status === 404)) throw error
  })
  return key
}
