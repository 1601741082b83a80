import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { decode, verify, verifyWithJwks } from 'hono/jwt'
import type { AppEnv } from '../app-env'
import type { Config } from '../config'
import { IdentityProviderUnavailable, jwksKeys } from './jwks'

export type Scope = 'images:read' | 'images:write' | 'images:delete'

type Claims = { scope?: unknown; scp?: unknown; exp?: unknown; [claim: string]: unknown }

/**
 * `Authorization: Bearer <token>`: the scheme is case-insensitive and followed by one or more
 * spaces (RFC 7235 §2.1, RFC 9110 §11.1); the token is RFC 6750's b64token.
 */
const BEARER = /^bearer +([A-Za-z0-9._~+/-]+=*) *$/i

/** Seconds a client should wait when the identity provider cannot be reached. */
const RETRY_AFTER_SECONDS = 30

/**
 * Bearer-token authorisation per RFC 6750: 401 with `WWW-Authenticate` when the token is
 * missing or fails verification (signature, issuer, audience, expiry, a lifetime within
 * AUTH_MAX_TOKEN_LIFETIME), 403 when it lacks the action's scope, 503 when the identity
 * provider's keys cannot be fetched. Tokens are HS256 with a shared secret (local use) or
 * RS256/ES256 verified against the identity provider's JWKS (production), never both for one
 * token; `typ` may be `JWT`, absent, or `at+jwt` (RFC 9068 access tokens).
 * https://www.rfc-editor.org/rfc/rfc6750#section-3
 *
 * @example
 * ```ts
 * app.delete('/images/:key{.+}', requireScope('images:delete'), handler)
 * ```
 */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async function requireScopeHandler(c, next) {
    const { config } = c.var.edge
    if (scope === 'images:read' && !config.auth.readRequired) return next()
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1]
    if (!token) throw challenge(401, 'Missing bearer token', 'error="invalid_request"')
    const claims = await verifyToken(config, token).catch((cause: unknown) => {
      if (cause instanceof IdentityProviderUnavailable) throw identityProviderDown(cause)
      throw challenge(401, 'Invalid bearer token', 'error="invalid_token"', cause)
    })
    if (!scopesOf(claims).includes(scope)) {
      throw challenge(403, `Missing scope ${scope}`, `error="insufficient_scope", scope="${scope}"`)
    }
    return next()
  }
}

async function verifyToken(config: Config, token: string): Promise<Claims> {
  const { issuer: iss, audience: aud, hs256Secret, jwksUrl, maxTokenLifetimeSeconds } = config.auth
  const { header } = decode(token) as { header: { alg?: unknown; typ?: unknown } }
  // RFC 9068 §2.1: access tokens say `typ: at+jwt` (or `application/at+jwt`); hono checks the
  // value given and, given none, accepts `JWT` or no `typ` at all.
  const typ = typeof header.typ === 'string' && /^(application\/)?at\+jwt$/i.test(header.typ) ? 'at+jwt' : undefined
  let claims: Claims
  if (header.alg === 'HS256' && hs256Secret) claims = await verify(token, hs256Secret, { alg: 'HS256', iss, aud, typ })
  else if ((header.alg === 'RS256' || header.alg === 'ES256') && jwksUrl) {
    const keys = await jwksKeys(jwksUrl, config.upstreamTimeoutMs)
    claims = await verifyWithJwks(token, { keys, allowedAlgorithms: ['RS256', 'ES256'], verification: { iss, aud, typ } })
  } else throw new Error(`no verifier for alg ${String(header.alg)}`)
  // hono checks `exp` only when present: a token without one would be valid forever.
  const secondsLeft = typeof claims.exp === 'number' ? claims.exp - Date.now() / 1000 : Number.NaN
  if (!(secondsLeft <= maxTokenLifetimeSeconds)) throw new Error('token without exp, or valid for longer than AUTH_MAX_TOKEN_LIFETIME')
  return claims
}

/** OAuth's `scope` is one space-separated string (RFC 8693 §4.2); some providers send `scp` as an array. */
function scopesOf(claims: Claims): string[] {
  const raw = claims.scope ?? claims.scp
  if (typeof raw === 'string') return raw.split(' ')
  return Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : []
}

function challenge(status: 401 | 403, message: string, params: string, cause?: unknown) {
  const headers = { 'www-authenticate': `Bearer realm="edge-presign-proxy", ${params}` }
  return new HTTPException(status, { message, res: new Response(null, { status, headers }), cause })
}

function identityProviderDown(cause: unknown) {
  const res = new Response(null, { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } })
  return new HTTPException(503, { message: 'Cannot check tokens right now, try again shortly', res, cause })
}
