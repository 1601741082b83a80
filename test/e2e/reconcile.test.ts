import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { gatewaySequencer } from '../stack/gateway-sequencer'
import { originEnv } from '../stack/origin'
import { deleteWithoutEvent, putWithoutEvent } from '../stack/posix-objects'
import { s3Endpoint } from '../stack/s3'
import { testStack } from '../stack/testing'

const { config, urls, db } = testStack()
const { images, photos, thumbs } = config.buckets

// The origin's modules read their configuration when they load: point them at the test stack first.
Object.assign(process.env, originEnv(config))
const { reconcile, reconcileS3Client } = await import('../../origin-lambda/reconcile')
const s3 = reconcileS3Client({ region: config.region, endpoint: s3Endpoint(config), credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } })

/** Keys of one test: its own images folder, photo ids and person ids, so the run can be scoped to them. */
function testKeys() {
  const run = `rc${randomUUID().slice(0, 8)}`
  return {
    run,
    image: (name: string) => `${run}/${name}.png`,
    photoId: (name: string) => `${run}-${name}`,
    rawPhoto: (name: string) => `photos-raw/${run}-${name}.png`,
    personId: (name: string) => `${run}-${name}`,
    face: (person: string, photo: string, n = 0) => `faces-thumbs/${run}-${person}/${run}-${photo}_face_${n}.png`,
    scope: { keyPrefixes: [`${run}/`, `photos-raw/${run}-`, `faces-thumbs/${run}-`] },
    prefixArgs: ['--prefix', `${run}/`, '--prefix', `photos-raw/${run}-`, '--prefix', `faces-thumbs/${run}-`],
  }
}

let counter = 0
/** A sequencer as the local gateway's events carry them, later than any made before. */
const realSequencer = () => gatewaySequencer(Date.now(), (++counter).toString(16))

/** Posts an S3 event to the origin, as the gateway's webhook would, and waits until it is applied. */
async function deliverEvent(kind: 'created' | 'removed', bucket: string, key: string) {
  const record = {
    eventName: kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete',
    eventTime: new Date().toISOString(),
    s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key), size: 42, sequencer: realSequencer() } },
  }
  const res = await fetch(`${urls.origin}/_local/s3-events`, {
    method: 'POST',
    headers: { 'x-local-events-secret': config.eventsSecret },
    body: JSON.stringify({ Records: [record] }),
    signal: AbortSignal.timeout(10_000),
  })
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ batchItemFailures: [] })
}

const put = (TableName: string, Item: Record<string, unknown>) => db.send(new PutCommand({ TableName, Item }))

