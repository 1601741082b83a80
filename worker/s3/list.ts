import { XMLParser } from 'fast-xml-parser'
import type { Upstream } from '../upstream'
import { storageUnavailable } from './index'

export type ObjectSummary = { key: string; size: number; lastModified: string }

type ListPage = { objects: ObjectSummary[]; prefixes: string[]; nextToken?: string }

// Values stay strings: a key such as "001" must not become the number 1.
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Contents' || name === 'CommonPrefixes' })

/** Pages followed per listing: 1,000 keys each, so up to 100,000 objects under one prefix. */
const MAX_PAGES = 100

/**
 * Lists everything under a prefix with ListObjectsV2, following continuation tokens.
 * With a delimiter, `prefixes` holds the "subfolders" (CommonPrefixes).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 *
 * @example
 * ```ts
 * const { prefixes } = await listAll(edge.s3, 'frames', 'unflagged/', '/')
 * ```
 */
export async function listAll(s3: Upstream, bucket: string, prefix: string, delimiter?: string): Promise<Omit<ListPage, 'nextToken'>> {
  const objects: ObjectSummary[] = []
  const prefixes: string[] = []
  let token: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await listPage(s3, bucket, prefix, delimiter, token)
    objects.push(...result.objects)
    prefixes.push(...result.prefixes)
    token = result.nextToken
    if (!token) break
  }
  return { objects, prefixes }
}

async function listPage(s3: Upstream, bucket: string, prefix: string, delimiter: string | undefined, token: string | undefined): Promise<ListPage> {
  const query = new URLSearchParams({ 'list-type': '2', prefix })
  if (delimiter) query.set('delimiter', delimiter)
  if (token) query.set('continuation-token', token)
  // URLSearchParams writes spaces as "+", which SigV4's canonical query does not accept
  // (mhart/aws4fetch#83): percent-encode them instead.
  const res = await s3.fetch(`/${bucket}?${query.toString().replaceAll('+', '%20')}`).catch((cause: unknown) => {
    throw storageUnavailable(cause)
  })
  if (!res.ok) {
    await res.body?.cancel()
    throw storageUnavailable(new Error(`S3 ListObjectsV2 answered ${res.status}`))
  }
  const xml = parser.parse(await res.text()) as { ListBucketResult?: RawListResult }
  const result = xml.ListBucketResult ?? {}
  return {
    objects: (result.Contents ?? []).map((c) => ({ key: c.Key, size: Number(c.Size), lastModified: c.LastModified })),
    prefixes: (result.CommonPrefixes ?? []).map((p) => p.Prefix),
    nextToken: result.IsTruncated === 'true' ? result.NextContinuationToken : undefined,
  }
}

type RawListResult = {
  Contents?: { Key: string; Size: string; LastModified: string }[]
  CommonPrefixes?: { Prefix: string }[]
  IsTruncated?: string
  NextContinuationToken?: string
}
