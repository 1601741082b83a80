import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Layout } from '../../contract/layout'
import { applyFaceEvent } from '../../origin-lambda/people/apply-event'
import { facesByPerson } from '../../origin-lambda/reconcile/occurrences'
import { applyFix } from '../../origin-lambda/reconcile/persons'
import type { ObjectChange } from '../../origin-lambda/reconcile/plan'
import { planFaces } from '../../origin-lambda/reconcile/plan-faces'
import { planImages } from '../../origin-lambda/reconcile/plan-images'
import { planPersonFixes } from '../../origin-lambda/reconcile/plan-persons'
import { planPhotos } from '../../origin-lambda/reconcile/plan-photos'
import { LOWEST_SEQUENCER, sequencerAfter } from '../../origin-lambda/reconcile/sequencers'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import { testStack } from '../stack/testing'
import { uniquePrefix } from './seed'

const layout: Layout = { buckets: { frames: 'frames', images: 'images', photos: 'photos', thumbs: 'thumbs' }, imagesPrefix: '', uploadPrefix: 'uploads/' }
const padded = (hex: string) => hex.padEnd(64, '0')
const listed = (bucket: string, ...keys: string[]) => new Map(keys.map((key) => [key, { bucket, key }]))
const byKey = (changes: ObjectChange[]) => [...changes].sort((a, b) => a.key.localeCompare(b.key))
const face = (personId: string, photoId: string, n = 0) => `faces-thumbs/${personId}/${photoId}_face_${n}.png`

describe('the sequencers reconcile writes with', () => {
  /** AWS sequencers: hex of varying length, compared right-padded (events/record.ts pads them to 64). */
  const realSequencer = fc.stringMatching(/^[0-9A-F]{1,40}$/).map(padded)

  it('beat the recorded one and lose to every later real one', () => {
    fc.assert(
      fc.property(realSequencer, realSequencer, (recorded, later) => {
        fc.pre(recorded < later)
        const mine = sequencerAfter(recorded)
        return mine > recorded && mine < later
      }),
    )
  })

  it('order a create where nothing is recorded no higher than any real event, and a change over an item written without events just above that', () => {
    fc.assert(fc.property(realSequencer, (real) => LOWEST_SEQUENCER <= real))
    expect(sequencerAfter(undefined)).toBe(`${'0'.repeat(63)}1`)
  })
})

