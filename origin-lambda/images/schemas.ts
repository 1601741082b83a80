import { z } from 'zod'
import { pages } from '../../contract/requests'
import { withKeyCursor } from '../http/paging'
import { tables } from '../tables'

/** `GET /images?limit&cursor`; the cursor is a key of the table. */
export const imagesQuery = withKeyCursor(pages.images, z.strictObject({ [tables.images.partitionKey.name]: z.string().min(1) }))
