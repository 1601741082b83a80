import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'

export type EdgePurgeProps = {
  /** The Cloudflare zone the Worker is served on. */
  zoneId: string
  /** The functions that purge after their changes: the origin, the reconcile job. */
  purgers: LambdaFunction[]
}

/**
 * Lets the origin purge the Worker's edge cache by tag in every data centre: Cloudflare's zone
 * purge URL, and a secret for an API token with the zone's Cache Purge permission. The stack
 * creates the secret with a placeholder; the deployer puts the token in it (README, Deploy),
 * and the origin reads it at run time, so it is in no template, output or environment variable.
 * https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/
 *
 * @example
 * ```ts
 * const purge = new EdgePurge(this, 'EdgePurge', { zoneId: config.cloudflareZoneId, purgers: [origin.fn] })
 * new CfnOutput(this, 'PurgeTokenSecretArn', { value: purge.token.secretArn })
 * ```
 */
export class EdgePurge extends Construct {
  readonly token: Secret

  constructor(scope: Construct, id: string, props: EdgePurgeProps) {
    super(scope, id)
    this.token = new Secret(this, 'Token', { description: 'Cloudflare API token with Cache Purge on the zone of the edge Worker (put it here after the first deploy)' })
    for (const purger of props.purgers) {
      this.token.grantRead(purger)
      purger.addEnvironment('PURGE_URL', `https://api.cloudflare.com/client/v4/zones/${props.zoneId}/purge_cache`)
      purger.addEnvironment('PURGE_TOKEN_SECRET_ARN', this.token.secretArn)
    }
  }
}
