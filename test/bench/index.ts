/**
 * `npm run bench`: what presigning at the edge costs and buys, measured in one run on this
 * machine against a local stack the bench starts on its own ports (21000 + the usual ones).
 *
 *  1. signing cost per URL: aws4fetch, the project's signer cold and warm, the AWS SDK presigner
 *  2. GET /persons and a batch's frames listing through the edge (wrangler dev) with a warm and
 *     a cold cache, against the old-style path (old-style.ts), at 10, 100 and 500/1,000 items
 *  3. S3 events ingested into DynamoDB Local per second
 *
 * Writes .data/bench/results.json, and test/bench/results/{latest.json,chart.svg} for the README.
 * BENCH_SECONDS (default 10) is the run length of the 100-item cases; the others get a quarter.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { startStack } from '../stack/index'
import { ProcessGroup } from '../stack/processes'
import { startWorker } from '../stack/worker'
import { benchChart } from './chart'
import { type Figures, hammer } from './hammer'
import { measureIngestion } from './ingest'
import { startOldStyle } from './old-style'
import { measure, type Row, webCases } from './signing'
import { BENCH_DEVICE, batchOf, benchConfig, load, machine, machineLabel, secondsFrom, seedFrames, seedPersons, table, writeJson } from './stack'

const CONNECTIONS = 16
const BASE = 21_000
const seconds = secondsFrom('BENCH_SECONDS', 10)
const shortSeconds = Math.max(1, Math.floor(seconds / 4))

const targets = ['edge, warm cache', 'edge, cold cache', 'old-style'] as const
type Target = (typeof targets)[number]
const cases = [
  ...[10, 100, 500].map((items) => ({ route: 'persons', items, path: `/persons?limit=${items}` })),
  ...[10, 100, 1000].map((items) => ({ route: 'frames', items, path: `/devices/${BENCH_DEVICE}/batches/${batchOf(items)}/frames?limit=${items}` })),
]

/** The SDK presigner as a case of signing.ts's `measure`, with the same kind of keys and batch of 100. */
async function sdkCase() {
  const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3')
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner')
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
  const client = new S3Client({ region: 'us-east-1', endpoint: 'https://s3.us-east-1.amazonaws.com', forcePathStyle: true, credentials })
  return {
    name: '@aws-sdk/s3-request-presigner getSignedUrl',
    batch: (round: number) =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) => getSignedUrl(client, new GetObjectCommand({ Bucket: 'frames', Key: `device-${round % 97}/batch ${round}/frame ${i}.jpg` }), { expiresIn: 3600 })),
      ),
  }
}

/** Fails unless two requests in a row to the cold-cache Worker both miss the cache. */
async function assertCold(url: string) {
  for (let i = 0; i < 2; i++) {
    const res = await fetch(url)
    await res.body?.cancel()
    if (res.headers.get('x-cache') !== 'MISS') throw new Error(`${url} answered X-Cache ${res.headers.get('x-cache')}, not MISS`)
  }
}

async function main() {
  const started = performance.now()
  const host = machine()
  const loadAtStart = load()
  console.log(`Bench on ${machineLabel(host)}; ${CONNECTIONS} connections, ${seconds} s per 100-item case, ${shortSeconds} s per other\n`)

  // Signing first, before this run's own stack competes for the CPUs.
  const signing: Row[] = await measure([...webCases(), await sdkCase()])
  console.log('Signing measured; starting the stack')

  const config = benchConfig('bench', BASE)
  const stack = await startStack(config)
  const extra = new ProcessGroup()
  try {
    await seedPersons(config)
    seedFrames(config, [10, 100, 1000])
    // A second Worker whose cache entries are stale at once (TTLs of 1 ms: the config refuses 0),
    // so every request lists S3 or asks the origin: the edge with a cold cache, at steady state.
    const coldPort = BASE + 8788
    const oldPort = BASE + 8791
    await startWorker({ ...config, workerPort: coldPort, dataDir: `${config.dataDir}/cold-worker`, workerOverrides: { LISTING_TTL: '0.001', METADATA_TTL: '0.001', MAX_STALE: '0.001' } }, extra)
    await startOldStyle(config, oldPort, extra)
    const base: Record<Target, string> = {
      'edge, warm cache': stack.urls.worker,
      'edge, cold cache': `http://127.0.0.1:${coldPort}`,
      'old-style': `http://127.0.0.1:${oldPort}`,
    }
    for (const c of cases) await assertCold(base['edge, cold cache'] + c.path)

    const http: { route: string; items: number; target: Target; figures: Figures }[] = []
    for (const c of cases) {
      for (const target of targets) {
        const figures = await hammer(base[target] + c.path, { connections: CONNECTIONS, seconds: c.items === 100 ? seconds : shortSeconds })
        http.push({ route: c.route, items: c.items, target, figures })
        console.log(`${c.route} ×${c.items} ${target}: p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${Math.round(figures.rps)} req/s`)
      }
    }

    const ingestion = await measureIngestion(config, { seconds: Math.min(5, Math.max(1, seconds / 2)), batchSize: 10, concurrency: 16 })
    if (ingestion.stored !== ingestion.events) throw new Error(`${ingestion.events - ingestion.stored} of ${ingestion.events} ingested events are not in DynamoDB`)

    report({ host, signing, http, ingestion, runSeconds: (performance.now() - started) / 1000, loadAverage: { start: loadAtStart, end: load() } })
  } finally {
    await extra.stop()
    await stack.stop()
  }
}

