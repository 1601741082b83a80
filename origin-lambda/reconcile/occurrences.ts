import { z } from 'zod'
import { faceOf } from '../../contract/layout'
import type { ObjectChange } from './plan'
import type { Item } from './records'

/**
 * The part of an Occurrences item reconcile reads. Items events wrote record every face with its
 * sequencer (`faces`, see people/apply-faces.ts); old items are `{personId, photoId, thumbKey,
 * photoBucket?, photoKey?}`: one face, live, written without events.
 */
const occurrenceRecord = z.object({
  personId: z.string(),
  photoId: z.string(),
  thumbKey: z.string().optional(),
  thumbBucket: z.string().optional(),
  faces: z.record(z.string(), z.object({ sequencer: z.string(), live: z.boolean() })).optional(),
  deleted: z.boolean().optional(),
})

export type OccurrenceRecord = z.infer<typeof occurrenceRecord>

/** The state of one face an occurrence records; `sequencer` is absent for a face written without events. */
export type RecordedFace = { key: string; live: boolean; sequencer?: string }

/**
 * Reads Occurrences items; `unreadable` counts those that are no occurrence at all.
 *
 * @example
 * ```ts
 * const { occurrences, unreadable } = parseOccurrences(items)
 * ```
 */
export function parseOccurrences(items: Item[]): { occurrences: OccurrenceRecord[]; unreadable: number } {
  const occurrences = items.flatMap((item) => {
    const parsed = occurrenceRecord.safeParse(item)
    return parsed.success ? [parsed.data] : []
  })
  return { occurrences, unreadable: items.length - occurrences.length }
}

/**
 * The faces an occurrence records, as `facesOf` in people/apply-faces.ts reads them: an old item's
 * one thumbnail is a live face with no sequencer yet.
 *
 * @example
 * ```ts
 * recordedFaces({ personId: 'ada', photoId: 'p1', thumbKey: 'faces-thumbs/ada/p1_face_0.png' }) // [{ key: …, live: true }]
 * ```
 */
export function recordedFaces(occurrence: OccurrenceRecord): RecordedFace[] {
  if (occurrence.faces) return Object.entries(occurrence.faces).map(([key, face]) => ({ key, live: face.live, sequencer: face.sequencer || undefined }))
  return occurrence.thumbKey ? [{ key: occurrence.thumbKey, live: !occurrence.deleted }] : []
}

/**
 * One person's photos as Occurrences shows them: each photo with a live face, and its live faces,
 * the one the occurrence serves as `thumbKey` first.
 */
export type PersonFaces = Map<string, string[]>

/**
 * The live photos and faces of each person, from their Occurrences items. A photo counts for a
 * person while its item is live (`GET /persons/{id}/photos` lists exactly those).
 *
 * @example
 * ```ts
 * facesByPerson(items).get('ada')?.size // the photo count Persons should hold
 * ```
 */
export function facesByPerson(items: Item[]): Map<string, PersonFaces> {
  const persons = new Map<string, PersonFaces>()
  for (const occurrence of parseOccurrences(items).occurrences) {
    if (occurrence.deleted || !occurrence.thumbKey) continue
    const others = recordedFaces(occurrence).filter((face) => face.live && face.key !== occurrence.thumbKey)
    const photos = persons.get(occurrence.personId) ?? new Map()
    photos.set(occurrence.photoId, [occurrence.thumbKey, ...others.map((face) => face.key)])
    persons.set(occurrence.personId, photos)
  }
  return persons
}

/**
 * What a dry run expects Occurrences to show once its face changes are applied: each created face
 * live, each removed one gone (and its photo, with its last face). A real run reads Occurrences
 * again instead.
 *
 * @example
 * ```ts
 * const expected = withFaceChanges(facesByPerson(occurrences), appliedChanges)
 * ```
 */
export function withFaceChanges(persons: Map<string, PersonFaces>, changes: ObjectChange[]): Map<string, PersonFaces> {
  const projected = new Map([...persons].map(([personId, photos]) => [personId, new Map(photos)]))
  for (const change of changes) {
    const face = change.role === 'thumbs' ? faceOf(change.key) : undefined
    if (!face) continue
    const photos = projected.get(face.personId) ?? new Map<string, string[]>()
    const keys = (photos.get(face.photoId) ?? []).filter((key) => key !== change.key)
    if (change.action === 'create') keys.push(change.key)
    if (keys.length) photos.set(face.photoId, keys)
    else photos.delete(face.photoId)
    projected.set(face.personId, photos)
  }
  return projected
}
