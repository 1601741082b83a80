import type { App } from 'aws-cdk-lib'
import { type BucketRole, bucketRoles, type Layout, resolveLayout } from '../../contract/layout'

/** What may differ between deployments; everything else is fixed by the stack. */
export type InfraConfig = {
  /**
   * Physical bucket name per role. The same name for several roles makes them share one
   * bucket; a role without a name gets its own bucket named by CloudFormation.
   */
  bucketNames: Partial<Record<BucketRole, string>>
  /** Key prefix of images in the images bucket: '' for a bucket of their own (see contract/layout). */
  imagesPrefix: string
  /** Key prefix of presigned uploads, inside `imagesPrefix`. */
  uploadPrefix: string
  /** Origins allowed to GET and PUT presigned URLs from the browser (bucket CORS). */
  allowedOrigins: string[]
  /** Where alarm notifications go; without it they reach only the SNS topic. */
  alarmEmail?: string
  /**
   * The Cloudflare zone the Worker is served on: the origin purges edge answers by tag there
   * after each change (its API token goes into the PurgeToken secret). Without it, answers are
   * fresh within their TTL only.
   */
  cloudflareZoneId?: string
}

/**
 * Reads the configuration from CDK context (`-c imagesBucket=...`), else from the
 * environment (`IMAGES_BUCKET=...`, the names the Worker and the origin use too).
 *
 * @example
 * ```ts
 * // IMAGES_BUCKET=acme-library FRAMES_BUCKET=acme-library npm run synth
 * const config = readConfig(new App()) // { bucketNames: { frames: 'acme-library', images: 'acme-library' }, ... }
 * ```
 */
export function readConfig(app: App): InfraConfig {
  const setting = (contextKey: string, envVar: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(contextKey) ?? process.env[envVar]
    return typeof value === 'string' && value.trim() ? value.trim() : undefined
  }
  const bucketNames = Object.fromEntries(
    bucketRoles.flatMap((role) => {
      const name = setting(`${role}Bucket`, `${role.toUpperCase()}_BUCKET`)
      return name ? [[role, name]] : []
    }),
  )
  const origins = setting('allowedOrigins', 'ALLOWED_ORIGINS') ?? '*'
  // The stack checks the layout (stack.ts); here only the prefixes' defaults are applied.
  const { imagesPrefix, uploadPrefix } = resolveLayout({
    buckets: placeholderBuckets(bucketNames),
    imagesPrefix: setting('imagesPrefix', 'IMAGES_PREFIX'),
    uploadPrefix: setting('uploadPrefix', 'UPLOAD_PREFIX'),
  })
  return {
    bucketNames,
    imagesPrefix,
    uploadPrefix,
    allowedOrigins: origins.split(',').map((o) => o.trim()).filter(Boolean),
    alarmEmail: setting('alarmEmail', 'ALARM_EMAIL'),
    cloudflareZoneId: setting('cloudflareZoneId', 'CLOUDFLARE_ZONE_ID'),
  }
}

/**
 * The contract's layout of a configuration. A role without a bucket name gets a bucket of its
 * own, named by CloudFormation only at deploy time: a placeholder unique to the role stands in.
 *
 * @example
 * ```ts
 * checkLayout(layoutOf(config)) // throws when roles share a bucket and IMAGES_PREFIX is empty
 * ```
 */
export function layoutOf(config: InfraConfig): Layout {
  return { buckets: placeholderBuckets(config.bucketNames), imagesPrefix: config.imagesPrefix, uploadPrefix: config.uploadPrefix }
}

function placeholderBuckets(names: Partial<Record<BucketRole, string>>): Record<BucketRole, string> {
  return Object.fromEntries(bucketRoles.map((role) => [role, names[role] ?? `own-bucket-of-${role}`])) as Record<BucketRole, string>
}
