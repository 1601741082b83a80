import { GetCommand, QueryCommand, type TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import { PERSONS_RANK_PARTITION } from '../tables'
import type { FaceChange, FaceThumb } from './apply-faces'

/** The part of a Persons item that S3 events maintain. */
type Person = { photoCount?: number; repThumbKey?: string }

/** A person's thumbnail may stay where it is only while it is not the face being removed. */
const REP_NOT_ON_THUMB = '(attribute_not_exists(repThumbKey) OR repThumbKey <> :thumbKey)'

/**
 * The Persons writes (and checks on other Occurrences items) that must commit in one
 * transaction with a face change, so that `photoCount` is the number of photos with a live
 * face of the person and `repThumbKey` is one of those faces:
 * - a face appearing in a photo that did not show the person adds 1 (and a thumbnail if none);
 * - a face going away re-checks the thumbnail and, with the photo's last face, subtracts 1;
 *   at 0 the person leaves the ranking GSI (no `rankPartition`) and keeps no thumbnail.
 *
 * @example
 * ```ts
 * await writeAtomically([occurrenceUpdate(change), ...(await personWritesFor(change))])
 * ```
 */
export async function personWritesFor(change: FaceChange): Promise<TransactWriteItem[]> {
  if (change.faceDelta === 1) return change.photoDelta === 1 ? [countNewPhoto(change.thumb)] : []
  if (change.faceDelta === 0) return []
  return writesForRemovedFace(change, await readPerson(change.thumb.personId))
}

/**
 * No condition on the person: the Occurrences item's revision check in the same transaction
 * lets the photo's 0 → 1 step happen once, and ADD commutes with every other count change.
 */
function countNewPhoto(thumb: FaceThumb): TransactWriteItem {
  return {
    Update: {
      TableName: config.tables.persons,
      Key: { personId: thumb.personId },
      UpdateExpression: 'ADD photoCount :one SET rankPartition = :rank, repThumbKey = if_not_exists(repThumbKey, :thumbKey)',
      ExpressionAttributeValues: { ':one': 1, ':rank': PERSONS_RANK_PARTITION, ':thumbKey': thumb.key },
    },
  }
}

async function writesForRemovedFace(change: FaceChange, person: Person | undefined): Promise<TransactWriteItem[]> {
  const { thumb } = change
  const count = person?.photoCount ?? 0
  if (count + change.photoDelta <= 0) return [clearPerson(thumb.personId, person?.photoCount)]
  const ownsThumbnail = person?.repThumbKey === thumb.key
  if (!ownsThumbnail && change.photoDelta === 0) return [thumbnailNotOn(thumb)]
  const replacement = ownsThumbnail ? await replacementThumbnail(change) : undefined
  return [shrinkPerson(change, count, ownsThumbnail, replacement?.key), ...(replacement?.check ? [replacement.check] : [])]
}

/** The person's last photo went away: count 0, out of the ranking, no thumbnail; unless the count moved meanwhile. */
function clearPerson(personId: string, photoCount: number | undefined): TransactWriteItem {
  return {
    Update: {
      TableName: config.tables.persons,
      Key: { personId },
      UpdateExpression: 'SET photoCount = :zero REMOVE rankPartition, repThumbKey',
      ConditionExpression: photoCount === undefined ? 'attribute_not_exists(photoCount)' : 'photoCount = :count',
      ExpressionAttributeValues: { ':zero': 0, ...(photoCount === undefined ? {} : { ':count': photoCount }) },
    },
  }
}

/** Guards against a concurrent event that just made the removed face the person's thumbnail. */
function thumbnailNotOn(thumb: FaceThumb): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: config.tables.persons,
      Key: { personId: thumb.personId },
      ConditionExpression: REP_NOT_ON_THUMB,
      ExpressionAttributeValues: { ':thumbKey': thumb.key },
    },
  }
}

/**
 * Counts a photo out (compare-and-set on the count read) and moves the thumbnail off the
 * removed face, each only if the person is still as read.
 */
function shrinkPerson(change: FaceChange, count: number, ownsThumbnail: boolean, replacement: string | undefined): TransactWriteItem {
  const set: string[] = []
  const remove: string[] = []
  const conditions: string[] = []
  const values: Record<string, unknown> = { ':thumbKey': change.thumb.key }
  if (change.photoDelta) {
    set.push('photoCount = :nextCount')
    conditions.push('photoCount = :count')
    Object.assign(values, { ':count': count, ':nextCount': count + change.photoDelta })
  }
  if (!ownsThumbnail) conditions.push(REP_NOT_ON_THUMB)
  else if (replacement) {
    conditions.push('repThumbKey = :thumbKey')
    set.push('repThumbKey = :replacement')
    values[':replacement'] = replacement
  } else {
    conditions.push('repThumbKey = :thumbKey')
    remove.push('repThumbKey')
  }
  const actions = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean)
  return {
    Update: {
      TableName: config.tables.persons,
      Key: { personId: change.thumb.personId },
      UpdateExpression: actions.join(' '),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeValues: values,
    },
  }
}

/**
 * Another live face of the person: first of the same photo, else of another photo, in which
 * case the transaction also checks that this face is still that photo's live thumbnail.
 */
async function replacementThumbnail(change: FaceChange): Promise<{ key: string; check?: TransactWriteItem } | undefined> {
  if (change.thumbKey) return { key: change.thumbKey }
  const other = await liveThumbOfAnotherPhoto(change.thumb)
  if (!other) return undefined
  return {
    key: other.thumbKey,
    check: {
      ConditionCheck: {
        TableName: config.tables.occurrences,
        Key: { personId: change.thumb.personId, photoId: other.photoId },
        ConditionExpression: 'thumbKey = :thumbKey',
        ExpressionAttributeValues: { ':thumbKey': other.thumbKey },
      },
    },
  }
}

/** Pages through the person's occurrences, a few at a time, for one that still shows them. */
async function liveThumbOfAnotherPhoto(thumb: FaceThumb): Promise<{ photoId: string; thumbKey: string } | undefined> {
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: config.tables.occurrences,
        KeyConditionExpression: 'personId = :personId',
        // A filter may not name key attributes, so the removed face's own photo is skipped below.
        FilterExpression: 'attribute_exists(thumbKey)',
        ProjectionExpression: 'photoId, thumbKey',
        ExpressionAttributeValues: { ':personId': thumb.personId },
        ConsistentRead: true,
        Limit: 25,
        ExclusiveStartKey,
      }),
    )
    const found = (page.Items as { photoId: string; thumbKey: string }[] | undefined)?.find((item) => item.photoId !== thumb.photoId)
    if (found) return found
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey)
  return undefined
}

async function readPerson(personId: string): Promise<Person | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: config.tables.persons, Key: { personId }, ProjectionExpression: 'photoCount, repThumbKey', ConsistentRead: true }),
  )
  return Item as Person | undefined
}
