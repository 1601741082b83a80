/**
 * The gallery: a hash router over the public API's pages, and the API token setting.
 * Hash routes need no server support, so every other path stays the API's.
 */
import { apiToken } from './api.js'
import { h } from './dom.js'
import { batchesPage, devicesPage, flaggedPage, framesPage } from './pages/frames.js'
import { imagesPage } from './pages/images.js'
import { peoplePage, personPage } from './pages/people.js'

/** @typedef {(view: HTMLElement, signal: AbortSignal, ...params: string[]) => unknown} Page */

/** @type {[RegExp, Page, string][]} hash path (segments still encoded), page, nav section */
const routes = [
  [/^people$/, peoplePage, 'people'],
  [/^people\/([^/]+)$/, personPage, 'people'],
  [/^devices$/, devicesPage, 'devices'],
  [/^devices\/([^/]+)$/, batchesPage, 'devices'],
  [/^devices\/([^/]+)\/([^/]+)$/, framesPage, 'devices'],
  [/^flagged$/, flaggedPage, 'flagged'],
  [/^images$/, imagesPage, 'images'],
]

const view = /** @type {HTMLElement} */ (document.getElementById('view'))
const lightbox = /** @type {HTMLDialogElement} */ (document.getElementById('lightbox'))
/** Aborts the previous page's requests when another page is shown. */
let leaving = new AbortController()

/** The page for a hash path, with its decoded parameters; undefined for an unknown path. */
function route(/** @type {string} */ path) {
  for (const [pattern, page, nav] of routes) {
    const match = pattern.exec(path)
    if (!match) continue
    try {
      return { page, nav, params: match.slice(1).map(decodeURIComponent) }
    } catch {
      return undefined // a malformed %-escape names no page
    }
  }
}

function render() {
  const path = location.hash.replace(/^#\/?/, '')
  if (!path) return location.replace('#/people')
  leaving.abort()
  leaving = new AbortController()
  lightbox.close()
  // A fresh section per page: a slow answer for a page already left lands in a detached node.
  const section = h('section')
  view.replaceChildren(section)
  const found = route(path)
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === `#/${found?.nav}`) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  if (found) void found.page(section, leaving.signal, ...found.params)
  else section.append(h('h2', {}, 'Page not found'), h('p', { class: 'status empty' }, 'There is no such page. ', h('a', { href: '#/people' }, 'Back to People')))
}

function setupToken() {
  const form = /** @type {HTMLFormElement} */ (document.getElementById('token-form'))
  const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('token'))
  const state = /** @type {HTMLElement} */ (document.getElementById('token-state'))
  const show = () => {
    input.value = apiToken.get()
    state.textContent = apiToken.get() ? '(set)' : '(not set)'
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    apiToken.set(input.value.trim())
    show()
    form.closest('details')?.removeAttribute('open')
  })
  document.getElementById('token-clear')?.addEventListener('click', () => {
    apiToken.set('')
    show()
  })
  show()
}

setupToken()
// A click on the backdrop (the dialog itself, outside its content) closes the lightbox.
lightbox.addEventListener('click', (e) => e.target === lightbox && lightbox.close())
addEventListener('hashchange', render)
render()
