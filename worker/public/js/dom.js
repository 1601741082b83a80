/** Small DOM helpers: element creation, images with a placeholder, status notices, formats. */

/**
 * Creates an element. Props named `on…` become listeners, `true` an empty attribute;
 * `null`, `undefined` and `false` props and children are left out.
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) continue
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child != null && child !== false) el.append(typeof child === 'number' ? String(child) : child)
  return el
}

/**
 * An image that loads when scrolled near, inside a box that shows a placeholder (styles.css,
 * `.pic.failed`) instead of the browser's broken-image icon when there is no URL or it fails
 * (e.g. an expired link).
 * @param {string | null | undefined} src
 * @param {string} alt
 * @param {{ eager?: boolean }} [options] eager for images shown at once, e.g. in the lightbox
 */
export function picture(src, alt, { eager = false } = {}) {
  const box = h('span', { class: 'pic' })
  const fail = () => {
    box.classList.add('failed')
    box.setAttribute('role', 'img')
    box.setAttribute('aria-label', `${alt} (image unavailable)`)
  }
  if (!src) {
    fail()
    return box
  }
  const img = h('img', { src, alt, loading: eager ? 'eager' : 'lazy', decoding: 'async' })
  img.addEventListener('error', fail, { once: true })
  box.append(img)
  return box
}

/** Shows a full-size image in the page's lightbox dialog. */
export function showLightbox(/** @type {string | null | undefined} */ src, /** @type {string} */ alt) {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('lightbox'))
  dialog.querySelector('.frame')?.replaceChildren(picture(src, alt, { eager: true }), h('p', {}, alt))
  dialog.showModal()
}

/**
 * Puts a loading, empty or error message into `status` (an element with role=status),
 * with a retry button for errors; an empty text clears it.
 * @param {HTMLElement} status
 * @param {'loading' | 'empty' | 'error' | 'info'} kind
 * @param {string} text
 * @param {() => void} [retry]
 */
export function notice(status, kind, text, retry) {
  status.className = `status ${kind}`
  status.replaceChildren(text, retry ? h('button', { type: 'button', onclick: retry }, 'Retry') : '')
}

/** A page heading with breadcrumb links: `[['People', '#/people'], ['ada']]`. */
export function heading(/** @type {[string, string?][]} */ crumbs) {
  const parts = crumbs.flatMap(([text, href], i) => [i ? ' / ' : '', href ? h('a', { href }, text) : h('span', {}, text)])
  return h('h2', {}, ...parts)
}

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

/** `1.2 MB`; an em dash when unknown. */
export function bytes(/** @type {number | undefined} */ n) {
  if (n == null) return '—'
  const units = ['B', 'KB', 'MB', 'GB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${sizeFormat.format(n)} ${units[i]}`
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A local date and time; the raw value when it is not a date, an em dash when missing. */
export function dateTime(/** @type {string | undefined} */ iso) {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date)
}

export function plural(/** @type {number} */ n, /** @type {string} */ noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** The last segment of an S3 key: `a/b/frame_001.png` → `frame_001.png`. */
export function baseName(/** @type {string} */ key) {
  return key.slice(key.lastIndexOf('/') + 1)
}
