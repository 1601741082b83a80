/**
 * The local stack is as closed as the production services it stands in for: nothing listens
 * beyond loopback, the event endpoints want the run's secret, and the origin checks SigV4 as
 * a Lambda Function URL does (clock skew, signed payload).
 */
import { networkInterfaces } from 'node:os'
import { AwsV4Signer } from 'aws4fetch'
import { describe, expect, it } from 'vitest'
import { acceptsConnections } from '../stack/processes'
import { testStack } from '../stack/testing'

const { config, urls } = testStack()

/** This machine's first address that is not loopback, if it has one. */
const outward = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address

describe('local services', () => {
  it.skipIf(!outward)('listen on 127.0.0.1 only, DynamoDB Local (which checks no signature) included', async () => {
    for (const [name, port] of Object.entries({ dynamodb: config.dynamodbPort, origin: config.originPort, s3: config.s3Port, worker: config.workerPort })) {
      expect(await acceptsConnections(port), `${name} on loopback`).toBe(true)
      expect(await acceptsConnections(port, outward), `${name} on ${outward}`).toBe(false)
    }
  })

  it("refuse S3 events posted without the run's secret", async () => {
    const event = JSON.stringify({ Records: [] })
    for (const path of ['/_local/s3-events', '/_local/s3-webhook']) {
      expect((await fetch(`${urls.origin}${path}`, { method: 'POST', body: event })).status, path).toBe(403)
      expect((await fetch(`${urls.origin}${path}?secret=wrong`, { method: 'POST', body: event, headers: { 'x-local-events-secret': 'wrong' } })).status, path).toBe(403)
    }
    expect((await fetch(`${urls.origin}/_local/s3-events`, { method: 'POST', body: event, headers: { 'x-local-events-secret': config.eventsSecret } })).status).toBe(200)
  })
})

describe("the local origin's SigV4 check", () => {
  const credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: 'lambda', region: config.region }
  const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '')
  async function send(options: { datetime?: string; headers?: Record<string, string>; body?: string; sentBody?: string }) {
    const signed = await new AwsV4Signer({ ...credentials, url: `${urls.origin}/images?limit=1`, method: options.body ? 'POST' : 'GET', headers: options.headers, body: options.body, datetime: options.datetime }).sign()
    return fetch(signed.url, { method: signed.method, headers: signed.headers, body: options.sentBody ?? options.body })
  }

  it('takes a request signed now', async () => {
    expect((await send({})).status).toBe(200)
  })

  it.each([
    ['dated 2024', '20240101T000000Z'],
    ['dated 2099', '20990101T000000Z'],
    ['six minutes old (a replay)', amzDate(Date.now() - 6 * 60_000)],
  ])('refuses a request %s, beyond the 5 minutes of skew AWS allows', async (_, datetime) => {
    expect((await send({ datetime })).status).toBe(403)
  })

  it('refuses a body left out of the signature (UNSIGNED-PAYLOAD), as Lambda does', async () => {
    const res = await send({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': 'application/json' }, body: '{"FileName":"signed.png"}', sentBody: '{"FileName":"swapped.png"}' })
    expect(res.status).toBe(403)
  })
})
