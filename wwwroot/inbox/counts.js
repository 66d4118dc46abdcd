import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

// Bursts of changes (a busy minute, a reconnect) ask the server once.
const DEBOUNCE_MS = 500;

const places = [
  { selector: '[data-testid="status-tab"][data-status="open"]', count: 'open', name: 'tab.open' },
  { selector: '[data-testid="status-tab"][data-status="pending"]', count: 'pending', name: 'tab.pending' },
  { selector: '[data-testid="status-tab"][data-status="snoozed"]', count: 'snoozed', name: 'tab.snoozed' },
  { selector: '[data-testid="assignee-filter"][data-assignee="me"]', count: 'mine', name: 'filter.me' },
  { selector: '[data-testid="assignee-filter"][data-assignee="unassigned"]', count: 'unassigned', name: 'filter.unassigned' },
];

/** How many conversations each tab and filter holds, as a badge beside its name; refresh() after any change. */
export function createCounts() {
  let timer;
  let generation = 0;

  async function load() {
    const mine = ++generation;
    try {
      const counts = await api.conversationCounts();
      if (mine === generation) show(counts);
    } catch {
      // The badges keep their last numbers; the next change asks again.
    }
  }

  function show(counts) {
    for (const place of places) {
      const button = document.querySelector(place.selector);
      if (!button) continue;
      const count = counts?.[place.count];
      let badge = button.querySelector('.count-badge');
      if (typeof count !== 'number') {
        badge?.remove();
        button.removeAttribute('aria-label');
        continue;
      }
      badge ??= button.appendChild(h('span', { class: 'count-badge', 'aria-hidden': 'true', 'data-testid': `count-${place.count}` }));
      badge.textContent = String(count);
      badge.classList.toggle('is-zero', count === 0);
      button.setAttribute('aria-label', t('count.tab', { name: t(place.name), count }));
    }
  }

  return {
    refresh() {
      clearTimeout(timer);
      timer = setTimeout(load, DEBOUNCE_MS);
    },
    load,
    clear() {
      clearTimeout(timer);
      generation++;
      show(null);
    },
  };
}
