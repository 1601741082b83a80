import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { hintFor } from './hints'

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null; error?: Error }

export type Service = {
  name: string
  process: ChildProcess
  /** Resolves once the process has exited and its output is flushed. */
  exited: Promise<ExitStatus>
  /** SIGTERM to its process group, SIGKILL 3 s later if it lingers. */
  stop: () => Promise<void>
  /** SIGKILL to its process group, now. */
  kill: () => void
  recentOutput: () => string
}

/** A service that exited (or could not start) while it was meant to run. */
export class ServiceFailedError extends Error {
  constructor(
    readonly service: Service,
    readonly status: ExitStatus,
    readonly during = '',
  ) {
    const how = status.error ? `could not start (${status.error.message})` : `exited with ${status.code ?? status.signal}`
    super(`[${service.name}] ${how}${during ? ` ${during}` : ''}`)
    this.name = 'ServiceFailedError'
  }

  /** The last lines the service printed, then a one-line hint of what to do. */
  report(): string {
    const output = this.service.recentOutput().trim().split('\n').slice(-25).join('\n')
    return `${this.message}\n${output ? `Its last output:\n${output}\n` : ''}Hint: ${hintFor(`${output}\n${this.status.error?.message ?? ''}`)}`
  }
}

/**
 * The processes of one local stack. Each runs in a process group of its own (so a signal to
 * it reaches what it spawned: workerd, the JVM), which also means a terminal's Ctrl-C does not
 * reach it: the group must stop them, on every path out. It also watches them: `watch(step)`
 * fails as soon as any of them exits on its own, so start-up never waits on a dead service.
 *
 * @example
 * ```ts
 * const group = new ProcessGroup()
 * const origin = group.start('origin', process.execPath, ['server.js'])
 * await group.watch(waitUntilHealthy())
 * await group.stop()
 * ```
 */
export class ProcessGroup {
  readonly #services = new Set<Service>()
  readonly #stopping = new WeakSet<Service>()
  readonly #failureListeners = new Set<(error: ServiceFailedError) => void>()
  #closed = false

  /** Called with the group's live processes whenever one starts or ends (npm start records them). */
  constructor(private readonly onChange?: (services: Service[]) => void) {}

  get services(): Service[] {
    return [...this.#services]
  }

  start(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Service {
    this.#refuseWhenClosed(name)
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    return this.adopt(name, child, options.quiet)
  }

  /** Supervises a child started elsewhere, detached, with piped output. */
  adopt(name: string, child: ChildProcess, quiet = false): Service {
    const service = supervise(name, child, quiet, () => this.#stopping.add(service))
    if (this.#closed) {
      service.kill()
      this.#refuseWhenClosed(name)
    }
    this.#services.add(service)
    this.onChange?.(this.services)
    void service.exited.then((status) => {
      this.#services.delete(service)
      this.onChange?.(this.services)
      if (!this.#stopping.has(service)) this.#fail(new ServiceFailedError(service, status))
    })
    return service
  }

  /** Runs a command to completion (a build step): resolves on exit 0, else fails with its output. */
  async run(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<void> {
    this.#refuseWhenClosed(name)
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const service = supervise(name, child, false, () => {})
    this.#services.add(service)
    const status = await service.exited
    this.#services.delete(service)
    if (status.code !== 0) throw new ServiceFailedError(service, status, 'while building')
  }

  /** Resolves as `step` does, unless a process of the group exits first: then fails with it. */
  watch<T>(step: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#failureListeners.add(reject)
      step.then(resolve, reject).finally(() => this.#failureListeners.delete(reject))
    })
  }

  /** Called once for the first process that exits on its own. */
  onFailure(listener: (error: ServiceFailedError) => void): void {
    this.#failureListeners.add(listener)
  }

  /** Stops every process, and any started later at once: the group is closed. */
  async stop(): Promise<void> {
    this.#closed = true
    await Promise.all(this.services.map((service) => service.stop()))
  }

  /** SIGKILL to every process now (a second Ctrl-C). */
  kill(): void {
    this.#closed = true
    for (const service of this.services) {
      this.#stopping.add(service)
      service.kill()
    }
  }

  #fail(error: ServiceFailedError) {
    const listeners = [...this.#failureListeners]
    this.#failureListeners.clear()
    for (const listener of listeners) listener(error)
  }

  #refuseWhenClosed(name: string) {
    if (this.#closed) throw new Error(`Not starting ${name}: the stack is stopping`)
  }
}

/**
 * Children started detached outlive this process unless it ends them: whatever path this
 * process takes out, a test runner exiting before its teardown included, none is left behind.
 */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL')
})

function supervise(name: string, child: ChildProcess, quiet: boolean, markStopping: () => void): Service {
  const output: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      output.push(chunk)
      if (output.length > 200) output.shift()
      if (!quiet) for (const line of chunk.split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`)
    })
  }
  running.add(child)
  const exited = new Promise<ExitStatus>((resolve) => {
    // `close` follows `exit` once the output is flushed; a spawn that fails emits only `error`.
    child.once('close', (code, signal) => resolve({ code, signal }))
    child.once('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error })
    })
  }).finally(() => running.delete(child))
  const kill = () => killGroup(child, 'SIGKILL')
  return {
    name,
    process: child,
    exited,
    recentOutput: () => output.join(''),
    kill,
    stop: async () => {
      markStopping()
      if (!running.has(child)) return
      killGroup(child, 'SIGTERM')
      const timer = setTimeout(kill, 3_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** The child was started detached, as its own process group: this also ends what it spawned (workerd, java). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Fails at once when something already listens on the port: a leftover would answer for the new service. */
export async function assertPortFree(port: number, what: string, holder?: (port: number) => string | undefined): Promise<void> {
  if (!(await acceptsConnections(port))) return
  const who = holder?.(port)
  throw new Error(
    `Port ${port} for ${what} is already in use${who ? ` by ${who}` : ''}: stop what listens there or choose another port (see README, Configuration)`,
  )
}

/**
 * Whether something accepts TCP connections on the port: within `timeoutMs`, an address that
 * drops packets rather than refusing counts as no.
 *
 * @example
 * ```ts
 * await acceptsConnections(8787) // true while the Worker runs
 * ```
 */
export function acceptsConnections(port: number, host = '127.0.0.1', timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** True when `url` answers at all (any status) in time. */
export async function answers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
  await res.body?.cancel()
  return true
}

/**
 * Waits until a just-started service answers `check`. Fails at once if the service exits
 * meanwhile, or after `timeoutMs`; either way the service is stopped, so nothing is left running.
 */
export async function ready(service: Service, what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<Service> {
  let exited: ExitStatus | undefined
  void service.exited.then((status) => {
    exited = status
  })
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exited) throw new ServiceFailedError(service, exited, 'during start-up')
    if (await check().catch(() => false)) return service
    await new Promise((r) => setTimeout(r, 200))
  }
  await service.stop()
  throw new ServiceFailedError(service, { code: null, signal: null, error: new Error(`${what} did not answer within ${timeoutMs / 1000} s`) }, 'during start-up')
}
