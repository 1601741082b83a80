import { z } from 'zod'
import { fileNameBody, imageKeyParam, imageRegistration, imagesQuery } from '../images/schemas'
import { personParam, personsQuery, photosQuery } from '../people/schemas'
import * as s from './schemas'

type Json = Record<string, unknown>
type Scope = 'images:write' | 'images:delete'

/** One operation: its parts as zod schemas; bodies and responses must carry a component `id`. */
type Operation = {
  summary: string
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  ok: [status: 200 | 201, schema: z.ZodType]
  errors?: (400 | 404 | 409)[]
  scope?: Scope
  /** The body of a 503; the error body unless the route says otherwise. */
  down?: z.ZodType
}

/** Every public route, as the Worker serves it. */
const routes: Record<string, Partial<Record<'get' | 'post' | 'delete', Operation>>> = {
  '/health': { get: { summary: 'State of S3, the origin and DynamoDB; 503 with the same body when one is down', ok: [200, s.health], down: s.health } },
  '/devices': { get: { summary: 'Camera devices with frames', ok: [200, s.devices] } },
  '/devices/{device}/batches': { get: { summary: 'Batches of a device', params: s.deviceParam, ok: [200, s.batches], errors: [400, 404] } },
  '/devices/{device}/batches/{batch}/frames': {
    get: { summary: 'A page of frames of a batch, with URLs', params: s.batchParam, query: s.framesQuery, ok: [200, s.framesPage], errors: [400, 404] },
  },
  '/flagged/frames': { get: { summary: 'A page of flagged frames, with URLs', query: s.framesQuery, ok: [200, s.framesPage], errors: [400] } },
  '/images': {
    get: { summary: 'A page of images, with URLs', query: imagesQuery, ok: [200, s.imagesPage], errors: [400] },
    post: { summary: 'Register the metadata of an object (200 with the recorded item when S3 reported it first)', body: imageRegistration, ok: [201, s.imageBody], errors: [400, 409], scope: 'images:write' },
  },
  '/images/{key}': {
    get: { summary: 'One image, with a URL; the key URL-encoded', params: imageKeyParam, ok: [200, s.imageBody], errors: [400, 404] },
    delete: { summary: 'Delete the object and its metadata', params: imageKeyParam, ok: [200, s.deletedBody], errors: [400, 404], scope: 'images:delete' },
  },
  '/uploads': { post: { summary: 'A presigned PUT for one image upload', body: s.uploadRequest, ok: [201, s.uploadTicket], errors: [400], scope: 'images:write' } },
  '/persons': { get: { summary: 'A page of persons, most photos first, with a thumbnail URL', query: personsQuery, ok: [200, s.personsPage], errors: [400] } },
  '/persons/{personId}/photos': {
    get: { summary: 'A page of the photos of a person, with URLs', params: personParam, query: photosQuery, ok: [200, s.photosPage], errors: [400, 404] },
  },
  '/upload': { post: { summary: 'Old: register metadata', body: imageRegistration, ok: [200, s.oldSavedBody], errors: [400, 409], scope: 'images:write' } },
  '/getall': { get: { summary: 'Old: every image (at most 10,000), with URLs', ok: [200, s.oldAllBody] } },
  '/getitem': { post: { summary: 'Old: one image, with a URL', body: fileNameBody, ok: [200, s.oldItemBody], errors: [400, 404] } },
  '/delete': { delete: { summary: 'Old: delete the object and its metadata', body: fileNameBody, ok: [200, s.oldDeletedBody], errors: [400, 404], scope: 'images:delete' } },
  '/fetch_batches': { post: { summary: 'Old: batches of a device', body: s.oldBatchesBody, ok: [200, s.batches], errors: [400, 404] } },
  '/fetch_flagged_annotated_images': { post: { summary: 'Old: flagged frames (at most 1,000), with URLs', ok: [200, s.framesPage] } },
  '/fetch_unflagged_frame_from_batch': { post: { summary: 'Old: frames of a batch (at most 1,000), with URLs', body: s.oldFramesBody, ok: [200, s.framesPage], errors: [400, 404] } },
}

const errorDescriptions = { 400: 'Invalid request', 404: 'Not found', 409: 'Conflicts with the recorded state' }

function ref(schema: z.ZodType): Json {
  const id = z.globalRegistry.get(schema)?.id
  if (!id) throw new Error('a request or response body schema needs a component id')
  return { $ref: `#/components/schemas/${id}` }
}

/** Path and query parameters, from the properties of their zod object as JSON Schema. */
function parameters(where: 'path' | 'query', schema: z.ZodObject | undefined): Json[] {
  if (!schema) return []
  const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: property,
  }))
}

function operation(op: Operation): Json {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: ref(schema) } } })
  return {
    summary: op.summary,
    parameters: [...parameters('path', op.params), ...parameters('query', op.query)],
    ...(op.body ? { requestBody: { required: true, ...json(op.body) } } : {}),
    ...(op.scope ? { security: [{ bearer: [op.scope] }] } : {}),
    responses: {
      [op.ok[0]]: { description: op.ok[0] === 201 ? 'Created' : 'OK', ...json(op.ok[1]) },
      ...Object.fromEntries((op.errors ?? []).map((status) => [status, { description: errorDescriptions[status], ...json(s.errorBody) }])),
      503: { description: 'Unavailable for now: retry after `Retry-After` seconds', ...json(op.down ?? s.errorBody) },
    },
  }
}

/** Every schema with a component id, as JSON Schema 2020-12 (OpenAPI 3.1's own dialect). */
function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => `#/components/schemas/${id}` })
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema, $id, ...schema }]) => [id, schema]))
}

/**
 * The public API as OpenAPI 3.1, built from the same zod schemas that validate requests, so
 * the document cannot drift from what the routes accept.
 *
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
        'Private S3 images for frontends: every URL is presigned at the edge. Reads are public unless the deployment requires a token; writes need a bearer token with the scope named.',
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
