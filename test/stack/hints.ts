/**
 * One line on what to do about a service that failed, read from its last output: the causes a
 * newcomer meets on a fresh machine, each with its fix.
 */
const hints: [RegExp, string][] = [
  [/requires at least Node\.js|Unsupported engine/i, 'This needs Node 24: run it through npm (`npm start`, `npm test`), which puts node_modules/.bin (Node 24 from the `node` package) first on PATH; run `npm install` first if node_modules/node is missing.'],
  [/EADDRINUSE|address already in use|bind: address/i, 'Its port is taken: stop what listens there, or choose other ports (README, Configuration).'],
  [/spawn java ENOENT|java: not found/i, 'Java is missing (DynamoDB Local runs on it): `apt-get install default-jre-headless`.'],
  [/UnsupportedClassVersionError/, 'DynamoDB Local needs Java 17 or later: `apt-get install default-jre-headless`.'],
  [/spawn go ENOENT|go: not found/i, 'Go is missing (it builds the S3 gateway once): `apt-get install golang-go`.'],
  [/proxy\.golang\.org|dial tcp|i\/o timeout/i, 'The Go module proxy could not be reached: check GOPROXY and the network, or set S3_ENDPOINT to another S3 server.'],
]

/** @example hintFor('Wrangler requires at least Node.js v22') // 'This needs Node 24: …' */
export function hintFor(output: string): string {
  return hints.find(([pattern]) => pattern.test(output))?.[1] ?? 'See its output above; fix the cause and run the command again.'
}
