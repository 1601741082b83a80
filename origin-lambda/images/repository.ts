import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import { NotFoundError, OriginError } from '../errors'
import { logger } from '../logger'
import { fillPage, isLive, liveOnly } from '../tombstones'
import { tables } from '../tables'
import type { z } from 'zod'
import type { imageRegistration } from '../../contract/requests'
import type { Image } from '../../contract/responses'

type ImageRegistration = z.infer<typeof imageRegistration>

const TableName = config.tables.images
const KEY = tables.images.partitionKey.name

export type ImageKey = { [KEY]: string }

/** A registration that names an object whose deletion was recorded: registering it would resurrect it. */
export class ImageDeletedError extends OriginError {
  constructor(key: string) {
    super(`Image was deleted: ${key}; upload it again to restore it`, 409)
  }
}

/** The public fields of an item: not its event sequencer, nor anything added later. */
function toImage(item: Record<string, unknown>): Image {
  const { FileName, Bucket, Source, Timestamp, Size, ETag } = item as Image
  return { FileName, Bucket, Source, Timestamp, Size, ETag }
}

/**
 * One page of live images in table order, at most `limit` of them, from up to `maxScans` Scans
 * (see `fillPage`).
 *
 * @example
 * ```ts
 * const { images, lastKey } = await listImages(50, cursor)
 * ```
 */
export async function listImages(limit: number, startKey?: ImageKey, maxScans = 10): Promise<{ images: Image[]; lastKey?: ImageKey }> {
  const { items, lastKey } = await fillPage(limit, startKey, maxScans, async (Limit, ExclusiveStartKey: ImageKey | undefined) => {
    const page = await db.send(new ScanCommand({ TableName, Limit, ExclusiveStartKey, ...liveOnly }))
    return { items: (page.Items ?? []).map(toImage), lastKey: page.LastEvaluatedKey as ImageKey | undefined }
  })
  return { images: items, lastKey }
}

/** `GET /getall` answers in one response (6 MB at most from Lambda): this many images, no more. */
const GETALL_MAX_IMAGES = 10_000

/**
 * Every live image, for the old `GET /getall`, which has no pages: up to 10,000 images and 20
 * Scans of at most 1 MB each. Beyond that the answer is cut short, and logged.
 *
 * @example
 * ```ts
 * c.json({ images: await allImages() })
 * ```
 */
export async function allImages(): Promise<Image[]> {
  const { images, lastKey } = await listImages(GETALL_MAX_IMAGES, undefined, 20)
  if (lastKey) logger.warn('GET /getall cut short', { images: images.length })
  return images
}

/** The live image of a key; undefined when there is none or it is a tombstone. */
async function findImage(key: string, consistent = false): Promise<Image | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName, Key: { [KEY]: key }, ConsistentRead: consistent }))
  return isLive(Item) ? toImage(Item) : undefined
}

/**
 * The live image of a key, or a 404 `Item not found`.
 *
 * @example
 * ```ts
 * return c.json({ image: await requireImage(key) })
 * ```
 */
export async function requireImage(key: string): Promise<Image> {
  const image = await findImage(key)
  if (!image) throw new NotFoundError('Item not found')
  return image
}

/**
 * Registers an image's metadata. Bucket events own the items they wrote: such an item carries
 * the event's `sequencer`, which orders later events against it, so a registration neither
 * overwrites it (it would drop the sequencer and let a stale event win) nor replaces its
 * tombstone (which would resurrect a deleted object). It only creates an item, or replaces one
 * an earlier registration wrote; the condition makes that one atomic request.
 *
 * @returns the image now stored, and whether this registration wrote it (false when a bucket
 *   event had recorded the object already: its item stands, as the truth about the object)
 * @throws ImageDeletedError when the object's deletion was recorded
 *
 * @example
 * ```ts
 * const { image, created } = await registerImage({ FileName: 'cat.png' })
 * ```
 */
export async function registerImage(input: ImageRegistration): Promise<{ image: Image; created: boolean }> {
  const image: Image = {
    FileName: input.FileName,
    Bucket: input.Bucket ?? config.buckets.images,
    Source: input.Source ?? 'API',
    Timestamp: input.Timestamp ?? new Date().toISOString(),
  }
  try {
    await db.send(
      new PutCommand({
        TableName,
        Item: image,
        ConditionExpression: 'attribute_not_exists(#sequencer) AND attribute_not_exists(#deleted)',
        ExpressionAttributeNames: { '#sequencer': 'sequencer', '#deleted': 'deleted' },
      }),
    )
    return { image, created: true }
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
  }
  // A consistent read, so the item that failed the condition is the one seen here; when it is
  // gone too, its deletion was being applied, which for the caller is the same outcome.
  const recorded = await findImage(input.FileName, true)
  if (!recorded) throw new ImageDeletedError(input.FileName)
  return { image: recorded, created: false }
}

/**
 * Deletes the metadata of an image, and only that: the Worker deletes the object first, and
 * the ObjectRemoved event that follows leaves the tombstone.
 *
 * @throws NotFoundError `Item not found` when there is no live item
 *
 * @example
 * ```ts
 * await deleteImage('photos/cat.png')
 * ```
 */
export async function deleteImage(key: string): Promise<void> {
  try {
    await db.send(
      new DeleteCommand({
        TableName,
        Key: { [KEY]: key },
        ConditionExpression: 'attribute_exists(#key) AND attribute_not_exists(#deleted)',
        ExpressionAttributeNames: { '#key': KEY, '#deleted': 'deleted' },
      }),
    )
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new NotFoundError('Item not found', { cause: error })
    throw error
  }
}
