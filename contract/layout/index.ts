/**
 * The bucket layout, the one definition that the Worker (listings, signing allowlist, deletes),
 * the origin (event routing), infra (IAM prefixes, event sources) and the tests all derive from.
 *
 * Four roles of objects; each names a bucket, and several roles may name the same bucket, whose
 * objects they then tell apart by key prefix. Each role is served (signed, read, deleted) only
 * inside its areas.
 */

export const bucketRoles = ['frames', 'images', 'photos', 'thumbs'] as const

export type BucketRole = (typeof bucketRoles)[number]

export type BucketNames = Record<BucketRole, string>

/**
 * The frames bucket as the cameras write it: `flagged/annotated_frames/...` and
 * `unflagged/{device}/{batch}/annotated_frames/...`.
 *
 * @example
 * ```ts
 * framePrefixes.batchFrames('cam-north', 'batch_001') // 'unflagged/cam-north/batch_001/annotated_frames/'
 * ```
 */
export const framePrefixes = {
  flagged: 'flagged/annotated_frames/',
  devices: 'unflagged/',
  batches: (device: string) => `unflagged/${device}/`,
  batchFrames: (device: string, batch: string) => `unflagged/${device}/${batch}/annotated_frames/`,
}

/** Raw photos: `photos-raw/{photoId}.{ext}` in the photos bucket. */
export const RAW_PHOTO_PREFIX = 'photos-raw/'

/** Face thumbnails: `faces-thumbs/{personId}/{photoId}_face_{n}.{ext}` in the thumbs bucket. */
export const FACE_THUMB_PREFIX = 'faces-thumbs/'

/** Where presigned uploads go unless configured otherwise: inside the images area. */
export const DEFAULT_UPLOAD_PREFIX = 'uploads/'

const RAW_PHOTO_KEY = /^photos-raw\/([^/]+)\.[^./]+$/
const FACE_THUMB_KEY = /^faces-thumbs\/([^/]+)\/([^/]+)_face_\d+\.[^./]+$/

/**
 * The photo id a raw photo's key names: its file name without the extension.
 *
 * @example
 * ```ts
 * photoIdOf('photos-raw/p001.jpg') // 'p001'
 * photoIdOf('photos-raw/nested/p001.jpg') // undefined
 * ```
 */
export function photoIdOf(key: string): string | undefined {
  return RAW_PHOTO_KEY.exec(key)?.[1]
}

/**
 * The person and photo a face thumbnail's key shows.
 *
 * @example
 * ```ts
 * faceOf('faces-thumbs/person-ada/p001_face_2.png') // { personId: 'person-ada', photoId: 'p001' }
 * ```
 */
export function faceOf(key: string): { personId: string; photoId: string } | undefined {
  const match = FACE_THUMB_KEY.exec(key)
  return match?.[1] && match[2] ? { personId: match[1], photoId: match[2] } : undefined
}

/** One deployment's layout: its bucket names, and where images and uploads live in the images bucket. */
export type Layout = {
  buckets: BucketNames
  /** Key prefix of every image; '' (the default) for a bucket of its own. */
  imagesPrefix: string
  /** Key prefix of presigned uploads, inside `imagesPrefix`. */
  uploadPrefix: string
}

/** A (bucket, key prefix) pair where one role's objects live. */
export type Area = { role: BucketRole; bucket: string; prefix: string }

/**
 * Where each role's objects live, and the only places the Worker signs URLs in, lists, or
 * deletes from; IAM grants the Worker exactly these.
 *
 * @example
 * ```ts
 * areasOf(layout) // [{ role: 'frames', bucket: 'frames', prefix: 'flagged/annotated_frames/' }, …]
 * ```
 */
