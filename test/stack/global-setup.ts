import type { TestProject } from 'vitest/node'
import { testConfig } from './config'
import { startIdentityProvider } from './identity-provider'
import { startStack } from './index'
import { seedDemo, seedLargeListings } from './seed'
import { workerVars } from './worker'

/** Starts the local stack once for every test project, on test-only ports, and stops it after. */
export default async function setup(project: TestProject) {
  const config = testConfig(process.env, process.pid)
  const stack = await startStack(config)
  await seedDemo(config)
  if (!config.externalS3Endpoint) seedLargeListings(config)
  project.provide('stack', stack.urls)
  project.provide('stackConfig', config)
  project.provide('workerBindings', workerVars(config))
  const idp = await startIdentityProvider()
  project.provide('identityProvider', { jwksUrl: idp.jwksUrl, privateJwk: idp.privateJwk })
  return async () => {
    await idp.stop()
    await stack.stop()
  }
}
