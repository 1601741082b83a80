import { rmSync } from 'node:fs'
import { checkLayout } from '../../contract/layout'
import type { StackConfig } from './config'
import { createTables, startDynamodb } from './dynamodb'
import { portHolder } from './leftovers'
import { startOrigin } from './origin'
import { assertPortFree, ProcessGroup, type Service } from './processes'
import { createBuckets, s3Endpoint, startVersitygw } from './s3'
import { startWorker } from './worker'

export type Stack = {
  config: StackConfig
  urls: { worker: string; origin: string; s3: string; dynamodb: string }
  services: Map<string, Service>
  /** Restarts one service (tests of faults): stop it, then start it again with its settings. */
  restart: (name: 'origin' | 's3' | 'dynamodb', extraEnv?: NodeJS.ProcessEnv) => Promise<void>
  stop: () => Promise<void>
}

/**
 * Starts DynamoDB Local, the origin dev server, versitygw (unless S3_ENDPOINT names another
 * S3 server) and, unless `worker: false`, the Worker under `wrangler dev`; creates the tables
 * and buckets that are missing. The origin starts before versitygw because the gateway checks
 * its webhook at start-up.
 *
 * Fails fast: when any service exits or fails its health check before the stack is up, every
 * process started so far is stopped and the error names the service (`ServiceFailedError`).
 * A `group` given by the caller is the one its processes run in, so the caller can stop them
 * at any moment (npm start does on Ctrl-C).
 */
export async function startStack(config: StackConfig, options: { worker?: boolean; group?: ProcessGroup } = {}): Promise<Stack> {
  // A layout the Worker and the origin would refuse is refused here, before anything starts.
  checkLayout({ buckets: config.buckets, imagesPrefix: config.imagesPrefix, uploadPrefix: config.uploadPrefix })
  const group = options.group ?? new ProcessGroup()
  const services = new Map<string, Service>()
  const stop = async () => {
    await group.stop()
    services.clear()
    if (!config.persistDynamodb) rmSync(config.dataDir, { recursive: true, force: true })
  }
  const starters = {
    dynamodb: () => startDynamodb(config, group),
    origin: (extraEnv?: NodeJS.ProcessEnv) => startOrigin(config, group, extraEnv),
    s3: () => startVersitygw(config, group),
  }
  try {
    const ports: [number, string][] = [[config.dynamodbPort, 'DynamoDB Local'], [config.originPort, 'the origin']]
    if (!config.externalS3Endpoint) ports.push([config.s3Port, 'the S3 gateway'])
    if (options.worker !== false) ports.push([config.workerPort, 'the Worker'])
    for (const [port, what] of ports) await assertPortFree(port, what, portHolder)
    services.set('dynamodb', await group.watch(starters.dynamodb()))
    await group.watch(createTables(config))
    services.set('origin', await group.watch(starters.origin()))
    if (!config.externalS3Endpoint) services.set('s3', await group.watch(starters.s3()))
    await group.watch(createBuckets(config))
    if (options.worker !== false) services.set('worker', await group.watch(startWorker(config, group)))
  } catch (error) {
    await stop()
    throw error
  }
  return {
    config,
    urls: {
      worker: `http://127.0.0.1:${config.workerPort}`,
      origin: `http://127.0.0.1:${config.originPort}`,
      s3: s3Endpoint(config),
      dynamodb: `http://127.0.0.1:${config.dynamodbPort}`,
    },
    services,
    restart: async (name, extraEnv) => {
      await services.get(name)?.stop()
      services.set(name, await starters[name](extraEnv))
    },
    stop,
  }
}
