import { Duration } from 'aws-cdk-lib'
import { type Code, type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { Construct } from 'constructs'
import { projectFunction } from '../functions/project-function'

export type OriginFunctionProps = {
  /**
   * Code to deploy instead of the esbuild bundle of origin-lambda/index.ts, with its
   * handler in `index.handler`. Tests pass an inline stub so synth does not bundle.
   */
  code?: Code
}

/**
 * The origin Lambda: origin-lambda/index.ts bundled by the local esbuild (no Docker), on
 * Node 24 and Graviton, behind a Function URL that only SigV4-signed callers with
 * `lambda:InvokeFunctionUrl` reach. Its role starts empty apart from its own log group,
 * so every other permission is one a table, bucket or queue granted on purpose.
 *
 * @example
 * ```ts
 * const origin = new OriginFunction(this, 'Origin', {})
 * origin.url.grantInvokeUrl(workerUser)
 * ```
 */
export class OriginFunction extends Construct {
  readonly fn: NodejsFunction
  readonly url: FunctionUrl

  constructor(scope: Construct, id: string, props: OriginFunctionProps) {
    super(scope, id)
    this.fn = projectFunction(this, {
      entry: 'origin-lambda/index.ts',
      code: props.code,
      memorySize: 512,
      // DynamoDB calls give up after 3 s and 3 attempts (origin-lambda/dynamodb), so a healthy
      // request is well inside this; the rest is headroom for a cold start.
      timeout: Duration.seconds(15),
    })
    this.url = this.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })
  }
}
