import { randomUUID } from 'node:crypto'
import { BatchWriteCommand, DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from 'vitest'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import { testStack } from '../stack/testing'

const { config, urls, db } = testStack()

type Person = { personId: string; photoCount: number; repThumbURL: string | null }
type Photo = { photoURL: string | null; thumbURL: string | null }

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${urls.worker}${path}`, { headers: { 'cache-control': 'no-cache' } })
  expect(res.status, path).toBe(200)
  return (await res.json()) as T
}

async function fetchesFromS3(url: string | null) {
  expect(url).toBeTruthy()
  const res = await fetch(url!)
  expect(res.status, url!).toBe(200)
  expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0)
}

describe('People through the whole stack', () => {
  it('every URL of the People grid and of each person’s photos fetches from S3', async () => {
    const { persons } = await json<{ persons: Person[] }>('/persons')
    const demo = persons.filter((p) => p.personId.startsWith('person-'))
    expect(demo.length).toBeGreaterThanOrEqual(4)
    for (const person of demo) {
      await fetchesFromS3(person.repThumbURL)
      const { photos } = await json<{ photos: Photo[] }>(`/persons/${encodeURIComponent(person.personId)}/photos`)
      expect(photos).toHaveLength(person.photoCount)
      for (const photo of photos) {
        await fetchesFromS3(photo.photoURL)
        await fetchesFromS3(photo.thumbURL)
      }
    }
  })

  describe('with 1,000 more people', () => {
    const run = randomUUID().slice(0, 8)
    const ids = Array.from({ length: 1_000 }, (_, i) => `bulk-${run}-${i}`)

    afterAll(async () => {
      for (const personId of ids) await db.send(new DeleteCommand({ TableName: config.tables.persons, Key: { personId } }))
    })

    it('GET /persons returns the true top 100 by photo count', async () => {
      // 300 with large counts hold the top 100; the other 700 have 1 to 3 photos, so the demo
      // people that tests running alongside look for stay within the top 500.
      const count = (i: number) => (i < 300 ? 5 + Math.floor(Math.random() * 5_000) : 1 + (i % 3))
      const items = ids.map((personId, i) => ({ personId, photoCount: count(i), rankPartition: PERSONS_RANK_PARTITION }))
      for (let i = 0; i < items.length; i += 25) {
        await db.send(new BatchWriteCommand({ RequestItems: { [config.tables.persons]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }))
      }
      const all: { personId: string; photoCount: number }[] = []
      let ExclusiveStartKey: Record<string, unknown> | undefined
      do {
        const page = await db.send(new ScanCommand({ TableName: config.tables.persons, ExclusiveStartKey, FilterExpression: 'attribute_exists(rankPartition)' }))
        all.push(...((page.Items ?? []) as typeof all))
        ExclusiveStartKey = page.LastEvaluatedKey
      } while (ExclusiveStartKey)
      const expected = all.map((p) => p.photoCount).sort((a, b) => b - a).slice(0, 100)
      const { persons } = await json<{ persons: Person[] }>('/persons?limit=100')
      expect(persons.map((p) => p.photoCount)).toEqual(expected)
    })
  })
})
