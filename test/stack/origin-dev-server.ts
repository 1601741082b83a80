/**
 * Runs the origin Lambda's handler (the very file infra deploys) behind plain HTTP, as AWS
 * would: requests become Function URL events (payload format 2.0), refused unless SigV4-signed
 * like a Function URL with AWS_IAM auth; S3 event notifications from versitygw's webhook and
 * from tests become S3 events for the same handler.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, S3Event } from 'aws-lambda'
import { handler } from '../../origin-lambda/index'
import { gatewaySequencer } from './gateway-sequencer'
import { verifySigV4 } from './verify-sigv4'

const port = Number(process.env.PORT ?? 8790)
const region = process.env.AWS_REGION ?? 'us-east-1'
const credentials = {
  accessKeyId: process.env.ORIGIN_ACCESS_KEY_ID ?? 'edge-local',
  secretAccessKey: process.env.ORIGIN_SECRET_ACCESS_KEY ?? 'edge-local-secret',
}
/**
 * The secret the local event endpoints want (the stack makes one per run): S3 events change
 * tables, and nothing but the stack's own gateway and tests may post them. versitygw cannot set
 * headers, so its webhook URL carries it as `?secret=`; tests send `x-local-events-secret`.
 */
const eventsSecret = Buffer.from(process.env.LOCAL_EVENTS_SECRET ?? '')
if (!eventsSecret.length) throw new Error('LOCAL_EVENTS_SECRET is required')

function hasEventsSecret(given: string | null | undefined): boolean {
  const value = Buffer.from(given ?? '')
  return value.length === eventsSecret.length && timingSafeEqual(value, eventsSecret)
}

/** Milliseconds added before each request, to test the edge against a slow origin. */
const injectedDelayMs = Number(process.env.ORIGIN_DELAY_MS ?? 0)

createServer((req, res) => {
  serve(req, res).catch((error) => {
    console.error(error)
    if (!res.headersSent) send(res, 500, { error: 'Internal error' })
  })
}).listen(port, '127.0.0.1', () => console.log(`origin dev server on http://127.0.0.1:${port}`))

async function serve(req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req)
  const url = new URL(req.url ?? '/', 'http://origin')
  if (url.pathname === '/_local/ready') return send(res, 204)
  if (url.pathname.startsWith('/_local/')) {
    if (!hasEventsSecret(url.searchParams.get('secret') ?? req.headers['x-local-events-secret']?.toString())) return send(res, 403, { message: 'Forbidden' })
    if (req.method === 'POST' && url.pathname === '/_local/s3-webhook') return acceptWebhook(url, body, res)
    if (req.method === 'POST' && url.pathname === '/_local/s3-events') return send(res, 200, await handler(JSON.parse(body.toString('utf8'))))
    return send(res, 404, { message: 'Not found' })
  }
  if (injectedDelayMs) await new Promise((r) => setTimeout(r, injectedDelayMs))
  const signed = await verifySigV4({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body }, credentials, region)
  if (!signed) return send(res, 403, { message: 'Forbidden' })
  const result = (await handler(functionUrlEvent(req, url, body))) as Exclude<APIGatewayProxyResultV2, string>
  res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>)
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined)
}

/**
 * versitygw waits 3 s for the webhook and never retries, so the event is acknowledged at once
 * and applied in the background: local delivery is best-effort, production goes through SQS.
 */
function acceptWebhook(url: URL, body: Buffer, res: ServerResponse) {
  send(res, 204)
  const event = JSON.parse(body.toString('utf8')) as S3Event | { Event?: string }
  if (!('Records' in event)) return // versitygw's s3:TestEvent at start-up
  const gatewayStart = Number(url.searchParams.get('gatewayStart') ?? 0)
  for (const { s3 } of event.Records) {
    s3.object.sequencer = gatewaySequencer(gatewayStart, s3.object.sequencer)
    // AWS URL-encodes keys in events (a space as `+`); versitygw sends them as stored.
    s3.object.key = encodeURIComponent(s3.object.key).replaceAll('%20', '+')
  }
  pending = pending.then(() => handler(event)).catch((error) => console.error('S3 event not applied:', error))
}
let pending: Promise<unknown> = Promise.resolve()

function functionUrlEvent(req: IncomingMessage, url: URL, body: Buffer): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]))
  const now = new Date()
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function send(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' })
  res.end(body === undefined ? undefined : JSON.stringify(body))
}
