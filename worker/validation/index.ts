import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { z } from 'zod'
import { validationMessage } from '../../contract/requests'

/** What a caller calls each part of a request, for messages that name what to fix. */
const partNames: Partial<Record<keyof ValidationTargets, string>> = { json: 'body', param: 'path', query: 'query' }

/**
 * `zValidator` with a schema of the contract (contract/requests), whose failures become a 400
 * JSON `{error}` naming the first bad field, through the app's one error handler.
 *
 * @example
 * ```ts
 * app.get('/devices/:device/batches', validate('param', deviceParam), handler)
 * ```
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new HTTPException(400, { message: validationMessage(result.error, partNames[target] ?? target) })
  })
}
