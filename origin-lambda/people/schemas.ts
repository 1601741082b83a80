import { z } from 'zod'
import { pageQuery } from '../http/paging'
import { expected } from '../http/validate'
import { PERSONS_RANK_PARTITION, tables } from '../tables'

const { persons, occurrences } = tables

/** `/persons/{personId}/…`: an id as the face grouping wrote it, within reason. */
export const personParam = z.object({
  personId: z
    .string({ error: expected('a string') })
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .refine((id) => !/\p{Cc}/u.test(id), 'must not contain control characters'),
})

/** `GET /persons`; the cursor is a key of the `byPhotoCount` index: its keys and the table's. */
export const personsQuery = pageQuery(
  100,
  500,
  z.strictObject({
    [persons.partitionKey.name]: z.string().min(1),
    [persons.globalIndexes[0].partitionKey.name]: z.literal(PERSONS_RANK_PARTITION),
    [persons.globalIndexes[0].sortKey.name]: z.number(),
  }),
)

/** `GET /persons/{personId}/photos`; the cursor is a key of Occurrences. */
export const photosQuery = pageQuery(
  100,
  500,
  z.strictObject({ [occurrences.partitionKey.name]: z.string().min(1), [occurrences.sortKey.name]: z.string().min(1) }),
)

export const personSchema = z
  .object({ personId: z.string(), photoCount: z.number().int(), repThumbKey: z.string().optional().meta({ description: 'Key of a face thumbnail in the thumbs bucket.' }) })
  .meta({ id: 'Person' })

export const photoSchema = z
  .object({
    photoId: z.string(),
    photoBucket: z.string().nullable().meta({ description: 'Null when neither the occurrence nor Photos knows the photo.' }),
    photoKey: z.string().nullable(),
    thumbBucket: z.string(),
    thumbKey: z.string(),
  })
  .meta({ id: 'Photo' })

export type Person = z.infer<typeof personSchema>
export type Photo = z.infer<typeof photoSchema>
