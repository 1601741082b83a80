import { type Background, readThrough } from '../cache'
import type { Config } from '../config'
import { listAll, type ObjectSummary } from '../s3/list'

/**
 * The frames bucket's layout, as the cameras write it:
 * `flagged/annotated_frames/...` and `unflagged/{device}/{batch}/annotated_frames/...`.
 */
export const framePrefixes = {
  devices: 'unflagged/',
  batches: (device: string) => `unflagged/${device}/`,
  batchFrames: (device: string, batch: string) => `unflagged/${device}/${batch}/annotated_frames/`,
  flaggedFrames: 'flagged/annotated_frames/',
}

/** The cache holds keys, never signed URLs: URLs are signed on the way out. */
function cachedListing<T>(ctx: Background, config: Config, key: string, load: () => Promise<T>) {
  return readThrough(ctx, `frames/${config.buckets.frames}/${key}`, { ttlSeconds: config.listingTtlSeconds, maxStaleSeconds: config.maxStaleSeconds }, load)
}

function subfolders(config: Config, prefix: string) {
  return listAll(config, config.buckets.frames, prefix, '/').then(({ prefixes }) => prefixes.map((p) => p.slice(prefix.length, -1)).sort())
}

function frames(config: Config, prefix: string): Promise<ObjectSummary[]> {
  return listAll(config, config.buckets.frames, prefix).then(({ objects }) => objects.filter((o) => !o.key.endsWith('/')))
}

/** @example `const { value: devices, state } = await listDevices(c.executionCtx, config)` */
export function listDevices(ctx: Background, config: Config) {
  return cachedListing(ctx, config, 'devices', () => subfolders(config, framePrefixes.devices))
}

/** A device's batches, sorted; empty when the device has no objects. */
export function listBatches(ctx: Background, config: Config, device: string) {
  return cachedListing(ctx, config, `batches/${device}`, () => subfolders(config, framePrefixes.batches(device)))
}

export function listBatchFrames(ctx: Background, config: Config, device: string, batch: string) {
  return cachedListing(ctx, config, `frames/${device}/${batch}`, () => frames(config, framePrefixes.batchFrames(device, batch)))
}

export function listFlaggedFrames(ctx: Background, config: Config) {
  return cachedListing(ctx, config, 'flagged', () => frames(config, framePrefixes.flaggedFrames))
}
