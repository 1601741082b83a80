/**
 * Cost of one presigned GET URL, side by side: aws4fetch as-is, the project's signer (cold,
 * memo miss, warm) and the AWS SDK's presigner, in Node and, for the Web-API-only cases,
 * inside workerd (through Miniflare) where the Worker really runs.
 *
 *   node --import tsx test/bench/signing.ts
 *
 * Every case signs batches of 100 URLs with `Promise.all`, as a page of frames does.
 */
import { AwsClient } from 'aws4fetch'
import { createSigner, type SignerOptions } from '../../worker/signing'

const BATCH = 100
const options: SignerOptions = {
  endpoint: 'https://s3.us-east-1.amazonaws.com',
  region: 'us-east-1',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  expiresSeconds: 3600,
  windowSeconds: 900,
}

type Case = { name: string; batch: (round: number) => Promise<unknown> }
export type Row = { name: string; usPerUrl: number; msPer100: number }

/** Distinct keys per round, so nothing but the case's own caches can help. */
function keysOf(round: number): string[] {
  return Array.from({ length: BATCH }, (_, i) => `device-${round % 97}/batch ${round}/frame ${i}.jpg`)
}

export function webCases(): Case[] {
  const aws = new AwsClient({ ...options, service: 's3' })
  const reused = createSigner({ ...options, cacheSize: 0 })
  const warm = createSigner(options)
  const warmKeys = keysOf(0)
  return [
    {
      name: 'aws4fetch AwsClient.sign (signQuery)',
      batch: (round) => Promise.all(keysOf(round).map((key) => aws.sign(`${options.endpoint}/frames/${encodeURI(key)}`, { aws: { signQuery: true } }))),
    },
    {
      name: 'signer cold (new signer, distinct keys)',
      batch: (round) => {
        const signer = createSigner(options)
        return Promise.all(keysOf(round).map((key) => signer.presignGet('frames', key)))
      },
    },
    {
      name: 'signer memo miss (signer reused, new keys)',
      batch: (round) => Promise.all(keysOf(round).map((key) => reused.presignGet('frames', key))),
    },
    {
      name: 'signer warm (repeating keys)',
      batch: () => Promise.all(warmKeys.map((key) => warm.presignGet('frames', key))),
    },
  ]
}

async function sdkCase(): Promise<Case> {
  const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3')
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner')
  const client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: true, credentials: options })
  return {
    name: '@aws-sdk/s3-request-presigner getSignedUrl',
    batch: (round) => Promise.all(keysOf(round).map((Key) => getSignedUrl(client, new GetObjectCommand({ Bucket: 'frames', Key }), { expiresIn: 3600 }))),
  }
}

/**
 * Each case's time per batch: the median of 5 runs of at least 50 ms, after a warm-up, so a
 * burst of other work on the machine skews one run rather than the figure, and workerd's
 * millisecond clock stays precise enough. Deployed Workers stop the clock during computation,
 * but Miniflare's workerd lets it run: `performance.now()` works in both.
 */
export async function measure(cases: Case[]): Promise<Row[]> {
  const rows: Row[] = []
  for (const { name, batch } of cases) {
    for (let round = 0; round < 20; round++) await batch(round)
    const runs: number[] = []
    let round = 1_000
    for (let run = 0; run < 5; run++) {
      const start = performance.now()
      let batches = 0
      let elapsed = 0
      do {
        await batch(round++)
        batches++
        elapsed = performance.now() - start
      } while (elapsed < 50)
      runs.push(elapsed / batches)
    }
    const msPer100 = runs.sort((a, b) => a - b)[2] ?? Number.NaN
    rows.push({ name, usPerUrl: (msPer100 * 1000) / BATCH, msPer100 })
  }
  return rows
}

/** The Web-API cases in workerd: this file bundled as a Worker whose fetch handler runs them. */
async function measureInWorkerd(): Promise<Row[]> {
  const { build } = await import('esbuild')
  const { Miniflare } = await import('miniflare')
  const entry = `
    import { measure, webCases } from './test/bench/signing.ts'
    export default { fetch: async () => Response.json(await measure(webCases())) }`
  const bundle = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    external: ['esbuild', 'miniflare', '@aws-sdk/*', 'node:*'],
  })
  const contents = bundle.outputFiles[0]?.text ?? ''
  const mf = new Miniflare({
    workers: [{ config: { name: 'bench', compatibilityDate: '2026-11-01', manifest: { mainModule: 'bench.mjs', modules: { 'bench.mjs': { type: 'esm', contents } } } } }],
  })
  try {
    return (await (await mf.dispatchFetch('http://bench/')).json()) as Row[]
  } finally {
    await mf.dispose()
  }
}

async function main() {
  const nodeRows = await measure([...webCases(), await sdkCase()])
  const workerdRows = await measureInWorkerd()
  const line = (label: string, node?: Row, workerd?: Row) =>
    `${label.padEnd(44)} ${node ? node.usPerUrl.toFixed(2).padStart(8) : '       -'} ${workerd ? workerd.usPerUrl.toFixed(2).padStart(12) : '           -'}`
  const { availableParallelism, loadavg } = await import('node:os')
  console.log(`µs per presigned GET URL (batches of ${BATCH} with Promise.all, median of 5 runs), Node ${process.version} and workerd via Miniflare`)
  console.log(`(${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the end; other processes skew the figures)\n`)
  console.log(`${'case'.padEnd(44)} ${'Node'.padStart(8)} ${'workerd'.padStart(12)}`)
  for (const row of nodeRows) console.log(line(row.name, row, workerdRows.find((w) => w.name === row.name)))
  const total = (rows: Row[], prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.msPer100.toFixed(3) ?? '-'
  console.log(`\n100 URLs, cold: ${total(nodeRows, 'signer cold')} ms in Node, ${total(workerdRows, 'signer cold')} ms in workerd (target ≤ 1.5 ms)`)
  console.log(`100 URLs, warm: ${total(nodeRows, 'signer warm')} ms in Node, ${total(workerdRows, 'signer warm')} ms in workerd (target ≤ 0.3 ms)`)
}

// Bundled into the Worker, this module only lends it `measure` and the cases.
if (import.meta.main) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
