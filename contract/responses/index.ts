/**
 * The public API's response shapes. The origin answers the unsigned ones (keys, never URLs);
 * the Worker answers them with the URLs it signs. Types of both sides are inferred from here.
 */
import { z } from 'zod'

const signedUrl = z.string().nullable().meta({ description: 'Presigned GET URL, signed at the edge; null when the object is outside the served areas.' })
const names = z.array(z.string())

/** The `nextCursor` every listing answers with: null on the last page. */
export const nextCursor = z.string().nullable()

export const errorBody = z.object({ error: z.string(), requestId: z.string().optional().meta({ description: 'On 5xx: the id the logs carry.' }) }).meta({ id: 'Error' })

/** One image's metadata, as the origin stores and answers it. */
export const image = z
  .object({
    FileName: z.string(),
    Bucket: z.string(),
    Source: z.string().meta({ description: '"S3" when recorded from a bucket event, else what registered it ("API" by default).' }),
    Timestamp: z.string(),
    Size: z.number().int().optional(),
    ETag: z.string().optional(),
  })
  .meta({ id: 'Image' })

export const person = z
  .object({
    personId: z.string(),
    photoCount: z.number().int(),
    repThumbKey: z.string().nullable().optional().meta({ description: 'Key of a face thumbnail in the thumbs bucket.' }),
  })
  .meta({ id: 'Person' })

export const photo = z
  .object({
    photoId: z.string(),
    photoBucket: z.string().nullable().meta({ description: 'Null when neither the occurrence nor Photos knows the photo.' }),
    photoKey: z.string().nullable(),
    thumbBucket: z.string(),
    thumbKey: z.string(),
  })
  .meta({ id: 'Photo' })

export const signedImage = image.extend({ url: signedUrl }).meta({ id: 'SignedImage' })
export const imagesPage = z.object({ images: z.array(signedImage), nextCursor }).meta({ id: 'ImagesPage' })
export const imageBody = z.object({ image: signedImage }).meta({ id: 'ImageBody' })
export const deletedBody = z.object({ deletedFile: z.string() }).meta({ id: 'Deleted' })
export const oldDeletedBody = z.object({ message: z.string(), deletedFile: z.string() }).meta({ id: 'OldDeleted' })
export const oldSavedBody = z.object({ message: z.string(), item: image }).meta({ id: 'OldSaved' })
export const oldAllBody = z.object({ images: z.array(signedImage) }).meta({ id: 'OldAll' })
export const oldItemBody = z.object({ data: signedImage }).meta({ id: 'OldItem' })

export const personsPage = z.object({ persons: z.array(person.extend({ repThumbURL: signedUrl }).meta({ id: 'SignedPerson' })), nextCursor }).meta({ id: 'PersonsPage' })
export const photosPage = z
  .object({ personId: z.string(), photos: z.array(photo.extend({ photoURL: signedUrl, thumbURL: signedUrl }).meta({ id: 'SignedPhoto' })), nextCursor })
  .meta({ id: 'PhotosPage' })

const state = z.enum(['ok', 'down'])
export const health = z.object({ status: state, s3: state, origin: state, dynamodb: state }).meta({ id: 'Health' })
export const devices = z.object({ devices: names }).meta({ id: 'Devices' })
export const batches = z.object({ device: z.string(), batches: names }).meta({ id: 'Batches' })
const frame = z.object({ key: z.string(), url: signedUrl, size: z.number().int(), lastModified: z.string() }).meta({ id: 'Frame' })
export const framesPage = z
  .object({ frames: z.array(frame), expiresAt: z.string().nullable().meta({ description: 'When every URL of the page expires.' }), nextCursor })
  .meta({ id: 'FramesPage' })
export const batchFramesPage = framesPage.extend({ device: z.string(), batch: z.string() }).meta({ id: 'BatchFramesPage' })

export const uploadTicket = z
  .object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), key: z.string(), expiresAt: z.string() })
  .meta({ id: 'UploadTicket', description: 'PUT the file to `url` with exactly `headers`; its metadata appears once S3 reports the object.' })

export type Image = z.infer<typeof image>
export type Person = z.infer<typeof person>
export type Photo = z.infer<typeof photo>
