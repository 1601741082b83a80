import { randomUUID } from 'node:crypto'
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { SQSEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { handleS3Events } from '../../origin-lambda/events'
import { PERSONS_RANK_PARTITION, tables as definitions } from '../../origin-lambda/tables'
import { testStack } from '../stack/testing'

const { config, db } = testStack()
const tables = config.tables

/** 4 persons × 10 photos × 5 faces: 200 face thumbnails, several of one person in each photo. */
const PERSONS = 4
const PHOTOS = 10
const FACES = 5
/** SQS batches of 10 messages, this many in flight at once: up to 4 × 8 records applied side by side. */
const BATCHES_IN_FLIGHT = 4
/** SQS delivers a failed message again; a record may lose this many rounds of write races. */
const REDELIVERIES = 5

type Kind = 'created' | 'removed'
type Thumb = { personIndex: number; photo: string; key: (run: string) => string }
type Delivery = { thumb: number; kind: Kind; sequencer: string }

const thumbs: Thumb[] = Array.from({ length: PERSONS * PHOTOS * FACES }, (_, i) => {
  const personIndex = i % PERSONS
  const photo = `photo-${Math.floor(i / PERSONS) % PHOTOS}`
  const face = Math.floor(i / (PERSONS * PHOTOS))
  return { personIndex, photo, key: (run) => `faces-thumbs/${personId(run, personIndex)}/${photo}_face_${face}.jpg` }
})
const personId = (run: string, index: number) => `prop-${run}-${index}`

/**
 * What S3 did to each thumbnail, in order (0 to 3 puts and deletes), and how many times SQS
 * delivers each resulting event (1 to 3).
 */
const s3Histories = fc.array(fc.array(fc.record({ kind: fc.constantFrom<Kind>('created', 'removed'), copies: fc.integer({ min: 1, max: 3 }) }), { maxLength: 3 }), {
  minLength: thumbs.length,
  maxLength: thumbs.length,
})

/** Every delivery of every event, in an arbitrary order. */
const scenarios = s3Histories.chain((histories) => {
  const deliveries = histories.flatMap((history, thumb) =>
    history.flatMap(({ kind, copies }, step) => Array.from({ length: copies }, (): Delivery => ({ thumb, kind, sequencer: sequencerOf(step) }))),
  )
  return fc.tuple(fc.constant(histories), fc.shuffledSubarray(deliveries, { minLength: deliveries.length }))
})

/** Later operations on one key get higher sequencers; lengths differ to exercise AWS's right-padding rule. */
function sequencerOf(step: number): string {
  return ['0A', '0A8', '0B1C'][step] ?? 'FF'
}

function sqsBatch(run: string, deliveries: Delivery[]): SQSEvent {
  const Records = deliveries.map(({ thumb, kind, sequencer }, i) => {
    const key = encodeURIComponent(thumbs[thumb]!.key(run))
    const record = { eventName: kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete', s3: { bucket: { name: config.buckets.thumbs }, object: { key, sequencer } } }
    return { messageId: `m${i}`, body: JSON.stringify({ Records: [record] }) }
  })
  return { Records: Records as SQSEvent['Records'] }
}

/** Delivers like SQS: batches of 10 side by side, failed messages again until none fail. */
async function deliver(run: string, deliveries: Delivery[]) {
  let pending = deliveries
  for (let round = 0; pending.length; round++) {
    if (round > REDELIVERIES) throw new Error(`${pending.length} messages still failing after ${REDELIVERIES} redeliveries`)
    const batches = Array.from({ length: Math.ceil(pending.length / 10) }, (_, i) => pending.slice(i * 10, i * 10 + 10))
    const failed: Delivery[] = []
    for (let i = 0; i < batches.length; i += BATCHES_IN_FLIGHT) {
      await Promise.all(
        batches.slice(i, i + BATCHES_IN_FLIGHT).map(async (batch) => {
          const { batchItemFailures } = await handleS3Events(sqsBatch(run, batch))
          for (const { itemIdentifier } of batchItemFailures) failed.push(batch[Number(itemIdentifier.slice(1))]!)
        }),
      )
    }
    pending = failed
  }
}

/** What the final S3 state implies: per person, the live thumbnails of each photo. */
function expectedLiveFaces(run: string, histories: { kind: Kind }[][]): Map<string, Map<string, Set<string>>> {
  const persons = new Map(Array.from({ length: PERSONS }, (_, p) => [personId(run, p), new Map<string, Set<string>>()]))
  histories.forEach((history, i) => {
    if (history.at(-1)?.kind !== 'created') return
    const thumb = thumbs[i]!
    const photos = persons.get(personId(run, thumb.personIndex))!
    photos.set(thumb.photo, (photos.get(thumb.photo) ?? new Set()).add(thumb.key(run)))
  })
  return persons
}

async function occurrencesOf(person: string) {
  const { Items = [] } = await db.send(
    new QueryCommand({ TableName: tables.occurrences, KeyConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':p': person }, ConsistentRead: true }),
  )
  return Items
}

async function rankedPersonIds(run: string): Promise<string[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tables.persons,
      IndexName: definitions.persons.globalIndexes[0].indexName,
      KeyConditionExpression: 'rankPartition = :r AND photoCount > :zero',
      FilterExpression: 'begins_with(personId, :prefix)',
      ExpressionAttributeValues: { ':r': PERSONS_RANK_PARTITION, ':zero': 0, ':prefix': `prop-${run}-` },
    }),
  )
  return Items.map((item) => item.personId as string).sort()
}

async function expectTablesToMatch(run: string, expected: Map<string, Map<string, Set<string>>>) {
  for (const [person, photos] of expected) {
    const item = (await db.send(new GetCommand({ TableName: tables.persons, Key: { personId: person }, ConsistentRead: true }))).Item
    const liveThumbs = new Set([...photos.values()].flatMap((keys) => [...keys]))
    expect(item?.photoCount ?? 0).toBe(photos.size)
    expect(item?.rankPartition).toBe(photos.size ? PERSONS_RANK_PARTITION : undefined)
    if (photos.size) expect([...liveThumbs]).toContain(item?.repThumbKey)
    else expect(item?.repThumbKey).toBeUndefined()
    for (const occurrence of await occurrencesOf(person)) {
      const live = photos.get(occurrence.photoId as string) ?? new Set<string>()
      const recorded = Object.entries((occurrence.faces ?? {}) as Record<string, { live: boolean }>).filter(([, face]) => face.live)
      expect(new Set(recorded.map(([key]) => key))).toEqual(live)
      if (live.size) expect([...live]).toContain(occurrence.thumbKey)
      else expect([occurrence.deleted, occurrence.thumbKey]).toEqual([true, undefined])
    }
    const shown = (await occurrencesOf(person)).filter((o) => !o.deleted).map((o) => o.photoId as string)
    expect(shown.sort()).toEqual([...photos.keys()].sort())
  }
  const ranked = [...expected].filter(([, photos]) => photos.size).map(([person]) => person)
  expect(await rankedPersonIds(run)).toEqual(ranked.sort())
}

describe('face thumbnail events, property', () => {
  it(
    'any interleaving of creates, deletes and duplicates of 200 thumbnails leaves the counts, thumbnails and occurrences the final S3 state implies',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarios, async ([histories, deliveries]) => {
          const run = randomUUID().slice(0, 8)
          await deliver(run, deliveries)
          await expectTablesToMatch(run, expectedLiveFaces(run, histories))
        }),
        { numRuns: 6, endOnFailure: true },
      )
    },
    120_000,
  )
})