/** A GET through the Worker, past its cache. */
async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${urls.worker}${path}`, { headers: { 'cache-control': 'no-cache' } })
  return { status: res.status, body: await res.json() }
}

const imageStatus = async (key: string) => (await get(`/images/${encodeURIComponent(key)}`)).status

/** The person as `GET /persons` ranks them, following pages until found. */
async function rankedPerson(personId: string) {
  let path: string | undefined = '/persons?limit=500'
  while (path) {
    const { status, body } = await get(path)
    expect(status).toBe(200)
    const found = body.persons.find((p: { personId: string }) => p.personId === personId)
    if (found) return found
    path = body.nextCursor ? `/persons?limit=500&cursor=${encodeURIComponent(body.nextCursor)}` : undefined
  }
  return undefined
}

async function personPhotos(personId: string) {
  const { status, body } = await get(`/persons/${encodeURIComponent(personId)}/photos`)
  expect(status).toBe(200)
  return (body.photos as { photoId: string; photoKey: string | null; thumbKey: string }[]).sort((a, b) => a.photoId.localeCompare(b.photoId))
}

/** `npm run reconcile` against the test stack: the CLI reads the stack's ports as `npm start`'s. */
async function runCli(args: string[]) {
  const env = { ...process.env, S3_PORT: String(config.s3Port), DYNAMODB_PORT: String(config.dynamodbPort), ...(config.externalS3Endpoint ? { S3_ENDPOINT: config.externalS3Endpoint } : {}) }
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'origin-lambda/reconcile/cli.ts', ...args], { env, timeout: 60_000 })
  return stdout
}

describe('npm run reconcile', () => {
  it('makes the routes answer what S3 holds, with events arriving during the run, and a second run changes nothing', { timeout: 90_000 }, async () => {
    const k = testKeys()
    // Images: one never recorded, two records of objects long gone, one of another bucket (left alone).
    putWithoutEvent(config, images, k.image('undelivered'))
    await put(config.tables.images, { FileName: k.image('registered-gone'), Bucket: images, Source: 'API', Timestamp: '2024-01-01T00:00:00Z' })
    await put(config.tables.images, { FileName: k.image('evented-gone'), Bucket: images, Source: 'S3', Timestamp: '2024-01-01T00:00:00Z', sequencer: realSequencer().padEnd(64, '0') })
    await put(config.tables.images, { FileName: k.image('foreign'), Bucket: 'old-image-upload-bucket', Source: 'S3', Timestamp: '2024-01-01T00:00:00Z' })
    // Seen by the listing, deleted during the run; recorded but gone, uploaded again during the run.
    putWithoutEvent(config, images, k.image('deleted-during-run'))
    await put(config.tables.images, { FileName: k.image('recreated-during-run'), Bucket: images, Source: 'API', Timestamp: '2024-01-01T00:00:00Z' })

    // Raw photos: p1 never recorded, p2 recorded by the old system, p3 recorded but gone.
    putWithoutEvent(config, photos, k.rawPhoto('p1'))
    putWithoutEvent(config, photos, k.rawPhoto('p2'))
    await put(config.tables.photos, { photoId: k.photoId('p2'), s3Bucket: photos, s3Key: k.rawPhoto('p2') })
    await put(config.tables.photos, { photoId: k.photoId('p3'), s3Bucket: photos, s3Key: k.rawPhoto('p3') })

    // A person of the old system: no rankPartition, a count and a thumbnail that no longer hold,
    // old-shaped occurrences (one of a face gone), and a face it never recorded.
    const old = k.personId('old')
    await put(config.tables.persons, { personId: old, photoCount: 7, repThumbKey: k.face('old', 'gone') })
    await put(config.tables.occurrences, { personId: old, photoId: k.photoId('p1'), thumbKey: k.face('old', 'p1') })
    await put(config.tables.occurrences, { personId: old, photoId: k.photoId('p2'), thumbKey: k.face('old', 'p2'), photoBucket: photos, photoKey: k.rawPhoto('p2') })
    await put(config.tables.occurrences, { personId: old, photoId: k.photoId('gone'), thumbKey: k.face('old', 'gone') })
    for (const photo of ['p1', 'p2']) putWithoutEvent(config, thumbs, k.face('old', photo))
    putWithoutEvent(config, thumbs, k.face('old', 'p4', 1))
    // A person whose faces were never recorded; one face is deleted during the run.
    const fresh = k.personId('new')
    for (const photo of ['p1', 'p3', 'p5']) putWithoutEvent(config, thumbs, k.face('new', photo))

    const duringRun = async () => {
      deleteWithoutEvent(config, images, k.image('deleted-during-run'))
      await deliverEvent('removed', images, k.image('deleted-during-run'))
      putWithoutEvent(config, images, k.image('recreated-during-run'))
      await deliverEvent('created', images, k.image('recreated-during-run'))
      putWithoutEvent(config, images, k.image('created-during-run'))
      await deliverEvent('created', images, k.image('created-during-run'))
      deleteWithoutEvent(config, thumbs, k.face('new', 'p5'))
      await deliverEvent('removed', thumbs, k.face('new', 'p5'))
    }
    const summary = await reconcile({ s3, scope: k.scope, report: { phase: (phase) => (phase === 'applying' ? duringRun() : undefined) } })
    // Created: the undelivered image, photo p1, the faces old/p4, new/p1 and new/p3. Removed: two
    // images, photo p3, the face old/gone. Fixed: the old person's count. Skipped: the foreign image.
    expect(summary).toMatchObject({ created: 5, removed: 4, fixed: 1, skipped: 1, failed: 0, retryNextRun: 0 })

    const undelivered = await get(`/images/${encodeURIComponent(k.image('undelivered'))}`)
    expect(undelivered.status).toBe(200)
    expect(undelivered.body.image).toMatchObject({ FileName: k.image('undelivered'), Bucket: images, Source: 'S3' })
    expect((await fetch(undelivered.body.image.url)).status).toBe(200)
    for (const gone of ['registered-gone', 'evented-gone', 'deleted-during-run']) expect(await imageStatus(k.image(gone)), gone).toBe(404)
    for (const there of ['recreated-during-run', 'created-during-run']) expect(await imageStatus(k.image(there)), there).toBe(200)
    const all = await get('/getall')
    const ours = all.body.images.map((image: { FileName: string }) => image.FileName).filter((key: string) => key.startsWith(`${k.run}/`))
    expect(ours.sort()).toEqual(['created-during-run', 'foreign', 'recreated-during-run', 'undelivered'].map(k.image))

    const oldFaces = [k.face('old', 'p1'), k.face('old', 'p2'), k.face('old', 'p4', 1)]
    const ranked = await rankedPerson(old)
    expect(ranked).toMatchObject({ personId: old, photoCount: 3 })
    expect(oldFaces).toContain(ranked.repThumbKey)
    expect((await fetch(ranked.repThumbURL)).status).toBe(200)
    expect(await personPhotos(old)).toMatchObject([
      { photoId: k.photoId('p1'), photoKey: k.rawPhoto('p1'), thumbKey: k.face('old', 'p1') },
      { photoId: k.photoId('p2'), photoKey: k.rawPhoto('p2'), thumbKey: k.face('old', 'p2') },
      { photoId: k.photoId('p4'), photoKey: null, thumbKey: k.face('old', 'p4', 1) },
    ])
    expect(await rankedPerson(fresh)).toMatchObject({ photoCount: 2 })
    expect(await personPhotos(fresh)).toMatchObject([
      { photoId: k.photoId('p1'), photoKey: k.rawPhoto('p1') },
      { photoId: k.photoId('p3'), photoKey: null },
    ])

    const again = await runCli(k.prefixArgs)
    expect(again).toContain('0 changes: created 0, removed 0, fixed 0; skipped 1,')
    expect(again).toContain('failed 0')
  })

  it('--dry-run prints each change it would make and changes nothing', async () => {
    const k = testKeys()
    putWithoutEvent(config, images, k.image('undelivered'))
    await put(config.tables.images, { FileName: k.image('gone'), Bucket: images, Source: 'API', Timestamp: '2024-01-01T00:00:00Z' })
    await put(config.tables.persons, { personId: k.personId('empty'), photoCount: 2, repThumbKey: k.face('empty', 'p1'), rankPartition: 'persons' })

    const changeLines = (stdout: string) => stdout.split('\n').filter((line) => /^(create|remove|fix) /.test(line)).sort()
    const dryRun = await runCli(['--dry-run', ...k.prefixArgs])
    expect(changeLines(dryRun)).toEqual([
      `create images ${images}/${k.image('undelivered')}`,
      `fix person ${k.personId('empty')}: photoCount 2 → 0, rankPartition removed, repThumbKey ${k.face('empty', 'p1')} → none`,
      `remove images ${images}/${k.image('gone')}`,
    ])
    expect(dryRun).toContain('3 changes to make: created 1, removed 1, fixed 1')
    // Nothing changed: a second dry run finds the same changes to make. (The gone image is not
    // read through the Worker here: its cache would keep serving that 200 after the real run,
    // since the Worker treats the origin's 404 on revalidation as a failure.)
    expect(changeLines(await runCli(['--dry-run', ...k.prefixArgs]))).toEqual(changeLines(dryRun))
    expect(await imageStatus(k.image('undelivered'))).toBe(404)
    expect(await rankedPerson(k.personId('empty'))).toMatchObject({ photoCount: 2 })

    expect(await runCli(k.prefixArgs)).toContain('3 changes: created 1, removed 1, fixed 1')
    expect(await imageStatus(k.image('undelivered'))).toBe(200)
    expect(await imageStatus(k.image('gone'))).toBe(404)
    expect(await rankedPerson(k.personId('empty'))).toBeUndefined()
  })

  it('a run past its deadline starts no change and leaves them all for the next run', async () => {
    const k = testKeys()
    putWithoutEvent(config, images, k.image('undelivered'))
    const late = await reconcile({ s3, scope: k.scope, deadline: Date.now() })
    expect(late).toMatchObject({ created: 0, unfinished: 1 })
    expect(await imageStatus(k.image('undelivered'))).toBe(404)
    expect(await reconcile({ s3, scope: k.scope })).toMatchObject({ created: 1, unfinished: 0 })
  })
})
