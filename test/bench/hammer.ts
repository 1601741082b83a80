import autocannon from 'autocannon'

export type Figures = {
  p50: number
  p99: number
  /** Mean requests per second over the run. */
  rps: number
  requests: number
  non2xx: number
  errors: number
  seconds: number
}

/**
 * One GET URL under a fixed number of connections for `seconds`, through autocannon. Fails
 * rather than report figures for errors: a fast 404 would make a fine-looking benchmark.
 *
 * autocannon drops the requests still in flight when the time is up, so a path slower than the
 * run (the old style at 1,000 items: seconds per request at 16 connections) would report
 * nothing; such a path is measured again by count, one request per connection.
 */
export async function hammer(url: string, { connections, seconds, headers = {} }: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<Figures> {
  const first = await fetch(url, { headers })
  await first.body?.cancel()
  if (!first.ok) throw new Error(`${url} answered ${first.status} before the run`)
  // Each request as another client (`CF-Connecting-IP`), as the many browsers of a real edge
  // are: one client's budget of cache misses (MISS_LIMITER) would otherwise cap the cold case.
  let client = 0
  const requests = [{ setupRequest: (request: { headers?: Record<string, string> }) => ({ ...request, headers: { ...request.headers, 'cf-connecting-ip': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}` } }) }]
  let result = await autocannon({ url, connections, duration: seconds, headers, requests, timeout: 30 })
  if (result.requests.total < connections) result = await autocannon({ url, connections, amount: connections, headers, requests, timeout: 60 })
  const figures = {
    p50: result.latency.p50,
    p99: result.latency.p99,
    // By count, the per-second samples miss the last partial second: divide instead.
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
  }
  if (figures.non2xx || figures.errors) throw new Error(`${url}: ${figures.non2xx} non-2xx answers and ${figures.errors} errors under load`)
  return figures
}
