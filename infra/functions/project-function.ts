import { fileURLToPath } from 'node:url'
import type { Duration } from 'aws-cdk-lib'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, type Code, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

export type ProjectFunctionProps = {
  /** The handler's file, from the project root; it exports `handler`. */
  entry: string
  /**
   * Code to deploy instead of the esbuild bundle of `entry`, with its handler in
   * `index.handler`. Tests pass an inline stub so synth does not bundle.
   */
  code?: Code
  memorySize: number
  timeout: Duration
}

/**
 * A function of this project as the stack runs them, in `scope` as `Function` with its `Logs`
 * and `Role`: bundled by the local esbuild (no Docker), on Node 24 and Graviton, the tested SDK
 * version inside the bundle, logs kept a month. Its role starts empty apart from its own log
 * group, so every other permission is one a table, bucket or queue granted on purpose.
 *
 * @example
 * ```ts
 * const fn = projectFunction(this, { entry: 'origin-lambda/index.ts', memorySize: 512, timeout: Duration.seconds(15) })
 * ```
 */
export function projectFunction(scope: Construct, props: ProjectFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, 'Logs', { retention: RetentionDays.ONE_MONTH })
  // Not AWSLambdaBasicExecutionRole: that allows writing to every log group (Resource "*").
  const role = new Role(scope, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') })
  logGroup.grantWrite(role)
  return new NodejsFunction(scope, 'Function', {
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    projectRoot,
    depsLockFilePath: `${projectRoot}package-lock.json`,
    entry: `${projectRoot}${props.entry}`,
    // The bundle and the test stub both name the file index.js.
    handler: 'index.handler',
    code: props.code,
    role,
    logGroup,
    memorySize: props.memorySize,
    timeout: props.timeout,
    bundling: {
      forceDockerBundling: false,
      minify: true,
      sourceMap: true,
      // The tested SDK version ships in the bundle rather than whatever the runtime carries.
      bundleAwsSDK: true,
    },
    // Stack traces in the logs then name origin-lambda/*.ts lines, not the minified bundle.
    environment: { NODE_OPTIONS: '--enable-source-maps' },
  })
}
