import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'

const JWKS_TTL_MS = 10 * 60_000

const cached = new Map<string, { keys: HonoJsonWebKey[]; fetchedAt: number }>()

/** The identity provider's keys could not be fetched: no token can be judged, valid or not. */
export class IdentityProviderUnavailable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'IdentityProviderUnavailable'
  }
}

/**
 * The identity provider's signing keys, fetched with a deadline and kept for ten minutes in
 * the isolate, so verifying a token costs no network call on the request path. Written here
 * because hono's `verifyWithJwks` fetches `jwks_uri` on every call, with no cache and no
 * deadline; a JWKS client library (jose's `createRemoteJWKSet`) would bring a second JWT stack
 * beside hono's for these dozen lines. Past the ten
 * minutes, keys already held are used while the provider cannot be reached: a key rotation
 * cannot be learnt then anyway.
 */
export async function jwksKeys(url: string, timeoutMs: number): Promise<HonoJsonWebKey[]> {
  const hit = cached.get(url)
  if (hit && Date.now() - hit.fetchedAt < JWKS_TTL_MS) return hit.keys
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (!res.ok) throw new Error(`JWKS answered ${res.status}`)
    const { keys } = (await res.json()) as { keys?: HonoJsonWebKey[] }
    if (!Array.isArray(keys)) throw new Error('JWKS has no keys')
    cached.set(url, { keys, fetchedAt: Date.now() })
    return keys
  } catch (cause) {
    if (hit) return hit.keys
    throw new IdentityProviderUnavailable('the identity provider could not be reached', { cause })
  }
}
