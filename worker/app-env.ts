import type { Edge } from './edge'

/** The Hono environment every route of the Worker shares. */
export type AppEnv = { Bindings: Env; Variables: { requestId: string; edge: Edge } }
