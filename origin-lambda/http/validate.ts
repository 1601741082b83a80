import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { z } from 'zod'
import { BadRequestError } from '../errors'

/** What a caller calls each part of a request, for messages that name what to fix. */
const partNames: Partial<Record<keyof ValidationTargets, string>> = { json: 'body', param: 'path', query: 'query' }

/**
 * `zValidator` whose failures become a 400 `{error: "Invalid limit: must be at most 500"}`
 * naming the first bad field, through the app's one error handler, instead of zod's raw issue
 * list. A message that already names its field (the old routes' `FileName missing`) is kept
 * as it is, since old clients match on it.
 *
 * @example
 * ```ts
 * app.get('/persons', validate('query', personsQuery), (c) => c.json(c.req.valid('query')))
 * ```
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (result.success) return
    const issue = result.error.issues[0]
    const field = issue?.path.join('.') || partNames[target] || target
    const message = issue?.message ?? 'is not valid'
    throw new BadRequestError(message.startsWith(field) ? message : `Invalid ${field}: ${message}`)
  })
}

/**
 * The message of a missing or mistyped value, for zod's `error` option.
 *
 * @example
 * ```ts
 * z.string({ error: expected('a string') }) // "is required" or "must be a string"
 * ```
 */
export function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`)
}
