import { api, pageQuery, seg } from '../api.js'
import { baseName, bytes, dateTime, h, heading, notice, picture, showLightbox } from '../dom.js'
import { paged } from '../paged.js'

/** @typedef {{ key: string, url: string, size: number, lastModified: string }} Frame */

const FRAMES_PER_PAGE = 48

/**
 * A list of links from one unpaged API answer (devices, a device's batches), with its states.
 * @param {HTMLElement} view
 * @param {string} what plural noun for messages
 * @param {string} empty
 * @param {() => Promise<{ text: string, href: string }[]>} load
 */
async function linkList(view, what, empty, load) {
  const status = h('p', { class: 'status', role: 'status' })
  const list = h('ul', { class: 'links' })
  view.append(list, status)
  const show = async () => {
    notice(status, 'loading', `Loading ${what}…`)
    try {
      const links = await load()
      list.replaceChildren(...links.map(({ text, href }) => h('li', {}, h('a', { href }, text))))
      if (links.length) notice(status, 'info', '')
      else notice(status, 'empty', empty)
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return
      notice(status, 'error', `Could not load ${what}: ${error instanceof Error ? error.message : error}`, show)
    }
  }
  await show()
}

export function devicesPage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal) {
  view.append(heading([['Devices']]))
  return linkList(view, 'devices', 'No devices have sent frames yet.', async () => {
    /** @type {{ devices: string[] }} */
    const { devices } = await api('/devices', { signal })
    return devices.map((d) => ({ text: d, href: `#/devices/${seg(d)}` }))
  })
}

export function batchesPage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal, /** @type {string} */ device) {
  view.append(heading([['Devices', '#/devices'], [device]]))
  return linkList(view, 'batches', `${device} has no batches.`, async () => {
    /** @type {{ batches: string[] }} */
    const { batches } = await api(`/devices/${seg(device)}/batches`, { signal })
    return batches.map((b) => ({ text: b, href: `#/devices/${seg(device)}/${seg(b)}` }))
  })
}

/** A frame as a thumbnail; a click shows it full size (the same URL, so from the browser's cache). */
function frameCard(/** @type {Frame} */ f) {
  const name = baseName(f.key)
  return h('li', {},
    h('button', { type: 'button', class: 'card', title: f.key, onclick: () => showLightbox(f.url, f.key) },
      picture(f.url, name),
      h('span', { class: 'caption' }, h('strong', {}, name), h('span', {}, bytes(f.size)), h('span', {}, dateTime(f.lastModified)))))
}

/**
 * A paged grid of frames from one of the frames routes.
 * @param {AbortSignal} signal
 * @param {string} path the route without its query
 * @param {string} empty
 */
function frameGrid(signal, path, empty) {
  return paged({
    list: h('ul', { class: 'grid frames' }),
    what: 'frames',
    empty,
    async load(cursor) {
      /** @type {{ frames: Frame[], nextCursor: string | null }} */
      const page = await api(`${path}${pageQuery(FRAMES_PER_PAGE, cursor)}`, { signal })
      return { items: page.frames, nextCursor: page.nextCursor }
    },
    render: frameCard,
  }).element
}

export function framesPage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal, /** @type {string} */ device, /** @type {string} */ batch) {
  view.append(
    heading([['Devices', '#/devices'], [device, `#/devices/${seg(device)}`], [batch]]),
    frameGrid(signal, `/devices/${seg(device)}/batches/${seg(batch)}/frames`, `${device}/${batch} has no frames.`),
  )
}

export function flaggedPage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal) {
  view.append(heading([['Flagged frames']]), frameGrid(signal, '/flagged/frames', 'No frames are flagged.'))
}
