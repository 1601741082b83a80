import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { SignatureV4 } from '@smithy/signature-v4'

/** AWS refuses a signature dated more than 5 minutes from its clock (RequestTimeTooSkewed / "Signature expired"). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000

/**
 * What a Function URL with AWS_IAM auth does before it invokes the Lambda: recompute the
 * request's SigV4 signature (here with the AWS SDK's own signer, so the check does not share
 * code with the signer under test) and refuse the request when it differs, when it is dated
 * more than 5 minutes from now (a captured request replays only that long), or when it leaves
 * its body unsigned (`UNSIGNED-PAYLOAD`, or a payload hash that is not the body's), which Lambda
 * does not accept. https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 */
export async function verifySigV4(
  request: { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: Buffer },
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
): Promise<boolean> {
  const authorization = request.headers.authorization ?? ''
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/lambda\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization)
  const amzDate = String(request.headers['x-amz-date'] ?? '')
  if (!match || match[1] !== credentials.accessKeyId || match[3] !== region || !amzDate.startsWith(match[2] ?? '-')) return false
  if (!(Math.abs(Date.now() - parseAmzDate(amzDate).getTime()) <= MAX_CLOCK_SKEW_MS)) return false
  const payloadHash = request.headers['x-amz-content-sha256']
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(request.body).digest('hex')) return false
  const signedHeaders = (match[4] ?? '').split(';')
  const headers: Record<string, string> = {}
  for (const name of signedHeaders) headers[name] = String(request.headers[name] ?? '')
  const signer = new SignatureV4({ service: 'lambda', region, credentials, sha256: Sha256, uriEscapePath: true, applyChecksum: false })
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host?.split(':')[0] ?? '',
      port: Number(headers.host?.split(':')[1]) || undefined,
      path: request.path,
      query: Object.fromEntries(groupQuery(request.query)),
      headers,
      body: request.body.length ? request.body : undefined,
    },
    { signingDate: parseAmzDate(amzDate), unsignableHeaders: new Set(), signableHeaders: new Set(signedHeaders) },
  )
  const expected = Buffer.from(String(signed.headers.authorization ?? ''))
  const actual = Buffer.from(authorization.replace(/, ?/g, ', '))
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

function groupQuery(query: URLSearchParams): Map<string, string | string[]> {
  const grouped = new Map<string, string | string[]>()
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key)
    grouped.set(key, values.length === 1 ? (values[0] as string) : values)
  }
  return grouped
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : new Date(Number.NaN)
}

/** The SDK signer takes a hash constructor; Node's crypto provides both the plain and keyed SHA-256 it needs. */
class Sha256 {
  private readonly hash
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret))
  }
  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash.update(toBuffer(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset() {}
}

function toBuffer(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}
