import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { demo, large } from '../stack/demo-data'
import { call, postJson } from './request'

type Frame = { key: string; url: string; size: number; lastModified: string }
type FramesPage = { frames: Frame[]; expiresAt: string; nextCursor: string | null }

/** One environment object per test: the Worker resolves its configuration once per object. */
const bindings = (overrides: Partial<Env> = {}) => ({ ...env, ...overrides })

describe('GET /devices', () => {
  it('lists the subfolders of unflagged/, a MISS first and a HIT after', async () => {
    const first = await call('/devices')
    expect(first.status).toBe(200)
    expect(first.headers.get('x-cache')).toBe('MISS')
    const { devices } = (await first.json()) as { devices: string[] }
    expect(devices).toEqual(expect.arrayContaining([...Object.keys(demo.devices), large.device, large.batchDevice]))
    const second = await call('/devices')
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(await second.json()).toEqual({ devices })
  })
})

describe('GET /devices/{device}/batches', () => {
  it('lists a device’s batches, sorted', async () => {
    const res = await call('/devices/cam-north/batches')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ device: 'cam-north', batches: ['batch_001', 'batch_002', 'batch_003'] })
  })

  it('follows continuation tokens: all 2,500 batches of a device', async () => {
    const res = await call(`/devices/${large.device}/batches`)
    const { batches } = (await res.json()) as { batches: string[] }
    expect(batches).toHaveLength(large.batches)
    expect(new Set(batches).size).toBe(large.batches)
    expect(batches).toEqual([...batches].sort())
  })

  it('is 404 for a device with no objects', async () => {
    const res = await call('/devices/no-such-device/batches')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'Device not found: no-such-device' })
  })

  it.each([
    ['dot dot inside', '/devices/a..b/batches'],
    ['encoded dot dot', '/devices/%2E%2E%2Fx/batches'],
    ['encoded slash', '/devices/a%2Fb/batches'],
    ['control character', '/devices/a%01b/batches'],
    ['over 255 bytes', `/devices/${'é'.repeat(128)}/batches`],
  ])('is 400 with a clear error for a bad device name (%s)', async (_, path) => {
    const res = await call(path)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid device: /)
  })

  it('never lists for a ".." segment: the URL parser resolves it away, leaving no route', async () => {
    const res = await call('/devices/../batches')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/^not found$/i) })
  })
})

