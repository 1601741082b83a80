/**
 * `npm run load`: 64 connections for 60 s (LOAD_SECONDS to shorten) against a local stack on
 * ports of its own (23000 + the usual ones), 80 % reads and 20 % writes:
 *
 *   reads   GET /persons, GET /images, a 100-frame batch listing, GET /flagged/frames
 *   writes  POST /images (registration through the origin: one DynamoDB write each)
 *
 * and beside them, one upload at a time (POST /uploads, then PUT to S3 with the presigned URL):
 * versitygw 1.8 garbles the events of concurrent PUTs, so uploads stay sequential.
 *
 * It passes with zero 5xx, zero connection errors and zero lost writes: every acknowledged
 * registration and upload must be in ImageMetadata after a short settle. 429s are counted
 * apart. Prints a table and writes test/bench/results/load.json.
 */
import { resolve } from 'node:path'
import autocannon from 'autocannon'
import { startStack } from '../stack/index'
import { gradientPng } from '../stack/png'
import { seedDemo } from '../stack/seed'
import { localToken } from '../stack/token'
import { countStored } from './ingest'
import { BENCH_DEVICE, batchOf, benchConfig, load, machine, machineLabel, percentile, secondsFrom, seedFrames, seedPersons, table, writeJson } from './stack'

const CONNECTIONS = 64
const seconds = secondsFrom('LOAD_SECONDS', 60)
const SETTLE_MS = 5_000

const reads = [
  { name: 'GET /persons', path: '/persons?limit=100' },
  { name: 'GET /images', path: '/images?limit=50' },
  { name: 'GET frames (100)', path: `/devices/${BENCH_DEVICE}/batches/${batchOf(100)}/frames?limit=100` },
  { name: 'GET /flagged/frames', path: '/flagged/frames?limit=100' },
]
const WRITE = 'POST /images'
const UPLOAD = 'upload (POST /uploads + PUT)'

/** Latency samples (ms) and status counts per route. */
class Tally {
  samples = new Map<string, number[]>()
  statuses = new Map<string, Map<number, number>>()
  add(route: string, status: number, ms: number) {
    const samples = this.samples.get(route) ?? []
    samples.push(ms)
    this.samples.set(route, samples)
    const counts = this.statuses.get(route) ?? new Map<number, number>()
    counts.set(status, (counts.get(status) ?? 0) + 1)
    this.statuses.set(route, counts)
  }
}

/**
 * A client address for the k-th write of connection `c`. The Worker rate-limits writes per
 * `cf-connecting-ip` (120/min); a new address every `per` writes keeps each under its limit,
 * so this stays a test of the system, not of the limiter. Any 429 is still reported.
 */
function clientIp(c: number, k: number, per: number) {
  const n = Math.floor(k / per)
  return `10.${c % 250}.${(n >> 8) & 255}.${n & 255}`
}

async function main() {
  const started = performance.now()
  const host = machine()
  const loadAtStart = load()
  const config = benchConfig('load', 23_000)
  const stack = await startStack(config)
  try {
    await seedDemo(config)
    await seedPersons(config)
    seedFrames(config, [100])
    const worker = stack.urls.worker
    const token = await localToken(['images:write'], seconds + 600)
    for (const r of reads) {
      const res = await fetch(worker + r.path)
      await res.body?.cancel()
      if (!res.ok) throw new Error(`${r.path} answered ${res.status} before the run`)
    }
    console.log(`Load: ${CONNECTIONS} connections for ${seconds} s, 80 % reads / 20 % writes, plus sequential uploads; ${machineLabel(host)}`)

    const tally = new Tally()
    const acked: string[] = []
    let connection = 0
    // Each connection loops over 10 requests, 8 reads and 2 writes, each timed from the moment
    // it is built (just before it is sent) to its response.
    const requestsFor = (c: number) => {
      let writes = 0
      let readCount = 0
      const read = (r: (typeof reads)[number]) => ({
        method: 'GET',
        path: r.path,
        setupRequest: (req: autocannon.RawRequest, context: Record<string, unknown>) => {
          context.t0 = performance.now()
          // Reads too come from many clients: each writes' purge makes the next reads miss, and
          // one client's budget of misses (300/min) is not what this measures.
          return { ...req, headers: { ...req.headers, 'cf-connecting-ip': clientIp(c + 100, readCount++, 100) } }
        },
        onResponse: (status: number, _body: string, context: Record<string, unknown>) => tally.add(r.name, status, performance.now() - Number(context.t0)),
      })
      const write = {
        method: 'POST',
        path: '/images',
        setupRequest: (req: autocannon.RawRequest, context: Record<string, unknown>) => {
          const k = writes++
          context.fileName = `load-test/c${c}/${k}.png`
          context.t0 = performance.now()
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'cf-connecting-ip': clientIp(c, k, 100) },
            body: JSON.stringify({ FileName: context.fileName, Source: 'load-test' }),
          }
        },
        onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
          tally.add(WRITE, status, performance.now() - Number(context.t0))
          if (status === 200 || status === 201) acked.push(String(context.fileName))
        },
      }
      return [...reads.map(read), write, ...reads.map(read), write]
    }

    const uploaded: string[] = []
    const deadline = Date.now() + seconds * 1000
    const uploads = (async () => {
      const body = gradientPng(32, 32, [30, 60, 90], [200, 160, 40])
      for (let k = 0; Date.now() < deadline; k++) {
        const t0 = performance.now()
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'cf-connecting-ip': clientIp(250, k, 50) }
        const res = await fetch(`${worker}/uploads`, { method: 'POST', headers, body: JSON.stringify({ fileName: `load-${k}.png`, contentType: 'image/png', contentLength: body.length }) })
        if (res.status !== 201) {
          await res.body?.cancel()
          tally.add(UPLOAD, res.status, performance.now() - t0)
          continue
        }
        const upload = (await res.json()) as { url: string; headers: Record<string, string>; key: string }
        const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(body) })
        await put.body?.cancel()
        tally.add(UPLOAD, put.status, performance.now() - t0)
        if (put.ok) uploaded.push(upload.key)
      }
    })()

    const result = await autocannon({
      url: worker,
      connections: CONNECTIONS,
      duration: seconds,
      timeout: 10,
      requests: requestsFor(0),
      setupClient: (client) => client.setRequests(requestsFor(connection++)),
    })
    await uploads

    // Registrations are acknowledged after their put; uploads reach the table through the S3
    // event, a moment after the PUT: wait for both, a few seconds at most.
    const settleStart = Date.now()
    let registered = await countStored(config, acked)
    let uploadedStored = await countStored(config, uploaded)
    while ((registered < acked.length || uploadedStored < uploaded.length) && Date.now() - settleStart < SETTLE_MS) {
      await new Promise((r) => setTimeout(r, 250))
      registered = await countStored(config, acked)
      uploadedStored = await countStored(config, uploaded)
    }

    // The Worker runs quiet: on a 5xx, show what it logged, which names the cause.
    const errors = (stack.services.get('worker')?.recentOutput() ?? '').split('\n').filter((line) => line.includes('"level":"error"'))
    if (errors.length) console.log(`The Worker logged ${errors.length} errors (the last ones kept):\n${errors.slice(-5).join('\n')}`)

    report({
      host,
      loadAverage: { start: loadAtStart, end: load() },
      autocannon: result,
      tally,
      writes: { acknowledged: acked.length, stored: registered, lost: acked.length - registered },
      uploads: { acknowledged: uploaded.length, stored: uploadedStored, lost: uploaded.length - uploadedStored },
      runSeconds: (performance.now() - started) / 1000,
    })
  } finally {
    await stack.stop()
  }
}