export function areasOf(layout: Layout): Area[] {
  const { buckets } = layout
  return [
    { role: 'frames', bucket: buckets.frames, prefix: framePrefixes.flagged },
    { role: 'frames', bucket: buckets.frames, prefix: framePrefixes.devices },
    { role: 'images', bucket: buckets.images, prefix: layout.imagesPrefix },
    { role: 'photos', bucket: buckets.photos, prefix: RAW_PHOTO_PREFIX },
    { role: 'thumbs', bucket: buckets.thumbs, prefix: FACE_THUMB_PREFIX },
  ]
}

/**
 * The role whose area holds an object, or undefined. Areas never overlap (see `checkLayout`),
 * so at most one does.
 *
 * @example
 * ```ts
 * roleOf(layout, 'thumbs', 'faces-thumbs/person-ada/p001_face_0.png') // 'thumbs'
 * ```
 */
export function roleOf(layout: Layout, bucket: string, key: string): BucketRole | undefined {
  return areasOf(layout).find((area) => area.bucket === bucket && key.startsWith(area.prefix))?.role
}

/** A layout that would make one role's objects another's, or put uploads outside the images area. */
export class LayoutError extends Error {
  constructor(message: string) {
    super(`Invalid bucket layout: ${message}`)
    this.name = 'LayoutError'
  }
}

/**
 * Refuses a layout in which two areas of one bucket overlap: with one bucket for every role,
 * an empty images prefix would make every frame and thumbnail an image, signable and deletable
 * as one. Also refuses prefixes that are not folder-like, and uploads outside the images area.
 *
 * @throws LayoutError naming what to change
 * @example
 * ```ts
 * checkLayout({ buckets: { frames: 'lib', images: 'lib', photos: 'lib', thumbs: 'lib' }, imagesPrefix: '', uploadPrefix: 'uploads/' })
 * // LayoutError: … set IMAGES_PREFIX (e.g. "images/") …
 * ```
 */
export function checkLayout(layout: Layout): void {
  for (const [name, prefix] of [['IMAGES_PREFIX', layout.imagesPrefix], ['UPLOAD_PREFIX', layout.uploadPrefix]] as const) {
    if (prefix && (!prefix.endsWith('/') || prefix.startsWith('/') || prefix.split('/').slice(0, -1).some((s) => s === '' || s === '.' || s === '..'))) {
      throw new LayoutError(`${name} must be empty or a folder such as "images/", got "${prefix}"`)
    }
  }
  if (!layout.uploadPrefix || !layout.uploadPrefix.startsWith(layout.imagesPrefix)) {
    throw new LayoutError(`UPLOAD_PREFIX ("${layout.uploadPrefix}") must be a folder inside IMAGES_PREFIX ("${layout.imagesPrefix}")`)
  }
  const areas = areasOf(layout)
  for (const [i, a] of areas.entries()) {
    for (const b of areas.slice(i + 1)) {
      if (a.bucket !== b.bucket || a.role === b.role) continue
      if (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) {
        throw new LayoutError(
          `the ${a.role} area "${a.prefix}" and the ${b.role} area "${b.prefix}" overlap in bucket ${a.bucket}; when roles share a bucket, set IMAGES_PREFIX (e.g. "images/") so that no object belongs to two roles`,
        )
      }
    }
  }
}

/**
 * The layout a deployment's settings describe: the images prefix defaults to none and the upload
 * prefix to `uploads/` inside it (an empty setting counts as unset). Every part that reads
 * IMAGES_PREFIX and UPLOAD_PREFIX (Worker, origin, infra, the local stack) resolves them here;
 * each then refuses a bad layout with `checkLayout` where it starts.
 *
 * @example
 * ```ts
 * resolveLayout({ buckets, imagesPrefix: 'images/' }) // { …, uploadPrefix: 'images/uploads/' }
 * ```
 */
export function resolveLayout(settings: { buckets: BucketNames; imagesPrefix?: string; uploadPrefix?: string }): Layout {
  const imagesPrefix = settings.imagesPrefix ?? ''
  return { buckets: settings.buckets, imagesPrefix, uploadPrefix: settings.uploadPrefix || `${imagesPrefix}${DEFAULT_UPLOAD_PREFIX}` }
}
