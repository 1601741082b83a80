/**
 * Local bearer tokens, signed with the local HS256 secret that wrangler.toml gives the Worker.
 * `npm run token -- --scope images:write,images:delete` prints one valid for an hour.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { sign } from 'hono/jwt'

function wranglerVar(name: string): string {
  const toml = readFileSync(resolve(import.meta.dirname, '../../wrangler.toml'), 'utf8')
  const value = new RegExp(`^${name} = "([^"]*)"`, 'm').exec(toml)?.[1]
  if (value === undefined) throw new Error(`wrangler.toml has no ${name}`)
  return value
}

/** A local token with these scopes (e.g. `images:write`), valid for `seconds`. */
export function localToken(scopes: string[], seconds = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const claims = { iss: wranglerVar('AUTH_ISSUER'), aud: wranglerVar('AUTH_AUDIENCE'), sub: 'local-developer', scope: scopes.join(' '), iat: now, exp: now + seconds }
  return sign(claims, wranglerVar('AUTH_HS256_SECRET'), 'HS256')
}

if (import.meta.main) {
  const flag = process.argv.indexOf('--scope')
  const scopes = (flag >= 0 ? (process.argv[flag + 1] ?? '') : 'images:write,images:delete').split(',').filter(Boolean)
  console.log(await localToken(scopes))
}
