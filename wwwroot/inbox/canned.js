import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

// A slash at the very start or after whitespace, and what follows it up to the caret.
const TRIGGER = /(^|\s)\/([^\s/]*)$/;
// Rendered bodies carry the customer's latest order and name; a conversation left open for long fetches them anew.
const FRESH_MS = 5 * 60_000;

/** How well an item answers the query: lower is better, -1 not at all. An empty query takes everything in order. */
function rank(item, query) {
  if (!query) return 0;
  const shortcut = item.shortcut.toLowerCase();
  const title = item.title.toLowerCase();
  if (shortcut.startsWith(query)) return 0;
  if (title.startsWith(query) || title.includes(` ${query}`)) return 1;
  if (shortcut.includes(query)) return 2;
  if (title.includes(query)) return 3;
  return -1;
}

/**
 * The composer's canned-response picker. "/" at the start or after a space opens it, typing filters by
 * shortcut or title, Up and Down choose, Enter or Tab put the chosen response (already written out for
 * this customer) in place of the "/query", Esc closes; onInsert(item) runs once it is in. Its keydown listener
 * must be added to the composer before any other, so that Enter picks rather than sends while it is open.
 */
export function createCannedPicker({ composer, anchor, conversationId, onInsert = () => {} }) {
  const cache = new Map(); // conversation id → { at, promise }
  const list = h('ul', { id: 'canned-list', class: 'canned-list', role: 'listbox', 'aria-label': t('canned.label'), 'data-testid': 'canned-list' });
  const preview = h('div', { id: 'canned-preview', class: 'canned-preview', 'data-testid': 'canned-preview' });
  const status = h('p', { class: 'canned-status', role: 'status', 'data-testid': 'canned-status' });
  const popup = h('div', { class: 'canned-popup', 'data-testid': 'canned-picker', hidden: true },
    h('div', { class: 'canned-head' },
      h('span', { class: 'canned-heading' }, t('canned.heading')),
      h('span', { class: 'canned-keys' }, t('canned.keys'))),
    h('div', { class: 'canned-body' }, list, preview),
    status);
  anchor.append(popup);
  // Clicking in the popup must not take the focus, and with it the caret, from the composer.
  popup.addEventListener('mousedown', event => event.preventDefault());

  composer.setAttribute('aria-autocomplete', 'list');
  composer.setAttribute('aria-haspopup', 'listbox');
  composer.setAttribute('aria-controls', list.id);
  composer.setAttribute('aria-expanded', 'false');

  // While open: { id, start, query, all, failed, shown, activeId }; start is where the slash is.
  let state = null;
  // The slash Esc closed the picker at: it stays closed there until that slash is typed anew.
  let dismissedAt = null;
  let insertWhenLoaded = false;
  let inserting = false;

  composer.addEventListener('keydown', onKeydown);
  composer.addEventListener('input', () => sync({ mayOpen: true }));
  composer.addEventListener('click', () => sync({ mayOpen: false }));
  composer.addEventListener('keyup', event => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) sync({ mayOpen: false });
  });
  composer.addEventListener('blur', close);

  function load(id) {
    const cached = cache.get(id);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.promise;
    const promise = api.conversationCanned(id);
    cache.set(id, { at: Date.now(), promise });
    promise.catch(() => cache.delete(id));
    return promise;
  }

  // Typing opens the picker or changes its query; moving the caret only keeps or closes it.
  function sync({ mayOpen }) {
    if (inserting) return;
    const id = conversationId();
    const caret = composer.selectionStart;
    const match = id !== null && composer.selectionEnd === caret ? TRIGGER.exec(composer.value.slice(0, caret)) : null;
    if (!match) {
      dismissedAt = null;
      close();
      return;
    }
    const start = caret - match[2].length - 1;
    if (start === dismissedAt) return;
    if (!state && !mayOpen) return;
    open(id, start, match[2].toLowerCase());
  }

  function open(id, start, query) {
    const same = state?.id === id && state.start === start;
    state = same ? { ...state, query } : { id, start, query, all: null, failed: false, shown: [], activeId: null };
    popup.hidden = false;
    composer.setAttribute('aria-expanded', 'true');
    render();
    if (state.all || same) return;
    load(id).then(items => {
      if (state?.id !== id) return;
      state.all = items;
      render();
      if (insertWhenLoaded) {
        insertWhenLoaded = false;
        accept();
      }
    }, () => {
      if (state?.id !== id) return;
      state.failed = true;
      insertWhenLoaded = false;
      render();
    });
  }

  function render() {
    if (!state.all) {
      state.shown = [];
      state.activeId = null;
      list.replaceChildren();
      status.textContent = state.failed ? t('canned.loadFailed') : t('canned.loading');
      showActive();
      return;
    }
    state.shown = state.all
      .map((item, index) => ({ item, index, rank: rank(item, state.query) }))
      .filter(entry => entry.rank >= 0)
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(entry => entry.item);
    if (!state.shown.some(item => item.id === state.activeId)) state.activeId = state.shown[0]?.id ?? null;
    list.replaceChildren(...state.shown.map(optionView));
    status.textContent = state.shown.length ? t('canned.count', { count: state.shown.length })
      : state.all.length ? t('canned.noMatch', { query: `/${state.query}` }) : t('canned.none');
    showActive();
  }

  function optionView(item) {
    return h('li', {
      id: `canned-option-${item.id}`, class: 'canned-option', role: 'option', 'aria-selected': 'false',
      'aria-describedby': preview.id, 'data-testid': 'canned-option', 'data-shortcut': item.shortcut,
      onmousemove: () => {
        if (state && state.activeId !== item.id) {
          state.activeId = item.id;
          showActive({ scroll: false });
        }
      },
      onclick: () => insert(item),
    },
    h('span', { class: 'canned-shortcut' }, `/${item.shortcut}`),
    h('span', { class: 'canned-title' }, item.title),
    h('span', { class: 'canned-locale', lang: item.locale }, item.locale.toUpperCase()));
  }

  function showActive({ scroll = true } = {}) {
    const item = state.shown.find(candidate => candidate.id === state.activeId);
    for (const option of list.children) option.setAttribute('aria-selected', String(option.id === `canned-option-${item?.id}`));
    preview.replaceChildren(...(item ? [
      h('p', { class: 'canned-preview-title' }, item.title),
      h('p', { class: 'canned-preview-body', lang: item.locale }, item.body),
    ] : []));
    preview.hidden = !item;
    if (item) {
      composer.setAttribute('aria-activedescendant', `canned-option-${item.id}`);
      if (scroll) list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    } else {
      composer.removeAttribute('aria-activedescendant');
    }
  }

  function onKeydown(event) {
    if (!state || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        move(event.key === 'ArrowDown' ? 1 : -1);
        break;
      case 'Enter':
        if (event.shiftKey) return;
        // With nothing to choose, Enter waits rather than sending a "/word" the agent meant as a shortcut.
        accept();
        break;
      case 'Tab':
        if (event.shiftKey || (state.all && !state.shown.length) || state.failed) return;
        accept();
        break;
      case 'Escape':
        dismissedAt = state.start;
        close();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function move(offset) {
    if (!state.shown.length) return;
    const at = state.shown.findIndex(item => item.id === state.activeId);
    state.activeId = state.shown[(at + offset + state.shown.length) % state.shown.length].id;
    showActive();
  }

  function accept() {
    if (!state.all) {
      insertWhenLoaded = !state.failed;
      return;
    }
    const item = state.shown.find(candidate => candidate.id === state.activeId);
    if (item) insert(item);
  }

  function insert(item) {
    const { start } = state;
    const end = Math.max(start + 1, composer.selectionStart);
    composer.focus();
    composer.setSelectionRange(start, end);
    inserting = true;
    try {
      // As typing would: the browser's undo brings the "/query" back, and the composer hears an input event.
      if (!document.execCommand('insertText', false, item.body)) {
        composer.setRangeText(item.body, start, end, 'end');
        composer.dispatchEvent(new Event('input', { bubbles: true }));
      }
    } finally {
      inserting = false;
    }
    close();
    onInsert(item);
  }

  function close() {
    insertWhenLoaded = false;
    if (!state) return;
    state = null;
    popup.hidden = true;
    list.replaceChildren();
    composer.setAttribute('aria-expanded', 'false');
    composer.removeAttribute('aria-activedescendant');
  }

  return {
    /** Fetches a conversation's responses before the agent asks, so "/" and Enter need not wait. */
    prefetch(id) {
      load(id).catch(() => {});
    },
    close() {
      dismissedAt = null;
      close();
    },
    /** Responses changed in the settings: every conversation's are fetched anew. */
    forget() {
      cache.clear();
    },
    get isOpen() {
      return state !== null;
    },
  };
}
