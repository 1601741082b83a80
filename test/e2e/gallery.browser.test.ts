/**
 * The web gallery (worker/public) in Debian's Chromium, against the Worker of the test stack:
 * every page's images load, uploads and deletes work end to end, and presigned image URLs are
 * served from the browser's cache on reload.
 */
import { mkdirSync } from 'node:fs'
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { demo, large } from '../stack/demo-data'
import { gradientPng } from '../stack/png'
import { testStack } from '../stack/testing'
import { localToken } from '../stack/token'

const { config, urls } = testStack()
/** Tests write into the git-ignored .data; `npm run screenshot` points this at the README's copy. */
const screenshots = process.env.SCREENSHOT_DIR ?? '.data/screenshots'

let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
})
afterAll(() => browser?.close())
// The gallery is served with a strict CSP: whatever a test did, nothing of the page broke it.
afterEach(async () => {
  expect(violations.splice(0)).toEqual([])
  await context?.close()
})

/** CSP violations the browser reported in the current test. */
const violations: string[] = []

// A fresh context per test: its own HTTP cache and localStorage.
async function newPage(): Promise<void> {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  // Fail within the test's own timeout, with Playwright's message rather than vitest's.
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
  })
}

async function open(hash: string): Promise<void> {
  await newPage()
  await page.goto(`${urls.worker}/${hash}`)
}

type Loaded = { src: string; naturalWidth: number }

/**
 * Waits until every image in the viewport has finished loading (lazy ones below it are not
 * requested at all) and returns them; a broken one has `naturalWidth` 0.
 */
async function imagesInView(p: Page): Promise<Loaded[]> {
  const handle = await p.waitForFunction(() => {
    const inView = [...document.images].filter((img) => {
      const box = img.getBoundingClientRect()
      return img.checkVisibility() && box.width > 0 && box.bottom > 0 && box.top < innerHeight
    })
    return inView.length > 0 && inView.every((img) => img.complete) && inView.map((img) => ({ src: img.currentSrc, naturalWidth: img.naturalWidth }))
  })
  return (await handle.jsonValue()) as Loaded[]
}

function expectAllLoaded(images: Loaded[], count: number) {
  expect(images).toHaveLength(count)
  for (const image of images) {
    expect(image.src.startsWith(urls.s3), image.src).toBe(true)
    expect(image.naturalWidth, image.src).toBeGreaterThan(0)
  }
}

type Person = { personId: string; photoCount: number }

/** The People grid as the API lists it: the page must show exactly this, in this order. */
async function listedPeople(): Promise<Person[]> {
  const res = await fetch(`${urls.worker}/persons`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { persons: Person[] }).persons
}

describe('People', () => {
  it('shows everyone the API lists, with a face and a photo count each', async () => {
    const people = await listedPeople()
    expect(people.map((p) => p.personId).sort()).toEqual(Object.keys(demo.people).sort())
    await open('#/people')
    const cards = page.locator('.people .card')
    await expect.poll(() => cards.count()).toBe(people.length)
    expect(await cards.locator('.caption').evaluateAll((captions) => captions.map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ')))).toEqual(
      people.map((p) => `${p.personId} ${p.photoCount} photo${p.photoCount === 1 ? '' : 's'}`),
    )
    expectAllLoaded(await imagesInView(page), people.length)
    mkdirSync(screenshots, { recursive: true })
    // Down to the end of the page's content, without the empty viewport below it.
    const main = (await page.locator('main').boundingBox())!
    await page.screenshot({ path: `${screenshots}/people-grid.png`, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(main.y + main.height) } })
  })

  it("opens a person's photos, and a photo full size", async () => {
    const [first] = await listedPeople()
    const personId = first!.personId
    const photos = demo.people[personId as keyof typeof demo.people]
    await open('#/people')
    await page.locator('.people .card').first().click()
    expect(page.url()).toBe(`${urls.worker}/#/people/${personId}`)
    const cards = page.locator('.grid .card')
    await expect.poll(() => cards.count()).toBe(photos.length)
    expect((await cards.locator('.caption').allTextContents()).sort()).toEqual([...photos].sort())
    expectAllLoaded(await imagesInView(page), photos.length)
    await cards.first().click()
    const full = page.locator('#lightbox img')
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
  })
})

