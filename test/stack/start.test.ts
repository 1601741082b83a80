import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { portHolder } from './leftovers'
import { acceptsConnections } from './processes'

/**
 * `npm start` as a user runs it, on ports of its own: whatever ends it, no process it started
 * stays behind and no port stays held. Processes are found by the DATA_DIR in their
 * environment, which every child of the run inherits.
 */
const ports = { WORKER_PORT: 28787, ORIGIN_PORT: 28790, S3_PORT: 27070, DYNAMODB_PORT: 28000 }

type Run = { npm: ChildProcess; output: () => string; exited: Promise<number | null>; dataDir: string }

const runs: Run[] = []

function npmStart(dataDir = `.data/start-test-${process.pid}-${runs.length}`): Run {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) }
  // Its own process group, as a terminal gives a foreground job: a signal to it reaches npm, sh and node alike.
  const npm = spawn('npm', ['start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  for (const stream of [npm.stdout, npm.stderr]) stream?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const exited = new Promise<number | null>((done) => npm.once('close', (code) => done(code)))
  const run = { npm, output: () => output, exited, dataDir }
  runs.push(run)
  return run
}

afterEach(async () => {
  for (const run of runs.splice(0)) {
    for (const pid of processesOf(run.dataDir)) signal(-pid, 'SIGKILL')
    rmSync(run.dataDir, { recursive: true, force: true })
  }
})

/** Pids of the processes whose environment names this data folder: npm, its script and every service. */
function processesOf(dataDir: string): number[] {
  const marker = `DATA_DIR=${dataDir}\0`
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker.slice(0, -1))
      } catch {
        return false
      }
    })
    .map(Number)
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return ''
  }
}

function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(pid, name)
  } catch {
    // gone already
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function exitCode(run: Run, timeoutMs: number): Promise<number | null> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`npm start still running after ${timeoutMs} ms:\n${run.output()}`)), timeoutMs))
  return Promise.race([run.exited, timeout])
}

/**
 * Nothing of the run is left, within the few seconds stopping takes (npm itself may exit on
 * Ctrl-C before its script has finished stopping the services): no process, no port.
 */
async function expectNothingLeft(run: Run) {
  await until('every process of the run to exit', () => processesOf(run.dataDir).length === 0, 10_000).catch(() => {})
  expect(processesOf(run.dataDir).map(commandOf)).toEqual([])
  for (const port of Object.values(ports)) {
    await until(`port ${port} to be free`, async () => !(await acceptsConnections(port)), 5_000).catch(() => {})
    expect(await acceptsConnections(port), `port ${port}, held by ${portHolder(port)}`).toBe(false)
  }
}

function pidOf(run: Run, command: RegExp): number | undefined {
  return processesOf(run.dataDir).find((pid) => command.test(commandOf(pid)))
}

describe('npm start', () => {
  it('runs every Node process on Node 24, whatever node is first on PATH outside npm', async () => {
    expect(process.versions.node.split('.')[0]).toBe('24')
    const run = npmStart()
    await until('the Worker to start', () => pidOf(run, /wrangler\.js dev/) !== undefined)
    const node24 = readlinkSync(`/proc/${process.pid}/exe`)
    for (const script of [/^\S*node .*test\/stack\/start\.ts/, /^\S*node .*origin-dev-server\.ts/, /^\S*node .*wrangler\.js dev/]) {
      const pid = pidOf(run, script)
      expect(pid, String(script)).toBeDefined()
      expect(readlinkSync(`/proc/${pid}/exe`), String(script)).toBe(node24)
    }
    signal(-(run.npm.pid as number), 'SIGINT')
    await exitCode(run, 20_000)
    await expectNothingLeft(run)
  }, 120_000)

  it('when a service dies during start-up, stops the others at once and exits non-zero with its output and a hint', async () => {
    const run = npmStart()
    await until('the Worker to start', () => pidOf(run, /wrangler\.js dev/) !== undefined)
    const worker = pidOf(run, /wrangler\.js dev/) as number
    expect(await acceptsConnections(ports.WORKER_PORT)).toBe(false) // still starting
    signal(-worker, 'SIGKILL')
    expect(await exitCode(run, 15_000)).not.toBe(0)
    expect(run.output()).toMatch(/npm start failed: \[worker\] exited with SIGKILL/)
    expect(run.output()).toMatch(/\nHint: /)
    await expectNothingLeft(run)
  }, 120_000)

  it('stops every service on Ctrl-C during start-up, and kills them on a second Ctrl-C', async () => {
    for (const presses of [1, 2]) {
      const run = npmStart()
      await until('DynamoDB Local and the origin to answer', async () => (await acceptsConnections(ports.DYNAMODB_PORT)) && (await acceptsConnections(ports.ORIGIN_PORT)))
      for (let press = 0; press < presses; press++) {
        // Signals of one kind do not queue: a second press must come after the first was taken.
        if (press) await until('the first Ctrl-C to be taken', () => /Stopping/.test(run.output()), 5_000)
        signal(-(run.npm.pid as number), 'SIGINT')
      }
      await exitCode(run, 15_000)
      expect(run.output()).toMatch(presses === 1 ? /Stopping/ : /Killing every service now/)
      await expectNothingLeft(run)
    }
  }, 120_000)

  it('ends the services a killed earlier run left behind, and says so', async () => {
    const dataDir = `.data/start-test-${process.pid}-leftovers`
    const first = npmStart(dataDir)
    await until('the origin to answer', () => acceptsConnections(ports.ORIGIN_PORT))
    const supervisor = pidOf(first, /^\S*node .*test\/stack\/start\.ts/) as number
    signal(-(first.npm.pid as number), 'SIGKILL') // npm, sh and node die; the services, in their own groups, do not
    signal(supervisor, 'SIGKILL')
    await first.exited
    expect(await acceptsConnections(ports.ORIGIN_PORT)).toBe(true)
    const second = npmStart(dataDir)
    await until('the leftovers report', () => /Stopped \d service\(s\) left running by an earlier npm start/.test(second.output()))
    signal(-(second.npm.pid as number), 'SIGINT')
    await exitCode(second, 15_000)
    await expectNothingLeft(second)
  }, 120_000)
})
