import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { verify, verifyWithJwks } from 'hono/jwt'
import type { AppEnv } from '../app-env'
import type { Config } from '../config'
import { jwksKeys } from './jwks'

export type Scope = 'images:read' | 'images:write' | 'images:delete'

type Claims = { scope?: unknown; scp?: unknown; [claim: string]: unknown }

/**
 * Bearer-token authorisation per RFC 6750: 401 with `WWW-Authenticate` when the token is
 * missing or fails verification (signature, issuer, audience, expiry), 403 when it lacks the
 * action's scope. Tokens are HS256 with a shared secret (local use) or RS256/ES256 verified
 * against the identity provider's JWKS (production), never both for one token.
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
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(c.req.header('authorization') ?? '')?.[1]
    if (!token) throw challenge(401, 'Missing bearer token', 'error="invalid_request"')
    const claims = await verifyToken(config, token).catch((cause: unknown) => {
      throw challenge(401, 'Invalid bearer token', 'error="invalid_token"', cause)
    })
    if (!scopesOf(claims).includes(scope)) {
      throw challenge(403, `Missing scope ${scope}`, `error="insufficient_scope", scope="${scope}"`)
    }
    return next()
  }
}

async function verifyToken(config: Config, token: string): Promise<Claims> {
  const { issuer: iss, audience: aud, hs256Secret, jwksUrl } = config.auth
  const alg = JSON.parse(atob(token.split('.')[0]?.replaceAll('-', '+').replaceAll('_', '/') ?? '')).alg as unknown
  if (alg === 'HS256' && hs256Secret) return verify(token, hs256Secret, { alg: 'HS256', iss, aud })
  if ((alg === 'RS256' || alg === 'ES256') && jwksUrl) {
    return verifyWithJwks(token, { keys: await jwksKeys(jwksUrl, config.upstreamTimeoutMs), allowedAlgorithms: ['RS256', 'ES256'], verification: { iss, aud } })
  }
  throw new Error(`no verifier for alg ${String(alg)}`)
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