describe('Frames', () => {
  it('walks devices → batches → frames', async () => {
    const [device, batches] = Object.entries(demo.devices)[0]!
    await open('#/devices')
    await page.getByRole('link', { name: device, exact: true }).click()
    await expect.poll(() => page.locator('.links a').allTextContents()).toEqual(batches)
    await page.getByRole('link', { name: batches[0], exact: true }).click()
    await expect.poll(() => page.locator('.frames .card').count()).toBe(demo.framesPerBatch)
    expectAllLoaded(await imagesInView(page), demo.framesPerBatch)
    expect(await page.locator('.more').isHidden()).toBe(true)
  })

  it('pages through a long batch with "Load more"', async ({ skip }) => {
    if (config.externalS3Endpoint) skip('the long listing is seeded into the local gateway only')
    await open(`#/devices/${large.batchDevice}/${large.batch}`)
    const cards = page.locator('.frames .card')
    // The first answer lists all 2,500 keys from S3 (three ListObjectsV2 pages) before paging them.
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(48)
    await page.getByRole('button', { name: 'Load more frames' }).click()
    await expect.poll(() => cards.count()).toBe(96)
  })

  it('shows the flagged frames', async () => {
    await open('#/flagged')
    await expect.poll(() => page.locator('.frames .card').count()).toBe(demo.flaggedFrames)
    expectAllLoaded(await imagesInView(page), demo.flaggedFrames)
  })

  it('shows a placeholder, not a broken image, when storage fails', async () => {
    await newPage()
    await page.route(`${urls.s3}/**`, (route) => route.abort())
    await page.goto(`${urls.worker}/#/flagged`)
    await expect.poll(() => page.locator('.pic.failed').count()).toBe(demo.flaggedFrames)
    expect(await page.locator('.pic.failed img').first().isHidden()).toBe(true)
  })

  it('says what went wrong when the API answers an error', async () => {
    await open('#/devices/no-such-device')
    await expect.poll(() => page.locator('.status.error').textContent()).toContain('Device not found: no-such-device')
    expect(await page.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true)
  })
})

describe('Images', () => {
  const png = gradientPng(120, 80, [30, 90, 200], [250, 200, 40])

  async function openWithToken() {
    await open('#/images')
    await page.getByText('API token').click()
    await page.getByLabel('Bearer token for uploads and deletes').fill(await localToken(['images:write', 'images:delete']))
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('#token-state').textContent()).toBe('(set)')
    await expect.poll(() => page.locator('.images tbody tr').count()).toBeGreaterThanOrEqual(demo.images.length)
  }

  /** The table row of an upload named `name` (its key is `uploads/<date>/<uuid>-<name>`). */
  const uploadedRow = (name: string) => page.locator(`.images tbody tr[data-key^="uploads/"][data-key$="-${name}"]`)

  it('uploads a picked file with a progress bar; the new row shows its thumbnail; delete removes it', async () => {
    await openWithToken()
    await page.locator('.dropzone input[type=file]').setInputFiles({ name: 'picked.png', mimeType: 'image/png', buffer: png })
    await expect.poll(() => page.locator('.uploads li.done').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('.uploads progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(1)
    const row = uploadedRow('picked.png')
    await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1)
    expect(await row.locator('td.num').textContent()).toBe(`${(png.length / 1024).toFixed(1).replace(/\.0$/, '')} KB`)
    await expect.poll(() => row.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120)

    page.once('dialog', (dialog) => dialog.accept())
    await row.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => row.count()).toBe(0)
    expect(await page.getByText(/^Deleted uploads\//).isVisible()).toBe(true)
  })

  it('uploads a dropped file', async () => {
    await openWithToken()
    const files = await page.evaluateHandle((bytes) => {
      const data = new DataTransfer()
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }))
      return data
    }, [...png])
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: files })
    const row = uploadedRow('dropped.png')
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => row.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120)
    page.once('dialog', (dialog) => dialog.accept())
    await row.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => row.count()).toBe(0)
  })

  it('keeps a row whose delete was not confirmed, and says why an upload without a token fails', async () => {
    await open('#/images')
    const first = page.locator('.images tbody tr').first()
    await expect.poll(() => first.count()).toBe(1)
    page.once('dialog', (dialog) => dialog.dismiss())
    await first.getByRole('button', { name: 'Delete' }).click()
    expect(await first.isVisible()).toBe(true)
    await page.locator('.dropzone input[type=file]').setInputFiles({ name: 'anonymous.png', mimeType: 'image/png', buffer: png })
    await expect.poll(() => page.locator('.uploads li.failed').textContent()).toContain('set an API token')
  })
})

