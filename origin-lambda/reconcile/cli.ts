/**
 * `npm run reconcile [-- --dry-run] [--prefix <key prefix>]… [--aws]`: makes DynamoDB match S3
 * once, with progress on stderr, one line per change on stdout and a summary at the end. By
 * default against the local stack of `npm start` (its ports and names come from the same
 * environment variables); with `--aws`, against whatever the environment names, exactly as the
 * scheduled Lambda reads it (IMAGES_BUCKET, TABLE_IMAGES…, AWS credentials and region).
 * Exits 1 when a change failed.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { startConfig } from '../../test/stack/config'
import { originEnv } from '../../test/stack/origin'
import { s3Endpoint } from '../../test/stack/s3'
import type { S3Target } from './s3'

const usage = `Usage: npm run reconcile -- [--dry-run] [--prefix <key prefix>]... [--aws]
  --dry-run   print what would change, change nothing
  --prefix    only objects and records whose keys start with this (full key, e.g. photos-raw/2024-); repeatable
  --aws       use the environment as the deployed Lambda does (buckets, tables, AWS credentials), not the local stack`

const cliOptions = z.object({
  'dry-run': z.boolean().default(false),
  aws: z.boolean().default(false),
  help: z.boolean().default(false),
  prefix: z.array(z.string().min(1).refine((p) => !p.startsWith('/'), 'S3 keys never start with "/"')).default([]),
})

function readOptions(argv: string[]): z.infer<typeof cliOptions> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, aws: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, prefix: { type: 'string', multiple: true } },
      strict: true,
    })
    return cliOptions.parse(values)
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join('; ') : error instanceof Error ? error.message : String(error)
    console.error(`${message}\n${usage}`)
    process.exit(2)
  }
}

/** The local stack of `npm start`: its DynamoDB Local for the origin's modules, its gateway for S3. */
function localStack(): S3Target {
  const config = startConfig(process.env)
  Object.assign(process.env, originEnv(config))
  return { region: config.region, endpoint: s3Endpoint(config), credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
}

function hintFor(error: unknown): string {
  const text = `${error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}` : String(error)}`
  if (/ECONNREFUSED|connect/i.test(text)) return '\nHint: is the local stack running (npm start)? For AWS, pass --aws with the deployed function’s environment.'
  return ''
}

const options = readOptions(process.argv.slice(2))
if (options.help) {
  console.log(usage)
  process.exit(0)
}
try {
  const target: S3Target = options.aws ? { region: process.env.AWS_REGION ?? 'us-east-1', endpoint: process.env.S3_ENDPOINT } : localStack()
  // The origin reads its configuration when its modules load: only now that the environment is set.
  const { formatSummary, reconcile, reconcileS3Client } = await import('./index')
  const { progressReporter } = await import('./progress')
  const summary = await reconcile({
    s3: reconcileS3Client(target),
    dryRun: options['dry-run'],
    scope: { keyPrefixes: options.prefix },
    report: progressReporter(process.stderr),
  })
  console.log(formatSummary(summary))
  process.exitCode = summary.failed ? 1 : 0
} catch (error) {
  console.error(`reconcile failed: ${error instanceof Error ? error.message : String(error)}${hintFor(error)}`)
  process.exitCode = 1
}
