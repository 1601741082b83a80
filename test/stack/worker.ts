import type { StackConfig } from './config'
import { s3Endpoint } from './s3'
import { answers, type ProcessGroup, ready, type Service } from './processes'

/** The bindings that point the Worker at this stack's services (wrangler.toml holds the rest). */
export function workerVars(config: StackConfig): Record<string, string> {
  return {
    S3_ENDPOINT: s3Endpoint(config),
    S3_REGION: config.region,
    S3_ACCESS_KEY_ID: config.accessKeyId,
    S3_SECRET_ACCESS_KEY: config.secretAccessKey,
    ORIGIN_URL: `http://127.0.0.1:${config.originPort}`,
    ORIGIN_REGION: config.region,
    ORIGIN_ACCESS_KEY_ID: config.accessKeyId,
    ORIGIN_SECRET_ACCESS_KEY: config.secretAccessKey,
    FRAMES_BUCKET: config.buckets.frames,
    IMAGES_BUCKET: config.buckets.images,
    PHOTOS_BUCKET: config.buckets.photos,
    THUMBS_BUCKET: config.buckets.thumbs,
    LOCAL_PURGE_TOKEN: config.purgeToken,
    IMAGES_PREFIX: config.imagesPrefix,
    UPLOAD_PREFIX: config.uploadPrefix,
    ...config.workerOverrides,
  }
}

/** The Worker under `wrangler dev`, offline, with its own state folder and inspector port. */
export async function startWorker(config: StackConfig, group: ProcessGroup): Promise<Service> {
  const vars = Object.entries(workerVars(config)).map(([k, v]) => `${k}:${v}`)
  const service = group.start(
    'worker',
    process.execPath,
    [
      'node_modules/wrangler/bin/wrangler.js', 'dev',
      '--ip', '127.0.0.1',
      '--port', String(config.workerPort),
      '--inspector-port', String(config.workerPort + 1_000),
      '--persist-to', `${config.dataDir}/wrangler`,
      '--show-interactive-dev-session=false',
      '--log-level', 'warn',
      '--var', ...vars,
    ],
    { env: { WRANGLER_SEND_METRICS: 'false', CI: 'true' }, quiet: true },
  )
  return ready(service, 'wrangler dev', () => answers(`http://127.0.0.1:${config.workerPort}/health`, 5_000), 90_000)
}
