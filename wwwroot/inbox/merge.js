import { api } from './api.js';
import { avatar, h, icon } from './dom.js';
import { t } from './i18n.js';

const SEARCH_AFTER_MS = 250;
const MIN_QUERY = 2;

let dialogs = 0;

/**
 * Finds a duplicate of `customer` and merges it into them: search, choose, confirm. A modal dialog,
 * so Esc closes it. onMerged(mergedDetail, other) runs once the server has merged the two.
 */
export function openMergeDialog({ customer, onMerged, onClosed }) {
  const n = ++dialogs;
  const ids = { title: `merge-title-${n}`, search: `merge-search-${n}`, hint: `merge-hint-${n}`, results: `merge-results-${n}` };
  let chosen = null;
  let timer;
  let searching = 0;

  const search = h('input', {
    id: ids.search, type: 'search', class: 'merge-search', 'data-testid': 'merge-search', autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': ids.hint, 'aria-controls': ids.results,
  });
  const status = h('p', { class: 'merge-status', role: 'status' });
  const results = h('ul', { id: ids.results, class: 'merge-results', 'aria-label': t('merge.results') });
  const searchStep = h('div', { class: 'merge-step' },
    h('p', { class: 'dialog-intro' }, t('merge.intro', { name: customer.name })),
    h('label', { class: 'merge-label', for: ids.search }, t('merge.search')),
    h('div', { class: 'merge-search-box' }, icon('search'), search),
    h('p', { id: ids.hint, class: 'merge-hint' }, t('merge.hint')),
    status,
    results);

  const question = h('p', { class: 'merge-question' });
  const chosenCard = h('div', { class: 'merge-chosen' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const back = h('button', { type: 'button', class: 'button', onclick: showSearch }, t('merge.back'));
  const confirm = h('button', { type: 'button', class: 'button button-danger', 'data-testid': 'merge-confirm', onclick: merge },
    t('merge.confirm'));
  const confirmStep = h('div', { class: 'merge-step', hidden: true },
    chosenCard, question, error, h('div', { class: 'dialog-actions' }, back, confirm));

  const dialog = h('dialog', { class: 'dialog merge-dialog', 'aria-labelledby': ids.title, 'data-testid': 'merge-dialog' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: ids.title }, t('merge.title')),
      h('button', {
        type: 'button', class: 'button button-quiet button-small dialog-close', 'aria-label': t('merge.close'), title: t('merge.close'),
        onclick: () => dialog.close(),
      }, icon('close'))),
    searchStep,
    confirmStep);

  search.addEventListener('input', queueSearch);
  // A search field would take the first Esc to empty itself; here Esc always closes, as it does elsewhere in the dialog.
  dialog.addEventListener('keydown', event => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    dialog.close();
  });
  search.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      if (search.value.trim().length >= MIN_QUERY) find(search.value.trim());
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      results.querySelector('button')?.focus();
    }
  });
  results.addEventListener('keydown', moveFocus);
  dialog.addEventListener('close', () => {
    clearTimeout(timer);
    searching++;
    dialog.remove();
    onClosed?.();
  });

  document.body.append(dialog);
  dialog.showModal();
  search.focus();

  function queueSearch() {
    clearTimeout(timer);
    const query = search.value.trim();
    if (query.length < MIN_QUERY) {
      searching++;
      results.replaceChildren();
      status.textContent = query ? t('merge.tooShort') : '';
      return;
    }
    status.textContent = t('merge.searching');
    timer = setTimeout(() => find(query), SEARCH_AFTER_MS);
  }

  async function find(query) {
    const mine = ++searching;
    status.textContent = t('merge.searching');
    try {
      const found = await api.findCustomers(query);
      if (mine !== searching) return;
      const others = found.filter(other => other.id !== customer.id);
      results.replaceChildren(...others.map(resultView));
      status.textContent = others.length ? t('merge.found', { count: others.length }) : t('merge.noResults', { query });
    } catch (failure) {
      if (mine !== searching) return;
      results.replaceChildren();
      status.textContent = t('merge.searchFailed', { reason: failure.status ? failure.detail || t('error.generic') : t('error.network') });
    }
  }

  function resultView(other) {
    return h('li', {},
      h('button', { type: 'button', class: 'merge-result', 'data-testid': 'merge-result', 'data-id': other.id, onclick: () => choose(other) },
        customerCard(other)));
  }

  function customerCard(other) {
    return [
      avatar(other.name, other.id),
      h('span', { class: 'merge-result-text' },
        h('span', { class: 'merge-result-name' }, other.name),
        other.email && h('span', { class: 'merge-result-email' }, other.email)),
      h('span', { class: 'merge-result-facts' },
        h('span', { class: `badge tier tier-${other.tier}`, 'data-tier': other.tier }, t(`tier.${other.tier}`)),
        h('span', { class: 'merge-result-orders' }, t('priority.orders', { count: other.orderCount }))),
    ];
  }

  function choose(other) {
    chosen = other;
    chosenCard.replaceChildren(...customerCard(other));
    question.textContent = t('merge.confirmText', { other: other.name, name: customer.name });
    error.hidden = true;
    searchStep.hidden = true;
    confirmStep.hidden = false;
    back.focus();
  }

  function showSearch() {
    chosen = null;
    confirmStep.hidden = true;
    searchStep.hidden = false;
    search.focus();
  }

  async function merge() {
    if (!chosen) return;
    const other = chosen;
    back.disabled = confirm.disabled = true;
    confirm.textContent = t('merge.merging');
    error.hidden = true;
    try {
      const merged = await api.mergeCustomers(customer.id, other.id);
      onMerged(merged, other);
      if (dialog.open) dialog.close();
    } catch (failure) {
      error.textContent = t('merge.failed', { reason: failure.status ? failure.detail || t('error.generic') : t('error.network') });
      error.hidden = false;
    } finally {
      back.disabled = confirm.disabled = false;
      confirm.textContent = t('merge.confirm');
    }
  }

  // Up and down walk the results; up from the first goes back to the search box.
  function moveFocus(event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...results.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    (next < 0 ? search : buttons[Math.min(buttons.length - 1, next)]).focus();
  }

  return {
    close() {
      if (dialog.open) dialog.close();
    },
  };
}
