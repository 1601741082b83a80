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
      { extends: true, test: { name: 'node', include: ['test/{origin,infra,unit,stack}/**/*.test.ts'], setupFiles: ['test/origin/setup.ts'], environment: 'node' } },
      // One file at a time: versitygw 1.8 can post events carrying another request's key when
      // PUTs overlap, and fault tests stop services other files would be using.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', fileParallelism: false } },
    ],
  },
})
