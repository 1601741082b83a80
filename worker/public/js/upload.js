import { ApiError, api, seg } from './api.js'
import { h } from './dom.js'

/** @typedef {{ url: string, method: string, headers: Record<string, string>, key: string }} UploadTicket */

/** How long to wait for an upload's S3 event to reach the listing (normally under 2 s). */
const LISTED_TIMEOUT_MS = 15_000

/**
 * The upload area: images picked or dropped here go one by one to `POST /uploads` and then
 * straight to S3 with the presigned PUT, each with a progress bar.
 * @param {() => Promise<void>} onUploaded called after each image shows up in the API
 */
export function uploader(onUploaded) {
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'file', accept: 'image/*', multiple: true, class: 'visually-hidden' }))
  const zone = h('label', { class: 'dropzone' }, input, h('strong', {}, 'Drop images here'), h('span', {}, 'or click to choose files'))
  const queue = h('ul', { class: 'uploads' })

  input.addEventListener('change', () => {
    void send([...(input.files ?? [])])
    input.value = ''
  })
  zone.addEventListener('dragover', (e) => {
    e.preventDefault()
    zone.classList.add('over')
  })
  zone.addEventListener('dragleave', () => zone.classList.remove('over'))
  zone.addEventListener('drop', (e) => {
    e.preventDefault()
    zone.classList.remove('over')
    void send([...(e.dataTransfer?.files ?? [])])
  })

  // One at a time: each file has its own row and bar, and a batch stays under the rate limit.
  async function send(/** @type {File[]} */ files) {
    const rows = files.map((file) => uploadRow(file, queue))
    for (const row of rows) if (await row.start()) await onUploaded()
  }

  return h('section', { class: 'upload', 'aria-label': 'Upload images' }, zone, queue)
}

/** A queued upload's row; `start` runs it and says whether it succeeded. */
function uploadRow(/** @type {File} */ file, /** @type {HTMLElement} */ queue) {
  const bar = /** @type {HTMLProgressElement} */ (h('progress', { max: 1, value: 0 }))
  const state = h('span', { class: 'state' }, 'Waiting…')
  const row = h('li', {}, h('span', { class: 'name' }, file.name), bar, state)
  queue.prepend(row)

  async function start() {
    try {
      if (!file.type.startsWith('image/')) throw new Error('only image files can be uploaded')
      state.textContent = 'Requesting upload…'
      /** @type {UploadTicket} */
      const ticket = await api('/uploads', { method: 'POST', body: { fileName: file.name, contentType: file.type, contentLength: file.size } })
      await put(ticket, file, (done) => {
        bar.value = done
        state.textContent = `Uploading… ${Math.round(done * 100)}%`
      })
      state.textContent = 'Uploaded, waiting for it to be listed…'
      await listed(ticket.key)
      row.classList.add('done')
      state.textContent = 'Done'
      return true
    } catch (error) {
      row.classList.add('failed')
      state.textContent = `Failed: ${error instanceof Error ? error.message : error}`
      return false
    }
  }
  return { start }
}

/**
 * PUTs the file to S3 with the signed headers. XMLHttpRequest rather than fetch because only
 * it reports upload progress. The browser sets Content-Length itself (scripts may not), from
 * the same file whose size was signed.
 * @param {UploadTicket} ticket
 * @param {File} file
 * @param {(fraction: number) => void} onProgress
 * @returns {Promise<void>}
 */
function put(ticket, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(ticket.method, ticket.url)
    for (const [name, value] of Object.entries(ticket.headers)) if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value)
    xhr.upload.addEventListener('progress', (e) => e.lengthComputable && onProgress(e.loaded / e.total))
    xhr.addEventListener('load', () => (xhr.status < 300 ? resolve() : reject(new Error(`storage refused the file (HTTP ${xhr.status})`))))
    xhr.addEventListener('error', () => reject(new Error('the connection to storage failed')))
    xhr.send(file)
  })
}

/** Waits until the API lists the uploaded key: its metadata arrives through an S3 event. */
async function listed(/** @type {string} */ key) {
  const deadline = Date.now() + LISTED_TIMEOUT_MS
  while (Date.now() < deadline) {
    try {
      await api(`/images/${seg(key)}`, { fresh: true })
      return
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('stored, but not listed yet; reload the page in a moment')
}
