import { z } from 'zod'
import { cursor } from '../../contract/requests'

/**
 * Page cursors are DynamoDB's `LastEvaluatedKey` as base64url JSON: opaque to callers, exact
 * for DynamoDB (the next page starts right after the last item evaluated, so pages neither
 * repeat nor skip items), and unlike an offset they stay valid while items are added.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
 *
 * @example
 * ```ts
 * c.json({ images, nextCursor: encodeCursor(page.LastEvaluatedKey) })
 * ```
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null
}

function decodeCursor(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * A page query of the contract (`pages.*`) whose cursor is decoded into the key `keySchema`
 * describes: anything else (a key of another listing, a hand-edited one) is a 400 here rather
 * than DynamoDB's `ValidationException`, which would be a 500.
 *
 * @example
 * ```ts
 * const imagesQuery = withKeyCursor(pages.images, z.strictObject({ FileName: z.string().min(1) }))
 * ```
 */
export function withKeyCursor<Shape extends { limit: z.ZodType }, Key extends z.ZodType>(query: z.ZodObject<Shape>, keySchema: Key) {
  return query.extend({
    cursor: cursor
      .transform((value, ctx): z.output<Key> => {
        const key = keySchema.safeParse(decodeCursor(value))
        if (key.success) return key.data
        ctx.addIssue({ code: 'custom', message: 'is not a cursor this listing returned' })
        return z.NEVER
      })
      .optional(),
  })
}
