import { z } from 'zod'
import { pageQuery } from '../http/paging'
import { expected } from '../http/validate'
import { tables } from '../tables'

const encoder = new TextEncoder()

/** An S3 object key: 1 to 1,024 bytes of UTF-8. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html */
const objectKey = z
  .string({ error: expected('a string') })
  .min(1, 'must not be empty')
  .refine((key) => encoder.encode(key).length <= 1024, 'must be at most 1024 bytes')

/** The image's key; old clients match on `FileName missing`, so every route says it that way. */
const fileName = z
  .string({ error: (issue) => (issue.input === undefined ? 'FileName missing' : 'must be a string') })
  .min(1, 'FileName missing')
  .refine((key) => encoder.encode(key).length <= 1024, 'must be at most 1024 bytes')

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
const bucketName = z.string({ error: expected('a string') }).regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')

const bodyObject = { error: 'must be a JSON object' }

/** `/images/{key}`: the key URL-encoded, `/` included or not. */
export const imageKeyParam = z.object({ key: objectKey })

/** `POST /images` and `POST /upload`: metadata of an object in a bucket. */
export const imageRegistration = z
  .object(
    {
      FileName: fileName,
      Bucket: bucketName.optional().meta({ description: 'Defaults to the images bucket.' }),
      Source: z.string({ error: expected('a string') }).min(1, 'must not be empty').max(256, 'must be at most 256 characters').optional().meta({ description: 'Defaults to "API".' }),
      Timestamp: z.string({ error: expected('a string') }).min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional().meta({ description: 'Defaults to now, ISO 8601.' }),
    },
    bodyObject,
  )
  .meta({ id: 'ImageRegistration' })

/** `POST /getitem`. */
export const fileNameBody = z.object({ FileName: fileName }, bodyObject).meta({ id: 'FileNameBody' })

/** `GET /images?limit&cursor`; the cursor is a key of the table. */
export const imagesQuery = pageQuery(50, 500, z.strictObject({ [tables.images.partitionKey.name]: z.string().min(1) }))

/** One image's metadata as the origin answers it: keys, never URLs. */
export const imageSchema = z
  .object({
    FileName: z.string(),
    Bucket: z.string(),
    Source: z.string().meta({ description: '"S3" when recorded from a bucket event, else what registered it ("API" by default).' }),
    Timestamp: z.string(),
    Size: z.number().int().optional(),
    ETag: z.string().optional(),
  })
  .meta({ id: 'Image' })

export type Image = z.infer<typeof imageSchema>
export type ImageRegistration = z.infer<typeof imageRegistration>
