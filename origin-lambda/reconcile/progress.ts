import type { Phase, Reporter } from './index'

/** A plain (non-TTY) stderr gets a line each time this many more objects were listed or checked. */
const LINE_EVERY = 5_000
/** A terminal's progress line is redrawn at most this often. */
const REDRAW_MS = 100

const phaseNames: Record<Phase, string> = {
  listing: 'listing S3',
  reading: 'reading tables',
  applying: 'checking objects',
  persons: 'checking persons',
  done: 'done',
}

/**
 * The CLI's reporter: progress on stderr (objects listed and checked, and the current phase's
 * rate), redrawn in place on a terminal and written as a line every 5,000 otherwise (CI logs,
 * a redirected stderr); change lines on stdout, failures on stderr.
 *
 * @example
 * ```ts
 * const summary = await reconcile({ s3, report: progressReporter(process.stderr) })
 * ```
 */
export function progressReporter(stream: NodeJS.WriteStream): Reporter {
  const counts = { listed: 0, checked: 0 }
  let phase: Phase = 'listing'
  let phaseStart = { at: performance.now(), count: 0 }
  let lastDraw = 0
  let lastLine = 0
  const moving = () => (phase === 'listing' ? counts.listed : counts.checked)
  const text = () => {
    const seconds = (performance.now() - phaseStart.at) / 1000
    const rate = seconds > 0 ? Math.round((moving() - phaseStart.count) / seconds) : 0
    const n = (value: number) => value.toLocaleString('en-US')
    return `reconcile: ${phaseNames[phase]}; ${n(counts.listed)} objects listed, ${n(counts.checked)} checked (${n(rate)}/s)`
  }
  const clear = () => stream.isTTY && stream.write('\r\x1b[2K')
  /** Puts a line above a terminal's progress line, which is then drawn again below it. */
  const above = (write: () => void) => {
    clear()
    write()
    if (stream.isTTY) draw(true)
  }
  const draw = (force = false) => {
    if (stream.isTTY) {
      if (!force && performance.now() - lastDraw < REDRAW_MS) return
      lastDraw = performance.now()
      stream.write(`\r\x1b[2K${text()}`)
    } else if (force || counts.listed + counts.checked >= lastLine + LINE_EVERY) {
      lastLine = counts.listed + counts.checked
      stream.write(`${text()}\n`)
    }
  }
  return {
    phase(next) {
      phase = next
      phaseStart = { at: performance.now(), count: moving() }
      if (next === 'done') clear()
      else draw(true)
    },
    listed(objects) {
      counts.listed += objects
      draw()
    },
    checked(entries) {
      counts.checked += entries
      draw()
    },
    change(line) {
      above(() => process.stdout.write(`${line}\n`))
    },
    failed(what, error) {
      above(() => stream.write(`failed: ${what}: ${error instanceof Error ? error.message : String(error)}\n`))
    },
  }
}