describe('planning', () => {
  it('images: a record for each object without one (over its tombstone too), a removal for each record whose object is gone; other buckets are left alone', () => {
    const plan = planImages(
      listed('images', 'new.png', 'kept.png', 'reuploaded.png'),
      [
        { FileName: 'kept.png', Bucket: 'images', sequencer: padded('0A') },
        { FileName: 'gone.png', Bucket: 'images', Source: 'API' },
        { FileName: 'reuploaded.png', Bucket: 'images', deleted: true, sequencer: padded('0B') },
        { FileName: 'deleted.png', Bucket: 'images', deleted: true, sequencer: padded('0C') },
        { FileName: 'old.png', Bucket: 'image-upload-demo', Source: 'S3' },
      ],
      layout,
    )
    expect(byKey(plan.changes)).toEqual([
      { action: 'remove', role: 'images', bucket: 'images', key: 'gone.png', recorded: { live: true, sequencer: undefined } },
      { action: 'create', role: 'images', bucket: 'images', key: 'new.png', object: { bucket: 'images', key: 'new.png' } },
      { action: 'create', role: 'images', bucket: 'images', key: 'reuploaded.png', object: { bucket: 'images', key: 'reuploaded.png' }, recorded: { live: false, sequencer: padded('0B') } },
    ])
    expect(plan).toMatchObject({ unchanged: 1, skipped: 1 })
  })

  it('raw photos: one item per photo id; keys without an id, extra extensions and items of other buckets are left alone', () => {
    const plan = planPhotos(
      listed('photos', 'photos-raw/a.jpg', 'photos-raw/a.png', 'photos-raw/nested/b.jpg', 'photos-raw/c.jpg'),
      [
        { photoId: 'a', s3Bucket: 'photos', s3Key: 'photos-raw/a.png' },
        { photoId: 'd', s3Bucket: 'photos', s3Key: 'photos-raw/d.jpg', sequencer: padded('0D') },
        { photoId: 'e', s3Bucket: 'beetroot-raw', s3Key: 'photos-raw/e.jpg' },
      ],
      layout,
    )
    expect(byKey(plan.changes)).toEqual([
      { action: 'create', role: 'photos', bucket: 'photos', key: 'photos-raw/c.jpg', object: { bucket: 'photos', key: 'photos-raw/c.jpg' } },
      { action: 'remove', role: 'photos', bucket: 'photos', key: 'photos-raw/d.jpg', recorded: { live: true, sequencer: padded('0D') } },
    ])
    expect(plan).toMatchObject({ unchanged: 1, skipped: 3 })
  })

  it('faces: old-shaped occurrences are live faces without a sequencer; each person is one lane; faces naming another person are left alone', () => {
    const plan = planFaces(
      listed('thumbs', face('ada', 'p1'), face('ada', 'p2'), 'faces-thumbs/ada/rep.png'),
      [
        { personId: 'ada', photoId: 'p1', thumbKey: face('ada', 'p1') },
        { personId: 'ada', photoId: 'p3', thumbKey: face('ada', 'p3'), photoBucket: 'photos', photoKey: 'photos-raw/p3.jpg' },
        { personId: 'ada', photoId: 'p4', faces: { [face('ada', 'p4')]: { sequencer: padded('0E'), live: false } }, deleted: true },
        { personId: 'ada', photoId: 'p5', thumbKey: face('grace', 'p5') },
      ],
      layout,
    )
    expect(byKey(plan.changes)).toEqual([
      { action: 'create', role: 'thumbs', bucket: 'thumbs', key: face('ada', 'p2'), object: { bucket: 'thumbs', key: face('ada', 'p2') }, lane: 'ada' },
      { action: 'remove', role: 'thumbs', bucket: 'thumbs', key: face('ada', 'p3'), recorded: { live: true, sequencer: undefined }, lane: 'ada' },
    ])
    expect(plan).toMatchObject({ unchanged: 1, skipped: 2 })
  })

  it('persons: old items enter the ranking with the count and a thumbnail Occurrences imply; consistent ones stay as they are', () => {
    const faces = facesByPerson([
      { personId: 'old', photoId: 'p1', thumbKey: face('old', 'p1') },
      { personId: 'old', photoId: 'p2', thumbKey: face('old', 'p2'), faces: { [face('old', 'p2')]: { sequencer: padded('01'), live: true } } },
      { personId: 'old', photoId: 'p3', faces: { [face('old', 'p3')]: { sequencer: padded('02'), live: false } }, deleted: true },
      { personId: 'kept', photoId: 'p1', thumbKey: face('kept', 'p1'), faces: { [face('kept', 'p1')]: { sequencer: padded('03'), live: true }, [face('kept', 'p1', 1)]: { sequencer: padded('04'), live: true } } },
      { personId: 'ok', photoId: 'p1', thumbKey: face('ok', 'p1') },
      { personId: 'orphan', photoId: 'p9', thumbKey: face('orphan', 'p9') },
    ])
    const plan = planPersonFixes(
      [
        { personId: 'old', photoCount: 5, repThumbKey: face('old', 'gone') },
        { personId: 'kept', photoCount: 1, repThumbKey: face('kept', 'p1', 1) },
        { personId: 'ok', photoCount: 1, repThumbKey: face('ok', 'p1'), rankPartition: PERSONS_RANK_PARTITION },
        { personId: 'emptied', photoCount: 3, repThumbKey: face('emptied', 'p1'), rankPartition: PERSONS_RANK_PARTITION },
        { personId: 'never', photoCount: 0 },
      ],
      faces,
    )
    const after = Object.fromEntries(plan.fixes.map((fix) => [fix.personId, { after: fix.after, repOccurrence: fix.repOccurrence }]))
    expect(after).toEqual({
      old: { after: { photoCount: 2, rankPartition: PERSONS_RANK_PARTITION, repThumbKey: face('old', 'p1') }, repOccurrence: { photoId: 'p1', thumbKey: face('old', 'p1') } },
      kept: { after: { photoCount: 1, rankPartition: PERSONS_RANK_PARTITION, repThumbKey: face('kept', 'p1', 1) } },
      emptied: { after: { photoCount: 0 } },
      orphan: { after: { photoCount: 1, rankPartition: PERSONS_RANK_PARTITION, repThumbKey: face('orphan', 'p9') }, repOccurrence: { photoId: 'p9', thumbKey: face('orphan', 'p9') } },
    })
    expect(plan).toMatchObject({ unchanged: 2, skipped: 0 })
  })
})

