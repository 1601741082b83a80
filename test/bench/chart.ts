/**
 * A grouped bar chart as hand-written SVG: one group per x label, one bar per series, the
 * value printed over each bar. Enough for the README; no chart library to keep up to date.
 */
export type Group = { label: string; values: number[] }

const COLOURS = ['#f6821f', '#fbad41', '#5b6b7c', '#8aa1b4']

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** A round axis maximum at or above `max`, so the five grid lines fall on round values. */
function niceMax(max: number): number {
  const power = 10 ** Math.floor(Math.log10(max || 1))
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((v) => v >= max) ?? max
}

export function groupedBarChart({ title, subtitle, note, yLabel, series, groups }: { title: string; subtitle: string; note?: string; yLabel: string; series: string[]; groups: Group[] }): string {
  const width = 960
  const height = 480
  const plot = { left: 72, right: 24, top: 92, bottom: 64 }
  const plotWidth = width - plot.left - plot.right
  const plotHeight = height - plot.top - plot.bottom
  const yMax = niceMax(Math.max(...groups.flatMap((g) => g.values)))
  const y = (v: number) => plot.top + plotHeight - (v / yMax) * plotHeight
  const groupWidth = plotWidth / groups.length
  const barWidth = (groupWidth * 0.8) / series.length
  const format = (v: number) => (v >= 100 || Number.isInteger(v) ? Math.round(v).toLocaleString('en-US') : v.toFixed(1))

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${plot.left}" y="28" font-size="18" font-weight="600" fill="#1f2933">${escape(title)}</text>`,
    `<text x="${plot.left}" y="48" fill="#52606d">${escape(subtitle)}</text>`,
  ]
  // Legend, one entry per series, in a row under the title.
  let legendX = plot.left
  series.forEach((name, i) => {
    parts.push(`<rect x="${legendX}" y="60" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/>`)
    parts.push(`<text x="${legendX + 18}" y="70" fill="#1f2933">${escape(name)}</text>`)
    legendX += 30 + name.length * 7
  })
  // Horizontal grid lines with their values.
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5
    parts.push(`<line x1="${plot.left}" x2="${width - plot.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e7eb"/>`)
    parts.push(`<text x="${plot.left - 8}" y="${y(v) + 4}" text-anchor="end" fill="#52606d">${format(v)}</text>`)
  }
  parts.push(`<text transform="translate(18 ${plot.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#52606d">${escape(yLabel)}</text>`)
  groups.forEach((group, g) => {
    const x0 = plot.left + g * groupWidth + groupWidth * 0.1
    group.values.forEach((v, s) => {
      const x = x0 + s * barWidth
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(plot.top + plotHeight - y(v)).toFixed(1)}" fill="${COLOURS[s % COLOURS.length]}"/>`)
      parts.push(`<text x="${(x + barWidth / 2 - 1).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#1f2933">${format(v)}</text>`)
    })
    parts.push(`<text x="${(plot.left + (g + 0.5) * groupWidth).toFixed(1)}" y="${height - plot.bottom + 20}" text-anchor="middle" fill="#1f2933">${escape(group.label)}</text>`)
  })
  parts.push(`<line x1="${plot.left}" x2="${width - plot.right}" y1="${plot.top + plotHeight}" y2="${plot.top + plotHeight}" stroke="#9aa5b1"/>`)
  if (note) parts.push(`<text x="${plot.left}" y="${height - 14}" font-size="11" fill="#52606d">${escape(note)}</text>`)
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

type BenchResults = {
  date: string
  machine: { cpu: string; cores: number; node: string }
  loadAverage: { start: number; end: number }
  settings: { connections: number }
  http: { route: string; items: number; target: string; rps: number }[]
}

/** The README's chart of a bench run: requests per second, one group per route and size. */
export function benchChart({ date, machine, loadAverage, settings, http }: BenchResults): string {
  const series = [...new Set(http.map((h) => h.target))]
  const groups = [...new Set(http.map((h) => `${h.route} ×${h.items}`))].map((label) => ({
    label,
    values: series.map((target) => http.find((h) => `${h.route} ×${h.items}` === label && h.target === target)?.rps ?? 0),
  }))
  return groupedBarChart({
    title: `Requests per second at ${settings.connections} connections: edge presigning vs the old-style path`,
    subtitle: `${machine.cpu}, ${machine.cores} cores, Node ${machine.node} · load average ${loadAverage.start}–${loadAverage.end} · local stack on loopback · ${date.slice(0, 10)}`,
    note: 'Edge: the Worker under wrangler dev; cold cache: TTLs of 1 ms. Old-style: Scan or ListObjectsV2 and the AWS SDK presigner per request.',
    yLabel: 'requests per second (higher is better)',
    series,
    groups,
  })
}
