import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import type { Edge } from '../edge'

type Status = 'ok' | 'down'

/**
 * `GET /health`: the state of S3, the origin and, through the origin, DynamoDB. 200 when all
 * answer, 503 with the same body when one does not.
 */
export const health = new Hono<AppEnv>().get('/health', async (c) => {
  const { edge } = c.var
  const [s3, origin] = await Promise.all([s3Health(edge), edge.origin.fetch('/health').then(originHealth, () => originHealth(undefined))])
  const checks = { s3, ...origin }
  const status: Status = Object.values(checks).every((s) => s === 'ok') ? 'ok' : 'down'
  return c.json({ status, ...checks }, status === 'ok' ? 200 : 503, { 'Cache-Control': 'no-store' })
})

async function s3Health(edge: Edge): Promise<Status> {
  const res = await edge.s3.fetch(`/${edge.config.buckets.frames}?list-type=2&max-keys=1`).catch(() => undefined)
  await res?.body?.cancel()
  return res?.ok ? 'ok' : 'down'
}

/** The origin answers 200 or 503 with DynamoDB's state; anything else means the origin itself is down. */
async function originHealth(res: Response | undefined): Promise<{ origin: Status; dynamodb: Status }> {
  if (!res || (res.status !== 200 && res.status !== 503)) {
    await res?.body?.cancel()
    return { origin: 'down', dynamodb: 'down' }
  }
  const body = (await res.json()) as { dynamodb?: Status }
  return { origin: 'ok', dynamodb: body.dynamodb === 'ok' ? 'ok' : 'down' }
}
