/**
 * What the bench and the load test share: a local stack on ports of their own (so neither
 * clashes with `npm start`, `npm test` or the other), the data they read, and the machine label
 * every absolute figure carries.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { framePrefixes } from '../../contract/layout'
import { PERSONS_RANK_PARTITION } from '../../origin-lambda/tables'
import { type StackConfig, startConfig } from '../stack/config'
import { dynamodbClient } from '../stack/dynamodb'
import { gradientPng } from '../stack/png'
import { putWithoutEvent } from '../stack/posix-objects'

/** `base` shifts every port, so the bench (21000) and the load test (23000) can run side by side. */
export function benchConfig(name: string, base: number): StackConfig {
  return {
    ...startConfig(process.env),
    workerPort: base + 8787,
    originPort: base + 8790,
    s3Port: base + 7070,
    dynamodbPort: base + 8000,
    dataDir: `.data/${name}-${process.pid}`,
    // In memory, and the data folder is removed when the stack stops.
    persistDynamodb: false,
  }
}

export const BENCH_DEVICE = 'bench-device'
/** Batches named by their size: `batch_10`, `batch_100`, `batch_1000`. */
export const batchOf = (frames: number) => `batch_${frames}`
export const PERSONS = 600

/**
 * Persons ranked by photo count, more than the largest page (500), each with a thumbnail key
 * the Worker may sign. Counts are spread so the sort has real work to do.
 */
export async function seedPersons(config: StackConfig, count = PERSONS): Promise<void> {
  const db = DynamoDBDocumentClient.from(dynamodbClient(config))
  const items = Array.from({ length: count }, (_, i) => ({
    personId: `bench-person-${String(i).padStart(4, '0')}`,
    photoCount: ((i * 7_919) % 997) + 1,
    repThumbKey: `faces-thumbs/bench-person-${i}/face_0.png`,
    rankPartition: PERSONS_RANK_PARTITION,
  }))
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [config.tables.persons]: batch } }))
    if (Object.keys(UnprocessedItems ?? {}).length) throw new Error('DynamoDB Local left items of a BatchWrite unprocessed')
  }
}

/**
 * Frames of `bench-device`, one batch per size. Written straight into versitygw's posix folder
 * (a file is an object there), as test/stack's seedLargeListings does: 1,110 PUTs would cost
 * seconds, and must be sequential anyway because versitygw 1.8 garbles events of concurrent PUTs.
 */
export function seedFrames(config: StackConfig, sizes: number[]): void {
  const png = gradientPng(2, 2, [0, 0, 0], [255, 255, 255])
  for (const size of sizes) {
    const batch = framePrefixes.batchFrames(BENCH_DEVICE, batchOf(size))
    for (let f = 0; f < size; f++) putWithoutEvent(config, config.buckets.frames, `${batch}frame_${String(f).padStart(4, '0')}.png`, png)
  }
}

export type Machine = { cpu: string; cores: number; memoryGiB: number; os: string; node: string }

/** The 1-minute load average: other processes on the machine skew every absolute figure. */
export const load = () => Number(loadavg()[0]?.toFixed(1))

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  }
}

export const machineLabel = (m: Machine) => `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}`

/** Seconds from an env var (LOAD_SECONDS, BENCH_SECONDS) for a quick check, else the default. */
export function secondsFrom(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/** Percentile of unsorted samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(resolve(path, '..'), { recursive: true })
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
}

/** A fixed-width text table: first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}