type Writes = { acknowledged: number; stored: number; lost: number }

function report({ host, loadAverage, autocannon: r, tally, writes, uploads, runSeconds }: {
  host: ReturnType<typeof machine>
  loadAverage: { start: number; end: number }
  autocannon: autocannon.Result
  tally: Tally
  writes: Writes
  uploads: Writes
  runSeconds: number
}) {
  const routes = [...reads.map((x) => x.name), WRITE, UPLOAD].map((name) => {
    const samples = tally.samples.get(name) ?? []
    const statuses = Object.fromEntries(tally.statuses.get(name) ?? [])
    const count = (test: (status: number) => boolean) => Object.entries(statuses).reduce((n, [s, c]) => n + (test(Number(s)) ? c : 0), 0)
    return {
      route: name,
      requests: samples.length,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      max: Math.max(...samples),
      ok: count((s) => s >= 200 && s < 300),
      tooMany: count((s) => s === 429),
      otherClientErrors: count((s) => s >= 400 && s < 500 && s !== 429),
      serverErrors: count((s) => s >= 500),
      statuses,
    }
  })
  const all = [...tally.samples.entries()].filter(([route]) => route !== UPLOAD).flatMap(([, s]) => s)
  const serverErrors = routes.reduce((n, x) => n + x.serverErrors, 0)
  const results = {
    date: new Date().toISOString(),
    machine: host,
    loadAverage,
    settings: { connections: CONNECTIONS, seconds, mix: '80 % reads (4 routes), 20 % POST /images; uploads one at a time beside', loopback: true },
    overall: {
      requests: r.requests.total,
      requestsPerSecond: r.requests.total / r.duration,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      autocannonP99Of2xx: r.latency.p99,
      errors: r.errors,
      timeouts: r.timeouts,
      serverErrors,
      tooMany: routes.reduce((n, x) => n + x.tooMany, 0),
      statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([s, v]) => [s, v.count])),
    },
    routes,
    writes,
    uploads,
    passed: serverErrors === 0 && r.errors === 0 && writes.lost === 0 && uploads.lost === 0,
    runSeconds,
  }

  const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-')
  console.log(`\nMachine: ${machineLabel(host)}; load average ${loadAverage.start} at the start, ${loadAverage.end} at the end.`)
  console.log(`${CONNECTIONS} connections, ${seconds} s, loopback. The run took ${runSeconds.toFixed(0)} s.\n`)
  console.log(
    table(
      ['route', 'requests', 'p50 ms', 'p99 ms', 'max ms', '2xx', '429', 'other 4xx', '5xx'],
      routes.map((x) => [x.route, x.requests, ms(x.p50), ms(x.p99), ms(x.max), x.ok, x.tooMany, x.otherClientErrors, x.serverErrors]),
    ),
  )
  const o = results.overall
  console.log(`\nAll autocannon requests: ${o.requests} in ${r.duration} s = ${Math.round(o.requestsPerSecond)} req/s, p50 ${ms(o.p50)} ms, p99 ${ms(o.p99)} ms`)
  console.log(`5xx: ${o.serverErrors}   connection errors: ${o.errors} (timeouts ${o.timeouts})   429: ${o.tooMany}`)
  console.log(`Registrations acknowledged ${writes.acknowledged}, in DynamoDB ${writes.stored}, lost ${writes.lost}`)
  console.log(`Uploads acknowledged ${uploads.acknowledged}, in DynamoDB ${uploads.stored}, lost ${uploads.lost}`)
  console.log(results.passed ? '\nPASS: no 5xx, no connection errors, no lost writes' : '\nFAIL: see the figures above')
  writeJson(resolve(import.meta.dirname, 'results/load.json'), results)
  console.log('Wrote test/bench/results/load.json')
  if (!results.passed) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
