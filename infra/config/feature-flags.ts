import flags from './feature-flags.json' with { type: 'json' }

/**
 * The feature flags `cdk init` would write into cdk.json, frozen when this app was written
 * (aws-cdk-lib 2.276's recommended-feature-flags.json). Frozen rather than read from the
 * installed aws-cdk-lib, because a flag flipping on upgrade can replace deployed resources;
 * adopt new ones deliberately, after a `cdk diff`.
 *
 * @example
 * ```ts
 * const app = new App({ context: featureFlags })
 * ```
 */
export const featureFlags: Record<string, unknown> = flags