type Results = {
  host: ReturnType<typeof machine>
  signing: Row[]
  http: { route: string; items: number; target: Target; figures: Figures }[]
  ingestion: Awaited<ReturnType<typeof measureIngestion>>
  runSeconds: number
  loadAverage: { start: number; end: number }
}

function report({ host, signing, http, ingestion, runSeconds, loadAverage }: Results) {
  const find = (route: string, items: number, target: Target) => http.find((h) => h.route === route && h.items === items && h.target === target)?.figures
  const signer = (prefix: string) => signing.find((r) => r.name.startsWith(prefix))?.usPerUrl ?? Number.NaN
  // Ratios: how many times the old-style path's latency, and how many times its throughput.
  const comparisons = cases.map(({ route, items }) => {
    const old = find(route, items, 'old-style')
    const warm = find(route, items, 'edge, warm cache')
    const cold = find(route, items, 'edge, cold cache')
    return {
      route,
      items,
      warm: { p50Speedup: (old?.p50 ?? 0) / (warm?.p50 ?? 1), rpsRatio: (warm?.rps ?? 0) / (old?.rps ?? 1) },
      cold: { p50Speedup: (old?.p50 ?? 0) / (cold?.p50 ?? 1), rpsRatio: (cold?.rps ?? 0) / (old?.rps ?? 1) },
    }
  })
  const results = {
    date: new Date().toISOString(),
    machine: host,
    loadAverage,
    settings: { connections: CONNECTIONS, secondsPer100ItemCase: seconds, secondsPerOtherCase: shortSeconds, loopback: true },
    signing: {
      unit: 'µs per URL, batches of 100 with Promise.all, in Node',
      rows: signing,
      ratios: { sdkOverSignerCold: signer('@aws-sdk') / signer('signer cold'), sdkOverSignerWarm: signer('@aws-sdk') / signer('signer warm'), aws4fetchOverSignerWarm: signer('aws4fetch') / signer('signer warm') },
    },
    http: http.map(({ route, items, target, figures }) => ({ route, items, target, ...figures })),
    comparisons,
    ingestion,
    runSeconds,
  }

  const x = (n: number) => `${n.toFixed(1)}×`
  console.log(`\nMachine: ${machineLabel(host)}; load average ${loadAverage.start} at the start, ${loadAverage.end} at the end.`)
  console.log(`Loopback, ${CONNECTIONS} connections. The run took ${runSeconds.toFixed(0)} s.\n`)
  console.log(table(['signing one GET URL (Node, batches of 100)', 'µs/URL', 'ms/100'], signing.map((r) => [r.name, r.usPerUrl.toFixed(2), r.msPer100.toFixed(3)])))
  console.log(`SDK presigner / project signer: ${x(results.signing.ratios.sdkOverSignerCold)} cold, ${x(results.signing.ratios.sdkOverSignerWarm)} warm\n`)
  console.log(
    table(
      ['route', 'items', 'path', 'p50 ms', 'p99 ms', 'req/s', 'requests'],
      http.map(({ route, items, target, figures: f }) => [route, items, target, f.p50, f.p99, Math.round(f.rps), f.requests]),
    ),
  )
  console.log(
    `\n${table(
      ['route', 'items', 'warm: p50 old/edge', 'warm: req/s edge/old', 'cold: p50 old/edge', 'cold: req/s edge/old'],
      comparisons.map((c) => [c.route, c.items, x(c.warm.p50Speedup), x(c.warm.rpsRatio), x(c.cold.p50Speedup), x(c.cold.rpsRatio)]),
    )}`,
  )
  console.log(
    `\nEvent ingestion: ${Math.round(ingestion.eventsPerSecond)} events/s into DynamoDB Local (${ingestion.events} events in ${ingestion.seconds.toFixed(1)} s, batches of ${ingestion.batchSize}, ${ingestion.concurrency} senders; ${ingestion.stored} stored)`,
  )

  writeJson(resolve('.data/bench/results.json'), results)
  writeJson(resolve(import.meta.dirname, 'results/latest.json'), results)
  writeFileSync(resolve(import.meta.dirname, 'results/chart.svg'), benchChart(results))
  console.log('\nWrote .data/bench/results.json, test/bench/results/latest.json and test/bench/results/chart.svg')
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
