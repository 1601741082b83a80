import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { StackConfig } from './config'
import { colourOf, gradientPng } from './png'

/**
 * versitygw's posix backend keeps each object as a file under `DATA_DIR/s3/<bucket>/<key>`: one
 * written or removed there exists or is gone for S3 at once, and no event is posted, as when S3
 * events were never delivered (the buckets of the systems this replaces), or were lost.
 */
function pathOf(config: StackConfig, bucket: string, key: string): string {
  return resolve(config.dataDir, 's3', bucket, key)
}

/**
 * Puts an object (a small PNG unless `body` is given) without any S3 event.
 *
 * @example
 * ```ts
 * putWithoutEvent(config, config.buckets.images, 'old/cat.png')
 * ```
 */
export function putWithoutEvent(config: StackConfig, bucket: string, key: string, body: Uint8Array = gradientPng(4, 4, colourOf(key), [255, 255, 255])): void {
  const path = pathOf(config, bucket, key)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, body)
}

/**
 * Deletes an object without any S3 event.
 *
 * @example
 * ```ts
 * deleteWithoutEvent(config, config.buckets.images, 'old/cat.png')
 * ```
 */
export function deleteWithoutEvent(config: StackConfig, bucket: string, key: string): void {
  rmSync(pathOf(config, bucket, key), { force: true })
}
