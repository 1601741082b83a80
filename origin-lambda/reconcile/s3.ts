import { HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3'

/** Where the S3 calls of a run go: AWS by default, or an S3-compatible endpoint (the local gateway). */
export type S3Target = {
  region: string
  /** Path-style requests to this endpoint; unset for AWS. */
  endpoint?: string
  /** Unset in AWS: the default provider chain (the Lambda's role, AWS_PROFILE…). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/**
 * The S3 client of a run. Every call has a deadline: a listing page or HeadObject that cannot
 * finish in 10 s is abandoned (and retried twice by the SDK) instead of holding the run.
 *
 * @example
 * ```ts
 * const s3 = reconcileS3Client({ region: 'us-east-1' })
 * ```
 */
export function reconcileS3Client(target: S3Target): S3Client {
  return new S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: target.endpoint !== undefined,
    credentials: target.credentials,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
  })
}

/** One object of a listing, as ListObjectsV2 describes it. */
export type ListedObject = { bucket: string; key: string; size?: number; eTag?: string; lastModified?: Date }

/**
 * Every object under a prefix, one ListObjectsV2 page (up to 1,000 keys) at a time.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 *
 * @example
 * ```ts
 * for await (const page of listPages(s3, 'thumbs', 'faces-thumbs/')) count += page.length
 * ```
 */
export async function* listPages(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<ListedObject[]> {
  let ContinuationToken: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken }))
    yield (page.Contents ?? []).flatMap(({ Key, Size, ETag, LastModified }) =>
      Key ? [{ bucket, key: Key, size: Size, eTag: ETag?.replaceAll('"', '') || undefined, lastModified: LastModified }] : [],
    )
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (ContinuationToken)
}

/**
 * Whether an object exists at this moment. Only a 404 means "no": S3 answers 403 for a missing
 * key to a caller without `s3:ListBucket` on it, which must never read as "gone". The reconcile
 * role has ListBucket limited to the areas' prefixes, which S3 evaluates with the object's key as
 * `s3:prefix` (as S3-compatible servers copy: https://github.com/ceph/ceph/pull/68577).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 *
 * @example
 * ```ts
 * if (!(await objectExists(s3, 'images', 'cat.png'))) // record the removal
 * ```
 */
export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    return true
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false
    throw error
  }
}
