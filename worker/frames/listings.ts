import type { Context } from 'hono'
import { cacheTags } from '../../contract/cache-tags'
import { framePrefixes } from '../../contract/layout'
import type { AppEnv } from '../app-env'
import { cacheKey, readThroughFor } from '../cache'
import { listAll, type ObjectSummary } from '../s3/list'

type FramesContext = Context<AppEnv>

/** A listing through the edge cache: keys only, never signed URLs (URLs are signed on the way out); an empty one is a brief "nothing here". */
function cachedListing<T extends unknown[]>(c: FramesContext, kind: string, parts: string[], tags: string[], load: () => Promise<T>) {
  const { config } = c.var.edge
  const policy = { ttlSeconds: config.listingTtlSeconds, tags, isEmpty: (value: T) => value.length === 0 }
  return readThroughFor(c, cacheKey(kind, config.buckets.frames, ...parts), policy, load)
}

function subfolders(c: FramesContext, prefix: string) {
  const { s3, config } = c.var.edge
  return listAll(s3, config.buckets.frames, prefix, '/').then(({ prefixes }) => prefixes.map((p) => p.slice(prefix.length, -1)).sort())
}

function frames(c: FramesContext, prefix: string): Promise<ObjectSummary[]> {
  const { s3, config } = c.var.edge
  return listAll(s3, config.buckets.frames, prefix).then(({ objects }) => objects.filter((o) => !o.key.endsWith('/')))
}

/** @example `const { value: devices, state } = await listDevices(c)` */
export function listDevices(c: FramesContext) {
  return cachedListing(c, 'frames-devices', [], [cacheTags.devices], () => subfolders(c, framePrefixes.devices))
}

/** A device's batches, sorted; empty when the device has no objects. */
export async function listBatches(c: FramesContext, device: string) {
  return cachedListing(c, 'frames-batches', [device], [await cacheTags.device(device)], () => subfolders(c, framePrefixes.batches(device)))
}

export async function listBatchFrames(c: FramesContext, device: string, batch: string) {
  return cachedListing(c, 'frames-batch', [device, batch], [await cacheTags.batch(device, batch)], () => frames(c, framePrefixes.batchFrames(device, batch)))
}

export function listFlaggedFrames(c: FramesContext) {
  return cachedListing(c, 'frames-flagged', [], [cacheTags.flagged], () => frames(c, framePrefixes.flagged))
}
