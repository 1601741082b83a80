import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../../worker'

/**
 * Sends one request through the Worker's fetch handler and waits for its `waitUntil` work
 * (cache writes, refreshes), as the runtime would before the next request.
 */
export function call(path: string, init: RequestInit = {}, bindings: Partial<Env> = {}): Promise<Response> {
  return callWith({ ...env, ...bindings }, path, init)
}

/**
 * {@link call} with these very bindings: the Worker builds its clients once per bindings object
 * (`edgeOf`), so a test that spies on them passes the same object to every call.
 */
export async function callWith(bindings: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(`http://edge.test${path}`, init), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}, bindings: Partial<Env> = {}): Promise<Response> {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }, bindings)
}
