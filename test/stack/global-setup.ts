import type { TestProject } from 'vitest/node'
import { testConfig } from './config'
import { startStack } from './index'
import { seedDemo, seedLargeListings } from './seed'
import { workerVars } from './worker'

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { worker: string; origin: string; s3: string; dynamodb: string }
    stackConfig: ReturnType<typeof testConfig>
    workerBindings: Record<string, string>
  }
}

/** Starts the local stack once for every test project, on test-only ports, and stops it after. */
export default async function setup(project: TestProject) {
  const config = testConfig()
  const stack = await startStack(config)
  await seedDemo(config)
  if (!config.externalS3Endpoint) seedLargeListings(config)
  project.provide('stack', stack.urls)
  project.provide('stackConfig', config)
  project.provide('workerBindings', workerVars(config))
  return () => stack.stop()
}
