import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { experimental_readRawConfig } from 'wrangler'
import { checkLayout, DEFAULT_UPLOAD_PREFIX } from '../../contract/layout'

/** Set with `wrangler secret put --env production`, never written in wrangler.toml. */
const CREDENTIALS = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'ORIGIN_ACCESS_KEY_ID', 'ORIGIN_SECRET_ACCESS_KEY']

const { rawConfig } = experimental_readRawConfig({ config: fileURLToPath(new URL('../../wrangler.toml', import.meta.url)) })
const production = rawConfig.env?.production
const topVars = Object.keys(rawConfig.vars ?? {})
const productionVars = (production?.vars ?? {}) as Record<string, unknown>

// Environments inherit neither vars nor bindings: anything the top level has and production
// lacks is undefined in the deployed Worker.
describe('wrangler.toml [env.production]', () => {
  it('has every top-level var except the credentials', () => {
    expect(Object.keys(productionVars).sort()).toEqual(expect.arrayContaining(topVars.filter((name) => !CREDENTIALS.includes(name)).sort()))
  })

  it('requires the credentials as secrets and writes no secret value', () => {
    expect(production?.secrets?.required?.slice().sort()).toEqual([...CREDENTIALS].sort())
    for (const [name, value] of Object.entries(productionVars)) {
      if (/SECRET|ACCESS_KEY/.test(name)) expect(value, name).toBe('')
    }
  })

  it('has every top-level rate limiter', () => {
    const names = (limits: { name: string }[] | undefined) => (limits ?? []).map((l) => l.name).sort()
    expect(names(production?.ratelimits)).toEqual(names(rawConfig.ratelimits))
  })

  it("leaves the local stand-in of Cloudflare's purge off: production purges through Cloudflare's API", () => {
    expect(productionVars.LOCAL_PURGE_TOKEN).toBe('')
  })

  it('talks to AWS over TLS, not to the local stack', () => {
    expect(productionVars.S3_ENDPOINT).toBe('https://s3.us-east-1.amazonaws.com')
    expect(String(productionVars.ORIGIN_URL)).toMatch(/^https:\/\//)
    for (const [name, value] of Object.entries(productionVars)) expect(String(value), name).not.toMatch(/127\.0\.0\.1|localhost/)
  })

  it('describes, in both environments, a bucket layout the contract accepts', () => {
    for (const vars of [rawConfig.vars as Record<string, string>, productionVars as Record<string, string>]) {
      const buckets = { frames: vars.FRAMES_BUCKET ?? '', images: vars.IMAGES_BUCKET ?? '', photos: vars.PHOTOS_BUCKET ?? '', thumbs: vars.THUMBS_BUCKET ?? '' }
      expect(() => checkLayout({ buckets, imagesPrefix: vars.IMAGES_PREFIX ?? '', uploadPrefix: vars.UPLOAD_PREFIX ?? '' })).not.toThrow()
      // The stack grants the Worker PUTs under this prefix unless told otherwise (infra/config).
      expect(vars.UPLOAD_PREFIX).toBe(`${vars.IMAGES_PREFIX}${DEFAULT_UPLOAD_PREFIX}`)
    }
  })
})
