import { z } from 'zod'
import { nextCursor } from '../http/paging'
import { imageSchema } from '../images/schemas'
import { personSchema, photoSchema } from '../people/schemas'

/**
 * The public API's shapes: the origin's schemas plus the URLs the edge signs, and the routes the
 * Worker answers alone (frames, uploads, health), described here because the Worker's bundle
 * must not carry a document it never serves itself.
 */
const signedUrl = z.string().nullable().meta({ description: 'Presigned GET URL, signed at the edge; null when the bucket or key is unknown.' })
const names = z.array(z.string())

export const errorBody = z.object({ error: z.string() }).meta({ id: 'Error' })

export const signedImage = imageSchema.extend({ url: signedUrl }).meta({ id: 'SignedImage' })
export const imagesPage = z.object({ images: z.array(signedImage), nextCursor }).meta({ id: 'ImagesPage' })
export const imageBody = z.object({ image: signedImage }).meta({ id: 'ImageBody' })
export const deletedBody = z.object({ deletedFile: z.string() }).meta({ id: 'Deleted' })
export const oldDeletedBody = z.object({ message: z.string(), deletedFile: z.string() }).meta({ id: 'OldDeleted' })
export const oldSavedBody = z.object({ message: z.string(), item: imageSchema }).meta({ id: 'OldSaved' })
export const oldAllBody = z.object({ images: z.array(signedImage) }).meta({ id: 'OldAll' })
export const oldItemBody = z.object({ data: signedImage }).meta({ id: 'OldItem' })

export const personsPage = z
  .object({ persons: z.array(personSchema.extend({ repThumbURL: signedUrl }).meta({ id: 'SignedPerson' })), nextCursor })
  .meta({ id: 'PersonsPage' })
export const photosPage = z
  .object({ personId: z.string(), photos: z.array(photoSchema.extend({ photoURL: signedUrl, thumbURL: signedUrl }).meta({ id: 'SignedPhoto' })), nextCursor })
  .meta({ id: 'PhotosPage' })

export const health = z
  .object({ status: z.enum(['ok', 'down']), s3: z.enum(['ok', 'down']), origin: z.enum(['ok', 'down']), dynamodb: z.enum(['ok', 'down']) })
  .meta({ id: 'Health' })
export const devices = z.object({ devices: names }).meta({ id: 'Devices' })
export const batches = z.object({ device: z.string(), batches: names }).meta({ id: 'Batches' })
const frame = z.object({ key: z.string(), url: z.string(), size: z.number().int(), lastModified: z.string() }).meta({ id: 'Frame' })
export const framesPage = z
  .object({ frames: z.array(frame), expiresAt: z.string().nullable().meta({ description: 'When every URL of the page expires.' }), nextCursor })
  .meta({ id: 'FramesPage' })
export const framesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), cursor: z.string().optional() })
export const deviceParam = z.object({ device: z.string() })
export const batchParam = z.object({ device: z.string(), batch: z.string() })
export const oldBatchesBody = z.object({ folder_name: z.string() }).meta({ id: 'OldBatchesRequest' })
export const oldFramesBody = z.object({ device_name: z.string(), batch_number: z.string() }).meta({ id: 'OldFramesRequest' })

export const uploadRequest = z
  .object({ fileName: z.string().min(1).max(200), contentType: z.string().regex(/^image\//), contentLength: z.number().int().positive() })
  .meta({ id: 'UploadRequest' })
export const uploadTicket = z
  .object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), key: z.string(), expiresAt: z.string() })
  .meta({ id: 'UploadTicket', description: 'PUT the file to `url` with exactly `headers`; its metadata appears once S3 reports the object.' })
