/**
 * The cache tags of the Worker's edge cache: every cached answer carries the tags of what it
 * says (`Cache-Tag`), and every change purges the tags of what it changes. The Worker tags and
 * purges its own writes; the origin purges what S3 events and API writes change. One definition,
 * so the two sides cannot name one thing two ways.
 *
 * Tags name user-chosen strings (keys, device and person ids) through a hash: a Cache-Tag is at
 * most 1,024 characters, case-insensitive and comma-separated, none of which a key respects.
 * https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/
 */
import { type Layout, framePrefixes, faceOf, roleOf } from '../layout'

const encoder = new TextEncoder()

/** `kind:` and 32 hex digits (128 bits of SHA-256) of the parts: no two parts share a tag by accident. */
async function hashed(kind: string, ...parts: string[]): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(parts))))
  return `${kind}:${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/**
 * @example
 * ```ts
 * await cacheTags.image('welcome.png') // 'image:4f…'
 * ```
 */
export const cacheTags = {
  /** The list of devices. */
  devices: 'frames-devices',
  /** One device's batches. */
  device: (device: string) => hashed('frames-device', device),
  /** One batch's frames. */
  batch: (device: string, batch: string) => hashed('frames-batch', device, batch),
  /** The flagged frames. */
  flagged: 'frames-flagged',
  /** Every list of images: `/images` pages, `/getall`. */
  imageLists: 'images',
  /** One image: `/images/{key}`, `/getitem`. */
  image: (key: string) => hashed('image', key),
  /** Every page of the People grid. */
  personsLists: 'persons',
  /** One person's photos. */
  person: (personId: string) => hashed('person', personId),
  /** Every person's photos: a raw photo's object names no person, but appears in their lists. */
  personPhotos: 'person-photos',
}

/**
 * The tags of the answers an S3 object's event can change: a new batch's frames, an image, a
 * person's count and thumbnail. Objects outside every area change nothing cached.
 *
 * @example
 * ```ts
 * await tagsOfObject(layout, 'thumbs', 'faces-thumbs/person-ada/p001_face_0.png') // ['persons', 'person:…']
 * ```
 */
export async function tagsOfObject(layout: Layout, bucket: string, key: string): Promise<string[]> {
  switch (roleOf(layout, bucket, key)) {
    case 'frames': {
      if (key.startsWith(framePrefixes.flagged)) return [cacheTags.flagged]
      const [device, batch] = key.slice(framePrefixes.devices.length).split('/')
      if (!device || !batch) return [cacheTags.devices]
      return [cacheTags.devices, await cacheTags.device(device), await cacheTags.batch(device, batch)]
    }
    case 'images':
      return [cacheTags.imageLists, await cacheTags.image(key)]
    case 'photos':
      return [cacheTags.personPhotos]
    case 'thumbs': {
      const face = faceOf(key)
      return face ? [cacheTags.personsLists, await cacheTags.person(face.personId)] : []
    }
    default:
      return []
  }
}
