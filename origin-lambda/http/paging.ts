import { z } from 'zod'
import { expected } from './validate'

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

/** The largest cursor accepted: a few keys of at most 1 KiB each, base64url-encoded. */
const MAX_CURSOR_LENGTH = 4096

function decodeCursor(cursor: string): unknown {
  // Node's base64url decoder skips characters outside the alphabet instead of failing.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * A `cursor` query value, decoded into the key `keySchema` describes: anything else (a key of
 * another listing, a hand-edited one) is a 400 here rather than DynamoDB's `ValidationException`,
 * which would be a 500.
 */
function cursorOf<Key extends z.ZodType>(keySchema: Key) {
  return z
    .string()
    .max(MAX_CURSOR_LENGTH, `must be at most ${MAX_CURSOR_LENGTH} characters`)
    .transform((cursor, ctx): z.output<Key> => {
      const key = keySchema.safeParse(decodeCursor(cursor))
      if (key.success) return key.data
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this listing returned' })
      return z.NEVER
    })
}

/**
 * `?limit&cursor` of a listing whose cursor decodes to a key of the shape `keySchema`.
 *
 * @example
 * ```ts
 * const imagesQuery = pageQuery(50, 500, z.strictObject({ FileName: z.string().min(1) }))
 * ```
 */
export function pageQuery<Key extends z.ZodType>(defaultLimit: number, maxLimit: number, keySchema: Key) {
  return z.object({
    limit: z.coerce
      .number({ error: expected('a number') })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(maxLimit, `must be at most ${maxLimit}`)
      .default(defaultLimit)
      .meta({ description: `Items per page, 1 to ${maxLimit}; a page may hold fewer, even none, before the end.` }),
    cursor: cursorOf(keySchema)
      .optional()
      .meta({ description: 'The `nextCursor` of the previous page; absent for the first page.' }),
  })
}

/** The `nextCursor` every listing answers with: null on the last page. */
export const nextCursor = z.string().nullable()
