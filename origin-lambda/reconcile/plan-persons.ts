import { z } from 'zod'
import { PERSONS_RANK_PARTITION } from '../tables'
import type { PersonFaces } from './occurrences'
import type { Item } from './records'

/** The part of a Persons item events maintain; old items are `{personId, photoCount, repThumbKey}`, without `rankPartition`. */
const personRecord = z.object({
  personId: z.string(),
  photoCount: z.number().optional(),
  repThumbKey: z.string().optional(),
  rankPartition: z.string().optional(),
})

export type PersonRecord = z.infer<typeof personRecord>

/** A person's ranking attributes as Occurrences imply them. */
export type PersonState = { photoCount: number; repThumbKey?: string; rankPartition?: typeof PERSONS_RANK_PARTITION }

/**
 * One Persons item to correct: from `before` (as read; undefined when there is none) to `after`.
 * `repOccurrence` is the occurrence a new thumbnail is taken from, which the write checks still
 * serves it.
 */
export type PersonFix = { personId: string; before?: PersonRecord; after: PersonState; repOccurrence?: { photoId: string; thumbKey: string } }

/** The fixes a run plans, and how many persons need none (unchanged) or are no person item at all (skipped). */
export type PersonsPlan = { fixes: PersonFix[]; unchanged: number; skipped: number }

/**
 * Plans the Persons items that disagree with Occurrences, as face events would have left them:
 * `photoCount` the number of photos with a live face, `rankPartition` set while that is above 0
 * (so the person is in the `byPhotoCount` index), `repThumbKey` one of the person's live faces
 * (kept when it is one, else the face of their first photo). This brings old items into the
 * ranking and corrects counts that drifted; a person with live photos and no item gets one.
 *
 * @example
 * ```ts
 * planPersonFixes([{ personId: 'ada', photoCount: 7 }], new Map([['ada', new Map([['p1', ['faces-thumbs/ada/p1_face_0.png']]])]]))
 * // { fixes: [{ personId: 'ada', after: { photoCount: 1, rankPartition: 'persons', repThumbKey: 'faces-thumbs/ada/p1_face_0.png' }, … }], … }
 * ```
 */
export function planPersonFixes(items: Item[], faces: Map<string, PersonFaces>): PersonsPlan {
  const plan: PersonsPlan = { fixes: [], unchanged: 0, skipped: 0 }
  const records = new Map<string, PersonRecord>()
  for (const item of items) {
    const parsed = personRecord.safeParse(item)
    if (parsed.success) records.set(parsed.data.personId, parsed.data)
    else plan.skipped += 1
  }
  for (const personId of new Set([...records.keys(), ...faces.keys()])) {
    const before = records.get(personId)
    const photos = faces.get(personId) ?? new Map<string, string[]>()
    if (!before && !photos.size) continue
    const { after, repOccurrence } = stateOf(photos, before?.repThumbKey)
    const same = before?.photoCount === after.photoCount && before.repThumbKey === after.repThumbKey && before.rankPartition === after.rankPartition
    if (same) plan.unchanged += 1
    else plan.fixes.push({ personId, before, after, repOccurrence })
  }
  return plan
}

function stateOf(photos: PersonFaces, currentRep: string | undefined): { after: PersonState; repOccurrence?: PersonFix['repOccurrence'] } {
  if (!photos.size) return { after: { photoCount: 0 } }
  const after: PersonState = { photoCount: photos.size, rankPartition: PERSONS_RANK_PARTITION }
  if (currentRep && [...photos.values()].some((keys) => keys.includes(currentRep))) return { after: { ...after, repThumbKey: currentRep } }
  const [photoId, [thumbKey] = []] = [...photos.entries()].sort(([a], [b]) => (a < b ? -1 : 1))[0] ?? []
  return { after: { ...after, repThumbKey: thumbKey }, repOccurrence: photoId && thumbKey ? { photoId, thumbKey } : undefined }
}

/**
 * A fix in one line, for a dry run's list.
 *
 * @example
 * ```ts
 * describeFix(fix) // 'fix person ada: photoCount 7 → 1, rankPartition set, repThumbKey faces-thumbs/ada/gone.png → faces-thumbs/ada/p1_face_0.png'
 * ```
 */
export function describeFix({ personId, before, after }: PersonFix): string {
  const parts = [
    before?.photoCount !== after.photoCount && `photoCount ${before?.photoCount ?? 'none'} → ${after.photoCount}`,
    before?.rankPartition !== after.rankPartition && (after.rankPartition ? 'rankPartition set' : 'rankPartition removed'),
    before?.repThumbKey !== after.repThumbKey && `repThumbKey ${before?.repThumbKey ?? 'none'} → ${after.repThumbKey ?? 'none'}`,
  ]
  return `${before ? 'fix' : 'create'} person ${personId}: ${parts.filter(Boolean).join(', ')}`
}
