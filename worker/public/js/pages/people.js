import { api, pageQuery, seg } from '../api.js'
import { h, heading, picture, plural, showLightbox } from '../dom.js'
import { paged } from '../paged.js'

/**
 * @typedef {{ personId: string, photoCount: number, repThumbURL: string | null }} Person
 * @typedef {{ photoId: string, photoURL: string | null, thumbURL: string | null }} Photo
 */

/** The People grid: one face per person, most photographed first (the API's order). */
export function peoplePage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal) {
  const list = paged({
    list: h('ul', { class: 'grid people' }),
    what: 'people',
    empty: 'No people yet: they appear once faces in photos have been grouped.',
    async load(cursor) {
      /** @type {{ persons: Person[], nextCursor: string | null }} */
      const page = await api(`/persons${pageQuery(60, cursor)}`, { signal })
      return { items: page.persons, nextCursor: page.nextCursor }
    },
    render: (/** @type {Person} */ p) =>
      h('li', {},
        h('a', { class: 'card', href: `#/people/${seg(p.personId)}` },
          picture(p.repThumbURL, `Face of ${p.personId}`),
          h('span', { class: 'caption' }, h('strong', {}, p.personId), h('span', {}, plural(p.photoCount, 'photo'))))),
  })
  view.append(heading([['People']]), list.element)
}

/** One person's photos as face thumbnails; a click shows the whole photo. */
export function personPage(/** @type {HTMLElement} */ view, /** @type {AbortSignal} */ signal, /** @type {string} */ personId) {
  const list = paged({
    list: h('ul', { class: 'grid' }),
    what: 'photos',
    empty: `No photos of ${personId}.`,
    async load(cursor) {
      /** @type {{ photos: Photo[], nextCursor: string | null }} */
      const page = await api(`/persons/${seg(personId)}/photos${pageQuery(60, cursor)}`, { signal })
      return { items: page.photos, nextCursor: page.nextCursor }
    },
    render: (/** @type {Photo} */ p) =>
      h('li', {},
        h('button', { type: 'button', class: 'card', onclick: () => showLightbox(p.photoURL, `Photo ${p.photoId}`) },
          picture(p.thumbURL, `${personId} in photo ${p.photoId}`),
          h('span', { class: 'caption' }, p.photoId))),
  })
  view.append(heading([['People', '#/people'], [personId]]), list.element)
}
