/**
 * The edge cache as users rely on it (issue 13): keys no input can alias, definitive answers
 * that replace what was cached, read-your-writes, purges by tag, one upstream call per key at a
 * time, and a budget of upstream calls per client.
 */
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cacheKey } from '../../worker/cache'
import { edgeOf } from '../../worker/edge'
import { call, callWith, postJson } from './request'
import { bearer } from './token'

/** A fresh environment object: its own isolate-level clients, so spies count only this test's calls. */
const bindings = (overrides: Partial<Env> = {}) => ({ ...env, ...overrides })
const unique = () => crypto.randomUUID().slice(0, 8)
const noCache = { headers: { 'cache-control': 'no-cache' } }

afterEach(() => vi.restoreAllMocks())

describe('cache keys', () => {
  const part = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('#', '?', '/', '%2F', '%23', '..', '.', '', ' ', '\ud800', '\udc00', 'a#b', 'a?b', '"', ','),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
  )
  const request = fc.tuple(fc.constantFrom('origin', 'frames-batches', 'frames-batch'), fc.array(fc.oneof(part, fc.nat()), { maxLength: 3 }))

  it('never alias: distinct requests, distinct keys, which the Cache API keeps as they are', () => {
    fc.assert(
      fc.property(request, request, ([kindA, partsA], [kindB, partsB]) => {
        const a = cacheKey(kindA, ...partsA)
        const b = cacheKey(kindB, ...partsB)
        const same = kindA === kindB && JSON.stringify(partsA) === JSON.stringify(partsB)
        expect(a === b).toBe(same)
        // What the Cache API stores under: a key a URL parser would cut or rewrite could alias.
        expect(new Request(a).url).toBe(a)
      }),
      { numRuns: 5_000 },
    )
  })

  it.each(['cam-north%23x', 'cam-north%3Fx', 'cam-north%ED%A0%80', 'cam-north%252F..'])('refuse a device %s that a URL would cut, split or not decode, with 400 and no listing', async (device) => {
    const res = await call(`/devices/${device}/batches`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid device: /)
  })
})

