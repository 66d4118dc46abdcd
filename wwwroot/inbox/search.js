import { $, h, icon } from './dom.js';
import { t } from './i18n.js';

/** How long typing pauses before the list is asked again. */
const DEBOUNCE_MS = 250;
/** As the server allows (SearchTerms.MaxLength). */
export const MAX_QUERY = 200;

/** Puts the caret in the conversation search box, e.g. for a keyboard shortcut. */
export function focusSearch() {
  const input = $('#conversation-search');
  if (!input) return;
  input.focus();
  input.select();
}

/**
 * The search box above the conversation list: while it holds words, the list shows what matches them,
 * best match first; Escape or emptying it brings the list back.
 */
export function createSearch({ onQuery }) {
  const input = $('#conversation-search');
  const pane = input.closest('.list-pane');
  let timer;
  let current = '';

  input.maxLength = MAX_QUERY;
  input.before(icon('search'));
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(submit, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      submit();
    } else if (event.key === 'Escape' && input.value) {
      // Handled here, so that Escape does not also close what is open behind the list.
      event.preventDefault();
      event.stopPropagation();
      clear();
    }
  });

  function submit() {
    const query = input.value.trim();
    if (query === current) return;
    current = query;
    pane.toggleAttribute('data-searching', query !== '');
    onQuery(query);
  }

  function clear() {
    clearTimeout(timer);
    input.value = '';
    submit();
  }

  /** Empties the box without asking for the list again (signing out). */
  function reset() {
    clearTimeout(timer);
    input.value = '';
    current = '';
    pane.removeAttribute('data-searching');
  }

  return { clear, reset };
}

const fieldIcons = { order: 'order', customer: 'person', email: 'channel-email', phone: 'person', subject: 'file' };

/**
 * A search result's match as text with the found words in <mark>: built from text nodes only, so
 * whatever the customer wrote stays text.
 */
export function matchLine(match) {
  const parts = [];
  let at = 0;
  for (const { start, length } of [...match.highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || start + length > match.snippet.length) continue;
    if (start > at) parts.push(match.snippet.slice(at, start));
    parts.push(h('mark', {}, match.snippet.slice(start, start + length)));
    at = start + length;
  }
  if (at < match.snippet.length) parts.push(match.snippet.slice(at));
  const field = match.field !== 'message' && t(`search.field.${match.field}`);
  return h('span', { class: 'item-preview search-match', 'data-testid': 'search-match', 'data-field': match.field },
    field && h('span', { class: 'search-field' }, fieldIcons[match.field] && icon(fieldIcons[match.field]), field),
    parts);
}
