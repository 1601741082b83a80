import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type IdentityProvider = { jwksUrl: string; privateJwk: JsonWebKey & { kid: string; alg: 'ES256' }; stop: () => Promise<void> }

/**
 * A stand-in for a production identity provider: an ES256 key pair whose public half is served
 * as a JWKS, so tests exercise the Worker's JWKS path (fetch, cache, kid lookup, ES256) against
 * a real HTTP endpoint, signing tokens with the private half.
 */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  const kid = randomUUID()
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] })
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' })
    res.end(req.url === '/.well-known/jwks.json' ? jwks : '{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256' },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