/** What became of one request to S3, from the DevTools protocol: Playwright does not say whether a response came from the cache. */
type S3Fetch = { url: string; status?: number; fromCache?: boolean; cacheControl?: string }

/** Records the page's requests to S3 from now on, by request id. */
async function recordS3Fetches(): Promise<Map<string, S3Fetch>> {
  const fetches = new Map<string, S3Fetch>()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  cdp.on('Network.requestWillBeSent', (e) => e.request.url.startsWith(urls.s3) && fetches.set(e.requestId, { url: e.request.url }))
  // A memory-cache hit is announced by this event, a disk-cache hit by `fromDiskCache`.
  cdp.on('Network.requestServedFromCache', (e) => Object.assign(fetches.get(e.requestId) ?? {}, { fromCache: true }))
  cdp.on('Network.responseReceived', (e) => {
    const fetch = fetches.get(e.requestId)
    if (!fetch) return
    const cacheControl = Object.entries(e.response.headers).find(([name]) => name.toLowerCase() === 'cache-control')?.[1]
    Object.assign(fetch, { status: e.response.status, fromCache: fetch.fromCache || e.response.fromDiskCache, cacheControl })
  })
  return fetches
}

/**
 * Loads the flagged frames and reloads the page, recording what reached S3 each time. If a
 * signing window ends between the two loads the URLs differ, so it tries once more.
 */
async function loadAndReload() {
  for (let attempt = 1; ; attempt++) {
    await newPage()
    const fetches = await recordS3Fetches()
    const load = async () => {
      await expect.poll(() => page.locator('.frames .card').count()).toBe(demo.flaggedFrames)
      const images = await imagesInView(page)
      const seen = [...fetches.values()]
      fetches.clear()
      return { images, fetches: seen }
    }
    await page.goto(`${urls.worker}/#/flagged`)
    const first = await load()
    await page.reload()
    const again = await load()
    const urlsOf = (images: Loaded[]) => images.map((i) => i.src).sort()
    if (attempt === 2 || urlsOf(first.images).join() === urlsOf(again.images).join()) return { first, again, urlsOf }
    await context.close()
  }
}

describe('HTTP caching of presigned image URLs', () => {
  it('a reload within the signing window gets the same URLs and downloads no image again', async () => {
    const { first, again, urlsOf } = await loadAndReload()
    expectAllLoaded(again.images, demo.flaggedFrames)
    expect(urlsOf(again.images)).toEqual(urlsOf(first.images))
    expect(again.fetches.map((f) => f.url).sort()).toEqual(urlsOf(again.images))
    // Each image comes from the cache or is revalidated with a 304, which carries no body.
    expect(again.fetches.filter((f) => !f.fromCache && f.status !== 304)).toEqual([])
  })

  // S3 sends no Cache-Control of its own, so without one a browser revalidates recent objects on
  // every reload; presigned GETs carry a signed `response-cache-control`, which S3 answers with.
  it('S3 answers images with a freshness lifetime, so a reload sends no request to S3 at all', async () => {
    const { first, again } = await loadAndReload()
    expect(first.fetches).toHaveLength(demo.flaggedFrames)
    for (const fetch of first.fetches) expect(fetch.cacheControl, fetch.url).toMatch(/max-age=[1-9]/)
    expect(again.fetches.filter((f) => !f.fromCache)).toEqual([])
  })
})
