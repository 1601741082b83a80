import { app } from './app'

/**
 * The Worker's entry point.
 *
 * @example
 * ```sh
 * npx wrangler dev   # serves this file on http://127.0.0.1:8787
 * ```
 */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
