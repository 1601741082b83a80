/**
 * The part of autocannon's programmatic API the bench and the load test use (autocannon ships
 * no types). https://github.com/mcollina/autocannon#api
 */
declare module 'autocannon' {
  type Histogram = { average: number; p50: number; p90: number; p99: number; max: number; total: number }
  type Context = Record<string, unknown>
  type RawRequest = autocannon.RawRequest
  type Request = RawRequest & {
    setupRequest?: (request: RawRequest, context: Context) => RawRequest
    onResponse?: (status: number, body: string, context: Context) => void
  }
  type Client = { setRequests(requests: Request[]): void }
  type Options = {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    headers?: Record<string, string>
    requests?: Request[]
    setupClient?: (client: Client) => void
  }
  namespace autocannon {
    type RawRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string }
    type Result = {
      latency: Histogram
      requests: Histogram
      duration: number
      errors: number
      timeouts: number
      non2xx: number
      statusCodeStats: Record<string, { count: number }>
    }
  }
  function autocannon(options: Options): Promise<autocannon.Result>
  export default autocannon
}
