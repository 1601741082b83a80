import { api, pageQuery, seg } from '../api.js'
import { baseName, bytes, dateTime, h, heading, notice, picture, showLightbox } from '../dom.js'
import { paged } from '../paged.js'
import { uploader } from '../upload.js'

/** @typedef {{ FileName: string, Bucket?: string, Source?: string, Timestamp?: string, Size?: number, url: string | null }} Image */

/** The images table with upload and delete. After a write the first page is read again, fresh. */
export function imagesPage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal) {
  const message = h('p', { class: 'status', role: 'status' })
  const rows = h('tbody')
  const list = paged({
    list: rows,
    shell: h('table', { class: 'images' },
      h('thead', {}, h('tr', {},
        ...['Image', 'Name', 'Size', 'Time', 'Source'].map((t) => h('th', { scope: 'col' }, t)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      rows),
    what: 'images',
    empty: 'No images yet: drop one above to upload it.',
    async load(cursor, fresh) {
      /** @type {{ images: Image[], nextCursor: string | null }} */
      const page = await api(`/images${pageQuery(50, cursor)}`, { signal, fresh })
      return { items: page.images, nextCursor: page.nextCursor }
    },
    render: (/** @type {Image} */ image) => imageRow(image, remove),
  })

  async function remove(/** @type {Image} */ image) {
    notice(message, 'loading', `Deleting ${image.FileName}…`)
    try {
      await api(`/images/${seg(image.FileName)}`, { method: 'DELETE' })
      notice(message, 'info', `Deleted ${image.FileName}.`)
      await list.reload(true)
    } catch (error) {
      notice(message, 'error', `Could not delete ${image.FileName}: ${error instanceof Error ? error.message : error}`)
    }
  }

  view.append(heading([['Images']]), uploader(() => list.reload(true)), message, list.element)
}

function imageRow(/** @type {Image} */ image, /** @type {(image: Image) => Promise<void>} */ remove) {
  const name = baseName(image.FileName)
  const del = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'danger' }, 'Delete'))
  del.addEventListener('click', async () => {
    if (!confirm(`Delete ${image.FileName}? This cannot be undone.`)) return
    del.disabled = true
    await remove(image)
    del.disabled = false
  })
  return h('tr', { 'data-key': image.FileName },
    h('td', {}, h('button', { type: 'button', class: 'thumb', title: 'Show full size', onclick: () => showLightbox(image.url, image.FileName) }, picture(image.url, name))),
    h('td', { class: 'name', title: image.FileName }, name),
    h('td', { class: 'num' }, bytes(image.Size)),
    h('td', {}, dateTime(image.Timestamp)),
    h('td', {}, image.Source ?? '—'),
    h('td', {}, del))
}
