// The inbox's keyboard shortcuts: a small registry any module can add to, and one listener that honours them.
//
//   import { registerShortcut } from './keys.js';
//   registerShortcut('l', () => t('keys.labels'), () => openLabelPicker());
//
// Snooze (S), search (/ and Ctrl+K) and labels (L) call window.openSnoozeMenu, window.focusSearch and
// window.openLabelPicker when a module has put them there; a module that registers its own key here replaces them.
//
// key is what event.key says (one character, letters in lower case, or 'ctrl+k'); the description is a string or
// a function giving it in the agent's language; a later registration of the same key replaces the earlier one.
import { h, icon } from './dom.js';
import { t } from './i18n.js';

const shortcuts = new Map();
let dialog = null;
let enabled = () => true;

/**
 * Adds a shortcut; returns a function that removes it again. available() hides it (from the keys and the list) while
 * it cannot do anything; a fallback gives way to any other registration of its key, made before or after it.
 */
export function registerShortcut(key, description, handler, { available = () => true, fallback = false } = {}) {
  const entry = { key: key.toLowerCase(), description, handler, available, fallback };
  if (fallback && shortcuts.has(entry.key)) return () => {};
  shortcuts.set(entry.key, entry);
  return () => {
    if (shortcuts.get(entry.key) === entry) shortcuts.delete(entry.key);
  };
}

/** Typing somewhere: in a field, an editable region or a menu, where every key belongs to what is typed. */
export function isTyping(target) {
  return target instanceof Element && Boolean(target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])'));
}

/**
 * The registry's key for a key press, or null when it is not one. Letters typed with AltGr, Ctrl, Alt or Meta
 * (ą on a Polish keyboard is AltGr+A; some systems report AltGr as Ctrl+Alt) are text or the browser's, never ours;
 * event.key is the character the layout produced, so ø, ß or ā never match a Latin letter.
 */
export function shortcutKey(event) {
  if (event.isComposing || event.key === 'Dead' || event.getModifierState?.('AltGraph')) return null;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return 'ctrl+k';
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if ([...event.key].length !== 1) return null;
  return /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : event.key;
}

/** Listens for shortcuts on the whole page while enabledNow() says the inbox is showing. */
export function startShortcuts(enabledNow) {
  enabled = enabledNow;
  registerShortcut('?', () => t('keys.help'), openShortcutHelp);
  document.addEventListener('keydown', onKey);
}

function onKey(event) {
  if (event.defaultPrevented || !enabled()) return;
  const key = shortcutKey(event);
  if (!key) return;
  // Ctrl+K is the one shortcut that also works from a field: it leaves the field for the search.
  if (key !== 'ctrl+k' && (isTyping(event.target) || event.target.closest?.('dialog'))) return;
  const entry = shortcuts.get(key);
  if (!entry || !entry.available()) return;
  event.preventDefault();
  entry.handler(event);
}

const label = description => (typeof description === 'function' ? description() : description);

/** The list of shortcuts as a modal dialog: focus stays inside, Escape or Close ends it and focus goes back. */
export function openShortcutHelp() {
  if (dialog) return;
  const back = document.activeElement;
  // Keys with the same action ("a" and "i") share one row.
  const rows = new Map();
  for (const entry of shortcuts.values()) {
    if (!entry.available()) continue;
    const text = label(entry.description);
    rows.set(text, [...(rows.get(text) ?? []), entry.key]);
  }
  const close = h('button', {
    type: 'button', class: 'button button-quiet button-small dialog-close', 'aria-label': t('keys.close'), title: t('keys.close'),
    onclick: () => dialog.close(),
  }, icon('close'));
  dialog = h('dialog', { class: 'dialog keys-dialog', 'aria-labelledby': 'keys-title', 'data-testid': 'keys-dialog' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'keys-title' }, t('keys.title')), close),
    h('div', { class: 'keys-body' },
      h('p', { class: 'keys-hint' }, t('keys.hint')),
      h('dl', { class: 'keys-list' }, [...rows].map(([text, keys]) => h('div', { class: 'keys-row', 'data-testid': 'keys-row' },
        h('dt', {}, keys.flatMap((key, i) => [i > 0 && h('span', { class: 'keys-or' }, ` ${t('keys.or')} `), keyView(key)])),
        h('dd', {}, text))))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    dialog = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  });
  // A modal dialog keeps Tab among its own controls; this keeps it there in browsers that let it reach the address bar.
  dialog.addEventListener('keydown', event => {
    if (event.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll('button, [href], [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

function keyView(key) {
  if (key === 'ctrl+k') return [h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'K')];
  return h('kbd', {}, key.length === 1 && /[a-z]/.test(key) ? key.toUpperCase() : key);
}
