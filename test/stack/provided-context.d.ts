import type { StackConfig } from './config'

/** What global-setup.ts hands every test project (`inject(...)`). */
declare module 'vitest' {
  export interface ProvidedContext {
    stack: { worker: string; origin: string; s3: string; dynamodb: string }
    stackConfig: StackConfig
    workerBindings: Record<string, string>
    /** The stand-in identity provider's JWKS URL and the private key that signs its tokens. */
    identityProvider: { jwksUrl: string; privateJwk: JsonWebKey & { kid: string; alg: 'ES256' } }
  }
}
