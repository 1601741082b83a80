import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { z } from 'zod'
import { validationMessage } from '../../contract/requests'
import { BadRequestError } from '../errors'

/** What a caller calls each part of a request, for messages that name what to fix. */
const partNames: Partial<Record<keyof ValidationTargets, string>> = { json: 'body', param: 'path', query: 'query' }

/**
 * `zValidator` whose failures become a 400 `{error: "Invalid limit: must be at most 500"}`
 * naming the first bad field (see `validationMessage`), through the app's one error handler.
 *
 * @example
 * ```ts
 * app.get('/persons', validate('query', personsQuery), (c) => c.json(c.req.valid('query')))
 * ```
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new BadRequestError(validationMessage(result.error, partNames[target] ?? target))
  })
}
