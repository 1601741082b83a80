import { Hono } from 'hono'
import { resolveConfig } from '../config'
import { originFetch } from '../origin'
import { s3Fetch } from '../s3'

type Status = 'ok' | 'down'

/**
 * `GET /health`: the state of S3, the origin and, through the origin, DynamoDB. 200 when all
 * answer, 503 with the same body when one does not.
 */
export const health = new Hono<{ Bindings: Env }>().get('/health', async (c) => {
  const config = resolveConfig(c.env)
  const [s3, origin] = await Promise.all([
    s3Fetch(config, `/${config.buckets.frames}?list-type=2&max-keys=1`).then(
      (res) => (res.ok ? 'ok' : 'down') as Status,
      () => 'down' as Status,
    ),
    originFetch(config, '/health').then(originHealth, () => originHealth(undefined)),
  ])
  const checks = { s3, ...origin }
  const status: Status = Object.values(checks).every((s) => s === 'ok') ? 'ok' : 'down'
  return c.json({ status, ...checks }, status === 'ok' ? 200 : 503, { 'Cache-Control': 'no-store' })
})

/** The origin answers 200 or 503 with DynamoDB's state; anything else means the origin itself is down. */
async function originHealth(res: Response | undefined): Promise<{ origin: Status; dynamodb: Status }> {
  if (!res || (res.status !== 200 && res.status !== 503)) return { origin: 'down', dynamodb: 'down' }
  const body = (await res.json()) as { dynamodb?: Status }
  return { origin: 'ok', dynamodb: body.dynamodb === 'ok' ? 'ok' : 'down' }
}
