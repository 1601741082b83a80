import type { Config } from '../config'
import { createSigner, type Signer } from './index'

const signers = new WeakMap<Config, Signer>()

/**
 * The isolate's one signer for a configuration: built once, so its memo of signed URLs and
 * derived keys lives as long as the isolate.
 *
 * @example
 * ```ts
 * const { url, expiresAt } = await signerFor(config).presignGet(config.buckets.frames, key)
 * ```
 */
export function signerFor(config: Config): Signer {
  let signer = signers.get(config)
  if (!signer) {
    signer = createSigner({
      ...config.s3,
      expiresSeconds: config.presignExpiresSeconds,
      windowSeconds: config.signingWindowSeconds,
      // Each URL lives one window: the browser may keep what it fetched as long as the URL is
      // handed out, and `private` keeps shared caches from holding a user's private images.
      getCacheControl: `private, max-age=${config.presignExpiresSeconds}, immutable`,
    })
    signers.set(config, signer)
  }
  return signer
}
