import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'

export type Service = { name: string; process: ChildProcess; stop: () => Promise<void>; recentOutput: () => string }

/**
 * Starts a child process whose output is prefixed with its name (or kept quiet), and a
 * `stop` that ends it with SIGTERM, then SIGKILL if it lingers.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {},
): Service {
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  return supervise(name, child, options.quiet)
}

/** Wraps a child started detached (its own process group) with piped output. */
export function supervise(name: string, child: ChildProcess, quiet = false): Service {
  const output: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      output.push(chunk)
      if (output.length > 200) output.shift()
      if (!quiet) for (const line of chunk.split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`)
    })
  }
  child.on('exit', (code, signal) => {
    if (code && !stopping) process.stderr.write(`[${name}] exited with ${code ?? signal}\n${quiet ? output.join('') : ''}`)
  })
  let stopping = false
  running.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => running.delete(child))
  return {
    name,
    process: child,
    recentOutput: () => output.join(''),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      stopping = true
      killGroup(child, 'SIGTERM')
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Children run in process groups of their own, so they outlive this process unless it ends
 * them: a test runner that exits before its teardown finishes must not leave servers behind.
 */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL')
})

/** The child was started detached, as its own process group: this also ends what it spawned (workerd, java). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Polls `check` until it resolves true, or fails after `timeoutMs` naming what it waited for. */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
}

/** Fails at once when something already listens on the port: a leftover would answer for the new service. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  const taken = await answersTcp(port)
  if (taken) throw new Error(`Port ${port} for ${what} is already in use: stop what listens there or choose another port (see README, Configuration)`)
}

function answersTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** True when `url` answers at all (any status) in time. */
export async function answers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
  await res.body?.cancel()
  return true
}

/** Waits until a just-started service answers; stops it if it never does, so nothing is left running. */
export async function ready(service: Service, what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<Service> {
  try {
    await waitUntil(what, check, timeoutMs)
    return service
  } catch (error) {
    await service.stop()
    throw new Error(`${(error as Error).message}; its last output:\n${service.recentOutput()}`)
  }
}
