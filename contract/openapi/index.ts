/**
 * The public API as OpenAPI 3.1, generated from the schemas the Worker validates with
 * (contract/requests) and the shapes it answers (contract/responses), so the document cannot
 * describe another API than the one served. The Worker serves it at `GET /openapi.json`.
 */
import { z } from 'zod'
import * as req from '../requests'
import * as res from '../responses'

type Json = Record<string, unknown>
export type Scope = 'images:read' | 'images:write' | 'images:delete'
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503

/** One operation: its parts as zod schemas; bodies and responses carry a component `id`. */
type Operation = {
  summary: string
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  ok: [status: 200 | 201, schema: z.ZodType]
  /** Client errors beyond those every route may answer. */
  errors?: (400 | 404 | 409)[]
  /** The scope a write needs; reads need `images:read` only where the deployment says so. */
  scope?: Scope
  /** Health answers neither 401 nor 429, and its 503 carries its own body. */
  open?: true
}

/** The replaced systems' routes, kept with their shapes. */
const OLD = 'Replaced systems: '

/**
 * Every route the Worker serves, by path and method. `test/worker/openapi.test.ts` checks that
 * the Worker serves exactly these.
 */
export const routes: Record<string, Partial<Record<'get' | 'post' | 'delete', Operation>>> = {
  '/health': { get: { summary: 'State of S3, the origin and DynamoDB; 503 with the same body when one is down', ok: [200, res.health], open: true } },
  '/openapi.json': { get: { summary: 'This document', ok: [200, z.looseObject({}).meta({ id: 'OpenApiDocument' })], open: true } },
  '/devices': { get: { summary: 'Camera devices with frames', ok: [200, res.devices] } },
  '/devices/{device}/batches': { get: { summary: 'Batches of a device, sorted', params: req.deviceParam, ok: [200, res.batches], errors: [400, 404] } },
  '/devices/{device}/batches/{batch}/frames': {
    get: { summary: 'A page of frames of a batch, with URLs', params: req.batchParam, query: req.pages.frames, ok: [200, res.batchFramesPage], errors: [400, 404] },
  },
  '/flagged/frames': { get: { summary: 'A page of flagged frames, with URLs', query: req.pages.frames, ok: [200, res.framesPage], errors: [400] } },
  '/images': {
    get: { summary: 'A page of images, with URLs', query: req.pages.images, ok: [200, res.imagesPage], errors: [400] },
    post: { summary: 'Register the metadata of an object (200 with the recorded item when S3 reported it first)', body: req.imageRegistration, ok: [201, res.imageBody], errors: [400, 409], scope: 'images:write' },
  },
  '/images/{key}': {
    get: { summary: 'One image, with a URL; the key URL-encoded', params: req.imageKeyParam, ok: [200, res.imageBody], errors: [400, 404] },
    delete: { summary: 'Delete the object in the bucket its metadata names, then the metadata', params: req.imageKeyParam, ok: [200, res.deletedBody], errors: [400, 404], scope: 'images:delete' },
  },
  '/uploads': { post: { summary: 'A presigned PUT for one image upload', body: req.uploadRequest, ok: [201, res.uploadTicket], errors: [400], scope: 'images:write' } },
  '/persons': { get: { summary: 'A page of persons, most photos first, with a thumbnail URL', query: req.pages.persons, ok: [200, res.personsPage], errors: [400] } },
  '/persons/{personId}/photos': {
    get: { summary: 'A page of the photos of a person, with URLs; empty for an unknown person', params: req.personParam, query: req.pages.personPhotos, ok: [200, res.photosPage], errors: [400] },
  },
  '/upload': { post: { summary: `${OLD}register metadata`, body: req.imageRegistration, ok: [200, res.oldSavedBody], errors: [400, 409], scope: 'images:write' } },
  '/getall': { get: { summary: `${OLD}every image (at most 10,000), with URLs`, ok: [200, res.oldAllBody] } },
  '/getitem': { post: { summary: `${OLD}one image, with a URL`, body: req.fileNameBody, ok: [200, res.oldItemBody], errors: [400, 404] } },
  '/delete': { delete: { summary: `${OLD}delete the object and its metadata`, body: req.fileNameBody, ok: [200, res.oldDeletedBody], errors: [400, 404], scope: 'images:delete' } },
  '/fetch_batches': { post: { summary: `${OLD}batches of a device`, body: req.oldBatchesBody, ok: [200, res.batches], errors: [400, 404] } },
  '/fetch_flagged_annotated_images': { post: { summary: `${OLD}flagged frames (at most 1,000), with URLs`, ok: [200, res.framesPage] } },
  '/fetch_unflagged_frame_from_batch': {
    post: { summary: `${OLD}frames of a batch (at most 1,000), with URLs`, body: req.oldFramesBody, ok: [200, res.batchFramesPage], errors: [400, 404] },
  },
}

const errorDescriptions: Record<ErrorStatus, string> = {
  400: 'Invalid request: `error` names the field and what is wrong',
  401: 'Missing or invalid bearer token (reads too, where the deployment requires tokens)',
  403: 'The token lacks the scope',
  404: 'Not found',
  409: 'Conflicts with the recorded state',
  413: 'Request body over 16 KiB',
  429: 'Too many requests from this client: retry after `Retry-After` seconds',
  503: 'Unavailable for now: retry after `Retry-After` seconds',
}

function ref(schema: z.ZodType): Json {
  const id = z.globalRegistry.get(schema)?.id
  if (!id) throw new Error('a request or response body schema needs a component id')
  return { $ref: `#/components/schemas/${id}` }
}

/** Path and query parameters, from the properties of their zod object as JSON Schema. */
function parameters(where: 'path' | 'query', schema: z.ZodObject | undefined): Json[] {
  if (!schema) return []
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: property,
  }))
}

function errorStatuses(op: Operation): ErrorStatus[] {
  if (op.open) return [503]
  return [...(op.errors ?? []), 401, 403, ...(op.body ? [413 as const] : []), 429, 503].sort() as ErrorStatus[]
}

function operation(op: Operation): Json {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: ref(schema) } } })
  return {
    summary: op.summary,
    parameters: [...parameters('path', op.params), ...parameters('query', op.query)],
    ...(op.body ? { requestBody: { required: true, ...json(op.body) } } : {}),
    ...(op.open ? { security: [] } : { security: [{ bearer: [op.scope ?? 'images:read'] }, ...(op.scope ? [] : [{}])] }),
    responses: {
      [op.ok[0]]: { description: op.ok[0] === 201 ? 'Created' : 'OK', ...json(op.ok[1]) },
      ...Object.fromEntries(errorStatuses(op).map((status) => [status, { description: errorDescriptions[status], ...json(status === 503 && op.ok[1] === res.health ? res.health : res.errorBody) }])),
    },
  }
}

/** Every schema with a component id, as JSON Schema 2020-12 (OpenAPI 3.1's own dialect). */
function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` })
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema, $id, ...schema }]) => [id, schema]))
}

/**
 * @example
 * ```ts
 * const doc = openApiDocument() // { openapi: '3.1.0', paths: { '/images': … }, … }
 * ```
 */
export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Edge presign proxy for image libraries',
      version: '1.0.0',
      description:
        'Private S3 images for frontends: every URL is presigned at the edge. Reads are public unless the deployment requires a token (scope images:read); writes need a bearer token with the scope named. Every response carries CORS headers and X-Request-Id; cached reads carry X-Cache.',
    },
    paths: Object.fromEntries(
      Object.entries(routes).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([method, op]) => [method, operation(op)]))]),
    ),
    components: {
      schemas: components(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  }
}