describe('Persons fixes against DynamoDB Local, while events flow', () => {
  const { config, db } = testStack()
  const { persons, occurrences } = config.tables
  const person = async (personId: string) => (await db.send(new GetCommand({ TableName: persons, Key: { personId }, ConsistentRead: true }))).Item
  const occurrenceItems = async (personId: string) =>
    (await db.send(new QueryCommand({ TableName: occurrences, KeyConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':p': personId }, ConsistentRead: true }))).Items ?? []
  const planFor = async (personId: string) => planPersonFixes([(await person(personId))!], facesByPerson(await occurrenceItems(personId)))
  let sequence = 0
  const event = (kind: 'created' | 'removed', key: string) =>
    applyFaceEvent({ kind, bucket: config.buckets.thumbs, key, sequencer: padded(`0F${(++sequence).toString(16).padStart(8, '0')}`), eventTime: new Date().toISOString() })

  it('a fix loses to an event that changed the person since it was read, and the next run makes it', async () => {
    const personId = uniquePrefix('reconcile-race')
    await db.send(new PutCommand({ TableName: persons, Item: { personId, photoCount: 5, repThumbKey: face(personId, 'gone') } }))
    await db.send(new PutCommand({ TableName: occurrences, Item: { personId, photoId: 'p1', thumbKey: face(personId, 'p1') } }))
    const [fix] = (await planFor(personId)).fixes
    await event('created', face(personId, 'p2'))
    expect(await applyFix(fix!)).toBe('retry')
    expect(await person(personId)).toMatchObject({ photoCount: 6, repThumbKey: face(personId, 'gone') })

    const [next] = (await planFor(personId)).fixes
    expect(await applyFix(next!)).toBe('fixed')
    expect(await person(personId)).toEqual({ personId, photoCount: 2, rankPartition: PERSONS_RANK_PARTITION, repThumbKey: face(personId, 'p1') })
    expect((await planFor(personId)).fixes).toEqual([])
  })

  it('a fix does not make a face removed meanwhile the thumbnail, even when the removal left the person as read', async () => {
    const personId = uniquePrefix('reconcile-thumb')
    await event('created', face(personId, 'p1', 0))
    await event('created', face(personId, 'p1', 1))
    await db.send(new PutCommand({ TableName: persons, Item: { personId, photoCount: 9, repThumbKey: face(personId, 'gone') } }))
    const [fix] = (await planFor(personId)).fixes
    expect(fix?.after.repThumbKey).toBe(face(personId, 'p1', 0))
    await event('removed', face(personId, 'p1', 0))
    expect(await person(personId)).toMatchObject({ photoCount: 9, repThumbKey: face(personId, 'gone') })
    expect(await applyFix(fix!)).toBe('retry')

    const [next] = (await planFor(personId)).fixes
    expect(await applyFix(next!)).toBe('fixed')
    expect(await person(personId)).toMatchObject({ photoCount: 1, repThumbKey: face(personId, 'p1', 1) })
  })
})
