import { h, notice } from './dom.js'

/**
 * @template T
 * @typedef {object} PagedOptions
 * @property {HTMLElement} list where rendered items go (a `ul`, a `tbody`…)
 * @property {HTMLElement} [shell] what to show around `list`, e.g. its `table`; `list` itself by default
 * @property {string} what plural noun for messages, e.g. `frames`
 * @property {string} empty what to say when there is nothing at all
 * @property {(cursor: string | null, fresh: boolean) => Promise<{ items: T[], nextCursor: string | null }>} load
 * @property {(item: T) => Node} render
 */

/**
 * A list read page by page with the API's cursors: the first page at once, the next on
 * "Load more", with loading, empty and error (with retry) states.
 * @template T
 * @param {PagedOptions<T>} options
 * @returns {{ element: HTMLElement, reload: (fresh?: boolean) => Promise<void> }}
 * `reload` starts again from the first page; `fresh` bypasses the caches, e.g. after a write.
 */
export function paged({ list, shell = list, what, empty, load, render }) {
  const status = h('p', { class: 'status', role: 'status' })
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => next(false) }, `Load more ${what}`)
  /** @type {string | null} */
  let cursor = null

  async function next(/** @type {boolean} */ fresh) {
    more.hidden = true
    notice(status, 'loading', `Loading ${what}…`)
    try {
      const page = await load(cursor, fresh)
      if (!cursor) list.replaceChildren()
      list.append(...page.items.map(render))
      cursor = page.nextCursor
      more.hidden = !cursor
      if (list.childElementCount) notice(status, 'info', '')
      else notice(status, 'empty', empty)
    } catch (error) {
      // The page was left while loading: nothing to show.
      if (error instanceof DOMException && error.name === 'AbortError') return
      notice(status, 'error', `Could not load ${what}: ${error instanceof Error ? error.message : error}`, () => next(fresh))
    }
  }

  function reload(fresh = false) {
    cursor = null
    return next(fresh)
  }

  void next(false)
  return { element: h('div', { class: 'paged' }, shell, status, more), reload }
}
