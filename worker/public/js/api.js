/**
 * The public API, from the browser. Paths are relative, so the gallery talks to the Worker
 * that serves it, locally or deployed.
 */

const TOKEN_KEY = 'gallery.apiToken'

/** The bearer token for the API, kept in localStorage (empty when none is set). */
export const apiToken = {
  get: () => localStorage.getItem(TOKEN_KEY) ?? '',
  /** @param {string} value an empty value forgets the token */
  set: (value) => (value ? localStorage.setItem(TOKEN_KEY, value) : localStorage.removeItem(TOKEN_KEY)),
}

/** An answer other than 2xx, with the API's own `{error}` message when it gave one. */
export class ApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [method]
 * @property {unknown} [body] sent as JSON
 * @property {boolean} [fresh] bypass the browser's and the edge's caches, e.g. right after a write
 * @property {AbortSignal} [signal]
 */

/**
 * Calls the API and returns its JSON answer; throws {@link ApiError} with a readable message.
 * @template T
 * @param {string} path e.g. `/devices`
 * @param {RequestOptions} [options]
 * @returns {Promise<T>}
 */
export async function api(path, { method = 'GET', body, fresh, signal } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  // The Worker revalidates its edge cache on `Cache-Control: no-cache`.
  if (fresh) headers['cache-control'] = 'no-cache'
  // Writes need the token; reads too where the Worker runs with READ_AUTH=required.
  const token = apiToken.get()
  if (token) headers.authorization = `Bearer ${token}`
  let res
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      // `reload` skips the browser's HTTP cache and stores the fresh answer in it.
      cache: fresh ? 'reload' : 'default',
      signal,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new ApiError(0, 'The API could not be reached. Check your connection and try again.')
  }
  const json = await res.json().catch(() => undefined)
  if (res.ok && json !== undefined) return json
  throw new ApiError(res.status, describeFailure(res, json?.error))
}

/** @param {Response} res @param {unknown} error */
function describeFailure(res, error) {
  const detail = typeof error === 'string' ? error : res.statusText || 'no details'
  if (res.status === 401) return `${detail}: set an API token (top right) to do this.`
  if (res.status === 403) return `${detail}: the API token lacks the permission for this.`
  if (res.status === 429) return `Too many requests; try again in ${res.headers.get('retry-after') ?? 'a few'} seconds.`
  if (res.status === 503) return 'The service is temporarily unavailable; try again shortly.'
  return `${detail} (HTTP ${res.status})`
}

/** Path segment for a value that may hold `/`, spaces or `+` (API keys and ids). */
export const seg = encodeURIComponent

/** `?limit=…&cursor=…`, without the cursor on the first page. */
export function pageQuery(/** @type {number} */ limit, /** @type {string | null | undefined} */ cursor) {
  const query = new URLSearchParams({ limit: String(limit) })
  if (cursor) query.set('cursor', cursor)
  return `?${query}`
}