describe('definitive answers', () => {
  it('an origin 404 replaces a cached image at once on revalidation, never served stale', async () => {
    const key = `cache-tests/${unique()}.png`
    const writer = { ...(await bearer(['images:write'])), 'cf-connecting-ip': `198.51.100.${Math.floor(Math.random() * 250)}` }
    expect((await postJson('/images', { FileName: key }, writer)).status).toBe(201)
    expect((await call(`/images/${encodeURIComponent(key)}`)).status).toBe(200)
    // Deleted behind the edge's back: straight at the origin, as another data centre's write would be.
    const gone = await edgeOf(env).origin.fetch(`/images/${encodeURIComponent(key)}`, { method: 'DELETE' })
    expect(gone.status).toBe(200)
    const fresh = await call(`/images/${encodeURIComponent(key)}`, noCache)
    expect(fresh.status).toBe(404)
    expect(await fresh.json()).toEqual({ error: 'Item not found' })
    expect((await call(`/images/${encodeURIComponent(key)}`)).status).toBe(404)
  })

  it('past its TTL, a cached answer whose refresh is a 404 is a 404 from then on, not stale for a day', async () => {
    const quick = bindings({ METADATA_TTL: '0.001' })
    const key = `cache-tests/${unique()}.png`
    await postJson('/images', { FileName: key }, await bearer(['images:write']), quick)
    expect((await call(`/images/${encodeURIComponent(key)}`, {}, quick)).status).toBe(200)
    await edgeOf(quick).origin.fetch(`/images/${encodeURIComponent(key)}`, { method: 'DELETE' })
    await new Promise((r) => setTimeout(r, 5))
    // The first read past the TTL may still answer stale while its refresh learns of the 404;
    // every later one answers the 404.
    await call(`/images/${encodeURIComponent(key)}`, {}, quick)
    const after = await call(`/images/${encodeURIComponent(key)}`, {}, quick)
    expect(after.status).toBe(404)
  })

  it('keeps a 404 for a few seconds only, without asking the origin again meanwhile', async () => {
    const quick = bindings()
    const fetch = vi.spyOn(edgeOf(quick).origin, 'fetch')
    const path = `/images/${encodeURIComponent(`cache-tests/never-${unique()}.png`)}`
    expect((await callWith(quick, path)).status).toBe(404)
    expect((await callWith(quick, path)).status).toBe(404)
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})

describe('read-your-writes, in this data centre', () => {
  const writer = async () => ({ ...(await bearer(['images:write', 'images:delete'])), 'cf-connecting-ip': `192.0.2.${Math.floor(Math.random() * 250)}` })

  it('a registration is in GET /images/{key} and GET /getall at once, though both were cached', async () => {
    const key = `cache-tests/${unique()}.png`
    await call('/getall')
    expect((await call(`/images/${encodeURIComponent(key)}`)).status).toBe(404)
    expect((await postJson('/images', { FileName: key }, await writer())).status).toBe(201)
    expect((await call(`/images/${encodeURIComponent(key)}`)).status).toBe(200)
    const all = (await (await call('/getall')).json()) as { images: { FileName: string }[] }
    expect(all.images.map((i) => i.FileName)).toContain(key)
  })

  it('a delete is a 404 at once in GET /images/{key} and POST /getitem, and gone from GET /getall', async () => {
    const key = `cache-tests/${unique()}.png`
    await postJson('/images', { FileName: key }, await writer())
    expect((await call(`/images/${encodeURIComponent(key)}`)).status).toBe(200)
    expect((await postJson('/getitem', { FileName: key })).status).toBe(200)
    await call('/getall')
    expect((await call(`/images/${encodeURIComponent(key)}`, { method: 'DELETE', headers: await writer() })).status).toBe(200)
    expect((await call(`/images/${encodeURIComponent(key)}`)).status).toBe(404)
    expect(await (await postJson('/getitem', { FileName: key })).json()).toEqual({ error: 'Item not found' })
    const all = (await (await call('/getall')).json()) as { images: { FileName: string }[] }
    expect(all.images.map((i) => i.FileName)).not.toContain(key)
  })
})

describe("the local stand-in of Cloudflare's purge by tag", () => {
  const purge = (tags: string[], token = env.LOCAL_PURGE_TOKEN, overrides: Partial<Env> = {}) =>
    postJson('/client/v4/zones/local/purge_cache', { tags }, { authorization: `Bearer ${token}` }, overrides)

  it('answers as Cloudflare does and removes every entry carrying a tag', async () => {
    expect((await call('/flagged/frames')).headers.get('x-cache')).toMatch(/MISS|HIT/)
    expect((await call('/flagged/frames')).headers.get('x-cache')).toBe('HIT')
    const res = await purge(['frames-flagged'])
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, errors: [], messages: [], result: { id: 'local' } })
    expect((await call('/flagged/frames')).headers.get('x-cache')).toBe('MISS')
  })

  it('wants its token, and does not exist where none is configured (production)', async () => {
    expect((await purge(['frames-flagged'], 'wrong')).status).toBe(401)
    expect((await purge(['frames-flagged'], '', { LOCAL_PURGE_TOKEN: '' })).status).toBe(404)
  })
})

describe('upstream cost', () => {
  it('makes one origin call for concurrent misses of one key', async () => {
    const fresh = bindings()
    const fetch = vi.spyOn(edgeOf(fresh).origin, 'fetch')
    const path = `/persons?limit=${400 + Math.floor(Math.random() * 100)}`
    const answers = await Promise.all(Array.from({ length: 8 }, () => callWith(fresh, path)))
    for (const res of answers) expect(res.status).toBe(200)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('limits the misses and revalidations a client causes: 429 with Retry-After, and a client within its budget is unaffected', async () => {
    const client = { 'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250)}` }
    let limited: Response | undefined
    for (let i = 0; i < 400 && !limited; i++) {
      const res = await call('/flagged/frames', { headers: { ...client, 'cache-control': 'no-cache' } })
      if (res.status === 429) limited = res
      else expect(res.status).toBe(200)
    }
    expect(limited?.headers.get('retry-after')).toBe('60')
    expect((await call('/flagged/frames', { headers: { 'cf-connecting-ip': '198.51.100.77', 'cache-control': 'no-cache' } })).status).toBe(200)
  })

  it('refuses a cursor this deployment did not hand out, so forged ones fill no cache', async () => {
    const first = (await (await call('/persons?limit=1')).json()) as { nextCursor: string }
    expect(first.nextCursor).toMatch(/^[\w-]+\.[\w-]+$/)
    expect((await call(`/persons?limit=1&cursor=${first.nextCursor}`)).status).toBe(200)
    const [origin] = first.nextCursor.split('.')
    const forged = btoa(JSON.stringify({ personId: 'zz', rankPartition: 'persons', photoCount: 3 })).replaceAll('=', '')
    for (const cursor of [origin, forged, `${forged}.${first.nextCursor.split('.')[1]}`]) {
      const res = await call(`/persons?limit=1&cursor=${cursor}`)
      expect(res.status, cursor).toBe(400)
      expect(await res.json()).toEqual({ error: 'Invalid cursor: is not a cursor this listing returned' })
    }
  })
})
