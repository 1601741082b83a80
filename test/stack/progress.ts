/**
 * Runs a long step, saying what it does first and how long it has taken every 15 s, so a
 * first run that builds or downloads for minutes is not mistaken for a hang.
 *
 * @example
 * ```ts
 * await withElapsedTime('Building versitygw', () => build())
 * ```
 */
export async function withElapsedTime<T>(what: string, step: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const seconds = () => Math.round((Date.now() - started) / 1000)
  console.log(`${what}...`)
  const ticker = setInterval(() => console.log(`  ...still working (${seconds()} s)`), 15_000)
  try {
    const value = await step()
    console.log(`  done in ${seconds()} s`)
    return value
  } finally {
    clearInterval(ticker)
  }
}
