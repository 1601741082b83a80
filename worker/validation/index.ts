import { zValidator } from '@hono/zod-validator'
import { HTTPException } from 'hono/http-exception'
import type { ValidationTargets } from 'hono'
import { z } from 'zod'
import { keyProblem } from '../signing/allowlist'

/**
 * `zValidator` whose failures become a 400 JSON `{error}` naming the first bad field, through
 * the app's one error handler, instead of zod's raw issue list.
 *
 * @example
 * ```ts
 * app.get('/devices/:device/batches', validate('param', z.object({ device: pathSegment })), handler)
 * ```
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0]
      const field = issue?.path.join('.') || target
      throw new HTTPException(400, { message: `Invalid ${field}: ${issue?.message ?? 'bad value'}` })
    }
  })
}

const encoder = new TextEncoder()

/**
 * One path segment a caller names (a device, a batch): the key is built from it, so it may not
 * climb or split the prefix, nor carry control characters. 255 bytes is S3's practical limit
 * for one "folder" name and plenty for device and batch names.
 */
export const pathSegment = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => encoder.encode(s).length <= 255, 'must be at most 255 bytes')
  .refine((s) => !s.includes('/') && !s.includes('\\'), 'must not contain a slash')
  .refine((s) => s !== '.' && !s.includes('..'), 'must not contain ".."')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')

/** The query string that asks the origin for the same page. */
export function pageSearch(limit: number, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(limit) })
  if (cursor) query.set('cursor', cursor)
  return query.toString()
}

/** `?limit&cursor` of a paged listing. */
export function pageQuery(defaultLimit: number, maxLimit: number) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    cursor: z.string().max(2048).optional(),
  })
}

/** An object key a caller names (an image to read or delete): sound, or a 400 saying why not. */
export const objectKey = z.string().superRefine((key, ctx) => {
  const problem = keyProblem(key)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
