import { z } from 'zod'
import { pages } from '../../contract/requests'
import { withKeyCursor } from '../http/paging'
import { PERSONS_RANK_PARTITION, tables } from '../tables'

const { persons, occurrences } = tables

/** `GET /persons`; the cursor is a key of the `byPhotoCount` index: its keys and the table's. */
export const personsQuery = withKeyCursor(
  pages.persons,
  z.strictObject({
    [persons.partitionKey.name]: z.string().min(1),
    [persons.globalIndexes[0].partitionKey.name]: z.literal(PERSONS_RANK_PARTITION),
    // A count DynamoDB can hold as a number: anything larger is a forged cursor.
    [persons.globalIndexes[0].sortKey.name]: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
)

/** `GET /persons/{personId}/photos`; the cursor is a key of Occurrences. */
export const photosQuery = withKeyCursor(
  pages.personPhotos,
  z.strictObject({ [occurrences.partitionKey.name]: z.string().min(1), [occurrences.sortKey.name]: z.string().min(1) }),
)
