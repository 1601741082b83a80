import { crc32, deflateSync } from 'node:zlib'

/**
 * A real PNG (8-bit RGB) of a diagonal gradient between two colours, so the demo data and the
 * tests use image files a browser decodes, with distinct bytes per image, without shipping
 * binaries or pulling in an image library for a few lines of PNG framing.
 * https://www.w3.org/TR/png-3/#5DataRep
 */
export function gradientPng(width: number, height: number, from: [number, number, number], to: [number, number, number]): Buffer {
  const row = 1 + width * 3
  const pixels = Buffer.alloc(row * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height - 2 || 1)
      const offset = y * row + 1 + x * 3
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round((from[c] ?? 0) + ((to[c] ?? 0) - (from[c] ?? 0)) * t)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

/** A colour picked from a string, so each device, batch or person looks different. */
export function colourOf(text: string): [number, number, number] {
  let h = 0
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
  return [h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]
}
