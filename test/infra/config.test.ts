import { App } from 'aws-cdk-lib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readConfig } from '../../infra/config'

describe('readConfig', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('reads bucket names from the environment the Worker and origin use, context first', () => {
    vi.stubEnv('FRAMES_BUCKET', 'env-frames')
    vi.stubEnv('IMAGES_BUCKET', 'env-images')
    vi.stubEnv('PHOTOS_BUCKET', '')
    vi.stubEnv('THUMBS_BUCKET', '')
    const config = readConfig(new App({ context: { imagesBucket: 'ctx-images' } }))
    expect(config.bucketNames).toEqual({ frames: 'env-frames', images: 'ctx-images' })
  })

  it('lets several roles name one bucket', () => {
    const context = { framesBucket: 'library', imagesBucket: 'library', photosBucket: 'library', thumbsBucket: 'library' }
    expect(readConfig(new App({ context })).bucketNames).toEqual({ frames: 'library', images: 'library', photos: 'library', thumbs: 'library' })
  })

  it('splits allowed origins, any origin by default', () => {
    vi.stubEnv('ALLOWED_ORIGINS', '')
    expect(readConfig(new App()).allowedOrigins).toEqual(['*'])
    const context = { allowedOrigins: 'https://a.example, https://b.example' }
    expect(readConfig(new App({ context })).allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
  })
})
