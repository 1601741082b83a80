import { PutObjectCommand } from '@aws-sdk/client-s3'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { AwsClient } from 'aws4fetch'
import { describe, expect, it } from 'vitest'
import { eventually, testStack } from '../stack/testing'

const { config, urls, s3, db, origin } = testStack()

describe('local stack', () => {
  it('reports every service healthy through the Worker', async () => {
    const res = await fetch(`${urls.worker}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', s3: 'ok', origin: 'ok', dynamodb: 'ok' })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it.each(['e2e/plain.png', 'e2e/with space+plus=equals%percent.png', 'e2e/ünïcödé/名前.png'])(
    'records an object put into the images bucket in DynamoDB within 2 s: %s',
    async (key) => {
      const body = Buffer.from(`bytes of ${key}`)
      await s3.send(new PutObjectCommand({ Bucket: config.buckets.images, Key: key, Body: body, ContentType: 'image/png' }))
      const item = await eventually(async () => (await db.send(new GetCommand({ TableName: config.tables.images, Key: { FileName: key } }))).Item)
      expect(item).toMatchObject({ FileName: key, Bucket: config.buckets.images, Source: 'S3', Size: body.length })
    },
  )

  it('has the origin refuse requests that are not signed for it', async () => {
    const unsigned = await fetch(`${urls.origin}/health`)
    expect(unsigned.status).toBe(403)
    const signed = await origin.sign(`${urls.origin}/health`)
    const tampered = new Headers(signed.headers)
    tampered.set('authorization', (tampered.get('authorization') ?? '').replace(/.$/, (c) => (c === '0' ? '1' : '0')))
    expect((await fetch(signed.url, { headers: tampered })).status).toBe(403)
    const wrongKey = await testStackWithSecret('not-the-secret').sign(`${urls.origin}/health`)
    expect((await fetch(wrongKey)).status).toBe(403)
    expect((await fetch(signed)).status).toBe(200)
  })
})

function testStackWithSecret(secretAccessKey: string) {
  return new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey, service: 'lambda', region: config.region })
}
