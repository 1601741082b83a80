/**
 * The four kinds of objects the system serves. Each role names a bucket; several roles may
 * name the same bucket, whose objects they then tell apart by key prefix.
 *
 * @example
 * ```ts
 * for (const role of bucketRoles) console.log(role, servedPrefixes[role])
 * ```
 */
export const bucketRoles = ['frames', 'images', 'photos', 'thumbs'] as const

export type BucketRole = (typeof bucketRoles)[number]

/**
 * Key prefixes the Worker signs GET URLs for, per role: the frame folders it lists
 * (worker/frames/listings.ts), every image, and the People photos and face thumbnails.
 * IAM grants reads on exactly these, so a leaked Worker key cannot read anything else.
 *
 * @example
 * ```ts
 * servedPrefixes.frames // ['flagged/', 'unflagged/']
 * ```
 */
export const servedPrefixes: Record<BucketRole, readonly string[]> = {
  frames: ['flagged/', 'unflagged/'],
  images: [''],
  photos: ['photos-raw/'],
  thumbs: ['faces-thumbs/'],
}

/**
 * Where browsers PUT new images with URLs the Worker presigns; the only prefix the Worker
 * may write to.
 *
 * @example
 * ```ts
 * `${UPLOAD_PREFIX}${fileName}` // 'uploads/cat.png', in the images bucket
 * ```
 */
export const UPLOAD_PREFIX = 'uploads/'
