import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, type Code, type FunctionUrl, FunctionUrlAuthType, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * How the stack builds and runs its functions from origin-lambda/: bundled by the local esbuild
 * (no Docker), on Node 24 and Graviton, with the tested SDK version inside the bundle.
 *
 * @example
 * ```ts
 * new NodejsFunction(this, 'Function', { ...bundledFromProject('origin-lambda/index.ts'), handler: 'index.handler', timeout })
 * ```
 */
export function bundledFromProject(entry: string): NodejsFunctionProps {
  return {
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    projectRoot,
    depsLockFilePath: `${projectRoot}package-lock.json`,
    entry: `${projectRoot}${entry}`,
    bundling: {
      forceDockerBundling: false,
      minify: true,
      sourceMap: true,
      // The tested SDK version ships in the bundle rather than whatever the runtime carries.
      bundleAwsSDK: true,
    },
    // Stack traces in the logs then name origin-lambda/*.ts lines, not the minified bundle.
    environment: { NODE_OPTIONS: '--enable-source-maps' },
  }
}

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
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH })
    // Not AWSLambdaBasicExecutionRole: that allows writing to every log group (Resource "*").
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') })
    logGroup.grantWrite(role)
    this.fn = new NodejsFunction(this, 'Function', {
      ...bundledFromProject('origin-lambda/index.ts'),
      // The bundle and the test stub both name the file index.js.
      handler: 'index.handler',
      code: props.code,
      role,
      logGroup,
      memorySize: 512,
      // DynamoDB calls give up after 3 s and 3 attempts (origin-lambda/dynamodb), so a healthy
      // request is well inside this; the rest is headroom for a cold start.
      timeout: Duration.seconds(15),
    })
    this.url = this.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })
  }
}