describe('GET /devices/{device}/batches/{batch}/frames', () => {
  it('presigns every frame of a batch, with size and time', async () => {
    const res = await call('/devices/cam-north/batches/batch_002/frames')
    expect(res.status).toBe(200)
    const body = (await res.json()) as FramesPage & { device: string; batch: string }
    expect(body.device).toBe('cam-north')
    expect(body.batch).toBe('batch_002')
    expect(body.frames.map((f) => f.key)).toEqual(
      Array.from({ length: demo.framesPerBatch }, (_, i) => `unflagged/cam-north/batch_002/annotated_frames/frame_00${i + 1}.png`),
    )
    for (const frame of body.frames) {
      expect(frame.url).toMatch(new RegExp(`^${env.S3_ENDPOINT}/${env.FRAMES_BUCKET}/unflagged/cam-north/batch_002/annotated_frames/frame_00\\d\\.png\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`))
      expect(frame.size).toBeGreaterThan(0)
      expect(Date.parse(frame.lastModified)).not.toBeNaN()
    }
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThanOrEqual(3_600_000 - 5_000)
    expect(body.nextCursor).toBeNull()
  })

  it('pages through 2,500 frames with cursors, none missed or repeated', async () => {
    const keys: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=1000&cursor=${cursor}` : '?limit=1000'
      const res = await call(`/devices/${large.batchDevice}/batches/${large.batch}/frames${query}`)
      expect(res.status).toBe(200)
      const page = (await res.json()) as FramesPage
      keys.push(...page.frames.map((f) => f.key))
      cursor = page.nextCursor
    } while (cursor)
    expect(keys).toHaveLength(large.frames)
    expect(new Set(keys).size).toBe(large.frames)
  })

  it('is 404 when the batch has no frames, 400 for a bad limit or cursor', async () => {
    expect((await call('/devices/cam-north/batches/batch_999/frames')).status).toBe(404)
    expect((await call('/devices/cam-north/batches/batch_001/frames?limit=0')).status).toBe(400)
    expect((await call('/devices/cam-north/batches/batch_001/frames?limit=abc')).status).toBe(400)
    const badCursor = await call('/devices/cam-north/batches/batch_001/frames?cursor=%FF%FE')
    expect(badCursor.status).toBe(400)
    expect(await badCursor.json()).toEqual({ error: 'Invalid cursor: is not a cursor this listing returned' })
  })

  it('returns identical URLs for calls inside one signing window', async () => {
    const a = (await (await call('/devices/cam-south/batches/batch_001/frames')).json()) as FramesPage
    const b = (await (await call('/devices/cam-south/batches/batch_001/frames')).json()) as FramesPage
    expect(b.frames.map((f) => f.url)).toEqual(a.frames.map((f) => f.url))
  })
})

describe('GET /flagged/frames', () => {
  it('presigns the flagged frames', async () => {
    const res = await call('/flagged/frames?limit=2')
    const page = (await res.json()) as FramesPage
    expect(page.frames.map((f) => f.key)).toEqual(['flagged/annotated_frames/frame_001.png', 'flagged/annotated_frames/frame_002.png'])
    const rest = (await (await call(`/flagged/frames?limit=2&cursor=${page.nextCursor}`)).json()) as FramesPage
    expect(rest.frames.map((f) => f.key)).toEqual(['flagged/annotated_frames/frame_003.png', 'flagged/annotated_frames/frame_004.png'])
    expect(rest.nextCursor).toBeNull()
  })
})

describe('routes of the old Lambdas', () => {
  it('POST /fetch_batches', async () => {
    const res = await postJson('/fetch_batches', { folder_name: 'cam-south' })
    expect(await res.json()).toEqual({ device: 'cam-south', batches: ['batch_001', 'batch_002'] })
    expect((await postJson('/fetch_batches', {})).status).toBe(400)
  })

  it('POST /fetch_flagged_annotated_images', async () => {
    const res = await call('/fetch_flagged_annotated_images', { method: 'POST' })
    expect(((await res.json()) as FramesPage).frames).toHaveLength(demo.flaggedFrames)
  })

  it('POST /fetch_unflagged_frame_from_batch', async () => {
    const res = await postJson('/fetch_unflagged_frame_from_batch', { device_name: 'cam-north', batch_number: 'batch_001' })
    expect(((await res.json()) as FramesPage).frames).toHaveLength(demo.framesPerBatch)
    const bad = await postJson('/fetch_unflagged_frame_from_batch', { device_name: '../x', batch_number: 'batch_001' })
    expect(bad.status).toBe(400)
  })
})

describe('edge cache of listings', () => {
  it('serves a stale listing at once and refreshes it in the background', async () => {
    const quick = bindings({ LISTING_TTL: '0.001' })
    expect((await call('/devices/cam-south/batches', {}, quick)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 5))
    const stale = await call('/devices/cam-south/batches', {}, quick)
    expect(stale.headers.get('x-cache')).toBe('STALE')
    expect(await stale.json()).toEqual({ device: 'cam-south', batches: ['batch_001', 'batch_002'] })
  })

  it('serves a stale listing while S3 fails (stale-if-error)', async () => {
    await call('/devices/cam-north/batches')
    const res = await call('/devices/cam-north/batches', {}, bindings({ LISTING_TTL: '0.001', S3_ENDPOINT: 'http://127.0.0.1:1' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('x-cache')).toBe('STALE')
  })

  it('is 502 with no internal detail when S3 fails and nothing is cached', async () => {
    const res = await call('/devices/never-cached-device/batches', {}, bindings({ S3_ENDPOINT: 'http://127.0.0.1:1' }))
    expect(res.status).toBe(502)
    const body = (await res.json()) as { error: string }
    expect(body.error).toBe('Storage is unavailable, try again later')
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/i)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('CORS', () => {
  it('answers a preflight with 204', async () => {
    const res = await call('/devices', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })
})
