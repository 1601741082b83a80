import { framePrefixes } from '../../contract/layout'
import { type Background, readThrough } from '../cache'
import type { Edge } from '../edge'
import { listAll, type ObjectSummary } from '../s3/list'

/** The cache holds keys, never signed URLs: URLs are signed on the way out. */
function cachedListing<T>(ctx: Background, edge: Edge, key: string, load: () => Promise<T>) {
  const { config } = edge
  return readThrough(ctx, `frames/${config.buckets.frames}/${key}`, { ttlSeconds: config.listingTtlSeconds, maxStaleSeconds: config.maxStaleSeconds }, load)
}

function subfolders(edge: Edge, prefix: string) {
  return listAll(edge.s3, edge.config.buckets.frames, prefix, '/').then(({ prefixes }) => prefixes.map((p) => p.slice(prefix.length, -1)).sort())
}

function frames(edge: Edge, prefix: string): Promise<ObjectSummary[]> {
  return listAll(edge.s3, edge.config.buckets.frames, prefix).then(({ objects }) => objects.filter((o) => !o.key.endsWith('/')))
}

/** @example `const { value: devices, state } = await listDevices(c.executionCtx, c.var.edge)` */
export function listDevices(ctx: Background, edge: Edge) {
  return cachedListing(ctx, edge, 'devices', () => subfolders(edge, framePrefixes.devices))
}

/** A device's batches, sorted; empty when the device has no objects. */
export function listBatches(ctx: Background, edge: Edge, device: string) {
  return cachedListing(ctx, edge, `batches/${device}`, () => subfolders(edge, framePrefixes.batches(device)))
}

export function listBatchFrames(ctx: Background, edge: Edge, device: string, batch: string) {
  return cachedListing(ctx, edge, `frames/${device}/${batch}`, () => frames(edge, framePrefixes.batchFrames(device, batch)))
}

export function listFlaggedFrames(ctx: Background, edge: Edge) {
  return cachedListing(ctx, edge, 'flagged', () => frames(edge, framePrefixes.flagged))
}
