import { GetCommand, type TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { config } from '../config'
import { db } from '../dynamodb'
import { tombstoneExpiresAt } from '../tombstones'
import type { ObjectEvent } from '../writes/object-event'

/** A face thumbnail object: `faces-thumbs/{personId}/{photoId}_face_{n}.{ext}` in the thumbs bucket. */
export type FaceThumb = { personId: string; photoId: string; key: string; bucket: string }

/** The last event applied to one face thumbnail: its sequencer, and whether the object exists after it. */
export type FaceState = { sequencer: string; live: boolean }

/**
 * The part of an Occurrences item (one per person and photo) that S3 events maintain.
 * A photo counts for its person while at least one of its faces is live; an item with none is
 * a tombstone (`deleted`, TTL'd) that still holds its faces' sequencers against late events.
 */
export type Occurrence = {
  /** Every face thumbnail of this person in this photo, by key; removed ones stay as tombstones. */
  faces?: Record<string, FaceState>
  /** A live face thumbnail that shows the person in this photo; absent when none is live. */
  thumbKey?: string
  /** Incremented by every write: the optimistic lock that serialises events of this item. */
  revision?: number
}

/** What one face event does to its Occurrences item, planned from the item as read. */
export type FaceChange = {
  thumb: FaceThumb
  /**
   * The revision read, that the write is conditioned on: undefined when there was no item, 0 for
   * an item no event has written yet (see `facesOf`).
   */
  revision?: number
  faces: Record<string, FaceState>
  thumbKey?: string
  /** +1: the face appeared, -1: it went away, 0: only its sequencer moves on. */
  faceDelta: -1 | 0 | 1
  /** +1: the person now appears in this photo, -1: no longer, 0: no change. */
  photoDelta: -1 | 0 | 1
}

/**
 * Reads a person+photo's Occurrences item, strongly consistent so that the revision a write
 * is conditioned on is the latest one.
 *
 * @example
 * ```ts
 * const occurrence = await readOccurrence({ personId: 'person-ada', photoId: 'p001' })
 * ```
 */
export async function readOccurrence(thumb: Pick<FaceThumb, 'personId' | 'photoId'>): Promise<Occurrence | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: config.tables.occurrences, Key: { personId: thumb.personId, photoId: thumb.photoId }, ConsistentRead: true }),
  )
  return Item as Occurrence | undefined
}

/**
 * Plans a face event against its Occurrences item. Per S3, the event with the highest sequencer
 * of a key wins, so an event no newer than the one recorded for that face changes nothing.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 *
 * @returns the change, or undefined for a duplicate or stale event.
 * @example
 * ```ts
 * planFaceChange(undefined, thumb, created) // { faceDelta: 1, photoDelta: 1, thumbKey: thumb.key, ... }
 * ```
 */
export function planFaceChange(occurrence: Occurrence | undefined, thumb: FaceThumb, event: ObjectEvent): FaceChange | undefined {
  const before = facesOf(occurrence)
  const previous = before[thumb.key]
  if (previous && previous.sequencer >= event.sequencer) return undefined
  const live = event.kind === 'created'
  const faces = { ...before, [thumb.key]: { sequencer: event.sequencer, live } }
  const wasShown = liveKeys(before).length > 0
  const liveNow = liveKeys(faces)
  const current = occurrence?.thumbKey
  return {
    thumb,
    revision: occurrence ? (occurrence.revision ?? 0) : undefined,
    faces,
    thumbKey: current && faces[current]?.live ? current : liveNow[0],
    faceDelta: delta(previous?.live ?? false, live),
    photoDelta: delta(wasShown, liveNow.length > 0),
  }
}

/**
 * The faces an item records. An item in the shared shape written without events (a backfill,
 * the demo seed) names its thumbnail and no faces: that face counts as live with no sequencer
 * yet, so that any event of it is newer and its photo is not counted twice.
 */
function facesOf(occurrence: Occurrence | undefined): Record<string, FaceState> {
  if (occurrence?.faces) return occurrence.faces
  return occurrence?.thumbKey ? { [occurrence.thumbKey]: { sequencer: '', live: true } } : {}
}

function liveKeys(faces: Record<string, FaceState>): string[] {
  return Object.keys(faces)
    .filter((key) => faces[key]?.live)
    .sort()
}

function delta(before: boolean, after: boolean): -1 | 0 | 1 {
  return before === after ? 0 : after ? 1 : -1
}

/**
 * The conditional update that records a face change: it goes through only if nobody wrote the
 * item since it was read. An item left with no live face becomes a TTL'd tombstone.
 *
 * @example
 * ```ts
 * await writeAtomically([occurrenceUpdate(change)])
 * ```
 */
export function occurrenceUpdate(change: FaceChange): TransactWriteItem {
  const { thumb, thumbKey, revision } = change
  const state = thumbKey
    ? { set: ['thumbKey = :thumbKey'], remove: ['deleted', 'expiresAt'], values: { ':thumbKey': thumbKey } }
    : { set: ['deleted = :deleted', 'expiresAt = :expiresAt'], remove: ['thumbKey'], values: { ':deleted': true, ':expiresAt': tombstoneExpiresAt() } }
  return {
    Update: {
      TableName: config.tables.occurrences,
      Key: { personId: thumb.personId, photoId: thumb.photoId },
      UpdateExpression: `SET faces = :faces, revision = :next, thumbBucket = :bucket, ${state.set.join(', ')} REMOVE ${state.remove.join(', ')}`,
      ConditionExpression: unchangedSinceRead(revision),
      ExpressionAttributeValues: {
        ':faces': change.faces,
        ':next': (revision ?? 0) + 1,
        ':bucket': thumb.bucket,
        ...state.values,
        ...(revision ? { ':revision': revision } : {}),
      },
    },
  }
}

function unchangedSinceRead(revision: number | undefined): string {
  if (revision === undefined) return 'attribute_not_exists(personId)'
  return revision === 0 ? 'attribute_exists(personId) AND attribute_not_exists(revision)' : 'revision = :revision'
}
