import { rmSync } from 'node:fs'
import type { StackConfig } from './config'
import { createTables, startDynamodb } from './dynamodb'
import { startOrigin } from './origin'
import { assertPortFree, type Service } from './processes'
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
 */
export async function startStack(config: StackConfig, options: { worker?: boolean } = {}): Promise<Stack> {
  const services = new Map<string, Service>()
  const stop = async () => {
    await Promise.all([...services.values()].map((service) => service.stop()))
    services.clear()
    if (!config.persistDynamodb) rmSync(config.dataDir, { recursive: true, force: true })
  }
  const starters = {
    dynamodb: () => startDynamodb(config),
    origin: (extraEnv?: NodeJS.ProcessEnv) => startOrigin(config, extraEnv),
    s3: () => startVersitygw(config),
  }
  try {
    const ports: [number, string][] = [[config.dynamodbPort, 'DynamoDB Local'], [config.originPort, 'the origin']]
    if (!config.externalS3Endpoint) ports.push([config.s3Port, 'the S3 gateway'])
    if (options.worker !== false) ports.push([config.workerPort, 'the Worker'])
    for (const [port, what] of ports) await assertPortFree(port, what)
    services.set('dynamodb', await starters.dynamodb())
    await createTables(config)
    services.set('origin', await starters.origin())
    if (!config.externalS3Endpoint) services.set('s3', await starters.s3())
    await createBuckets(config)
    if (options.worker !== false) services.set('worker', await startWorker(config))
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
