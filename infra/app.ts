/**
 * The CDK app: `npm run synth` / `npm run deploy` run it (cdk --app 'node --import tsx infra/app.ts').
 * The stack deploys to the account and region of the caller's AWS credentials.
 *
 * @example
 * ```sh
 * IMAGES_BUCKET=acme-images FRAMES_BUCKET=acme-frames npm run cdk -- diff
 * ```
 */
import { App } from 'aws-cdk-lib'
import { readConfig } from './config'
import { featureFlags } from './config/feature-flags'
import { EdgePresignStack } from './stack'

const app = new App({ context: featureFlags })
new EdgePresignStack(app, 'EdgePresignProxy', {
  description: 'Edge presign proxy: buckets, origin Lambda, DynamoDB tables, S3 events, Worker IAM user',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  config: readConfig(app),
})
