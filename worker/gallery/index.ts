import { Hono } from 'hono'
import type { AppEnv } from '../app-env'

/** Where the gallery's files are (worker/public); every other path is the API's. */
const FILES = ['/', '/index.html', '/styles.css']
const FOLDERS = ['/js/']

/**
 * Whether a path is one of the gallery's files: they hold no data, so they are served without
 * a token even where reads need one (the gallery asks for the token itself).
 *
 * @example
 * ```ts
 * isGalleryPath('/js/app.js') // true
 * ```
 */
export function isGalleryPath(path: string): boolean {
  return FILES.includes(path) || FOLDERS.some((folder) => path.startsWith(folder))
}

/**
 * The gallery's Content-Security-Policy: its own scripts and styles only, no inline code, and
 * images and uploads to the S3 endpoint alone, whose URLs the API hands out (and the inline
 * placeholder image). Nothing may frame it.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy
 */
function policyFor(s3Url: string): string {
  const s3 = new URL(s3Url).origin
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // data: for the placeholder drawn where an image fails (styles.css).
    `img-src 'self' data: ${s3}`,
    `connect-src 'self' ${s3}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * The web gallery (worker/public, Workers static assets), served through the Worker so its
 * pages carry the API's security headers plus a strict CSP.
 */
export const gallery = new Hono<AppEnv>()
for (const path of [...FILES, ...FOLDERS.map((folder) => `${folder}*`)]) {
  gallery.get(path, async (c) => {
    const asset = await c.env.ASSETS.fetch(c.req.raw)
    if (asset.status === 404) return c.notFound()
    const res = new Response(asset.body, asset)
    res.headers.set('Content-Security-Policy', policyFor(c.var.edge.config.s3.url))
    return res
  })
}
