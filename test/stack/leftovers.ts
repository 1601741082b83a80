import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import type { Service } from './processes'

/**
 * What `npm start` records in its data folder while it runs: its own process and its services'.
 * A run killed without a chance to clean up (SIGKILL, a closed terminal) leaves its services
 * running in their own process groups; the next start finds them here and ends them.
 * A process is named by pid and start time, so a pid the system has since reused is never touched.
 */
type RunRecord = { supervisor: ProcessId; services: (ProcessId & { name: string })[] }
type ProcessId = { pid: number; startTime: string }

/** Writes the record of this run: this process and the services now running. */
export function recordRun(path: string, services: Service[]): void {
  const record: RunRecord = {
    supervisor: { pid: process.pid, startTime: startTimeOf(process.pid) ?? '' },
    services: services.flatMap(({ name, process: child }) => {
      const startTime = child.pid ? startTimeOf(child.pid) : undefined
      return child.pid && startTime ? [{ name, pid: child.pid, startTime }] : []
    }),
  }
  writeFileSync(path, JSON.stringify(record))
}

export function clearRun(path: string): void {
  rmSync(path, { force: true })
}

/**
 * Deals with what an earlier run left: refuses to start beside a run that is still alive, and
 * ends the services of one that died.
 *
 * @returns a line saying what was stopped, or undefined when nothing was left
 * @throws when the earlier run is still running
 */
export async function reclaimLeftovers(path: string, dataDir: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined
  const record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord
  if (isAlive(record.supervisor)) {
    throw new Error(
      `Another npm start (pid ${record.supervisor.pid}) is running with DATA_DIR=${dataDir}: stop it first (Ctrl-C in its terminal, or kill ${record.supervisor.pid}), or start this one with another DATA_DIR and other ports.`,
    )
  }
  const alive = record.services.filter(isAlive)
  for (const { pid } of alive) signalGroup(pid, 'SIGTERM')
  for (let waited = 0; waited < 3_000 && alive.some(isAlive); waited += 100) await new Promise((r) => setTimeout(r, 100))
  for (const { pid } of alive.filter(isAlive)) signalGroup(pid, 'SIGKILL')
  clearRun(path)
  if (!alive.length) return undefined
  return `Stopped ${alive.length} service(s) left running by an earlier npm start that did not exit cleanly: ${alive.map((s) => `${s.name} (pid ${s.pid})`).join(', ')}.`
}

function isAlive({ pid, startTime }: ProcessId): boolean {
  return startTimeOf(pid) === startTime
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Field 22 of /proc/{pid}/stat, the start time in clock ticks since boot; undefined when there is
 * no such process, or only its zombie (state Z or X, field 3) waiting to be reaped.
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19]
  } catch {
    return undefined
  }
}

/**
 * The process listening on a local TCP port, as `pid 123 (java -jar …)`, read from /proc:
 * the socket's inode from /proc/net/tcp{,6}, then the process holding a descriptor on it.
 * Undefined where /proc is not Linux's, or the holder is not visible to this user.
 */
export function portHolder(port: number): string | undefined {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = existsSync(table) ? readFileSync(table, 'utf8').trim().split('\n').slice(1) : []
    for (const line of lines) {
      const [, local = '', , state, , , , , , inode] = line.trim().split(/\s+/)
      // State 0A is LISTEN; the local address ends in the port in hex.
      if (state === '0A' && Number.parseInt(local.split(':').at(-1) ?? '', 16) === port && inode) inodes.add(inode)
    }
  }
  if (!inodes.size) return undefined
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (holdsSocket(pid, inodes)) return `pid ${pid} (${commandOf(pid)})`
  }
  return undefined
}

function holdsSocket(pid: string, inodes: Set<string>): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' })
      return inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '')
    })
  } catch {
    return false
  }
}

function commandOf(pid: string): string {
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
  return command.length > 120 ? `${command.slice(0, 117)}...` : command
}
