import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

/**
 * One local stack (test/stack/global-setup.ts) on test-only ports serves every project:
 * Worker tests run inside workerd and reach S3 and the origin through it, origin tests run
 * in Node against DynamoDB Local, e2e tests drive the Worker served by `wrangler dev`.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/stack/global-setup.ts'],
    hookTimeout: 60_000,
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: inject('workerBindings') },
          })),
        ],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'] },
      },
      { extends: true, test: { name: 'node', include: ['test/{origin,infra,unit}/**/*.test.ts'], setupFiles: ['test/origin/setup.ts'], environment: 'node' } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node' } },
    ],
  },
})
