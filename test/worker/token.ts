import { env } from 'cloudflare:test'
import { sign } from 'hono/jwt'

/** A bearer header for the test Worker's local HS256 identity, with these scopes. */
export async function bearer(scopes: string[], claims: Record<string, unknown> = {}): Promise<Record<string, string>> {
  const now = Math.floor(Date.now() / 1000)
  const token = await sign(
    { iss: env.AUTH_ISSUER, aud: env.AUTH_AUDIENCE, sub: 'test', scope: scopes.join(' '), iat: now, exp: now + 600, ...claims },
    env.AUTH_HS256_SECRET,
    'HS256',
  )
  return { authorization: `Bearer ${token}` }
}
