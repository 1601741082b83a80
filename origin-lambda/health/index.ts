import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { Hono } from 'hono'
import { config } from '../config'
import { db } from '../dynamodb'

/**
 * `GET /health`: whether every table answers. 503 with the same body when one does not,
 * so the edge can report DynamoDB's state without credentials of its own.
 */
export const health = new Hono().get('/health', async (c) => {
  const results = await Promise.allSettled(
    Object.values(config.tables).map((TableName) => db.send(new DescribeTableCommand({ TableName }))),
  )
  const dynamodb = results.every((r) => r.status === 'fulfilled') ? 'ok' : 'down'
  return c.json({ status: dynamodb, dynamodb }, dynamodb === 'ok' ? 200 : 503, { 'Cache-Control': 'no-store' })
})
